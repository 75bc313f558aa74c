using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Testing;

/// <summary>
/// <c>/testing</c>: the requests (an enterprise its own) with the backlog by state, turnaround and pass
/// rate; the subsidy budget used and left for the office.
/// </summary>
[RequirePermission(TestingPermissions.Read)]
public sealed class IndexModel(AppDbContext db, TestingCommands commands, ZoneClock clock) : PageModel
{
    public sealed record Row(Guid Id, string Number, string Enterprise, RequestKind Kind, string ProductName, RequestState State, DateOnly DueOn, decimal Fee, decimal EnterpriseShare,
        string? ReportNumber, bool Withdrawn, bool? Passed);

    public List<Row> Rows { get; private set; } = [];
    public Dictionary<RequestState, int> Backlog { get; private set; } = [];
    public double? MedianDays { get; private set; }
    public double? P90Days { get; private set; }
    public int Late { get; private set; }
    public decimal? PassRate { get; private set; }
    public SubsidyRule? Rule { get; private set; }
    public decimal Committed { get; private set; }
    public RequestState? State { get; private set; }
    public DateOnly Today => clock.Today;
    public bool CanRequest => PermissionCatalog.IsGranted(User, TestingPermissions.Request) || PermissionCatalog.IsGranted(User, TestingPermissions.Order);
    public bool SeesSubsidy => PermissionCatalog.IsGranted(User, TestingPermissions.Subsidy);

    public async Task OnGetAsync(RequestState? state, Guid? enterprise, CancellationToken ct)
    {
        State = state;
        var visible = commands.Visible(User);
        // One enterprise's requests (the early warning links here).
        if (enterprise is { } only) visible = visible.Where(r => r.EnterpriseId == only);
        Backlog = await visible.GroupBy(r => r.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        // Turnaround: from request to issue, in days, of the reports issued in the last twelve months.
        var since = new DateTimeOffset(clock.Today.AddYears(-1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var issued = await visible.Where(r => r.IssuedAt >= since).Select(r => new { r.RequestedAt, r.IssuedAt, r.DueOn }).ToListAsync(ct);
        var days = issued.Select(r => (r.IssuedAt!.Value - r.RequestedAt).TotalDays).Order().ToList();
        if (days.Count > 0) (MedianDays, P90Days) = (days[days.Count / 2], days[Math.Min(days.Count - 1, (int)Math.Ceiling(days.Count * 0.9) - 1)]);
        Late = issued.Count(r => DateOnly.FromDateTime(r.IssuedAt!.Value.ToOffset(TimeSpan.FromHours(8)).DateTime) > r.DueOn)
            + await visible.CountAsync(r => r.IssuedAt == null && r.State != RequestState.Cancelled && r.State != RequestState.SampleRefused && r.DueOn < clock.Today, ct);
        var reports = await visible.Where(r => r.IssuedAt != null).Select(r => r.Results.Any(x => !x.Superseded && x.Verdict == Verdict.Fail)).ToListAsync(ct);
        if (reports.Count > 0) PassRate = Math.Round(100m * reports.Count(f => !f) / reports.Count, 1);
        if (SeesSubsidy) (Rule, Committed) = await commands.BudgetAsync(clock.Today.Year, ct);

        var query = visible;
        if (state is { } s) query = query.Where(r => r.State == s);
        Rows = await (from r in query
                      join e in db.Enterprises.AsNoTracking() on r.EnterpriseId equals e.Id
                      orderby r.Number descending
                      select new Row(r.Id, r.Number, e.NameZh, r.Kind, r.ProductName, r.State, r.DueOn, r.Fee, r.EnterpriseShare, r.ReportNumber, r.WithdrawnAt != null,
                          r.IssuedAt == null ? null : !r.Results.Any(x => !x.Superseded && x.Verdict == Verdict.Fail))).Take(200).ToListAsync(ct);
    }
}
