using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Risks;

/// <summary>The risk register (风险登记册) and early warning (风险预警, task 13), recomputed by a job.</summary>
public sealed class RisksModule : IModule
{
    public int Order => 95;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScopedServices(typeof(RiskCommands), typeof(EarlyWarning));
        services.AddScoped<Enterprises.IEnterprisePanel, EnterpriseRiskPanel>();
        services.AddJob<EarlyWarningJob>(configuration);
    }

    public void MapEndpoints(WebApplication app) => app.MapRisksApi();

    public IReadOnlyList<NavigationEntry> Navigation =>
    [
        new("supervision", 30, "/risks", "风险登记册", RisksPermissions.View),
        new("supervision", 40, "/risks/warnings", "风险预警", RisksPermissions.View),
    ];
}
