using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Inspections;

/// <summary>Joint inspections (联合检查, task 12): plans, checklists, records, findings.</summary>
public sealed class InspectionsModule : IModule
{
    public int Order => 90;

    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddScopedServices(typeof(Checklists), typeof(InspectionCommands)).AddScoped<Actions.IActionPanel, InspectionActionPanel>();

    public void MapEndpoints(WebApplication app) => app.MapInspectionsApi();

    public Task SeedAsync(IServiceProvider services, CancellationToken ct) => Checklists.EnsureDefaultAsync(services.GetRequiredService<AppDbContext>(), ct);

    public IReadOnlyList<NavigationEntry> Navigation => [new("supervision", 10, "/inspections", "联合检查", InspectionsPermissions.View)];
}
