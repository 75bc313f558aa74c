using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Surveys;

public sealed class SurveysPermissions : IModulePermissions
{
    /// <summary>The campaigns, every enterprise's answers and the results: the member units.</summary>
    public const string View = "Surveys.View";
    /// <summary>Build questionnaires, send, remind, close and export: the zone office and the units task 2 names (departments, the association).</summary>
    public const string Manage = "Surveys.Manage";
    /// <summary>An enterprise's own questionnaires and answers.</summary>
    public const string Answer = "Surveys.Answer";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(View, "查看行业调查问卷、各企业答卷与汇总结果", Roles.Staff),
        new(Manage, "设计问卷、发放、催报、结束调查并导出答卷", Roles.ZoneAdmin, Roles.DepartmentStaff, Roles.AssociationStaff),
        new(Answer, "填写并提交本企业的调查问卷", Roles.EnterpriseUser),
    ];
}
