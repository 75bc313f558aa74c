using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Audit;

/// <summary>The audit trail (审计日志), written by the data layer's interceptor, read here.</summary>
public sealed class AuditModule : IModule
{
    public int Order => 900;

    public IReadOnlyList<NavigationEntry> Navigation => [new("admin", 40, "/admin/audit", "审计日志", AuditPermissions.View)];
}
