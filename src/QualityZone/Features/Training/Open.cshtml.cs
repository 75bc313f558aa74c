using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Training;

/// <summary>
/// <c>/training/open</c>: the portal's training calendar — the upcoming sessions open to the whole industry,
/// for anyone: what, when, where, who teaches and how many seats are left. Who registered is never shown.
/// </summary>
[RequirePermission(TrainingPermissions.Browse)]
public sealed class OpenModel(TrainingCommands training, ZoneClock clock, TimeProvider time) : PageModel
{
    public sealed record Row(Guid Id, string Title, TrainingTopic Topic, string Trainer, DateTimeOffset StartsAt, string? Place, bool Online, int Left);

    public List<Row> Rows { get; private set; } = [];
    public string Format(DateTimeOffset at) => clock.Format(at);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        Rows = await training.Sessions.Where(s => s.Public && s.CancelledAt == null && s.EndsAt >= now).OrderBy(s => s.StartsAt)
            .Select(s => new Row(s.Id, s.Title, s.Topic, s.Trainer, s.StartsAt, s.Place, s.OnlineLink != null,
                s.Capacity - training.AllRegistrations.Count(r => r.SessionId == s.Id && r.State == RegistrationState.Registered)))
            .ToListAsync(ct);
    }
}
