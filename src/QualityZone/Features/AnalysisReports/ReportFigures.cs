using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Features.ExportArchives;
using QualityZone.Features.Portal;
using QualityZone.Features.Risks;
using QualityZone.Features.Testing;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.AnalysisReports;

/// <summary>A foreign notice of the period that matched the zone's exporters, and how they answered it.</summary>
public sealed record NoticeLine(Guid Id, string Title, NoticeType Type, string? Country, DateOnly? PublishedOn, int Enterprises, int Acknowledged, TbtCaseState? TbtState);

/// <summary>Findings of the period in one checklist section, and how many became corrective actions.</summary>
public sealed record FindingLine(string Category, int Findings, int WithAction);

/// <summary>Corrective actions opened in the period from one source, what became of them by today.</summary>
public sealed record ActionLine(ActionSource Source, int Opened, int Closed, int Open, int Overdue);

/// <summary>Enterprises at a risk level now, and the level changes that happened in the period.</summary>
public sealed record RiskLine(RiskLevel Level, int Enterprises);

/// <summary>The public testing service in the period (task 17): requests by kind, reports and failures, sampling coverage, subsidies granted.</summary>
public sealed record TestingLine(int Commissions, int Samplings, int Reports, int FailedReports, int SampledEnterprises, int SampledFailed, decimal Subsidy)
{
    public decimal PassRate => Reports == 0 ? 0 : Math.Round(100m * (Reports - FailedReports) / Reports, 1);
}

public sealed record PeriodFigures(
    ZoneSummary Summary, Totals SamePeriodLastYear, decimal SamePeriodLastYearConcentration,
    IReadOnlyList<NoticeLine> Notices, IReadOnlyList<FindingLine> Findings, IReadOnlyList<ActionLine> Actions,
    IReadOnlyList<RiskLine> RiskLevels, int RiskRaised, int RiskLowered, DateOnly Today, TestingLine Testing)
{
    /// <summary>Nothing was filed for the period: no export lines and no incidents.</summary>
    public bool Empty => Summary.Totals is { ValueUsd: 0, Batches: 0, Notifications: 0, Recalls: 0, Returns: 0 };

    /// <summary>A mode's share of the period's export value, in percent.</summary>
    public decimal ModeShare(ExportMode mode) =>
        Summary.Totals.ValueUsd == 0 ? 0 : Math.Round(100m * (Summary.ByMode.FirstOrDefault(m => m.Key == mode.ToString())?.ValueUsd ?? 0) / Summary.Totals.ValueUsd, 1);
}

/// <summary>
/// Everything the analysis report states in figures, computed from the platform for a period:
/// the export picture of the monthly returns (ZoneStatistics, for the period, the one before and the
/// same period a year earlier), the foreign notices that matched the zone's exporters, the inspection
/// findings and corrective actions, the early-warning levels, and the testing service's work.
/// </summary>
public sealed class ReportFigures(AppDbContext db, ZoneStatistics statistics, ZoneClock clock)
{
    public async Task<PeriodFigures> ComputeAsync(string from, string to, CancellationToken ct)
    {
        var filter = new StatisticsFilter(from, to);
        var summary = await statistics.SummaryAsync(filter, ct);
        var lastYear = await statistics.TotalsAsync(new StatisticsFilter(ShiftYear(from), ShiftYear(to)), ct);

        ExportReturn.TryParsePeriod(from, out var firstDay);
        ExportReturn.TryParsePeriod(to, out var lastMonth);
        var start = clock.StartOf(firstDay);
        var end = clock.StartOf(lastMonth.AddMonths(1));
        var endDay = lastMonth.AddMonths(1);

        var notices = await NoticesAsync(firstDay, endDay, ct);

        var findings = await (from f in db.InspectionFindings.AsNoTracking()
                              where f.CreatedAt >= start && f.CreatedAt < end
                              join a in db.InspectionAnswers.AsNoTracking() on f.AnswerId equals a.Id into answers
                              from a in answers.DefaultIfEmpty()
                              select new { Section = a == null ? null : a.Section, HasAction = f.ActionId != null }).ToListAsync(ct);
        var findingLines = findings.GroupBy(f => f.Section ?? Text.Get("其他"))
            .Select(g => new FindingLine(g.Key, g.Count(), g.Count(f => f.HasAction)))
            .OrderByDescending(f => f.Findings).ThenBy(f => f.Category, StringComparer.Ordinal).ToList();

        var today = clock.Today;
        var actions = await db.CorrectiveActions.AsNoTracking().Where(a => a.CreatedAt >= start && a.CreatedAt < end)
            .Select(a => new { a.Source, a.State, a.DueOn }).ToListAsync(ct);
        var actionLines = actions.GroupBy(a => a.Source).OrderBy(g => g.Key)
            .Select(g => new ActionLine(g.Key, g.Count(), g.Count(a => a.State == ActionState.Closed),
                g.Count(a => a.State is not (ActionState.Closed or ActionState.Cancelled)),
                g.Count(a => a.State is not (ActionState.Closed or ActionState.Cancelled) && a.DueOn < today)))
            .ToList();

        var scores = await db.EnterpriseRiskScores.AsNoTracking().Select(s => new { s.Level, s.PreviousLevel, s.LevelChangedAt }).ToListAsync(ct);
        var levels = Enum.GetValues<RiskLevel>().Select(l => new RiskLine(l, scores.Count(s => s.Level == l))).ToList();
        // DateTimeOffset comparisons are made here, not in SQL: SQLite cannot translate them (see architecture.md).
        var changed = scores.Where(s => s.LevelChangedAt is { } at && at >= start && at < end && s.PreviousLevel is not null).ToList();

        return new PeriodFigures(summary, lastYear.Totals, lastYear.MarketConcentration, notices, findingLines, actionLines, levels,
            changed.Count(s => s.Level > s.PreviousLevel), changed.Count(s => s.Level < s.PreviousLevel), today, await TestingAsync(start, end, ct));
    }

