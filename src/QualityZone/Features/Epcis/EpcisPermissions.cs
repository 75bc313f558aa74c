using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Epcis;

public sealed class EpcisPermissions : IModulePermissions
{
    /// <summary>Send EPCIS documents from the enterprise's own ERP/MES: enterprise accounts, into their own enterprise only.</summary>
    public const string Capture = "Epcis.Capture";
    /// <summary>Read EPCIS events and capture jobs: an enterprise its own; the office and the departments (customs/inspection) all.</summary>
    public const string Query = "Epcis.Query";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(Capture, "通过 EPCIS 2.0 接口采集本企业的追溯事件", Roles.EnterpriseUser),
        new(Query, "查询 EPCIS 追溯事件（企业用户仅限本企业）", Roles.ZoneAdmin, Roles.DepartmentStaff, Roles.EnterpriseUser),
    ];
}
