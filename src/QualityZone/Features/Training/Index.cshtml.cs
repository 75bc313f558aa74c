using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Training;

/// <summary>
/// <c>/training</c>: the sessions, upcoming first then past, with seats taken and attendance; task 18's
/// yardstick (sessions held this year against at least two); an enterprise its own registrations and
/// training hours of the year.
/// </summary>
[RequirePermission(TrainingPermissions.Read)]
public sealed class IndexModel(TrainingCommands training, ZoneClock clock, TimeProvider time) : PageModel
{
    public sealed record Row(Guid Id, string Title, TrainingTopic Topic, string Trainer, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Place, bool Online, int Capacity,
        int Registered, int Waitlisted, int Attended, int Mine, bool Cancelled);

    public List<Row> Upcoming { get; private set; } = [];
    public List<Row> Past { get; private set; } = [];
    public int HeldThisYear { get; private set; }
    public double? MyHours { get; private set; }
    public List<PersonHours> People { get; private set; } = [];
    public int Year => clock.Today.Year;
    public bool Organizes => PermissionCatalog.IsGranted(User, TrainingPermissions.Organize);
    public string Format(DateTimeOffset at) => clock.Format(at);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var own = User.EnterpriseId();
        var mine = training.Registrations(User);
        IQueryable<Row> Rows(IQueryable<TrainingSession> sessions) => sessions.Select(s => new Row(s.Id, s.Title, s.Topic, s.Trainer, s.StartsAt, s.EndsAt, s.Place, s.OnlineLink != null,
            s.Capacity, training.AllRegistrations.Count(r => r.SessionId == s.Id && r.State == RegistrationState.Registered),
            training.AllRegistrations.Count(r => r.SessionId == s.Id && r.State == RegistrationState.Waitlisted),
            training.AllRegistrations.Count(r => r.SessionId == s.Id && r.AttendedAt != null),
            own == null ? 0 : mine.Count(r => r.SessionId == s.Id && r.State != RegistrationState.Cancelled), s.CancelledAt != null));
        Upcoming = await Rows(training.Sessions.Where(s => s.EndsAt >= now).OrderBy(s => s.StartsAt)).ToListAsync(ct);
        Past = await Rows(training.Sessions.Where(s => s.EndsAt < now).OrderByDescending(s => s.StartsAt).Take(100)).ToListAsync(ct);
        HeldThisYear = (await training.HeldAsync(ct)).Count(s => clock.ToZoneTime(s.StartsAt).Year == Year);
        if (own is { } enterprise)
        {
            MyHours = (await training.HoursByEnterpriseAsync(Year, ct)).GetValueOrDefault(enterprise);
            People = await training.HoursByPersonAsync(enterprise, Year, ct);
        }
    }
}
