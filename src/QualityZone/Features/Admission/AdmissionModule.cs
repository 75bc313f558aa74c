using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Admission;

/// <summary>Admission to the zone (入区申请, task 6): criteria, applications, opinions, decisions.</summary>
public sealed class AdmissionModule : IModule
{
    public int Order => 45;

    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddScoped<AdmissionService>();

    public void MapEndpoints(WebApplication app) => app.MapAdmission();

    public Task SeedAsync(IServiceProvider services, CancellationToken ct) => AdmissionService.EnsureCriteriaAsync(services.GetRequiredService<AppDbContext>(), ct);

    public IReadOnlyList<NavigationEntry> Navigation =>
    [
        new("enterprises", 10, "/admission", "入区申请", AdmissionPermissions.View),
        new("admin", 25, "/admission/criteria", "入区条件", AdmissionPermissions.Decide),
    ];
}
