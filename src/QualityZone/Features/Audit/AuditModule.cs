using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Audit;

/// <summary>The audit trail (审计日志), written by the data layer's interceptor, and the security log (安全日志) of sign-ins, read here.</summary>
public sealed class AuditModule : IModule
{
    public int Order => 900;

    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddScoped<SecurityLog>();

    public IReadOnlyList<NavigationEntry> Navigation =>
    [
        new("admin", 40, "/admin/audit", "审计日志", AuditPermissions.View),
        new("admin", 41, "/admin/security-log", "安全日志", AuditPermissions.View),
    ];
}
