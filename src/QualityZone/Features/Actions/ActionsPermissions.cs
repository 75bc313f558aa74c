using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Actions;

public sealed class ActionsPermissions : IModulePermissions
{
    /// <summary>Corrective actions: staff see all, an enterprise its own.</summary>
    public const string View = "Actions.View";
    /// <summary>Raise an action (test failure, complaint, foreign notice, other): the office, the departments, the testing center.</summary>
    public const string Create = "Actions.Create";
    /// <summary>Answer an action (root cause, corrective and preventive action, evidence): the responsible party; checked per action.</summary>
    public const string Respond = "Actions.Respond";
    /// <summary>Verify or cancel: the owner department or the office; checked per action.</summary>
    public const string Verify = "Actions.Verify";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(View, "查看整改事项（企业用户仅限本企业）", [.. Roles.Staff, Roles.EnterpriseUser]),
        new(Create, "登记整改事项", Roles.ZoneAdmin, Roles.DepartmentStaff, Roles.TestingCenterStaff),
        new(Respond, "填写整改情况并提交验证（整改责任方）", Roles.ZoneAdmin, Roles.DepartmentStaff, Roles.EnterpriseUser),
        new(Verify, "验证、撤销整改事项（责任部门或建设办）", Roles.ZoneAdmin, Roles.DepartmentStaff),
    ];
}
