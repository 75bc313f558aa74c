using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Laboratories;

public sealed class LaboratoriesPermissions : IModulePermissions
{
    /// <summary>The candidate labs and their road to accreditation; an enterprise sees its own.</summary>
    public const string Read = "Laboratories.Read";
    /// <summary>Register candidate labs, record stages and accreditation, comment as advisor: the office, the departments and the testing center.</summary>
    public const string Guide = "Laboratories.Guide";
    /// <summary>An enterprise writes its own lab's evidence per clause.</summary>
    public const string Evidence = "Laboratories.Evidence";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(Read, "查看 CNAS 认可辅导（企业仅本企业实验室）", [.. Roles.Staff, Roles.EnterpriseUser]),
        new(Guide, "登记候选实验室、记录认可进度、辅导意见", [Roles.ZoneAdmin, Roles.DepartmentStaff, Roles.TestingCenterStaff]),
        new(Evidence, "填写本企业实验室的条款证据", Roles.EnterpriseUser),
    ];
}
