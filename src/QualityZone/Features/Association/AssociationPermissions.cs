using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Association;

public sealed class AssociationPermissions : IModulePermissions
{
    /// <summary>The association's register, convention coverage and complaints: the member units.</summary>
    public const string Read = "Association.Read";
    /// <summary>Keep the register, publish the convention, handle complaints: the association and the zone office.</summary>
    public const string Manage = "Association.Manage";
    /// <summary>An enterprise sees its membership, signs the convention and reads the complaints about it the association shared.</summary>
    public const string Member = "Association.Member";
    /// <summary>Anyone — an enterprise, a buyer, the public — files a complaint or report through the portal.</summary>
    public const string Complain = "Association.Complain";
    /// <summary>The association's page: the register for the member units, its own membership for an enterprise.</summary>
    public const string Desk = "Association.Desk";
    /// <summary>Anyone reads the self-discipline convention: it is the industry's public promise.</summary>
    public const string Convention = "Association.Convention";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(Read, "查看协会会员、自律公约签署和投诉举报", Roles.Staff),
        new(Manage, "管理会员、发布自律公约、办理投诉举报", [Roles.ZoneAdmin, Roles.AssociationStaff]),
        new(Member, "查看本企业会员信息、签署自律公约", Roles.EnterpriseUser),
        new(Complain, "提交投诉举报", Roles.Public),
        new(Convention, "阅读行业自律公约", Roles.Public),
        new(Desk, "协会工作页面（企业仅本企业会员信息）", [.. Roles.Staff, Roles.EnterpriseUser]),
    ];
}
