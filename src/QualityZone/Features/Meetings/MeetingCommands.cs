using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Features.Notifications;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Meetings;

public sealed record MeetingInput(string? Title, DateTimeOffset? ScheduledAt, string? Location, string? Agenda, IReadOnlyList<Guid> Invited);

public sealed record AttendanceInput(Guid DepartmentId, bool Attended, string? Representative);

public sealed record ResolutionInput(string? Title, string? Description, Guid? OwnerDepartmentId, Guid? EnterpriseId, DateOnly? DueOn);

/// <summary>Schedules meetings, records who came and what was said, and turns resolutions into tracked actions.</summary>
public sealed class MeetingCommands(AppDbContext db, ActionCommands actions, NotificationService notifications, ZoneClock clock, TimeProvider time)
{
    public async Task<(CommandResult Result, Guid? Id)> SaveAsync(ClaimsPrincipal user, Guid? id, MeetingInput input, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Length > 200) return (CommandResult.Invalid(Text.Get("请填写会议名称（不超过 200 字）")), null);
        if (input.ScheduledAt is not { } at) return (CommandResult.Invalid(Text.Get("请填写会议时间")), null);
        var invited = input.Invited.Distinct().ToList();
        if (invited.Count < 2) return (CommandResult.Invalid(Text.Get("联席会议应邀请两个以上成员单位")), null);
        if (await db.Departments.CountAsync(d => invited.Contains(d.Id), ct) != invited.Count) return (CommandResult.Invalid(Text.Get("部门不存在")), null);
        JointMeeting meeting;
        if (id is { } existing)
        {
            var found = await db.JointMeetings.Include(m => m.Attendees).SingleOrDefaultAsync(m => m.Id == existing, ct);
            if (found is null) return (CommandResult.NotFound(Text.Get("会议不存在")), null);
            meeting = found;
            meeting.Attendees.RemoveAll(a => !invited.Contains(a.DepartmentId));
            meeting.Version++;
        }
        else db.JointMeetings.Add(meeting = new JointMeeting { Title = "", CreatedBy = user.DisplayName(), CreatedAt = time.GetUtcNow() });
        meeting.Title = input.Title.Trim();
        meeting.ScheduledAt = at;
        meeting.Location = input.Location?.Trim();
        meeting.Agenda = input.Agenda?.Trim();
        var added = invited.Where(d => meeting.Attendees.All(a => a.DepartmentId != d)).ToList();
        meeting.Attendees.AddRange(added.Select(d => new MeetingAttendee { MeetingId = meeting.Id, DepartmentId = d }));
        foreach (var department in added)
            await notifications.NotifyDepartmentAsync(department, Msg.Of("联席会议通知：{0}", meeting.Title), Msg.Of("时间 {0}，地点 {1}", clock.Format(at), meeting.Location ?? "—").Store(), $"/meetings/{meeting.Id}", ct);
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, meeting.Id);
    }

    /// <summary>Records the meeting as held: attendance and minutes. A meeting is held only once its time has come.</summary>
    public async Task<CommandResult> RecordAsync(Guid id, IReadOnlyList<AttendanceInput> attendance, string? minutes, CancellationToken ct)
    {
        var meeting = await db.JointMeetings.Include(m => m.Attendees).SingleOrDefaultAsync(m => m.Id == id, ct);
        if (meeting is null) return CommandResult.NotFound(Text.Get("会议不存在"));
        if (meeting.ScheduledAt > time.GetUtcNow()) return CommandResult.Invalid(Text.Get("会议尚未召开，不能记录会议纪要"));
        if (string.IsNullOrWhiteSpace(minutes)) return CommandResult.Invalid(Text.Get("请填写会议纪要"));
        if (!attendance.Any(a => a.Attended)) return CommandResult.Invalid(Text.Get("请记录出席单位"));
        foreach (var attendee in meeting.Attendees)
        {
            var input = attendance.FirstOrDefault(a => a.DepartmentId == attendee.DepartmentId);
            attendee.Attended = input?.Attended ?? false;
            attendee.Representative = string.IsNullOrWhiteSpace(input?.Representative) ? null : input.Representative.Trim();
        }
        meeting.Minutes = minutes.Trim();
        meeting.State = MeetingState.Held;
        meeting.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>A resolution (会议决议) becomes an action of source Meeting, owned by a department, due by a date.</summary>
    public async Task<CommandResult> AddResolutionAsync(ClaimsPrincipal user, Guid id, ResolutionInput input, CancellationToken ct)
    {
        var meeting = await db.JointMeetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
        if (meeting is null) return CommandResult.NotFound(Text.Get("会议不存在"));
        if (meeting.State != MeetingState.Held) return CommandResult.Invalid(Text.Get("会议召开并记录纪要后才能登记决议"));
        if (input.OwnerDepartmentId is null) return CommandResult.Invalid(Text.Get("请选择责任部门"));
        var action = new ActionInput(ActionSource.Meeting, meeting.Title, input.EnterpriseId, input.OwnerDepartmentId, input.Title, input.Description, ActionSeverity.Major, input.DueOn);
        if (actions.Validate(action) is { } error) return CommandResult.Invalid(error);
        if (!await db.Departments.AnyAsync(d => d.Id == input.OwnerDepartmentId, ct)) return CommandResult.Invalid(Text.Get("部门不存在"));
        var created = await actions.NewAsync(action, user.DisplayName(), ct, meetingId: id);
        await actions.NotifyAssignedAsync([created], ct);
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>Resolutions of earlier meetings still open, or closed since the previous meeting: what the next meeting reviews.</summary>
    public async Task<List<CorrectiveAction>> CarriedOverAsync(JointMeeting meeting, CancellationToken ct)
    {
        var earlier = await db.JointMeetings.AsNoTracking().Where(m => m.ScheduledAt < meeting.ScheduledAt).Select(m => m.Id).ToListAsync(ct);
        var previous = await db.JointMeetings.AsNoTracking().Where(m => m.ScheduledAt < meeting.ScheduledAt).OrderByDescending(m => m.ScheduledAt).Select(m => (DateTimeOffset?)m.ScheduledAt).FirstOrDefaultAsync(ct);
        var items = await db.CorrectiveActions.AsNoTracking().Where(a => a.MeetingId != null && earlier.Contains(a.MeetingId.Value)).ToListAsync(ct);
        return items.Where(a => a.IsOpen || (a.ClosedAt is { } closed && previous is { } since && closed >= since)).OrderBy(a => a.DueOn).ToList();
    }
}
