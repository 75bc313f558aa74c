using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Policies;

public sealed class PoliciesPermissions : IModulePermissions
{
    /// <summary>Anyone reads the public policy documents on the portal.</summary>
    public const string Browse = "Policies.Browse";
    /// <summary>The register as the zone works with it: staff read every document, an enterprise the published ones and its own eligibility, claims and measures.</summary>
    public const string Read = "Policies.Read";
    /// <summary>Register, edit and publish policy documents and their rules: the zone office and the departments that issue them (tasks 1, 19).</summary>
    public const string Manage = "Policies.Manage";
    /// <summary>Which enterprises qualify for a policy, with the reasons.</summary>
    public const string Eligibility = "Policies.Eligibility";
    /// <summary>An enterprise claims a reward it qualifies for.</summary>
    public const string Apply = "Policies.Apply";
    /// <summary>The policy's responsible department reviews a claim (opinion, documents).</summary>
    public const string Review = "Policies.Review";
    /// <summary>The zone office approves or rejects a claim and grants rewards without application.</summary>
    public const string Decide = "Policies.Decide";
    /// <summary>The finance bureau records payments.</summary>
    public const string Pay = "Policies.Pay";
    /// <summary>Grant and withdraw a facilitation measure: the office and the measure's own unit.</summary>
    public const string Grant = "Policies.Grant";
    /// <summary>The yearly appraisal of the member units: each unit sees its own figures, the office all of them.</summary>
    public const string Appraisal = "Policies.Appraisal";
    /// <summary>Set the appraisal's weights and manual scores: the district government office and the zone office (task 1.2).</summary>
    public const string AppraisalManage = "Policies.AppraisalManage";
    /// <summary>The mechanism of task 20: what each party did this year.</summary>
    public const string Mechanism = "Policies.Mechanism";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(Browse, "阅读公开的政策文件", Roles.Public),
        new(Read, "查看政策文件、奖励申请和便利化措施（企业仅本企业）", [.. Roles.Staff, Roles.EnterpriseUser]),
        new(Manage, "登记、修改和发布政策文件及其条件规则", [Roles.ZoneAdmin, Roles.DepartmentStaff]),
        new(Eligibility, "查看企业符合政策条件的情况", Roles.Staff),
        new(Apply, "申请本企业符合条件的奖励", Roles.EnterpriseUser),
        new(Review, "审核本部门负责的奖励申请", [Roles.ZoneAdmin, Roles.DepartmentStaff]),
        new(Decide, "批准或驳回奖励申请、免申即享", Roles.ZoneAdmin),
        new(Pay, "登记奖励资金拨付（财政局）", Roles.DepartmentStaff),
        new(Grant, "给予或撤销本单位的便利化措施", [Roles.ZoneAdmin, Roles.DepartmentStaff]),
        new(Appraisal, "查看成员单位年度考核（各单位仅本单位）", Roles.Staff),
        new(AppraisalManage, "设置考核权重、评定人工项目（区府办、建设办）", [Roles.ZoneAdmin, Roles.DepartmentStaff]),
        new(Mechanism, "查看工作机制运行情况", Roles.Staff),
    ];
}
