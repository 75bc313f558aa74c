using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Departments;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Meetings;

/// <summary><c>/meetings/edit/{id?}</c>: schedule a meeting or change it: time, place, agenda, member units invited.</summary>
[RequirePermission(MeetingsPermissions.Manage)]
public sealed class EditModel(AppDbContext db, MeetingCommands commands, ZoneClock clock) : PageModel
{
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public DateTime? ScheduledAt { get; set; }
    [BindProperty] public string? Location { get; set; }
    [BindProperty] public string? Agenda { get; set; }
    [BindProperty] public List<Guid> Invited { get; set; } = [];
    public List<(Guid Id, string Name)> Departments { get; private set; } = [];
    public Guid? Id { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        if (id is { } existing)
        {
            var meeting = await db.JointMeetings.AsNoTracking().Include(m => m.Attendees).SingleOrDefaultAsync(m => m.Id == existing, ct);
            if (meeting is null) return NotFound();
            (Title, ScheduledAt, Location, Agenda) = (meeting.Title, clock.ToZoneTime(meeting.ScheduledAt).DateTime, meeting.Location, meeting.Agenda);
            Invited = meeting.Attendees.Select(a => a.DepartmentId).ToList();
        }
        Departments = await DepartmentChoices.DepartmentsAsync(db, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        // The form's time is the zone's local time (Asia/Shanghai).
        DateTimeOffset? at = ScheduledAt is { } local ? new DateTimeOffset(local, clock.ToZoneTime(DateTimeOffset.UtcNow).Offset) : null;
        var (result, savedId) = await commands.SaveAsync(User, id, new MeetingInput(Title, at, Location, Agenda, Invited), ct);
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Succeeded) return Redirect($"/meetings/{savedId}");
        Error = result.Error;
        Departments = await DepartmentChoices.DepartmentsAsync(db, ct);
        return Page();
    }
}
