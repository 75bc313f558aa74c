using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.ExportArchives;

public sealed class ExportArchivesPermissions : IModulePermissions
{
    /// <summary>Read returns and archives: staff all, an enterprise user only its own (EnterpriseScope).</summary>
    public const string View = "ExportArchives.View";
    /// <summary>File and amend returns, import Excel and customs data: an enterprise its own; the office on an enterprise's behalf.</summary>
    public const string File = "ExportArchives.File";
    /// <summary>Import export declaration data: customs/inspection and the office for any enterprise, an enterprise its own.</summary>
    public const string ImportCustoms = "ExportArchives.ImportCustoms";
    /// <summary>Accept a return or return it for correction: the office and the departments.</summary>
    public const string Review = "ExportArchives.Review";
    /// <summary>The zone's picture: completeness, exports by market and product, rates.</summary>
    public const string Analyse = "ExportArchives.Analyse";
    /// <summary>Due day, exchange rates, reminders: the zone office.</summary>
    public const string Configure = "ExportArchives.Configure";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(View, "查看出口质量档案与月报（企业用户仅限本企业）", [.. Roles.Staff, Roles.EnterpriseUser]),
        new(File, "填报、更正月报，导入 Excel 与报关数据（企业用户仅限本企业）", Roles.ZoneAdmin, Roles.EnterpriseUser),
        new(ImportCustoms, "导入出口报关数据（企业用户仅限本企业）", Roles.ZoneAdmin, Roles.DepartmentStaff, Roles.EnterpriseUser),
        new(Review, "审核月报（通过或退回修改）", Roles.ZoneAdmin, Roles.DepartmentStaff),
        new(Analyse, "查看示范区出口质量统计与报送完整性", Roles.Staff),
        new(Configure, "设置月报截止日、汇率，催报", Roles.ZoneAdmin),
    ];
}
