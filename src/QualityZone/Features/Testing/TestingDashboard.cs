using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using QualityZone.Features.Commitments;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Testing;

public sealed record TurnaroundRow(string ProductType, int Issued, double MedianDays, double P90Days, int Late);

public sealed record PassRateRow(Guid? EnterpriseId, string Label, int Reports, int Failed)
{
    public decimal Rate => Reports == 0 ? 0 : Math.Round(100m * (Reports - Failed) / Reports, 1);
}

public sealed record WorkloadRow(string Tester, int Results, int Reviews);

/// <summary>The office's view of supervision sampling: how much of the zone was sampled in twelve months and how much failed.</summary>
public sealed record SamplingCoverage(int ZoneEnterprises, int Sampled, int Reports, int Failed)
{
    public decimal Share => ZoneEnterprises == 0 ? 0 : Math.Round(100m * Sampled / ZoneEnterprises, 1);
}

/// <summary>What an enterprise's commissions of the year cost, and what the subsidy paid.</summary>
public sealed record Spending(int Requests, int Reports, decimal Fee, decimal Subsidy, decimal Paid);

/// <summary>The figures of the last twelve months on the testing desk (computed together, cached briefly).</summary>
public sealed record YearFigures(IReadOnlyList<TurnaroundRow> Turnaround, IReadOnlyList<PassRateRow> PassRates, IReadOnlyList<PassRateRow> FailingEnterprises,
    IReadOnlyList<WorkloadRow> Workload, SamplingCoverage? Coverage, DateTimeOffset ComputedAt);

