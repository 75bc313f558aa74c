using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Testing;

/// <summary>
/// <c>/testing</c>: the requests (an enterprise its own), 50 a page, with the backlog by state and the
/// figures of the last twelve months for whoever reads them — the center its turnaround by product type,
/// pass rates and each tester's workload; the office the sampling coverage of the zone and the subsidy
/// budget; an enterprise what its tests cost this year.
/// </summary>
[RequirePermission(TestingPermissions.Read)]
public sealed class IndexModel(AppDbContext db, TestingCommands commands, TestingDashboard dashboard, ZoneClock clock) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(Guid Id, string Number, string Enterprise, RequestKind Kind, string ProductName, RequestState State, DateOnly DueOn, decimal Fee, decimal EnterpriseShare,
        string? ReportNumber, bool Withdrawn, bool? Passed);

    public Paged<Row> Rows { get; private set; } = null!;
    public Dictionary<RequestState, int> Backlog { get; private set; } = [];
    public YearFigures Year { get; private set; } = null!;
    public IReadOnlyList<TurnaroundRow> Turnaround => Year.Turnaround;
    public IReadOnlyList<PassRateRow> PassRates => Year.PassRates;
    public IReadOnlyList<PassRateRow> FailingEnterprises => IsEnterprise ? [] : Year.FailingEnterprises;
    public IReadOnlyList<WorkloadRow> Workload => Year.Workload;
    public SamplingCoverage? Coverage => Year.Coverage;
    public Spending? Spending { get; private set; }
    public int LateOpen { get; private set; }
    public SubsidyRule? Rule { get; private set; }
    public decimal Committed { get; private set; }
    public RequestState? State { get; private set; }
    public Guid? Enterprise { get; private set; }
    public DateOnly Today => clock.Today;
    public string Computed => clock.Format(Year.ComputedAt, "HH:mm:ss");
    public bool CanRequest => PermissionCatalog.IsGranted(User, TestingPermissions.Request) || PermissionCatalog.IsGranted(User, TestingPermissions.Order);
    public bool SeesSubsidy => PermissionCatalog.IsGranted(User, TestingPermissions.Subsidy);
    public bool Operates => PermissionCatalog.IsGranted(User, TestingPermissions.Operate);
    public bool IsEnterprise => User.EnterpriseId() is not null;

    /// <summary>All issued reports of the twelve months and their overall pass rate (from the rows by product type).</summary>
    public int Issued => PassRates.Sum(r => r.Reports);
    public decimal? PassRate => Issued == 0 ? null : Math.Round(100m * (Issued - PassRates.Sum(r => r.Failed)) / Issued, 1);

    public async Task OnGetAsync(RequestState? state, Guid? enterprise, int page = 1, CancellationToken ct = default)
    {
        (State, Enterprise) = (state, enterprise);
        var visible = commands.Visible(User);
        // One enterprise's requests (the early warning and the enterprise page link here).
        if (enterprise is { } only) visible = visible.Where(r => r.EnterpriseId == only);
        Backlog = await visible.GroupBy(r => r.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        LateOpen = await visible.CountAsync(r => r.IssuedAt == null && r.State != RequestState.Cancelled && r.State != RequestState.SampleRefused && r.DueOn < clock.Today, ct);
        // The twelve months' figures: an enterprise its own; the member units the zone's (or one enterprise's), the center with the testers' workload.
        var scope = User.EnterpriseId()?.ToString() ?? "all" + (enterprise is { } filter ? ":" + filter : "");
        Year = await dashboard.YearAsync(visible, scope, workload: Operates && enterprise is null, coverage: !IsEnterprise && enterprise is null, ct);
        if (IsEnterprise) Spending = await dashboard.SpendingAsync(User.EnterpriseId()!.Value, ct);
        if (SeesSubsidy) (Rule, Committed) = await commands.BudgetAsync(clock.Today.Year, ct);

        var query = visible;
        if (state is { } s) query = query.Where(r => r.State == s);
        var rows = from r in query
                   join e in db.Enterprises.AsNoTracking() on r.EnterpriseId equals e.Id
                   orderby r.Number descending
                   select new Row(r.Id, r.Number, e.NameZh, r.Kind, r.ProductName, r.State, r.DueOn, r.Fee, r.EnterpriseShare, r.ReportNumber, r.WithdrawnAt != null,
                       r.IssuedAt == null ? null : !r.ReportFailed);
        Rows = await Paged<Row>.CreateAsync(rows, page, PageSize, ct, state is { } counted ? Backlog.GetValueOrDefault(counted) : Backlog.Values.Sum());
    }

    public string Link(int page)
    {
        var parts = new List<string>();
        if (State is { } s) parts.Add($"state={s}");
        if (Enterprise is { } e) parts.Add($"enterprise={e}");
        if (page > 1) parts.Add($"page={page}");
        return "/testing" + (parts.Count == 0 ? "" : "?" + string.Join("&", parts));
    }
}
