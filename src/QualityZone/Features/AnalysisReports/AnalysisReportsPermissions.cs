using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.AnalysisReports;

public sealed class AnalysisReportsPermissions : IModulePermissions
{
    /// <summary>The analysis reports, their figures and files: the member units (the report goes to the government, not to enterprises).</summary>
    public const string View = "AnalysisReports.View";
    /// <summary>
    /// Write the sections assigned to one's own department; the lead department (经信局) and the zone
    /// office also open reports, review sections, generate versions and submit. Which department may
    /// do what is checked on the report itself (ReportCommands.Leads / Writes).
    /// </summary>
    public const string Write = "AnalysisReports.Write";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(View, "查看出口产品质量分析报告", Roles.Staff),
        new(Write, "撰写本单位负责的报告章节；牵头部门审核、生成并报送报告", Roles.Staff),
    ];
}
