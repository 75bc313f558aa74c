namespace QualityZone.Infrastructure.Auth;

/// <summary>The host's own permission: what anyone may open (sign-in, language switch, health, the API description).</summary>
public sealed class SystemPermissions : IModulePermissions
{
    public const string Public = "Accounts.Public";
    /// <summary>Reading the operator's metrics (/metrics) when signed in; a scraper uses Telemetry:MetricsKey instead.</summary>
    public const string Metrics = "System.Metrics";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(Public, "公开页面：登录、语言切换、健康检查", Roles.All),
        new(Metrics, "查看运行指标（/metrics）", Roles.ZoneAdmin),
    ];
}
