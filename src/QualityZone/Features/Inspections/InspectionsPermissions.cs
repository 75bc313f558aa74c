using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Inspections;

public sealed class InspectionsPermissions : IModulePermissions
{
    /// <summary>Inspection plans and records: staff see all, an enterprise its own records and findings.</summary>
    public const string View = "Inspections.View";
    /// <summary>Plan rounds (team, enterprises) and edit checklists: the zone office.</summary>
    public const string Plan = "Inspections.Plan";
    /// <summary>Fill and co-sign records: members of a round's team (checked per round) and the office.</summary>
    public const string Inspect = "Inspections.Inspect";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(View, "查看联合检查计划与检查记录（企业用户仅限本企业）", [.. Roles.Staff, Roles.EnterpriseUser]),
        new(Plan, "制定联合检查计划，维护检查表", Roles.ZoneAdmin),
        new(Inspect, "填写并会签检查记录（检查组成员）", Roles.ZoneAdmin, Roles.DepartmentStaff),
    ];
}
