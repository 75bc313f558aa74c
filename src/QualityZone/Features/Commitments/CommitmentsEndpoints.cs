using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Commitments;

public static class CommitmentsEndpoints
{
    public sealed record CoverageDto(int CurrentVersion, int InZone, int Signed, double Ratio, IReadOnlyList<CoverageRow> Unsigned);

    public static void MapCommitments(this WebApplication app)
    {
        // The current letter, filled in for the enterprise, as Word.
        app.MapGet("/enterprises/{id:guid}/commitment-letter", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, CommitmentService letters, CancellationToken ct) =>
                await letters.GenerateAsync(user, id, ct) is { } doc
                    ? TypedResults.File(doc.Content, QualityZone.Infrastructure.Documents.WordDocument.ContentType, doc.FileName)
                    : TypedResults.Problem(statusCode: 404, title: Text.Get("企业不存在")))
            .RequirePermission(CommitmentsPermissions.Sign)
            .ExcludeFromDescription();

        app.MapGet("/enterprises/{id:guid}/commitment-letters/{letterId:guid}/file", async Task<Results<ProblemHttpResult, FileStreamHttpResult>> (Guid id, Guid letterId, ClaimsPrincipal user, AppDbContext db, FileStore files, CancellationToken ct) =>
            {
                if (!EnterpriseScope.For(user).Allows(id)) return TypedResults.Problem(statusCode: 404, title: Text.Get("记录不存在"));
                var letter = await db.CommitmentLetters.AsNoTracking().SingleOrDefaultAsync(l => l.Id == letterId && l.EnterpriseId == id, ct);
                return letter is null || !files.Exists(letter.FileSha256)
                    ? TypedResults.Problem(statusCode: 404, title: Text.Get("记录不存在"))
                    : TypedResults.File(files.OpenRead(letter.FileSha256), letter.FileContentType, letter.FileName);
            })
            .RequirePermission(EnterprisesPermissions.Read)
            .ExcludeFromDescription();

        app.MapGet("/api/commitments/coverage", async (CommitmentService letters, CancellationToken ct) =>
            {
                var coverage = await letters.CoverageAsync(ct);
                return new CoverageDto(coverage.CurrentVersion, coverage.InZone, coverage.Signed, Math.Round(coverage.Ratio, 4),
                    coverage.Rows.Where(r => r.SignedVersion != coverage.CurrentVersion).ToList());
            })
            .RequirePermission(CommitmentsPermissions.View)
            .WithTags("Commitments")
            .WithSummary("承诺书签署覆盖率与未签企业 / Commitment letter coverage and the enterprises yet to sign the current version");
    }
}
