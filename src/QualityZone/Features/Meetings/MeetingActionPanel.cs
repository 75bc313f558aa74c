using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Meetings;

/// <summary>An action that is a meeting's resolution links to the meeting.</summary>
public sealed class MeetingActionPanel(AppDbContext db) : IActionPanel
{
    public int Order => 10;

    public async Task<ActionPanel?> LoadAsync(CorrectiveAction action, string? enterpriseName, ClaimsPrincipal user, CancellationToken ct) =>
        action.MeetingId is { } id && await db.JointMeetings.AsNoTracking().Where(m => m.Id == id).Select(m => m.Title).SingleOrDefaultAsync(ct) is { } title
            ? new ActionPanel(title, $"/meetings/{id}")
            : null;
}
