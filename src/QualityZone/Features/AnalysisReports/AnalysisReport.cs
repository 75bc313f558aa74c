using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.AnalysisReports;

public enum ReportState { Drafting, Submitted }

/// <summary>The half-yearly quality analysis report (task 15), or the industry development research report drafted from a survey (task 2).</summary>
public enum ReportKind { Analysis, Research }

/// <summary>A narrative section's flow: the assigned department drafts, the lead department reviews and approves.</summary>
public enum SectionState { Draft, InReview, Approved }

/// <summary>
/// The export product quality analysis report of a period (出口产品质量分析报告, seed task 15: "每半年至少
/// 形成1份出口产品质量分析报告，报地方政府"). Its figures are computed from the platform when a version is
/// generated; its narrative sections are written by the departments task 15 names and approved by
/// the lead department. Once submitted to the district government the report and its files never change.
/// </summary>
public sealed class AnalysisReport
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public ReportKind Kind { get; set; }
    /// <summary>The survey a research report is drafted from.</summary>
    public Guid? SurveyId { get; set; }
    public required string Title { get; set; }
    /// <summary>First and last month of the period, yyyy-MM (a half-year is 01–06 or 07–12).</summary>
    public required string FromPeriod { get; set; }
    public required string ToPeriod { get; set; }
    /// <summary>The department that reviews the sections and submits the report (task 15's lead, 经信局).</summary>
    public Guid LeadDepartmentId { get; set; }
    public ReportState State { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateOnly? SubmittedOn { get; set; }
    public string? SubmittedTo { get; set; }
    public string? SubmittedBy { get; set; }
    /// <summary>The generated version that was submitted: the exact files the government received.</summary>
    public int? SubmittedVersion { get; set; }
    public int Version { get; set; }
    public List<ReportSection> Sections { get; set; } = [];
    public List<ReportFile> Files { get; set; } = [];
}

/// <summary>A narrative section, assigned to one department.</summary>
public sealed class ReportSection : IAggregatePart
{
    Guid IAggregatePart.AggregateId => ReportId;
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ReportId { get; set; }
    public int Position { get; set; }
    /// <summary>Which block of figures the section carries (see <see cref="ReportTemplate"/>).</summary>
    public required string Key { get; set; }
    public required string TitleZh { get; set; }
    public string? TitleEn { get; set; }
    public Guid DepartmentId { get; set; }
    public string? Text { get; set; }
    public SectionState State { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    /// <summary>Why the lead department sent the section back.</summary>
    public string? ReviewComment { get; set; }

    public string Title => Infrastructure.Localization.Text.Pick(TitleZh, TitleEn);
}

/// <summary>A generated version of the report: the Word file and the PDF, kept for good.</summary>
public sealed class ReportFile : IAggregatePart
{
    Guid IAggregatePart.AggregateId => ReportId;
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ReportId { get; set; }
    public int Number { get; set; }
    public DateTimeOffset GeneratedAt { get; set; }
    public required string GeneratedBy { get; set; }
    public required string DocxSha256 { get; set; }
    public long DocxSize { get; set; }
    public string? PdfSha256 { get; set; }
    public long? PdfSize { get; set; }
}

/// <summary>The sections every report starts with: the blocks of task 15's analysis and the department that writes each.</summary>
public static class ReportTemplate
{
    public sealed record SectionTemplate(string Key, string TitleZh, string TitleEn, string DepartmentCode);

    public static readonly IReadOnlyList<SectionTemplate> Sections =
    [
        new("overview", "一、出口总体情况", "1. Exports overall", "economy-it"),
        new("markets", "二、出口市场与产品结构", "2. Markets and products", "commerce"),
        new("quality", "三、出口产品质量状况与国外通报", "3. Export quality and foreign notifications", "market-supervision"),
        new("supervision", "四、监督检查与整改情况", "4. Inspections and corrective actions", "market-supervision"),
        new("risk", "五、质量安全风险与预警", "5. Quality safety risks and early warning", "zone-office"),
        new("testing", "六、检验检测情况", "6. Testing", "testing-center"),
        new("next", "七、存在问题与下一步工作", "7. Problems and next steps", "economy-it"),
    ];

    /// <summary>Task 15's lead department, which reviews and submits.</summary>
    public const string LeadDepartmentCode = "economy-it";

