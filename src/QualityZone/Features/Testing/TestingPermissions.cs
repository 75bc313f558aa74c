using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Testing;

public sealed class TestingPermissions : IModulePermissions
{
    /// <summary>Test requests and reports: an enterprise its own, the member units all (filtered in TestingCommands.Visible).</summary>
    public const string Read = "Testing.Read";
    /// <summary>An enterprise commissions tests of its own products.</summary>
    public const string Request = "Testing.Request";
    /// <summary>Supervision sampling (监督抽检) ordered at an enterprise of the zone.</summary>
    public const string Order = "Testing.Order";
    /// <summary>The testing center's work: samples, results, review, issue, withdrawal.</summary>
    public const string Operate = "Testing.Operate";
    /// <summary>The subsidy rule and the subsidy ledger (the office, with the finance bureau).</summary>
    public const string Subsidy = "Testing.Subsidy";
    /// <summary>Anyone verifies a report by its number and code.</summary>
    public const string Verify = "Testing.Verify";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(Read, "查看检测委托与报告（企业仅本企业）", [.. Roles.Staff, Roles.EnterpriseUser]),
        new(Request, "提交本企业的检测委托", Roles.EnterpriseUser),
        new(Order, "下达监督抽检", Roles.ZoneAdmin, Roles.DepartmentStaff),
        new(Operate, "收样、录入结果、审核、签发和撤回检测报告", Roles.TestingCenterStaff),
        new(Subsidy, "设定检测补贴政策，查看补贴台账", Roles.ZoneAdmin, Roles.DepartmentStaff),
        new(Verify, "核验检测报告真伪", Roles.Public),
    ];
}
