using Microsoft.AspNetCore.Http.HttpResults;
using QualityZone.Infrastructure.Web;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Actions;

/// <summary>Corrective actions over HTTP: list, read, raise, answer (with an evidence file), verify, cancel, dashboard.</summary>
public static class ActionsApi
{
    public sealed record ActionDto(Guid Id, string Number, ActionSource Source, string? SourceReference, Guid? EnterpriseId, Guid? OwnerDepartmentId, string Title,
        string? Description, ActionSeverity Severity, DateOnly DueOn, ActionState State, bool Overdue, string? Containment, string? RootCause, string? Correction,
        string? Prevention, bool HasEvidence, string? VerificationNote, string? VerifiedBy, DateTimeOffset? VerifiedAt, DateTimeOffset CreatedAt, int Version);
    public sealed record EventDto(ActionStep? Step, ActionState From, ActionState To, string Note, string Actor, DateTimeOffset At);
    public sealed record ActionDetailDto(ActionDto Action, IReadOnlyList<EventDto> Events);
    public sealed record ResponseRequest(int Version, string? Containment, string? RootCause, string? Correction, string? Prevention, bool Submit);
    public sealed record VerificationRequest(int Version, bool Effective, string? Note);
    public sealed record CancelRequest(int Version, string? Reason);

    public static void MapActionsApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/actions").WithTags("Actions");
        group.MapGet("", async (ClaimsPrincipal user, ActionCommands commands, ZoneClock clock, ActionState? state, ActionSource? source, Guid? enterprise, bool? overdue, int? page, int? pageSize, CancellationToken ct) =>
            {
                var today = clock.Today;
                var query = commands.Visible(user);
                if (state is { } s) query = query.Where(a => a.State == s);
                if (source is { } src) query = query.Where(a => a.Source == src);
                if (enterprise is { } e) query = query.Where(a => a.EnterpriseId == e);
                if (overdue == true) query = query.Where(a => a.DueOn < today && a.State != ActionState.Closed && a.State != ActionState.Cancelled);
                var (number, size) = ApiPaging.Normalize(page, pageSize);
                var total = await query.CountAsync(ct);
                var rows = await query.OrderBy(a => a.DueOn).ThenBy(a => a.Number).Skip((number - 1) * size).Take(size).ToListAsync(ct);
                return new ApiPage<ActionDto>(rows.Select(a => ToDto(a, today)).ToList(), number, size, total);
            })
            .RequirePermission(ActionsPermissions.View).WithSummary("整改事项列表 / Corrective actions by due date (an enterprise sees its own)");

        group.MapGet("/dashboard", (ClaimsPrincipal user, ActionCommands commands, ActionQueries queries, CancellationToken ct) => queries.DashboardAsync(commands.Visible(user), ct))
            .RequirePermission(ActionsPermissions.View).WithSummary("整改看板 / Dashboard by state, source, age and enterprise");

