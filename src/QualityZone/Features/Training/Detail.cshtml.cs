using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Training;

/// <summary>
/// <c>/training/{id}</c>: one session. An enterprise registers its staff (one per line, "name position")
/// and withdraws them; the organizer shows the venue's check-in code, sees the list with the waiting list
/// and marks who was present.
/// </summary>
[RequirePermission(TrainingPermissions.Read)]
public sealed class DetailModel(TrainingCommands training, TrainingAssessment assessment, TrainingCertificates certificates, TrainingInvitations invitations, AppDbContext db,
    ZoneClock clock, TimeProvider time) : PageModel
{
    public TrainingSession Session { get; private set; } = null!;
    public string Organizer { get; private set; } = "";
    public List<AttendanceRow> Rows { get; private set; } = [];
    public int Registered { get; private set; }
    public int Waitlisted { get; private set; }
    public int QuestionCount { get; private set; }
    public int Invited { get; private set; }
    public TrainingInvitation? Invitation { get; private set; }
    public FeedbackSummary? Feedback { get; private set; }
    public List<TrainingMaterial> Materials { get; private set; } = [];
    public bool Organizes => PermissionCatalog.IsGranted(User, TrainingPermissions.Organize);
    public bool Registers => PermissionCatalog.IsGranted(User, TrainingPermissions.Register);
    public bool Open => Session.CancelledAt is null && time.GetUtcNow() < Session.StartsAt;
    public bool CheckInOpen => Session.CheckInOpen(time.GetUtcNow());
    /// <summary>The session is over: the venue's code is no longer shown.</summary>
    public bool Ended => time.GetUtcNow() > Session.EndsAt;
    public string? Error { get; private set; }
    public string? Done { get; private set; }
    public string Format(DateTimeOffset? at) => clock.Format(at);

    public async Task<IActionResult> OnGetAsync(Guid id, string? done, int? issued, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Done = done switch { null => null, "certificates" => Text.Format("已颁发 {0} 份证书", issued ?? 0), _ => Text.Get("已保存") };
        return Page();
    }

    /// <summary>The registration form: one participant per line, the name then (after a space) the position.</summary>
    public Task<IActionResult> OnPostRegisterAsync(Guid id, string? participants, CancellationToken ct) =>
        RunAsync(id, () => training.RegisterAsync(User, id, (participants ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split([' ', '\t', '　'], 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(parts => new Participant(parts.ElementAtOrDefault(0), parts.ElementAtOrDefault(1))).ToList(), ct), ct);

    public Task<IActionResult> OnPostCancelAsync(Guid id, Guid registration, CancellationToken ct) =>
        RunAsync(id, () => training.CancelRegistrationAsync(User, registration, ct), ct);

    public Task<IActionResult> OnPostAttendanceAsync(Guid id, List<Guid> present, CancellationToken ct) =>
        Organizes ? RunAsync(id, () => training.MarkAttendanceAsync(id, present, ct), ct) : Task.FromResult<IActionResult>(StatusCode(StatusCodes.Status403Forbidden));

    public async Task<IActionResult> OnPostMaterialAsync(Guid id, IFormFile? file, CancellationToken ct)
    {
        if (!Organizes) return StatusCode(StatusCodes.Status403Forbidden);
        if (file is not { Length: > 0 }) return await RunAsync(id, () => Task.FromResult(CommandResult.Invalid(Text.Get("请选择文件"))), ct);
        await using var content = file.OpenReadStream();
        return await RunAsync(id, () => training.AttachMaterialAsync(User, id, content, file.FileName, ct), ct);
    }

    /// <summary>Certificates to every participant who attended and passed and has none yet.</summary>
    public async Task<IActionResult> OnPostCertificatesAsync(Guid id, CancellationToken ct)
    {
        if (!Organizes) return StatusCode(StatusCodes.Status403Forbidden);
        var issued = 0;
        var response = await RunAsync(id, async () => { var (result, count) = await certificates.IssueAsync(id, null, ct); issued = count; return result; }, ct);
        return response is RedirectResult ? Redirect($"/training/{id}?done=certificates&issued={issued}") : response;
    }

    private async Task<IActionResult> RunAsync(Guid id, Func<Task<CommandResult>> command, CancellationToken ct)
    {
        var result = await command();
        if (result.Succeeded) return Redirect($"/training/{id}?done=1");
        db.ChangeTracker.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await training.Sessions.SingleOrDefaultAsync(s => s.Id == id, ct) is not { } session) return false;
        Session = session;
        Organizer = await db.Departments.AsNoTracking().Where(d => d.Id == session.OrganizerDepartmentId).Select(d => Text.Pick(d.NameZh, d.NameEn)).SingleOrDefaultAsync(ct) ?? "";
        Rows = (await training.AttendanceAsync(User, id, ct)).OrderBy(r => r.State).ToList();
        Registered = await training.AllRegistrations.CountAsync(r => r.SessionId == id && r.State == RegistrationState.Registered, ct);
        Waitlisted = await training.AllRegistrations.CountAsync(r => r.SessionId == id && r.State == RegistrationState.Waitlisted, ct);
        QuestionCount = (await assessment.QuestionsAsync(id, ct)).Count;
        Materials = await training.MaterialsAsync(id, ct);
        if (Organizes)
        {
            Feedback = await assessment.FeedbackAsync(id, ct);
            Invited = await db.TrainingInvitations.CountAsync(i => i.SessionId == id, ct);
        }
        else Invitation = await invitations.OwnAsync(User, id, ct);
        return true;
    }
}
