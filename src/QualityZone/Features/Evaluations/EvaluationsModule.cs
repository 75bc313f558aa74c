using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Evaluations;

/// <summary>The yearly evaluation (年度评价) of the enterprises into grades A–D.</summary>
public sealed class EvaluationsModule : IModule
{
    public int Order => 50;

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddScoped<EvaluationService>().AddScoped<Enterprises.IEnterprisePanel, EnterpriseEvaluationPanel>();

    public Task SeedAsync(IServiceProvider services, CancellationToken ct) => EvaluationService.EnsureCriteriaAsync(services.GetRequiredService<AppDbContext>(), ct);

    public IReadOnlyList<NavigationEntry> Navigation => [new("admin", 30, "/admin/evaluation", "年度评价设置", EvaluationsPermissions.Configure)];
}
