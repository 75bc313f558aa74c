using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.AnalysisReports;

/// <summary>The analysis reports over HTTP: metadata, sections and their review, versions, submission, and the files.</summary>
public static class AnalysisReportsApi
{
    public sealed record SectionDto(Guid Id, int Position, string Key, string Title, Guid DepartmentId, SectionState State, string? Text,
        string? UpdatedBy, DateTimeOffset? UpdatedAt, string? ReviewedBy, DateTimeOffset? ReviewedAt, string? ReviewComment);
    public sealed record FileDto(int Number, DateTimeOffset GeneratedAt, string GeneratedBy, string DocxUrl, long DocxSize, string? PdfUrl, long? PdfSize, string DocxSha256, string? PdfSha256);
    public sealed record ReportDto(Guid Id, ReportKind Kind, Guid? SurveyId, string Title, string FromPeriod, string ToPeriod, Guid LeadDepartmentId, ReportState State,
        DateOnly? SubmittedOn, string? SubmittedTo, int? SubmittedVersion, int Version, IReadOnlyList<SectionDto> Sections, IReadOnlyList<FileDto> Files);
    public sealed record SectionWrite(string? Text, int Version, bool HandIn);
    public sealed record SectionReview(bool Approve, string? Comment);
    public sealed record CreatedVersion(int Number);
    public sealed record ResearchInput(Guid SurveyId);

    public static void MapAnalysisReportsApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/reports").WithTags("AnalysisReports");

        group.MapGet("", async (ReportCommands commands, CancellationToken ct) =>
                (await commands.Reports.Include(r => r.Sections).Include(r => r.Files).AsSplitQuery().OrderByDescending(r => r.FromPeriod).ToListAsync(ct)).Select(ToDto).ToList())
            .RequirePermission(AnalysisReportsPermissions.View).WithSummary("质量分析报告 / The analysis reports, newest period first");

        group.MapGet("/{id:guid}", async Task<Results<Ok<ReportDto>, ProblemHttpResult>> (Guid id, ReportCommands commands, CancellationToken ct) =>
                await commands.FindAsync(id, ct) is { } report ? TypedResults.Ok(ToDto(report)) : NotFound())
            .RequirePermission(AnalysisReportsPermissions.View).WithSummary("分析报告 / One report with its sections and versions");

        group.MapGet("/{id:guid}/figures", async Task<Results<Ok<PeriodFigures>, ProblemHttpResult>> (Guid id, ReportCommands commands, ReportFigures figures, CancellationToken ct) =>
                await commands.FindAsync(id, ct) is { } report ? TypedResults.Ok(await figures.ComputeAsync(report.FromPeriod, report.ToPeriod, ct)) : NotFound())
            .RequirePermission(AnalysisReportsPermissions.View).WithSummary("报告数据 / The report's figures computed now from the platform's data");

        group.MapPost("", async Task<Results<Created<CreatedId>, ProblemHttpResult>> ([FromBody] ReportInput input, ClaimsPrincipal user, ReportCommands commands, CancellationToken ct) =>
            {
                var (result, id) = await commands.CreateAsync(user, input, ct);
                return result.Succeeded ? TypedResults.Created($"/api/reports/{id}", new CreatedId((Guid)id!)) : result.ToProblem();
            })
            .RequirePermission(AnalysisReportsPermissions.Write).WithSummary("编制报告 / Open the report of a period (zone office or lead department); sections are assigned to their departments");

        group.MapPost("/research", async Task<Results<Created<CreatedId>, ProblemHttpResult>> ([FromBody] ResearchInput input, ClaimsPrincipal user, ReportCommands commands, CancellationToken ct) =>
            {
                var (result, id) = await commands.CreateResearchAsync(user, input.SurveyId, ct);
                return result.Succeeded ? TypedResults.Created($"/api/reports/{id}", new CreatedId((Guid)id!)) : result.ToProblem();
            })
            .RequirePermission(AnalysisReportsPermissions.Write).WithSummary("编制研究报告 / Draft the industry development research report of a sent survey (task 2): sections pre-written from its results, the register and the returns");