    /// <summary>
    /// The research report of task 2 ("形成产业发展研究报告"; responsible: 经信局, 市场监管局, 气动协会, the
    /// first the lead): the survey and its sample, the industry from the register and the returns, the
    /// products' quality safety, and the problems found with suggestions.
    /// </summary>
    public static readonly IReadOnlyList<SectionTemplate> ResearchSections =
    [
        new("survey", "一、调研组织与样本情况", "1. The survey and its sample", "association"),
        new("industry", "二、产业发展现状", "2. The industry today", "economy-it"),
        new("quality-safety", "三、产品质量安全状况", "3. Product quality safety", "market-supervision"),
        new("suggestions", "四、存在问题与发展建议", "4. Problems and suggestions", "economy-it"),
    ];

    public static IReadOnlyList<SectionTemplate> For(ReportKind kind) => kind == ReportKind.Research ? ResearchSections : Sections;
}

public static class ReportLabels
{
    public static string Kind(ReportKind kind) => Text.Get(kind == ReportKind.Research ? "产业发展研究报告" : "半年度质量分析报告");

    public static string State(ReportState state) => Text.Get(state == ReportState.Submitted ? "已报送" : "编制中");

    public static string State(SectionState state) => Text.Get(state switch
    {
        SectionState.InReview => "待审核",
        SectionState.Approved => "已审定",
        _ => "起草中",
    });

    public static string Css(SectionState state) => state switch
    {
        SectionState.InReview => "warning",
        SectionState.Approved => "success",
        _ => "secondary",
    };

    /// <summary>"2026年上半年" for a half-year, "2026-01 至 2026-09" for any other period.</summary>
    public static string Period(string from, string to)
    {
        if (from.Length == 7 && to.Length == 7 && from[..4] == to[..4])
        {
            if (from[5..] == "01" && to[5..] == "06") return Text.Format("{0}年上半年", from[..4]);
            if (from[5..] == "07" && to[5..] == "12") return Text.Format("{0}年下半年", from[..4]);
        }
        return Text.Format("{0} 至 {1}", from, to);
    }
}

public sealed class AnalysisReportsConfiguration : IEntityTypeConfiguration<AnalysisReport>, IEntityTypeConfiguration<ReportSection>, IEntityTypeConfiguration<ReportFile>
{
    public void Configure(EntityTypeBuilder<AnalysisReport> builder)
    {
        builder.ToTable("analysis_reports");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Title).HasMaxLength(200);
        builder.Property(r => r.FromPeriod).HasMaxLength(7);
        builder.Property(r => r.ToPeriod).HasMaxLength(7);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.CreatedBy).HasMaxLength(256);
        builder.Property(r => r.SubmittedTo).HasMaxLength(200);
        builder.Property(r => r.SubmittedBy).HasMaxLength(256);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        // One analysis report per period, one research report per survey: a second would split the departments' writing.
        builder.HasIndex(r => new { r.FromPeriod, r.ToPeriod }).IsUnique().HasFilter("\"Kind\" = 'Analysis'");
        builder.HasIndex(r => r.SurveyId).IsUnique();
        builder.HasOne<Surveys.SurveyCampaign>().WithMany().HasForeignKey(r => r.SurveyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Departments.Department>().WithMany().HasForeignKey(r => r.LeadDepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Sections).WithOne().HasForeignKey(s => s.ReportId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Files).WithOne().HasForeignKey(f => f.ReportId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ReportSection> builder)
    {
        builder.ToTable("analysis_report_sections");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Key).HasMaxLength(32);
        builder.Property(s => s.TitleZh).HasMaxLength(100);
        builder.Property(s => s.TitleEn).HasMaxLength(100);
        builder.Property(s => s.Text).HasMaxLength(20000);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.UpdatedBy).HasMaxLength(256);
        builder.Property(s => s.ReviewedBy).HasMaxLength(256);
        builder.Property(s => s.ReviewComment).HasMaxLength(1000);
        builder.HasIndex(s => new { s.ReportId, s.Position }).IsUnique();
        builder.HasIndex(s => s.DepartmentId);
        builder.HasOne<Departments.Department>().WithMany().HasForeignKey(s => s.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ReportFile> builder)
    {
        builder.ToTable("analysis_report_files");
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.GeneratedBy).HasMaxLength(256);
        builder.Property(f => f.DocxSha256).HasMaxLength(64);
        builder.Property(f => f.PdfSha256).HasMaxLength(64);
        builder.HasIndex(f => new { f.ReportId, f.Number }).IsUnique();
    }
}
