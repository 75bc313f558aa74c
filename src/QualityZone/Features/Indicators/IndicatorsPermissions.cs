using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Indicators;

public sealed class IndicatorsPermissions : IModulePermissions
{
    /// <summary>The indicator dashboard with every year, approved or not: the member units.</summary>
    public const string View = "Indicators.View";
    /// <summary>The list of indicators, targets, manual values, recomputation and approval: the zone office.</summary>
    public const string Manage = "Indicators.Manage";
    /// <summary>The approved figures, on the portal: everyone.</summary>
    public const string Published = "Indicators.Published";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(View, "查看示范区建设成效指标（含未审定数值）", Roles.Staff),
        new(Manage, "维护指标、目标与手工数值，重新计算并审定发布", Roles.ZoneAdmin),
        new(Published, "查看已审定发布的示范区建设成效指标", Roles.Public),
    ];
}
