using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Traceability;

public sealed class TraceabilityPermissions : IModulePermissions
{
    /// <summary>Suppliers, purchase ledger, batches, shipments, traces and recall scopes: customs/inspection, the departments and the office for any enterprise, an enterprise its own.</summary>
    public const string View = "Traceability.View";
    /// <summary>Record suppliers, materials, ledger lots, batches and shipments (forms, Excel, MES/ERP API): an enterprise its own, the office on its behalf.</summary>
    public const string Record = "Traceability.Record";
    /// <summary>The weights and grade thresholds of supplier evaluation: the zone office.</summary>
    public const string Configure = "Traceability.Configure";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(View, "查看供应商、进货台帐、生产批次、出口发货，进行追溯与召回范围分析（企业用户仅限本企业）", Roles.ZoneAdmin, Roles.DepartmentStaff, Roles.EnterpriseUser),
        new(Record, "登记供应商、物料、进货台帐、生产批次与发货（企业用户仅限本企业）", Roles.ZoneAdmin, Roles.EnterpriseUser),
        new(Configure, "设置供应商评价权重与等级", Roles.ZoneAdmin),
    ];
}
