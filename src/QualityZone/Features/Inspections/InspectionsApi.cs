using Microsoft.AspNetCore.Http.HttpResults;
using QualityZone.Infrastructure.Web;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Files;

namespace QualityZone.Features.Inspections;

/// <summary>Inspection records and findings over HTTP, the Word report and the photos; an enterprise reaches only its own.</summary>
public static class InspectionsApi
{
    public sealed record RecordDto(Guid Id, Guid RoundId, string Round, int Year, Guid EnterpriseId, RecordState State, DateOnly? VisitedOn, decimal? Score, decimal? MaxScore, decimal? Percent, int Findings);
    public sealed record FindingDto(Guid Id, Guid RecordId, Guid EnterpriseId, string Description, ActionSeverity Severity, Guid? ActionId, DateTimeOffset CreatedAt);

    public static IQueryable<InspectionRecord> Visible(AppDbContext db, ClaimsPrincipal user)
    {
        var scope = EnterpriseScope.For(user);
        var records = db.InspectionRecords.AsNoTracking();
        return records.ForScope(scope);
    }

    public static void MapInspectionsApi(this WebApplication app)
    {
        app.MapGet("/api/inspections", async (ClaimsPrincipal user, AppDbContext db, int? year, Guid? enterprise, int? page, int? pageSize, CancellationToken ct) =>
            {
                var records = Visible(db, user);
                if (enterprise is { } e) records = records.Where(r => r.EnterpriseId == e);
                return await ApiPaging.PageAsync(from r in records
                              join round in db.InspectionRounds on r.RoundId equals round.Id
                              where year == null || round.Year == year
                              orderby round.StartOn descending, r.Id
                              select new RecordDto(r.Id, round.Id, round.Title, round.Year, r.EnterpriseId, r.State, r.VisitedOn, r.Score, r.MaxScore,
                                  r.MaxScore > 0 ? Math.Round(r.Score!.Value * 100 / r.MaxScore.Value, 1) : null, r.Findings.Count), page, pageSize, ct);
            })
            .RequirePermission(InspectionsPermissions.View).WithTags("Inspections").WithSummary("检查记录 / Inspection records (an enterprise sees its own)");

        app.MapGet("/api/findings", async (ClaimsPrincipal user, AppDbContext db, Guid? enterprise, int? page, int? pageSize, CancellationToken ct) =>
            {
                var scope = EnterpriseScope.For(user);
                var findings = db.InspectionFindings.AsNoTracking();
                findings = findings.ForScope(scope);
                if (enterprise is { } e) findings = findings.Where(f => f.EnterpriseId == e);
                return await ApiPaging.PageAsync(findings.OrderByDescending(f => f.CreatedAt).ThenBy(f => f.Id)
                    .Select(f => new FindingDto(f.Id, f.RecordId, f.EnterpriseId, f.Description, f.Severity, f.ActionId, f.CreatedAt)), page, pageSize, ct);
            })
            .RequirePermission(InspectionsPermissions.View).WithTags("Inspections").WithSummary("检查发现 / Findings with their corrective actions (an enterprise sees its own)");

        app.MapGet("/inspections/records/{id:guid}/report.docx", async Task<Results<FileContentHttpResult, NotFound>> (Guid id, ClaimsPrincipal user, AppDbContext db, FileStore files, CancellationToken ct) =>
            {
                if (!await Visible(db, user).AnyAsync(r => r.Id == id, ct)) return TypedResults.NotFound();
                var report = await InspectionReport.BuildAsync(db, files, id, ct);
                return report is { } r ? TypedResults.File(r.Content, WordDocument.ContentType, r.FileName) : TypedResults.NotFound();
            })
            .RequirePermission(InspectionsPermissions.View)
            .Produces(StatusCodes.Status200OK, contentType: WordDocument.ContentType)
            .WithSummary("检查报告 / The inspection record as a Word report (.docx)")
            .WithTags("Inspections");

        app.MapGet("/inspections/photos/{answerId:guid}", async Task<Results<FileStreamHttpResult, NotFound>> (Guid answerId, ClaimsPrincipal user, AppDbContext db, FileStore files, CancellationToken ct) =>
            {
                var photo = await (from a in db.InspectionAnswers.AsNoTracking()
                                   join r in Visible(db, user) on a.RecordId equals r.Id
                                   where a.Id == answerId
                                   select new { a.PhotoSha256, a.PhotoContentType, a.PhotoFileName }).SingleOrDefaultAsync(ct);
                if (photo?.PhotoSha256 is not { } sha || !files.Exists(sha)) return TypedResults.NotFound();
                return TypedResults.File(files.OpenRead(sha), photo.PhotoContentType);
            })
            .RequirePermission(InspectionsPermissions.View)
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg", additionalContentTypes: ["image/png"])
            .WithSummary("检查照片 / The photo taken for a checklist item")
            .WithTags("Inspections");
    }
}