    /// <summary>Requests made in the period (not cancelled) and the valid reports issued in it; the subsidy of the period's commissions.</summary>
    private async Task<TestingLine> TestingAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var requested = await db.TestRequests.AsNoTracking().Where(r => r.RequestedAt >= start && r.RequestedAt < end && r.State != RequestState.Cancelled && r.State != RequestState.SampleRefused)
            .GroupBy(r => r.Kind).Select(g => new { g.Key, Count = g.Count(), Subsidy = g.Sum(r => r.Subsidy) }).ToListAsync(ct);
        var reports = await db.TestRequests.AsNoTracking().Where(r => r.IssuedAt >= start && r.IssuedAt < end && r.WithdrawnAt == null)
            .Select(r => new { r.Kind, r.EnterpriseId, Failed = r.ReportFailed }).ToListAsync(ct);
        var sampled = reports.Where(r => r.Kind == RequestKind.Supervision).ToList();
        return new TestingLine(requested.Where(r => r.Key == RequestKind.Commission).Sum(r => r.Count), requested.Where(r => r.Key == RequestKind.Supervision).Sum(r => r.Count),
            reports.Count, reports.Count(r => r.Failed), sampled.Select(r => r.EnterpriseId).Distinct().Count(), sampled.Where(r => r.Failed).Select(r => r.EnterpriseId).Distinct().Count(),
            requested.Sum(r => r.Subsidy));
    }

    /// <summary>Published foreign notices of the period (by publication date) that the matcher sent to at least one exporter.</summary>
    private async Task<List<NoticeLine>> NoticesAsync(DateOnly first, DateOnly endExclusive, CancellationToken ct)
    {
        var rows = await db.Notices.AsNoTracking()
            .Where(n => n.Status == NoticeStatus.Published && n.PublishedOn >= first && n.PublishedOn < endExclusive && db.NoticeAlerts.Any(a => a.NoticeId == n.Id))
            .Select(n => new
            {
                n.Id, n.Title, n.Type, n.Country, n.PublishedOn,
                Enterprises = db.NoticeAlerts.Where(a => a.NoticeId == n.Id).Select(a => a.EnterpriseId).Distinct().Count(),
                Acknowledged = db.NoticeAlerts.Where(a => a.NoticeId == n.Id && a.AcknowledgedAt != null).Select(a => a.EnterpriseId).Distinct().Count(),
                Tbt = db.TbtCases.Where(c => c.NoticeId == n.Id).Select(c => (TbtCaseState?)c.State).FirstOrDefault(),
            }).ToListAsync(ct);
        return rows.OrderByDescending(r => r.Enterprises).ThenByDescending(r => r.PublishedOn)
            .Select(r => new NoticeLine(r.Id, r.Title, r.Type, r.Country, r.PublishedOn, r.Enterprises, r.Acknowledged, r.Tbt)).ToList();
    }

    public static string ShiftYear(string period) => $"{int.Parse(period[..4]) - 1:D4}{period[4..]}";
}
