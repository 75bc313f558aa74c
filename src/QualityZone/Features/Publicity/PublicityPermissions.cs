using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Publicity;

public sealed class PublicityPermissions : IModulePermissions
{
    /// <summary>Anyone reads the published cases and the media coverage.</summary>
    public const string Browse = "Publicity.Browse";
    /// <summary>Write a case: an enterprise its own, the member units any, and send it for review.</summary>
    public const string Write = "Publicity.Write";
    /// <summary>Review and publish cases, keep the media register: the association and the zone office (tasks 22, 23).</summary>
    public const string Review = "Publicity.Review";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(Browse, "阅读经验案例和媒体报道", Roles.Public),
        new(Write, "撰写经验案例（企业仅本企业）", [.. Roles.Staff, Roles.EnterpriseUser]),
        new(Review, "审核发布经验案例、登记媒体报道", [Roles.ZoneAdmin, Roles.AssociationStaff]),
    ];
}
