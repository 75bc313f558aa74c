using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Departments;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Meetings;

/// <summary><c>/meetings/{id}</c>: agenda, attendance and minutes, this meeting's resolutions, and what earlier meetings left open.</summary>
[RequirePermission(MeetingsPermissions.View)]
public sealed class DetailModel(AppDbContext db, MeetingCommands commands, ZoneClock clock) : PageModel
{
    public JointMeeting Meeting { get; private set; } = null!;
    public Dictionary<Guid, string> DepartmentNames { get; private set; } = [];
    public List<(Guid Id, string Name)> Departments { get; private set; } = [];
    public List<(Guid Id, string Name)> Enterprises { get; private set; } = [];
    public List<CorrectiveAction> Resolutions { get; private set; } = [];
    public List<CorrectiveAction> CarriedOver { get; private set; } = [];
    public string? Error { get; private set; }
    public DateOnly Today => clock.Today;
    public bool CanManage => PermissionCatalog.IsGranted(User, MeetingsPermissions.Manage);
    public bool HasStarted => Meeting.ScheduledAt <= DateTimeOffset.UtcNow;
    public string Format(DateTimeOffset instant) => clock.Format(instant);

    [BindProperty] public List<Guid> Attended { get; set; } = [];
    [BindProperty] public Dictionary<Guid, string?> Representatives { get; set; } = [];
    [BindProperty] public string? Minutes { get; set; }
    [BindProperty] public string? ResolutionTitle { get; set; }
    [BindProperty] public string? ResolutionDescription { get; set; }
    [BindProperty] public Guid? OwnerDepartment { get; set; }
    [BindProperty] public Guid? Enterprise { get; set; }
    [BindProperty] public DateOnly? DueOn { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRecordAsync(Guid id, CancellationToken ct)
    {
        if (!CanManage) return StatusCode(403);
        var attendance = Representatives.Keys.Union(Attended).Select(d => new AttendanceInput(d, Attended.Contains(d), Representatives.GetValueOrDefault(d))).ToList();
        return await DoneAsync(id, await commands.RecordAsync(id, attendance, Minutes, ct), ct);
    }

    public async Task<IActionResult> OnPostResolutionAsync(Guid id, CancellationToken ct)
    {
        if (!CanManage) return StatusCode(403);
        return await DoneAsync(id, await commands.AddResolutionAsync(User, id, new ResolutionInput(ResolutionTitle, ResolutionDescription, OwnerDepartment, Enterprise, DueOn), ct), ct);
    }

    private async Task<IActionResult> DoneAsync(Guid id, CommandResult result, CancellationToken ct)
    {
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Succeeded) return Redirect($"/meetings/{id}");
        db.ChangeTracker.Clear();
        var minutes = Minutes;
        await LoadAsync(id, ct);
        Minutes = minutes;
        Error = result.Error;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var meeting = await db.JointMeetings.AsNoTracking().Include(m => m.Attendees).SingleOrDefaultAsync(m => m.Id == id, ct);
        if (meeting is null) return false;
        Meeting = meeting;
        Minutes = meeting.Minutes;
        Departments = await DepartmentChoices.DepartmentsAsync(db, ct);
        DepartmentNames = Departments.ToDictionary(d => d.Id, d => d.Name);
        Enterprises = await EnterpriseQueries.ChoicesAsync(db, ct);
        Resolutions = await db.CorrectiveActions.AsNoTracking().Where(a => a.MeetingId == id).OrderBy(a => a.Number).ToListAsync(ct);
        CarriedOver = await commands.CarriedOverAsync(meeting, ct);
        DueOn ??= clock.Today.AddDays(30);
        return true;
    }
}
