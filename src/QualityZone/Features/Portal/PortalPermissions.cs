using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Portal;

public sealed class PortalPermissions : IModulePermissions
{
    /// <summary>Published notices, search and feeds: everyone, signed in or not.</summary>
    public const string Read = "Portal.Read";
    /// <summary>Write, review, publish and withdraw notices; import feeds: the association and the departments, and the office.</summary>
    public const string Edit = "Portal.Edit";
    /// <summary>Alerts and subscriptions: an enterprise its own; staff see who has not acknowledged.</summary>
    public const string Alerts = "Portal.Alerts";
    /// <summary>Run TBT response cases and the standards participation register: the association and the office.</summary>
    public const string Respond = "Portal.Respond";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(Read, "查看已发布的国外标准、技术法规、TBT 通报、召回等信息", Roles.Public),
        new(Edit, "编辑、审核、发布信息，导入境外通报和召回数据", Roles.ZoneAdmin, Roles.DepartmentStaff, Roles.AssociationStaff),
        new(Alerts, "查看信息预警并确认（企业用户仅限本企业）", [.. Roles.Staff, Roles.EnterpriseUser]),
        new(Respond, "组织 TBT 通报应对，维护标准制修订参与登记", Roles.ZoneAdmin, Roles.AssociationStaff),
    ];
}
