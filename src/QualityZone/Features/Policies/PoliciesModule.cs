using QualityZone.Infrastructure.Jobs;
using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Policies;

/// <summary>
/// Policies, incentives and trade facilitation decided from the zone's own data, and the yearly appraisal of the
/// member units (tasks 1, 19, 20): the policy register, eligibility by rule, reward claims to payment, the
/// facilitation measures and their withdrawal, the appraisal and the mechanism view.
/// </summary>
public sealed class PoliciesModule : IModule
{
    public int Order => 96;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScopedServices(typeof(EnterpriseFacts), typeof(PolicyCommands), typeof(ClaimCommands), typeof(AppraisalService), typeof(MechanismView));
        services.AddScoped<Enterprises.IEnterpriseChangeObserver, MeasureConditionsObserver>();
        services.AddJob<MeasureReviewJob>(configuration);
    }

    public void MapEndpoints(WebApplication app) => app.MapPoliciesApi();

    public IReadOnlyList<NavigationEntry> Navigation =>
    [
        new("tasks", 14, "/policies", "政策与激励", PoliciesPermissions.Read, EnterpriseLabel: "惠企政策"),
        new("tasks", 15, "/policies/claims", "奖励兑现", PoliciesPermissions.Eligibility),
        new("tasks", 16, "/policies/appraisal", "成员单位考核", PoliciesPermissions.Appraisal),
        new("tasks", 17, "/policies/mechanism", "工作机制", PoliciesPermissions.Mechanism),
        new("portal", 77, "/policies/public", "政策文件", PoliciesPermissions.Browse),
    ];
}

/// <summary>An enterprise's state or grade changed: the measures it enjoys are re-checked at once (dynamic management reaches the benefits).</summary>
public sealed class MeasureConditionsObserver(PolicyCommands policies) : Enterprises.IEnterpriseChangeObserver
{
    public Task EnterpriseChangedAsync(Guid enterpriseId, CancellationToken ct) => policies.ReviewGrantsAsync(enterpriseId, ct);
}

/// <summary>Daily, every enjoyed measure against its conditions, for what changes without a state change (a notification filed in a return, an action gone overdue).</summary>
public sealed class MeasureReviewJob(IServiceScopeFactory scopes, JobLeases leases, ILogger<MeasureReviewJob> logger) : ScheduledJob(scopes, leases, logger)
{
    public override string Name => "measure-review";
    protected override TimeSpan Interval => TimeSpan.FromHours(24);

    protected override async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var flagged = await services.GetRequiredService<PolicyCommands>().ReviewGrantsAsync(null, ct);
        logger.LogInformation("Measure review flagged {Grants} grants for withdrawal", flagged);
    }
}
