using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Meetings;

/// <summary><c>/meetings</c>: the joint meetings, upcoming first, with how many resolutions each left open.</summary>
[RequirePermission(MeetingsPermissions.View)]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public sealed record Row(JointMeeting Meeting, int Invited, int Attended, int Resolutions, int Open);
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    public Infrastructure.Web.Paged<Row> Meetings { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Meetings = await Infrastructure.Web.Paged<Row>.CreateAsync(db.JointMeetings.AsNoTracking().OrderByDescending(m => m.ScheduledAt)
            .Select(m => new Row(m, m.Attendees.Count, m.Attendees.Count(a => a.Attended),
                db.CorrectiveActions.Count(a => a.MeetingId == m.Id),
                db.CorrectiveActions.Count(a => a.MeetingId == m.Id && a.State != ActionState.Closed && a.State != ActionState.Cancelled))), PageNumber, 50, ct);
    }

    public static string Link(int page) => $"/meetings?page={page}";
}
