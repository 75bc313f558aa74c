using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Risks;

public sealed class RisksPermissions : IModulePermissions
{
    /// <summary>The risk register, heat map and early-warning signals: staff all, an enterprise its own.</summary>
    public const string View = "Risks.View";
    /// <summary>Record and review risks: the office and the departments.</summary>
    public const string Manage = "Risks.Manage";
    /// <summary>The matrix, the signal weights, and running the computation by hand: the office.</summary>
    public const string Configure = "Risks.Configure";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(View, "查看风险登记册、风险热力图与预警信号（企业用户仅限本企业）", [.. Roles.Staff, Roles.EnterpriseUser]),
        new(Manage, "登记和评审风险", Roles.ZoneAdmin, Roles.DepartmentStaff),
        new(Configure, "设置风险矩阵与预警权重，重新计算预警", Roles.ZoneAdmin),
    ];
}
