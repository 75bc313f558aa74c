using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Audit;

public sealed class AuditPermissions : IModulePermissions
{
    public const string View = "Audit.View";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(View, "查看审计日志", Roles.ZoneAdmin),
    ];
}
