using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Training;

/// <summary><c>/training/edit/{id?}</c>: an organizer publishes or changes a session (times in zone time).</summary>
[RequirePermission(TrainingPermissions.Organize)]
public sealed class EditModel(TrainingCommands training, AppDbContext db, ZoneClock clock) : PageModel
{
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public TrainingTopic Topic { get; set; }
    [BindProperty] public string? Trainer { get; set; }
    [BindProperty] public DateTime? StartsAt { get; set; }
    [BindProperty] public DateTime? EndsAt { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public string? OnlineLink { get; set; }
    [BindProperty] public int Capacity { get; set; } = 60;
    [BindProperty] public int QuotaPerEnterprise { get; set; } = 3;
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public bool Public { get; set; }
    public Guid? Id { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        if (id is null) return Page();
        var s = await training.Sessions.SingleOrDefaultAsync(x => x.Id == id, ct);
        if (s is null) return NotFound();
        (Title, Topic, Trainer, StartsAt, EndsAt, Place, OnlineLink, Capacity, QuotaPerEnterprise, Description, Public) =
            (s.Title, s.Topic, s.Trainer, clock.ToZoneTime(s.StartsAt).DateTime, clock.ToZoneTime(s.EndsAt).DateTime, s.Place, s.OnlineLink, s.Capacity, s.QuotaPerEnterprise, s.Description, s.Public);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        var input = new SessionInput(Title, Topic, Trainer, Zone(StartsAt), Zone(EndsAt), Place, OnlineLink, Capacity, QuotaPerEnterprise, Description, Public);
        var (result, saved) = await training.SaveAsync(User, id, input, ct);
        if (result.Succeeded) return Redirect($"/training/{saved}");
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        db.ChangeTracker.Clear();
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    /// <summary>A time typed in the form is the zone's local time.</summary>
    private DateTimeOffset? Zone(DateTime? local) => local is { } value ? clock.StartOf(DateOnly.FromDateTime(value)).Add(value.TimeOfDay) : null;
}
