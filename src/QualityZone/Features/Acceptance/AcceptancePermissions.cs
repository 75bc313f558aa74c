using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Acceptance;

public sealed class AcceptancePermissions : IModulePermissions
{
    /// <summary>The self-assessment sheet, its evidence and readiness: the member units.</summary>
    public const string View = "Acceptance.View";
    /// <summary>Self-score an item and file evidence for it: the item's responsible department (checked on the item) or the office.</summary>
    public const string Score = "Acceptance.Score";
    /// <summary>Weights, review scores, reminders to departments and the dossier: the zone office.</summary>
    public const string Manage = "Acceptance.Manage";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(View, "查看验收自评表、佐证材料和完备度", Roles.Staff),
        new(Score, "对本单位负责的评分项自评并上传佐证材料", Roles.Staff),
        new(Manage, "调整分值、复核评分、通知补充佐证、导出验收材料", Roles.ZoneAdmin),
    ];
}
