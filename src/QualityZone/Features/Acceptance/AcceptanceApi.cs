using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Acceptance;

/// <summary>The self-assessment over HTTP: the sheet with readiness, an item's evidence, scores, weights, reminders and the dossier.</summary>
public static class AcceptanceApi
{
    public sealed record ItemDto(Guid Id, AcceptanceBlock Block, string Code, string Title, string? Guidance, decimal Weight, EvidenceSource Source, string TaskNumbers, int MinEvidence,
        Guid DepartmentId, int Evidence, int Required, EvidenceStrength Strength, decimal? SelfScore, string? SelfScoredBy, decimal? ReviewScore, string? ReviewedBy, string? ReviewComment, int Version);
    public sealed record BlockDto(AcceptanceBlock Block, string Name, decimal Weight, decimal SelfScore, decimal Readiness, IReadOnlyList<ItemDto> Items);
    public sealed record SheetDto(decimal Weight, decimal SelfScore, decimal Readiness, IReadOnlyList<BlockDto> Blocks, IReadOnlyList<string> Gaps);
    public sealed record NotifiedDto(int Notifications);

    public static void MapAcceptanceApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/acceptance").WithTags("Acceptance");

        group.MapGet("", async (AcceptanceCommands commands, CancellationToken ct) => ToDto(await commands.SheetAsync(ct)))
            .RequirePermission(AcceptancePermissions.View).WithSummary("验收自评表 / The sheet: blocks, items, evidence counts, scores, readiness and gaps");

        group.MapGet("/items/{id:guid}/evidence", async Task<Results<Ok<List<EvidenceEntry>>, ProblemHttpResult>> (Guid id, AppDbContext db, AcceptanceEvidence evidence, CancellationToken ct) =>
            {
                var item = await db.AssessmentItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct);
                if (item is null) return TypedResults.Problem(statusCode: 404, title: Text.Get("评分项不存在"));
                var list = new List<EvidenceEntry>();
                await foreach (var entry in evidence.EntriesAsync(item, ct)) list.Add(entry with { Text = null });
                return TypedResults.Ok(list);
            })
            .RequirePermission(AcceptancePermissions.View).WithSummary("评分项佐证 / An item's evidence, gathered from the modules and uploaded");

        group.MapPut("/items/{id:guid}/self-score", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] ScoreInput input, ClaimsPrincipal user, AcceptanceCommands commands, CancellationToken ct) =>
            {
                var result = await commands.SelfScoreAsync(user, id, input, ct);
                return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
            })
            .RequirePermission(AcceptancePermissions.Score).WithSummary("自评 / Self-score an item (its responsible department), 0 to its weight");

        group.MapPut("/items/{id:guid}/review", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] ScoreInput input, ClaimsPrincipal user, AcceptanceCommands commands, CancellationToken ct) =>
            {
                var result = await commands.ReviewAsync(user, id, input, ct);
                return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
            })
            .RequirePermission(AcceptancePermissions.Manage).WithSummary("复核 / The office's review score and comment");

        group.MapPut("/weights", async Task<Results<NoContent, ProblemHttpResult>> ([FromBody] List<WeightInput> weights, AcceptanceCommands commands, CancellationToken ct) =>
            {
                var result = await commands.WeightsAsync(weights, ct);
                return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
            })
            .RequirePermission(AcceptancePermissions.Manage).WithSummary("调整分值 / New weights for every item; they must add up to 100");

        group.MapPost("/gap-notifications", async (AcceptanceCommands commands, CancellationToken ct) => new NotifiedDto(await commands.NotifyGapsAsync(ct)))
            .RequirePermission(AcceptancePermissions.Manage).WithSummary("通知补充佐证 / Tell each responsible department which of its items lack evidence");

        app.MapGet("/acceptance/dossier.zip", async Task<Results<FileStreamHttpResult, ProblemHttpResult>> (AcceptanceCommands commands, CancellationToken ct) =>
            {
                var (result, path) = await commands.BuildDossierAsync(ct);
                if (!result.Succeeded) return result.ToProblem();
                // Deleted when the response has been sent.
                var stream = new FileStream(path!, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
                return TypedResults.File(stream, "application/zip", Text.Format("验收材料-{0}.zip", DateTime.UtcNow.AddHours(8).ToString("yyyyMMdd")));
            })
            .RequirePermission(AcceptancePermissions.Manage).WithTags("Acceptance").WithSummary("验收材料 / The dossier: catalogue (.docx, PDF) and every evidence file in folders by item");

        app.MapGet("/acceptance/files/{id:guid}", async Task<Results<FileStreamHttpResult, ProblemHttpResult>> (Guid id, AppDbContext db, FileStore files, CancellationToken ct) =>
            {
                var file = await db.AssessmentFiles.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, ct);
                if (file is null || !files.Exists(file.Sha256)) return TypedResults.Problem(statusCode: 404, title: Text.Get("文件不存在"));
                return TypedResults.File(files.OpenRead(file.Sha256), file.ContentType, file.FileName);
            })
            .RequirePermission(AcceptancePermissions.View).ExcludeFromDescription();
    }

    public static SheetDto ToDto(SheetStatus sheet) => new(sheet.Weight, sheet.SelfScore, sheet.Readiness,
        sheet.Blocks.Select(b => new BlockDto(b.Block, AcceptanceLabels.Block(b.Block), b.Weight, b.SelfScore, b.Readiness, b.Items.Select(ToDto).ToList())).ToList(),
        sheet.Gaps.Select(g => g.Item.Code).ToList());

    private static ItemDto ToDto(ItemStatus s) => new(s.Item.Id, s.Item.Block, s.Item.Code, s.Item.Title, s.Item.Guidance, s.Item.Weight, s.Item.Source, s.Item.TaskNumbers, s.Item.MinEvidence,
        s.Item.DepartmentId, s.Evidence, s.Required, s.Strength, s.Item.SelfScore, s.Item.SelfScoredBy, s.Item.ReviewScore, s.Item.ReviewedBy, s.Item.ReviewComment, s.Item.Version);
}
