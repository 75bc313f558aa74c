using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Training;

/// <summary>The training platform over HTTP: sessions, registrations, check-in and attendance, under the permission model.</summary>
public static class TrainingApi
{
    public sealed record SessionDto(Guid Id, string Title, TrainingTopic Topic, Guid OrganizerDepartmentId, string Trainer, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
        string? Place, string? OnlineLink, int Capacity, int QuotaPerEnterprise, string? Description, bool Public, bool Cancelled, int Registered, int Waitlisted, int Attended);
    public sealed record RegistrationWrite(IReadOnlyList<Participant>? Participants);
    public sealed record CheckIn(string? Code, Guid RegistrationId);
    public sealed record Attendance(IReadOnlyList<Guid>? Present);

    public static void MapTrainingApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/training").WithTags("Training");

        group.MapGet("/sessions", async (TrainingCommands training, int? page, CancellationToken ct) =>
                await Dtos(training.Sessions.OrderByDescending(s => s.StartsAt).Skip(Math.Max(0, (page ?? 1) - 1) * 100).Take(100), training, ct))
            .RequirePermission(TrainingPermissions.Read).WithSummary("培训 / Sessions, newest first, 100 a page");

        group.MapGet("/sessions/{id:guid}", async Task<Results<Ok<SessionDto>, ProblemHttpResult>> (Guid id, TrainingCommands training, CancellationToken ct) =>
                (await Dtos(training.Sessions.Where(s => s.Id == id), training, ct)).SingleOrDefault() is { } dto ? TypedResults.Ok(dto) : NotFound())
            .RequirePermission(TrainingPermissions.Read).WithSummary("培训 / One session with its counts");

        group.MapPost("/sessions", async Task<Results<Created<CreatedId>, ProblemHttpResult>> ([FromBody] SessionInput input, ClaimsPrincipal user, TrainingCommands training, CancellationToken ct) =>
            {
                var (result, id) = await training.SaveAsync(user, null, input, ct);
                return result.Succeeded ? TypedResults.Created($"/api/training/sessions/{id}", new CreatedId(id!.Value)) : result.ToProblem();
            })
            .RequirePermission(TrainingPermissions.Organize).WithSummary("发布培训 / Publish a session (the enterprises of the zone are notified)");

        group.MapPut("/sessions/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] SessionInput input, ClaimsPrincipal user, TrainingCommands training, CancellationToken ct) =>
                (await training.SaveAsync(user, id, input, ct)).Result.ToNoContent())
            .RequirePermission(TrainingPermissions.Organize).WithSummary("修改培训 / Change a session (capacity never below those registered)");

        group.MapGet("/sessions/{id:guid}/registrations", async (Guid id, ClaimsPrincipal user, TrainingCommands training, CancellationToken ct) =>
                await training.AttendanceAsync(user, id, ct))
            .RequirePermission(TrainingPermissions.Read).WithSummary("报名与签到名单 / Registrations, waiting list and attendance (an enterprise sees its own)");

        group.MapPost("/sessions/{id:guid}/registrations", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] RegistrationWrite input, ClaimsPrincipal user, TrainingCommands training, CancellationToken ct) =>
                (await training.RegisterAsync(user, id, input.Participants ?? [], ct)).ToNoContent())
            .RequirePermission(TrainingPermissions.Register).WithSummary("报名 / Register named staff (within the quota; beyond the capacity on the waiting list; all or none)");

        group.MapDelete("/registrations/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, TrainingCommands training, CancellationToken ct) =>
            {
                if (user.EnterpriseId() is null && !PermissionCatalog.IsGranted(user, TrainingPermissions.Organize)) return TypedResults.Problem(statusCode: 403, title: Text.Get("只有报名企业或组织者可以取消报名"));
                return (await training.CancelRegistrationAsync(user, id, ct)).ToNoContent();
            })
            .RequirePermission(TrainingPermissions.Read).WithSummary("取消报名 / Withdraw a participant (the first on the waiting list moves up)");

        group.MapPost("/sessions/{id:guid}/check-in", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] CheckIn input, ClaimsPrincipal user, TrainingCommands training, CancellationToken ct) =>
                (await training.CheckInAsync(user, id, input.Code, input.RegistrationId, ct)).ToNoContent())
            .RequirePermission(TrainingPermissions.Register).WithSummary("扫码签到 / Check a registered participant in with the venue's code, during the session");

        group.MapPut("/sessions/{id:guid}/attendance", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] Attendance input, TrainingCommands training, CancellationToken ct) =>
                (await training.MarkAttendanceAsync(id, input.Present ?? [], ct)).ToNoContent())
            .RequirePermission(TrainingPermissions.Organize).WithSummary("登记签到 / The organizer marks who was present");

        // The venue's code: the check-in page of this session with its secret, shown by the organizer.
        app.MapGet("/training/{id:guid}/check-in.png", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (Guid id, HttpRequest http, TrainingCommands training, CancellationToken ct) =>
                await training.Sessions.Where(s => s.Id == id).Select(s => s.CheckInCode).SingleOrDefaultAsync(ct) is { } code
                    ? TypedResults.File(QrCodes.Png($"{http.Scheme}://{http.Host}/training/{id}/check-in?code={code}", 8), "image/png")
                    : NotFound())
            .RequirePermission(TrainingPermissions.Organize).ExcludeFromDescription();
    }

    private static async Task<List<SessionDto>> Dtos(IQueryable<TrainingSession> sessions, TrainingCommands training, CancellationToken ct) =>
        await sessions.Select(s => new SessionDto(s.Id, s.Title, s.Topic, s.OrganizerDepartmentId, s.Trainer, s.StartsAt, s.EndsAt, s.Place, s.OnlineLink, s.Capacity, s.QuotaPerEnterprise,
            s.Description, s.Public, s.CancelledAt != null,
            training.AllRegistrations.Count(r => r.SessionId == s.Id && r.State == RegistrationState.Registered),
            training.AllRegistrations.Count(r => r.SessionId == s.Id && r.State == RegistrationState.Waitlisted),
            training.AllRegistrations.Count(r => r.SessionId == s.Id && r.AttendedAt != null))).ToListAsync(ct);

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: 404, title: Text.Get("培训不存在"));
}
