using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.ExportArchives;
using QualityZone.Features.Notifications;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.AnalysisReports;

public sealed record ReportInput(string? FromPeriod, string? ToPeriod);

public sealed record SectionInput(string? Text, int Version);

public sealed record SubmissionInput(string? SubmittedTo, DateOnly? SubmittedOn);

/// <summary>
/// The report's flow. The zone office or the lead department (经信局, task 15) opens a report for a
/// period; each section's department writes its text and hands it in; the lead department approves
/// it or sends it back with a reason; any time a version (Word and PDF) can be generated; the report
/// is submitted only when every section is approved, as a final version that is never changed.
/// </summary>
public sealed class ReportCommands(AppDbContext db, ReportFigures figures, ResearchFigures research, ReportComposer composer, DocumentFonts fonts, FileStore files,
    NotificationService notifications, ZoneClock clock, TimeProvider time, ILogger<ReportCommands> logger)
{
    public const int MaxSectionLength = 20000;

    public IQueryable<AnalysisReport> Reports => db.AnalysisReports.AsNoTracking();

    public async Task<AnalysisReport?> FindAsync(Guid id, CancellationToken ct) =>
        await db.AnalysisReports.AsNoTracking().Include(r => r.Sections).Include(r => r.Files).AsSplitQuery().SingleOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>The zone office, or staff of the report's lead department.</summary>
    public static bool Leads(ClaimsPrincipal user, AnalysisReport report) =>
        user.IsInRole(Roles.ZoneAdmin) || (user.DepartmentId() is { } department && department == report.LeadDepartmentId);

    /// <summary>The section's own department, or the zone office.</summary>
    public static bool Writes(ClaimsPrincipal user, ReportSection section) =>
        user.IsInRole(Roles.ZoneAdmin) || (user.DepartmentId() is { } department && department == section.DepartmentId);

    public async Task<(CommandResult Result, Guid? Id)> CreateAsync(ClaimsPrincipal user, ReportInput input, CancellationToken ct)
    {
        if (!ExportReturn.TryParsePeriod(input.FromPeriod, out var from) || !ExportReturn.TryParsePeriod(input.ToPeriod, out var to))
            return (CommandResult.Invalid(Text.Get("请选择统计期（年-月）")), null);
        if (to < from) return (CommandResult.Invalid(Text.Get("统计期的结束月份不能早于开始月份")), null);
        if ((to.Year - from.Year) * 12 + to.Month - from.Month >= 24) return (CommandResult.Invalid(Text.Get("统计期不能超过 24 个月")), null);
        if (from > clock.Today) return (CommandResult.Invalid(Text.Get("统计期尚未开始")), null);
        var departments = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.Code }).ToDictionaryAsync(d => d.Code, d => d.Id, ct);
        var lead = departments[ReportTemplate.LeadDepartmentCode];
        if (!user.IsInRole(Roles.ZoneAdmin) && user.DepartmentId() != lead)
            return (CommandResult.Forbidden(Text.Get("只有建设办或牵头部门（经信局）可以编制质量分析报告")), null);
        var (fromPeriod, toPeriod) = (ExportReturn.PeriodOf(from), ExportReturn.PeriodOf(to));
        if (await db.AnalysisReports.AnyAsync(r => r.Kind == ReportKind.Analysis && r.FromPeriod == fromPeriod && r.ToPeriod == toPeriod, ct))
            return (CommandResult.Conflict(Text.Get("该统计期的分析报告已经存在")), null);
        var report = new AnalysisReport
        {
            Title = Text.Format("{0}出口产品质量分析报告", ReportLabels.Period(fromPeriod, toPeriod)),
            FromPeriod = fromPeriod, ToPeriod = toPeriod, LeadDepartmentId = lead,
            CreatedBy = user.DisplayName(), CreatedAt = time.GetUtcNow(),
        };
        await AddAsync(report, departments, _ => null, ct);
        return (CommandResult.Ok, report.Id);
    }

    /// <summary>
    /// Drafts the industry development research report of a survey (task 2): the twelve months before
    /// the survey went out, the four sections assigned to task 2's units, each with a first text
    /// generated from the survey's results, the register and the returns, for its department to edit.
    /// </summary>
    public async Task<(CommandResult Result, Guid? Id)> CreateResearchAsync(ClaimsPrincipal user, Guid surveyId, CancellationToken ct)
    {
        var survey = await db.SurveyCampaigns.Include(s => s.Questions).SingleOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null) return (CommandResult.NotFound(Text.Get("调查不存在")), null);
        var departments = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.Code }).ToDictionaryAsync(d => d.Code, d => d.Id, ct);
        var lead = departments[ReportTemplate.LeadDepartmentCode];
        if (!user.IsInRole(Roles.ZoneAdmin) && user.DepartmentId() != lead)
            return (CommandResult.Forbidden(Text.Get("只有建设办或牵头部门（经信局）可以编制研究报告")), null);
        if (survey.State == Surveys.SurveyState.Draft) return (CommandResult.Conflict(Text.Get("问卷尚未发放，还没有可用于研究报告的答卷")), null);
        if (survey.ResearchReportId is not null || await db.AnalysisReports.AnyAsync(r => r.SurveyId == surveyId, ct))
            return (CommandResult.Conflict(Text.Get("该调查的研究报告已经存在")), null);
        var opened = DateOnly.FromDateTime((survey.OpenedAt ?? time.GetUtcNow()).UtcDateTime);
        var report = new AnalysisReport
        {
            Kind = ReportKind.Research, SurveyId = surveyId,
            Title = Text.Format("奉化气动元件产业发展研究报告（{0}）", opened.Year),
            FromPeriod = ExportReturn.PeriodOf(opened.AddMonths(-12)), ToPeriod = ExportReturn.PeriodOf(opened.AddMonths(-1)), LeadDepartmentId = lead,
            CreatedBy = user.DisplayName(), CreatedAt = time.GetUtcNow(),
        };
        var facts = await research.ComputeAsync(survey, ct);
        var periodFigures = await figures.ComputeAsync(report.FromPeriod, report.ToPeriod, ct);
        survey.ResearchReportId = report.Id;
        survey.Version++;
        await AddAsync(report, departments, key => ResearchDraft.Text(key, facts, periodFigures), ct);
        return (CommandResult.Ok, report.Id);
    }

    /// <summary>Adds the report with the sections of its kind, assigned to their departments, who are told.</summary>
    private async Task AddAsync(AnalysisReport report, IReadOnlyDictionary<string, Guid> departments, Func<string, string?> draft, CancellationToken ct)
    {
        report.Sections.AddRange(ReportTemplate.For(report.Kind).Select((s, i) => new ReportSection
        {
            ReportId = report.Id, Position = i + 1, Key = s.Key, TitleZh = s.TitleZh, TitleEn = s.TitleEn,
            DepartmentId = departments.GetValueOrDefault(s.DepartmentCode, report.LeadDepartmentId), Text = draft(s.Key),
        }));
        db.AnalysisReports.Add(report);
        foreach (var department in report.Sections.Select(s => s.DepartmentId).Distinct())
            await notifications.NotifyDepartmentAsync(department, Msg.Of("请撰写报告章节：{0}", report.Title),
                Msg.Of("贵单位负责的章节已分派，请在平台中撰写并提交牵头部门审核。").Store(), $"/reports/{report.Id}", ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Saves a section's text; <paramref name="handIn"/> also hands it to the lead department for review.</summary>
    public async Task<CommandResult> SaveSectionAsync(ClaimsPrincipal user, Guid reportId, Guid sectionId, SectionInput input, bool handIn, CancellationToken ct)
    {
        var (report, section, problem) = await LoadSectionAsync(reportId, sectionId, ct);
        if (problem is not null) return problem;
        if (!Writes(user, section!)) return CommandResult.Forbidden(Text.Get("本章节由其他部门撰写"));
        if (section!.State != SectionState.Draft) return CommandResult.Conflict(Text.Get("章节已提交审核，退回后才能修改"));
        if (input.Version != report!.Version) return CommandResult.Conflict(Text.Get("报告已被他人修改，请刷新后重试"));
        var text = input.Text?.Trim();
        if (text?.Length > MaxSectionLength) return CommandResult.Invalid(Text.Format("章节文字不能超过 {0} 字", MaxSectionLength));
        if (handIn && string.IsNullOrEmpty(text)) return CommandResult.Invalid(Text.Get("请先撰写章节文字再提交审核"));
        section.Text = string.IsNullOrEmpty(text) ? null : text;
        section.UpdatedBy = user.DisplayName();
        section.UpdatedAt = time.GetUtcNow();
        if (handIn)
        {
            section.State = SectionState.InReview;
            section.ReviewComment = null;
            await notifications.NotifyDepartmentAsync(report.LeadDepartmentId, Msg.Of("章节待审核：{0}", section.Title), report.Title, $"/reports/{report.Id}", ct);
        }
        report.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>The lead department approves a handed-in section, or sends it (handed in or approved) back with a reason.</summary>
    public async Task<CommandResult> ReviewSectionAsync(ClaimsPrincipal user, Guid reportId, Guid sectionId, bool approve, string? comment, CancellationToken ct)
    {
        var (report, section, problem) = await LoadSectionAsync(reportId, sectionId, ct);
        if (problem is not null) return problem;
        if (!Leads(user, report!)) return CommandResult.Forbidden(Text.Get("只有建设办或牵头部门可以审核章节"));
        if (approve && section!.State != SectionState.InReview) return CommandResult.Conflict(Text.Get("章节尚未提交审核"));
        if (!approve && section!.State == SectionState.Draft) return CommandResult.Conflict(Text.Get("章节仍在起草中"));
        if (!approve && string.IsNullOrWhiteSpace(comment)) return CommandResult.Invalid(Text.Get("退回时请写明修改意见"));
        if (comment?.Length > 1000) return CommandResult.Invalid(Text.Get("意见不能超过 1000 字"));
        section!.State = approve ? SectionState.Approved : SectionState.Draft;
        section.ReviewedBy = user.DisplayName();
        section.ReviewedAt = time.GetUtcNow();
        section.ReviewComment = approve ? null : comment!.Trim();
        if (!approve)
            await notifications.NotifyDepartmentAsync(section.DepartmentId, Msg.Of("章节被退回修改：{0}", section.Title), section.ReviewComment, $"/reports/{report!.Id}", ct);
        report!.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>Generates a new version (Word and PDF) from today's data and the sections as they stand.</summary>
    public async Task<(CommandResult Result, int? Number)> GenerateAsync(ClaimsPrincipal user, Guid reportId, CancellationToken ct)
    {
        var report = await db.AnalysisReports.Include(r => r.Sections).Include(r => r.Files).AsSplitQuery().SingleOrDefaultAsync(r => r.Id == reportId, ct);
        if (report is null) return (CommandResult.NotFound(Text.Get("报告不存在")), null);
        if (!Leads(user, report)) return (CommandResult.Forbidden(Text.Get("只有建设办或牵头部门可以生成报告")), null);
        if (report.State == ReportState.Submitted) return (CommandResult.Conflict(Text.Get("报告已报送，不能再生成新版本")), null);
        var file = await BuildAsync(user, report, final: false, clock.Today, ct);
        report.Version++;
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, file.Number);
    }

    /// <summary>
    /// Submits the report to the district government: every section approved, a PDF font present;
    /// the final version is generated, kept as the exact files sent, and the member units are told.
    /// </summary>
    public async Task<CommandResult> SubmitAsync(ClaimsPrincipal user, Guid reportId, SubmissionInput input, CancellationToken ct)
    {
        var report = await db.AnalysisReports.Include(r => r.Sections).Include(r => r.Files).AsSplitQuery().SingleOrDefaultAsync(r => r.Id == reportId, ct);
        if (report is null) return CommandResult.NotFound(Text.Get("报告不存在"));
        if (!Leads(user, report)) return CommandResult.Forbidden(Text.Get("只有建设办或牵头部门可以报送报告"));
        if (report.State == ReportState.Submitted) return CommandResult.Conflict(Text.Get("报告已报送"));
        if (report.Sections.OrderBy(s => s.Position).FirstOrDefault(s => s.State != SectionState.Approved) is { } pending)
            return CommandResult.Invalid(Text.Format("章节“{0}”尚未审定，不能报送", pending.Title));
        if (string.IsNullOrWhiteSpace(input.SubmittedTo) || input.SubmittedTo.Length > 200) return CommandResult.Invalid(Text.Get("请填写报送对象（不超过 200 字）"));
        var on = input.SubmittedOn ?? clock.Today;
        if (on > clock.Today) return CommandResult.Invalid(Text.Get("报送日期不能晚于今天"));
        if (!fonts.Available) return CommandResult.Invalid(DocumentFonts.MissingMessage);
        var file = await BuildAsync(user, report, final: true, on, ct);
        report.State = ReportState.Submitted;
        report.SubmittedOn = on;
        report.SubmittedTo = input.SubmittedTo.Trim();
        report.SubmittedBy = user.DisplayName();
        report.SubmittedVersion = file.Number;
        report.Version++;
        var title = Msg.Of("质量分析报告已报送：{0}", report.Title);
        var body = Msg.Of("报送对象：{0}，报送日期：{1}", report.SubmittedTo, on.ToString("yyyy-MM-dd")).Store();
        foreach (var department in report.Sections.Select(s => s.DepartmentId).Append(report.LeadDepartmentId).Distinct())
            await notifications.NotifyDepartmentAsync(department, title, body, $"/reports/{report.Id}", ct);
        await notifications.NotifyRoleAsync(Roles.ZoneAdmin, title, body, $"/reports/{report.Id}", ct);
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>Writes the Word file and, when a font can be embedded, the PDF; stores both and records the version.</summary>
    private async Task<ReportFile> BuildAsync(ClaimsPrincipal user, AnalysisReport report, bool final, DateOnly date, CancellationToken ct)
    {
        var content = await ContentAsync(report, final, date, ct);
        var number = report.Files.Count == 0 ? 1 : report.Files.Max(f => f.Number) + 1;
        var baseName = $"{report.Title}-v{number}";

        var word = new WordDocument();
        composer.Write(word, content);
        StoredFile docx;
        using (var stream = new MemoryStream(word.ToBytes())) docx = await files.SaveGeneratedAsync(stream, baseName + ".docx", ct);

        StoredFile? pdf = null;
        if (fonts.Available)
        {
            var temp = PdfDocument.WriteTempFile(fonts.Typeface, report.Title, document => composer.Write(document, content));
            try
            {
                await using var input = File.OpenRead(temp);
                pdf = await files.SaveGeneratedAsync(input, baseName + ".pdf", ct);
            }
            finally { File.Delete(temp); }
        }
        else logger.LogWarning("No Chinese TrueType font for PDF; report {Report} version {Number} has a Word file only", report.Id, number);

        var file = new ReportFile
        {
            ReportId = report.Id, Number = number, GeneratedAt = time.GetUtcNow(), GeneratedBy = user.DisplayName(),
            DocxSha256 = docx.Sha256, DocxSize = docx.Size, PdfSha256 = pdf?.Sha256, PdfSize = pdf?.Size,
        };
        report.Files.Add(file);
        db.ReportFiles.Add(file);
        return file;
    }

    public async Task<ReportContent> ContentAsync(AnalysisReport report, bool final, DateOnly date, CancellationToken ct)
    {
        var names = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var periodFigures = await figures.ComputeAsync(report.FromPeriod, report.ToPeriod, ct);
        var survey = report.SurveyId is { } surveyId
            ? await research.ComputeAsync(await db.SurveyCampaigns.AsNoTracking().Include(s => s.Questions).SingleAsync(s => s.Id == surveyId, ct), ct)
            : null;
        return new ReportContent(report, periodFigures, names, final, date, names.GetValueOrDefault(report.LeadDepartmentId) ?? "", survey);
    }

    private async Task<(AnalysisReport? Report, ReportSection? Section, CommandResult? Problem)> LoadSectionAsync(Guid reportId, Guid sectionId, CancellationToken ct)
    {
        var report = await db.AnalysisReports.Include(r => r.Sections).SingleOrDefaultAsync(r => r.Id == reportId, ct);
        var section = report?.Sections.SingleOrDefault(s => s.Id == sectionId);
        if (report is null || section is null) return (null, null, CommandResult.NotFound(Text.Get("报告或章节不存在")));
        if (report.State == ReportState.Submitted) return (report, section, CommandResult.Conflict(Text.Get("报告已报送，不能再修改")));
        return (report, section, null);
    }
}
