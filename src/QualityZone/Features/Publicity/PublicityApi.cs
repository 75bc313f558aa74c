using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Publicity;

/// <summary>Cases and the media register over HTTP.</summary>
public static class PublicityApi
{
    public sealed record CaseDto(Guid Id, Guid EnterpriseId, string Title, CaseTopic Topic, string Summary, string Body, CaseState State, string Author, string? ReviewNote, DateTimeOffset? PublishedAt,
        IReadOnlyList<FileDto> Files);
    public sealed record FileDto(Guid Id, string FileName, string ContentType, long Size);
    public sealed record Review(bool Publish, string? Note);

    public static void MapPublicityApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/cases").WithTags("Publicity");

        group.MapGet("", async (ClaimsPrincipal user, PublicityCommands publicity, CaseState? state, CancellationToken ct) =>
            {
                var query = publicity.Readable(user);
                if (state is { } s) query = query.Where(c => c.State == s);
                return (await query.Include(c => c.Files).OrderByDescending(c => c.PublishedAt ?? c.CreatedAt).Take(200).ToListAsync(ct)).Select(ToDto).ToList();
            })
            .RequirePermission(PublicityPermissions.Browse).WithSummary("经验案例 / Cases: published ones for anyone, an enterprise's own drafts, all for the member units");

        group.MapGet("/{id:guid}", async Task<Results<Ok<CaseDto>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, PublicityCommands publicity, CancellationToken ct) =>
                await publicity.Readable(user).Include(c => c.Files).SingleOrDefaultAsync(c => c.Id == id, ct) is { } c ? TypedResults.Ok(ToDto(c)) : NotFound())
            .RequirePermission(PublicityPermissions.Browse).WithSummary("案例详情 / One case with its files");

        group.MapPost("", async Task<Results<Created<CreatedId>, ProblemHttpResult>> ([FromBody] CaseInput input, ClaimsPrincipal user, PublicityCommands publicity, CancellationToken ct) =>
            {
                var (result, id) = await publicity.SaveAsync(user, null, input, ct);
                return result.Succeeded ? TypedResults.Created($"/api/cases/{id}", new CreatedId(id!.Value)) : result.ToProblem();
            })
            .RequirePermission(PublicityPermissions.Write).WithSummary("撰写案例 / A new draft (an enterprise writes its own)");

        group.MapPut("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] CaseInput input, ClaimsPrincipal user, PublicityCommands publicity, CancellationToken ct) =>
                (await publicity.SaveAsync(user, id, input, ct)).Result.ToNoContent())
            .RequirePermission(PublicityPermissions.Write).WithSummary("修改草稿 / Change a draft");

        group.MapPost("/{id:guid}/files", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, HttpRequest http, ClaimsPrincipal user, PublicityCommands publicity, CancellationToken ct) =>
            {
                // The form is read here, after authorization: a caller without the permission never gets this far.
                if (!http.HasFormContentType || (await http.ReadFormAsync(ct)).Files.GetFile("file") is not { Length: > 0 } file)
                    return TypedResults.Problem(statusCode: 400, title: Text.Get("请以 multipart/form-data 上传文件（file）"));
                await using var content = file.OpenReadStream();
                return (await publicity.AttachAsync(user, id, content, file.FileName, ct)).ToNoContent();
            })
            .RequirePermission(PublicityPermissions.Write).DisableAntiforgery().RequireAntiforgeryForCookies().WithSummary("上传附件 / A document or photo of a draft");

        group.MapPost("/{id:guid}/submission", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, PublicityCommands publicity, CancellationToken ct) =>
                (await publicity.SubmitAsync(user, id, ct)).ToNoContent())
            .RequirePermission(PublicityPermissions.Write).WithSummary("送审 / Send a draft for review");

        group.MapPost("/{id:guid}/review", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] Review input, ClaimsPrincipal user, PublicityCommands publicity, CancellationToken ct) =>
                (await publicity.ReviewAsync(user, id, input.Publish, input.Note, ct)).ToNoContent())
            .RequirePermission(PublicityPermissions.Review).WithSummary("审核 / Publish a case in review, or send it back with a note");

        app.MapGet("/api/media", async Task<Results<Ok<List<MediaItem>>, ProblemHttpResult>> (PublicityCommands publicity, int? year, CancellationToken ct) =>
            {
                if (year is < 2000 or > 2100) return TypedResults.Problem(statusCode: 400, title: Text.Get("年度应在 2000 到 2100 之间"));
                var items = year is { } y ? publicity.Media.Where(m => m.PublishedOn >= new DateOnly(y, 1, 1) && m.PublishedOn < new DateOnly(y + 1, 1, 1)) : publicity.Media;
                return TypedResults.Ok(await items.OrderByDescending(m => m.PublishedOn).Take(500).ToListAsync(ct));
            })
            .RequirePermission(PublicityPermissions.Browse).WithTags("Publicity").WithSummary("媒体报道 / The media coverage of the zone, newest first (a year's with ?year=)");

        app.MapPost("/api/media", async Task<Results<Created<CreatedId>, ProblemHttpResult>> ([FromBody] MediaInput input, ClaimsPrincipal user, PublicityCommands publicity, CancellationToken ct) =>
            {
                var (result, id) = await publicity.SaveMediaAsync(user, null, input, ct);
                return result.Succeeded ? TypedResults.Created($"/api/media/{id}", new CreatedId(id!.Value)) : result.ToProblem();
            })
            .RequirePermission(PublicityPermissions.Review).WithTags("Publicity").WithSummary("登记报道 / Record a media report (outlet, date, title, link, type)");

        // A case's file: public once the case is published, otherwise for its writers.
        app.MapGet("/cases/{id:guid}/files/{fileId:guid}", async Task<Results<FileStreamHttpResult, ProblemHttpResult>> (Guid id, Guid fileId, ClaimsPrincipal user, PublicityCommands publicity,
                Infrastructure.Data.AppDbContext db, FileStore files, CancellationToken ct) =>
            {
                var readable = publicity.Readable(user).Where(c => c.Id == id).Select(c => c.Id);
                var file = await db.CaseFiles.AsNoTracking().Where(f => f.Id == fileId && readable.Contains(f.CaseId)).SingleOrDefaultAsync(ct);
                if (file is null || !files.Exists(file.Sha256)) return TypedResults.Problem(statusCode: 404, title: Text.Get("文件不存在"));
                return TypedResults.File(files.OpenRead(file.Sha256), file.ContentType, file.FileName);
            })
            .RequirePermission(PublicityPermissions.Browse).ExcludeFromDescription();
    }

    private static CaseDto ToDto(PracticeCase c) => new(c.Id, c.EnterpriseId, c.Title, c.Topic, c.Summary, c.Body, c.State, c.Author, c.ReviewNote, c.PublishedAt,
        c.Files.OrderBy(f => f.UploadedAt).Select(f => new FileDto(f.Id, f.FileName, f.ContentType, f.Size)).ToList());

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: 404, title: Text.Get("案例不存在"));
}
