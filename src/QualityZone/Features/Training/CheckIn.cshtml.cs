using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Training;

/// <summary>
/// <c>/training/{id}/check-in?code=…</c>: what a participant's phone opens from the venue's QR code — the
/// enterprise's registered staff for the session, each checked in with one tap.
/// </summary>
[RequirePermission(TrainingPermissions.Register)]
public sealed class CheckInModel(TrainingCommands training, AppDbContext db, ZoneClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    public TrainingSession Session { get; private set; } = null!;
    public List<AttendanceRow> Mine { get; private set; } = [];
    public string? Error { get; private set; }
    public string Format(DateTimeOffset? at) => clock.Format(at);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, Guid registration, CancellationToken ct)
    {
        var result = await training.CheckInAsync(User, id, Code, registration, ct);
        if (result.Succeeded) return Redirect($"/training/{id}/check-in?code={Uri.EscapeDataString(Code ?? "")}");
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
        Mine = (await training.AttendanceAsync(User, id, ct)).Where(r => r.State == RegistrationState.Registered).ToList();
        return true;
    }
}