        group.MapPut("/{id:guid}/sections/{sectionId:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, Guid sectionId, [FromBody] SectionWrite input, ClaimsPrincipal user, ReportCommands commands, CancellationToken ct) =>
            {
                var result = await commands.SaveSectionAsync(user, id, sectionId, new SectionInput(input.Text, input.Version), input.HandIn, ct);
                return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
            })
            .RequirePermission(AnalysisReportsPermissions.Write).WithSummary("撰写章节 / Save a section's text (its department); handIn=true hands it in for review");

        group.MapPost("/{id:guid}/sections/{sectionId:guid}/review", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, Guid sectionId, [FromBody] SectionReview input, ClaimsPrincipal user, ReportCommands commands, CancellationToken ct) =>
            {
                var result = await commands.ReviewSectionAsync(user, id, sectionId, input.Approve, input.Comment, ct);
                return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
            })
            .RequirePermission(AnalysisReportsPermissions.Write).WithSummary("审核章节 / Approve a handed-in section, or send it back with a comment (lead department)");

        group.MapPost("/{id:guid}/versions", async Task<Results<Created<CreatedVersion>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, ReportCommands commands, CancellationToken ct) =>
            {
                var (result, number) = await commands.GenerateAsync(user, id, ct);
                return result.Succeeded ? TypedResults.Created($"/reports/{id}/files/{number}.docx", new CreatedVersion(number!.Value)) : result.ToProblem();
            })
            .RequirePermission(AnalysisReportsPermissions.Write).WithSummary("生成报告 / Generate a new version (Word and PDF) from the data as it stands");

        group.MapPost("/{id:guid}/submission", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] SubmissionInput input, ClaimsPrincipal user, ReportCommands commands, CancellationToken ct) =>
            {
                var result = await commands.SubmitAsync(user, id, input, ct);
                return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
            })
            .RequirePermission(AnalysisReportsPermissions.Write).WithSummary("报送报告 / Submit to the district government: every section approved; the final version is kept unchanged");

        // The files of a version, for the member units (not under /api: a browser downloads them).
        app.MapGet("/reports/{id:guid}/files/{number:int}.{format}", async Task<Results<FileStreamHttpResult, ProblemHttpResult>> (Guid id, int number, string format, AppDbContext db, FileStore files, CancellationToken ct) =>
            {
                var report = await db.AnalysisReports.AsNoTracking().Where(r => r.Id == id).Select(r => new { r.Title }).SingleOrDefaultAsync(ct);
                var file = await db.ReportFiles.AsNoTracking().SingleOrDefaultAsync(f => f.ReportId == id && f.Number == number, ct);
                var (sha, type) = format switch
                {
                    "docx" => (file?.DocxSha256, WordDocument.ContentType),
                    "pdf" => (file?.PdfSha256, PdfDocument.ContentType),
                    _ => (null, ""),
                };
                if (report is null || sha is null || !files.Exists(sha)) return TypedResults.Problem(statusCode: 404, title: Text.Get("文件不存在"));
                return TypedResults.File(files.OpenRead(sha), type, $"{report.Title}-v{number}.{format}");
            })
            .RequirePermission(AnalysisReportsPermissions.View).ExcludeFromDescription();
    }

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: 404, title: Text.Get("报告不存在"));

    public static ReportDto ToDto(AnalysisReport r) => new(r.Id, r.Kind, r.SurveyId, r.Title, r.FromPeriod, r.ToPeriod, r.LeadDepartmentId, r.State, r.SubmittedOn, r.SubmittedTo, r.SubmittedVersion, r.Version,
        r.Sections.OrderBy(s => s.Position).Select(s => new SectionDto(s.Id, s.Position, s.Key, s.Title, s.DepartmentId, s.State, s.Text, s.UpdatedBy, s.UpdatedAt, s.ReviewedBy, s.ReviewedAt, s.ReviewComment)).ToList(),
        r.Files.OrderBy(f => f.Number).Select(f => new FileDto(f.Number, f.GeneratedAt, f.GeneratedBy, $"/reports/{r.Id}/files/{f.Number}.docx", f.DocxSize,
            f.PdfSha256 is null ? null : $"/reports/{r.Id}/files/{f.Number}.pdf", f.PdfSize, f.DocxSha256, f.PdfSha256)).ToList());
}