/// <summary>
/// The figures of the testing service over the last twelve months (task 17): turnaround by product type
/// (the package requested) with the median and 90th percentile, pass rates by product type and by
/// enterprise, each tester's results and reviews; for the office the sampling coverage of the zone; for
/// an enterprise its spending. The year's reports are read once (one row each) and counted in memory;
/// the result is kept for a minute per viewer scope and language, as twelve months' figures do not turn
/// on a single request (at 100,000 requests they take a few hundred milliseconds, docs/benchmarks.md).
/// </summary>
public sealed class TestingDashboard(AppDbContext db, ZoneClock clock, IMemoryCache cache)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    public DateTimeOffset Since => new(clock.Today.AddYears(-1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <param name="scope">Who reads: an enterprise's id, or "all" for the member units (with the enterprise filter, if any).</param>
    public async Task<YearFigures> YearAsync(IQueryable<TestRequest> visible, string scope, bool workload, bool coverage, CancellationToken ct) =>
        (await cache.GetOrCreateAsync($"testing-desk:{scope}:{workload}:{coverage}:{System.Globalization.CultureInfo.CurrentUICulture.Name}", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            return await ComputeYearAsync(visible, workload, coverage, ct);
        }))!;

    private async Task<YearFigures> ComputeYearAsync(IQueryable<TestRequest> visible, bool workload, bool coverage, CancellationToken ct)
    {
        var since = Since;
        var packages = (await db.TestPackages.AsNoTracking().ToListAsync(ct)).ToDictionary(p => p.Code, p => p.Name);
        var issued = await visible.Where(r => r.IssuedAt >= since)
            .Select(r => new { r.PackageCode, r.EnterpriseId, r.RequestedAt, IssuedAt = r.IssuedAt!.Value, r.DueOn, r.ReportFailed, Withdrawn = r.WithdrawnAt != null, r.ReviewedBy })
            .ToListAsync(ct);
        var turnaround = issued.GroupBy(r => r.PackageCode).Select(g =>
        {
            var days = g.Select(r => (r.IssuedAt - r.RequestedAt).TotalDays).Order().ToList();
            var late = g.Count(r => DateOnly.FromDateTime(clock.ToZoneTime(r.IssuedAt).DateTime) > r.DueOn);
            return new TurnaroundRow(ProductType(g.Key, packages), days.Count, Percentile(days, 0.5), Percentile(days, 0.9), late);
        }).OrderByDescending(r => r.Issued).ToList();
        // Pass rates count valid reports: a withdrawn one does not count.
        var valid = issued.Where(r => !r.Withdrawn).ToList();
        var passRates = valid.GroupBy(r => r.PackageCode).Select(g => new PassRateRow(null, ProductType(g.Key, packages), g.Count(), g.Count(r => r.ReportFailed)))
            .OrderByDescending(r => r.Reports).ToList();
        var failing = valid.GroupBy(r => r.EnterpriseId).Select(g => new { g.Key, Count = g.Count(), Failed = g.Count(r => r.ReportFailed) })
            .Where(g => g.Failed > 0).OrderByDescending(g => g.Failed).ThenByDescending(g => g.Count).Take(10).ToList();
        var ids = failing.Select(f => f.Key).ToList();
        var names = await db.Enterprises.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => Text.Pick(e.NameZh, e.NameEn), ct);
        var failingRows = failing.Select(f => new PassRateRow(f.Key, names.GetValueOrDefault(f.Key, ""), f.Count, f.Failed)).ToList();

        var workloadRows = new List<WorkloadRow>();
        if (workload)
        {
            var results = await db.TestResults.AsNoTracking().Where(r => r.EnteredAt >= since).GroupBy(r => r.Operator)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            var reviews = issued.Where(r => r.ReviewedBy != null).GroupBy(r => r.ReviewedBy!).ToDictionary(g => g.Key, g => g.Count());
            workloadRows = results.Keys.Union(reviews.Keys).Select(t => new WorkloadRow(t, results.GetValueOrDefault(t), reviews.GetValueOrDefault(t)))
                .OrderByDescending(w => w.Results + w.Reviews).ToList();
        }
        return new YearFigures(turnaround, passRates, failingRows, workloadRows, coverage ? await CoverageAsync(ct) : null, DateTimeOffset.UtcNow);
    }

    /// <summary>The value below which the given share of the sorted values lie (nearest rank).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double share) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(sorted.Count * share) - 1, 0, sorted.Count - 1)];

    private async Task<SamplingCoverage> CoverageAsync(CancellationToken ct)
    {
        var since = Since;
        var zone = await db.Enterprises.AsNoTracking().CountAsync(e => CommitmentService.InZone.Contains(e.State), ct);
        var sampling = db.TestRequests.AsNoTracking().Where(r => r.Kind == RequestKind.Supervision && r.RequestedAt >= since && r.State != RequestState.Cancelled);
        var sampled = await sampling.Select(r => r.EnterpriseId).Distinct().CountAsync(ct);
        var reports = await sampling.Where(r => r.IssuedAt != null && r.WithdrawnAt == null)
            .GroupBy(_ => 1).Select(g => new { Count = g.Count(), Failed = g.Count(r => r.ReportFailed) }).SingleOrDefaultAsync(ct);
        return new SamplingCoverage(zone, sampled, reports?.Count ?? 0, reports?.Failed ?? 0);
    }

    /// <summary>An enterprise's commissions of the calendar year (not cancelled, sample not refused): fees, subsidy, what it paid.</summary>
    public async Task<Spending> SpendingAsync(Guid enterpriseId, CancellationToken ct)
    {
        var (from, to) = (new DateTimeOffset(clock.Today.Year, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(clock.Today.Year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var sums = await db.TestRequests.AsNoTracking().Where(r => r.EnterpriseId == enterpriseId && r.Kind == RequestKind.Commission && r.RequestedAt >= from && r.RequestedAt < to
                && r.State != RequestState.Cancelled && r.State != RequestState.SampleRefused)
            .GroupBy(_ => 1).Select(g => new { Count = g.Count(), Reports = g.Count(r => r.IssuedAt != null), Fee = g.Sum(r => r.Fee), Subsidy = g.Sum(r => r.Subsidy), Paid = g.Sum(r => r.EnterpriseShare) })
            .SingleOrDefaultAsync(ct);
        return sums is null ? new Spending(0, 0, 0, 0, 0) : new Spending(sums.Count, sums.Reports, sums.Fee, sums.Subsidy, sums.Paid);
    }

    private static string ProductType(string? package, IReadOnlyDictionary<string, string> packages) =>
        package is null ? Text.Get("单项委托") : packages.GetValueOrDefault(package, package);
}