        group.MapGet("/{id:guid}", async Task<Results<Ok<ActionDetailDto>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, ActionCommands commands, ZoneClock clock, CancellationToken ct) =>
            {
                var action = await commands.Visible(user).Include(a => a.Events).SingleOrDefaultAsync(a => a.Id == id, ct);
                if (action is null) return TypedResults.Problem(statusCode: 404, title: Text.Get("整改事项不存在"));
                return TypedResults.Ok(new ActionDetailDto(ToDto(action, clock.Today), action.Events.OrderBy(e => e.At).Select(e => new EventDto(e.Step, e.From, e.To, Text.Get(e.Note), e.Actor, e.At)).ToList()));
            })
            .RequirePermission(ActionsPermissions.View).WithSummary("整改事项详情与处理记录 / An action with its history");

        group.MapPost("", async Task<Results<Created<CreatedId>, ProblemHttpResult>> ([FromBody] ActionInput input, ClaimsPrincipal user, ActionCommands commands, CancellationToken ct) =>
            {
                var (result, id) = await commands.CreateAsync(user, input, ct);
                return result.Succeeded ? TypedResults.Created($"/api/actions/{id}", new CreatedId((Guid)id!)) : result.ToProblem();
            })
            .RequirePermission(ActionsPermissions.Create).WithSummary("登记整改事项 / Raise an action (source, enterprise or owner department, severity, due date)");

        group.MapPost("/{id:guid}/response", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] ResponseRequest request, ClaimsPrincipal user, ActionCommands commands, CancellationToken ct) =>
                (await commands.RespondAsync(user, id, request.Version, new ActionResponse(request.Containment, request.RootCause, request.Correction, request.Prevention), null, request.Submit, ct)).ToNoContent())
            .RequirePermission(ActionsPermissions.Respond).WithSummary("填写整改情况或提交验证 / Answer an action, or submit it for verification (the responsible party only)");

        // The form is read by hand (not bound) so that the permission gate answers before any content-type check.
        group.MapPost("/{id:guid}/evidence", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, HttpRequest request, ClaimsPrincipal user, ActionCommands commands, FileStore files, CancellationToken ct) =>
            {
                if (!request.HasFormContentType) return TypedResults.Problem(statusCode: 400, title: Text.Get("请以 multipart/form-data 上传文件（file、version）"));
                var form = await request.ReadFormAsync(ct);
                if (form.Files.GetFile("file") is not { Length: > 0 } file || !int.TryParse(form["version"], out var version))
                    return TypedResults.Problem(statusCode: 400, title: Text.Get("请以 multipart/form-data 上传文件（file、version）"));
                // Who may answer is decided before the file is kept: a refused upload leaves nothing on disk.
                if (await commands.CheckRespondAsync(user, id, ct) is { Succeeded: false } refused) return (refused).ToNoContent();
                StoredFile stored;
                try { await using var stream = file.OpenReadStream(); stored = await files.SaveAsync(stream, file.FileName, ct); }
                catch (FileRejectedException ex) { return TypedResults.Problem(statusCode: 400, title: ex.Message); }
                return (await commands.RespondAsync(user, id, version, new ActionResponse(null, null, null, null), new StoredFileRef(stored.Sha256, stored.FileName, stored.ContentType), false, ct)).ToNoContent();
            })
            .RequirePermission(ActionsPermissions.Respond).DisableAntiforgery().RequireAntiforgeryForCookies().WithSummary("上传整改证据 / Upload the evidence file (multipart: file, version)");

        group.MapPost("/{id:guid}/verification", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] VerificationRequest request, ClaimsPrincipal user, ActionCommands commands, CancellationToken ct) =>
                (await commands.VerifyAsync(user, id, request.Version, request.Effective, request.Note, ct)).ToNoContent())
            .RequirePermission(ActionsPermissions.Verify).WithSummary("验证整改 / Verify: effective closes, not effective sends back (owner department or office)");

        group.MapPost("/{id:guid}/cancellation", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] CancelRequest request, ClaimsPrincipal user, ActionCommands commands, CancellationToken ct) =>
                (await commands.CancelAsync(user, id, request.Version, request.Reason, ct)).ToNoContent())
            .RequirePermission(ActionsPermissions.Verify).WithSummary("撤销整改事项 / Cancel an action (the office)");

        app.MapGet("/actions/{id:guid}/evidence", async Task<Results<FileStreamHttpResult, NotFound>> (Guid id, ClaimsPrincipal user, ActionCommands commands, FileStore files, CancellationToken ct) =>
            {
                var action = await commands.Visible(user).SingleOrDefaultAsync(a => a.Id == id, ct);
                if (action?.EvidenceSha256 is not { } sha || !files.Exists(sha)) return TypedResults.NotFound();
                return TypedResults.File(files.OpenRead(sha), action.EvidenceContentType, action.EvidenceFileName);
            })
            .RequirePermission(ActionsPermissions.View)
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .WithSummary("整改佐证文件 / Download the evidence file of an action")
            .WithTags("Actions");
    }


    private static ActionDto ToDto(CorrectiveAction a, DateOnly today) => new(a.Id, a.Number, a.Source, a.SourceReference, a.EnterpriseId, a.OwnerDepartmentId, a.Title,
        a.Description, a.Severity, a.DueOn, a.State, a.IsOverdue(today), a.Containment, a.RootCause, a.Correction, a.Prevention, a.EvidenceSha256 is not null,
        a.VerificationNote, a.VerifiedBy, a.VerifiedAt, a.CreatedAt, a.Version);
}
