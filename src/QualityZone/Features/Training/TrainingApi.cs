using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Files;
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
    public sealed record Paper(int PassMark, IReadOnlyList<QuestionView> Questions);
    public sealed record PaperWrite(string? Text, int PassMark);
    public sealed record Answers(IReadOnlyList<int?>? Choices);
    public sealed record Scored(int Score, bool Passed);
    public sealed record Feedback(int? Rating, string? Comment);
    public sealed record CertificateIssue(Guid? RegistrationId);
    public sealed record Issued(int Count);
    public sealed record Invite(IReadOnlyList<Guid>? EnterpriseIds);
    public sealed record CertificateVerification(string Number, string ParticipantName, string Enterprise, string Session, TrainingTopic Topic, string Organizer,
        DateOnly HeldOn, double Hours, int? Score, DateOnly IssuedOn);

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

        group.MapGet("/sessions/{id:guid}/assessment", async Task<Results<Ok<Paper>, ProblemHttpResult>> (Guid id, TrainingCommands training, TrainingAssessment assessment, CancellationToken ct) =>
                await training.Sessions.Where(s => s.Id == id).Select(s => (int?)s.PassMark).SingleOrDefaultAsync(ct) is { } passMark
                    ? TypedResults.Ok(new Paper(passMark, await assessment.PaperAsync(id, ct))) : NotFound())
            .RequirePermission(TrainingPermissions.Read).WithSummary("考核试题 / The session's assessment: questions and options (never the answers) and the pass mark");

        group.MapPut("/sessions/{id:guid}/assessment", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] PaperWrite input, TrainingAssessment assessment, CancellationToken ct) =>
                (await assessment.SaveQuestionsAsync(id, input.Text, input.PassMark, ct)).ToNoContent())
            .RequirePermission(TrainingPermissions.Organize)
            .WithSummary("设置考核 / Questions as text (blocks separated by a blank line: the question, then options, * before the right one) and the pass mark; fixed once anyone answered");

        group.MapPost("/registrations/{id:guid}/answers", async Task<Results<Ok<Scored>, ProblemHttpResult>> (Guid id, [FromBody] Answers input, ClaimsPrincipal user, TrainingAssessment assessment, TrainingCommands training, CancellationToken ct) =>
            {
                var (result, score) = await assessment.AnswerAsync(user, id, input.Choices ?? [], ct);
                if (!result.Succeeded) return result.ToProblem();
                var passMark = await training.AllRegistrations.Where(r => r.Id == id).Join(training.Sessions, r => r.SessionId, s => s.Id, (r, s) => s.PassMark).SingleAsync(ct);
                return TypedResults.Ok(new Scored(score!.Value, score >= passMark));
            })
            .RequirePermission(TrainingPermissions.Register).WithSummary("参加考核 / A participant who attended answers every question once (option index from 0); the score in percent");

        group.MapPut("/registrations/{id:guid}/feedback", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] Feedback input, ClaimsPrincipal user, TrainingAssessment assessment, CancellationToken ct) =>
                (await assessment.FeedbackAsync(user, id, input.Rating, input.Comment, ct)).ToNoContent())
            .RequirePermission(TrainingPermissions.Register).WithSummary("培训评价 / A participant who attended rates the session 1–5 with a comment");

        group.MapGet("/sessions/{id:guid}/feedback", async (Guid id, TrainingAssessment assessment, CancellationToken ct) => await assessment.FeedbackAsync(id, ct))
            .RequirePermission(TrainingPermissions.Organize).WithSummary("评价汇总 / How participants rated the session: count, mean and comments");

        group.MapPost("/sessions/{id:guid}/certificates", async Task<Results<Ok<Issued>, ProblemHttpResult>> (Guid id, [FromBody] CertificateIssue input, TrainingCertificates certificates, CancellationToken ct) =>
            {
                var (result, issued) = await certificates.IssueAsync(id, input.RegistrationId, ct);
                return result.Succeeded ? TypedResults.Ok(new Issued(issued)) : result.ToProblem();
            })
            .RequirePermission(TrainingPermissions.Organize)
            .WithSummary("颁发证书 / To one participant (refused unless present and passed) or to every participant who qualifies and has none yet");

        app.MapGet("/api/training/certificates/verification", async Task<Results<Ok<CertificateVerification>, ProblemHttpResult>> (string? number, string? code, TrainingCertificates certificates, ZoneClock clock, CancellationToken ct) =>
                await certificates.VerifyAsync(number, code, ct) is { } c ? TypedResults.Ok(Public(c, clock))
                    : TypedResults.Problem(statusCode: 404, title: Text.Get("未找到该证书，或验证码不正确")))
            .RequirePermission(TrainingPermissions.Browse).RequireRateLimiting("verify").WithTags("Training")
            .WithSummary("证书核验 / Anyone: a certificate's facts by its number and verification code (unknown number and wrong code answer alike; rate-limited)");

        group.MapGet("/sessions/{id:guid}/invitation-proposals", async (Guid id, TrainingInvitations invitations, CancellationToken ct) => await invitations.ProposeAsync(id, ct))
            .RequirePermission(TrainingPermissions.Organize).WithSummary("邀请建议 / Enterprises proposed for the session with their reasons (recurring findings of its subject, matched foreign rules)");

        group.MapPost("/sessions/{id:guid}/invitations", async Task<Results<Ok<Issued>, ProblemHttpResult>> (Guid id, [FromBody] Invite input, ClaimsPrincipal user, TrainingInvitations invitations, CancellationToken ct) =>
            {
                var (result, sent) = await invitations.InviteAsync(user.DisplayName(), id, input.EnterpriseIds ?? [], ct);
                return result.Succeeded ? TypedResults.Ok(new Issued(sent)) : result.ToProblem();
            })
            .RequirePermission(TrainingPermissions.Organize).WithSummary("发送邀请 / Invite the chosen enterprises in one step, each notified with its reason");

        // The certificate as Word or PDF, for the member units and the participant's own enterprise (a browser downloads it).
        app.MapGet("/training/certificates/{id:guid}.{format}", async Task<IResult> (Guid id, string format, ClaimsPrincipal user, TrainingCertificates certificates, CancellationToken ct) =>
            {
                if (format is not ("docx" or "pdf") || await certificates.FindAsync(user, id, ct) is not { } c) return TypedResults.Problem(statusCode: 404, title: Text.Get("证书不存在"));
                if (format == "docx") return TypedResults.File(certificates.Docx(c), WordDocument.ContentType, c.Number + ".docx");
                // Without a Chinese font the PDF is refused with the reason, not the error page; the Word file is always there.
                if (certificates.PdfTempFile(c) is not { } temp) return TypedResults.Problem(statusCode: 503, title: Text.Get("服务器未安装中文字体，无法生成 PDF"));
                return TypedResults.Stream(new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.DeleteOnClose), PdfDocument.ContentType, c.Number + ".pdf");
            })
            .RequirePermission(TrainingPermissions.Read).ExcludeFromDescription();

        group.MapGet("/hours", async Task<Results<Ok<List<PersonHours>>, ProblemHttpResult>> (int? year, ClaimsPrincipal user, TrainingCommands training, ZoneClock clock, CancellationToken ct) =>
            {
                if (year is < 2000 or > 2100) return TypedResults.Problem(statusCode: 400, title: Text.Get("年度应在 2000 到 2100 之间"));
                return TypedResults.Ok(await training.HoursByPersonAsync(user.EnterpriseId()!.Value, year ?? clock.Today.Year, ct));
            })
            .RequirePermission(TrainingPermissions.Register).WithSummary("培训学时 / The enterprise's staff: sessions attended, hours and certificates in a year");

        group.MapPost("/sessions/{id:guid}/materials", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, HttpRequest http, ClaimsPrincipal user, TrainingCommands training, CancellationToken ct) =>
            {
                // The form is read here, after authorization: a caller without the permission never gets this far.
                if (!http.HasFormContentType || (await http.ReadFormAsync(ct)).Files.GetFile("file") is not { Length: > 0 } file)
                    return TypedResults.Problem(statusCode: 400, title: Text.Get("请以 multipart/form-data 上传文件（file）"));
                await using var content = file.OpenReadStream();
                return (await training.AttachMaterialAsync(user, id, content, file.FileName, ct)).ToNoContent();
            })
            .RequirePermission(TrainingPermissions.Organize).DisableAntiforgery().RequireAntiforgeryForCookies().WithSummary("上传培训材料 / A material of the session (slides, texts, handouts)");

        // A session's material, for the member units and the enterprises (a browser downloads it).
        app.MapGet("/training/{id:guid}/materials/{fileId:guid}", async Task<Results<FileStreamHttpResult, ProblemHttpResult>> (Guid id, Guid fileId, AppDbContext db, FileStore files, CancellationToken ct) =>
            {
                var material = await db.TrainingMaterials.AsNoTracking().SingleOrDefaultAsync(m => m.Id == fileId && m.SessionId == id, ct);
                if (material is null || !files.Exists(material.Sha256)) return TypedResults.Problem(statusCode: 404, title: Text.Get("文件不存在"));
                return TypedResults.File(files.OpenRead(material.Sha256), material.ContentType, material.FileName);
            })
            .RequirePermission(TrainingPermissions.Read).ExcludeFromDescription();

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

    public static CertificateVerification Public(CertificateFacts c, ZoneClock clock) =>
        new(c.Number, c.ParticipantName, c.Enterprise, c.SessionTitle, c.Topic, c.Organizer, DateOnly.FromDateTime(clock.ToZoneTime(c.StartsAt).DateTime), c.Hours, c.Score,
            DateOnly.FromDateTime(clock.ToZoneTime(c.IssuedAt).DateTime));

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: 404, title: Text.Get("培训不存在"));
}
