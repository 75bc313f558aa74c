using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.ExportArchives;

/// <summary>Where an enterprise stands with one month's return.</summary>
public enum FilingStatus { NotDue, Draft, Overdue, Submitted, Accepted, Returned }

public sealed record FilingRow(Guid EnterpriseId, string Name, string? Grade, EnterpriseState State, Guid? ReturnId, FilingStatus Status, bool Late,
    DateTimeOffset? FirstSubmittedAt, decimal ValueUsd, int Lines, bool NoExports, int Version);

public sealed record CompletenessRow(Guid EnterpriseId, string Name, string? Grade, IReadOnlyDictionary<string, (FilingStatus Status, bool Late, Guid? ReturnId)> Cells);

/// <summary>Reads of the archives: who filed what, and each enterprise's archive.</summary>
public sealed class ArchiveQueries(AppDbContext db, ArchiveSettings settings, ZoneClock clock, ReadCache cache)
{
    /// <summary>
    /// Enterprises that must file: in the zone (admitted, on watch or suspended — a suspended
    /// enterprise still exports and is still supervised) from the month of their admission.
    /// </summary>
    public IQueryable<Enterprise> Obliged(string period)
    {
        ExportReturn.TryParsePeriod(period, out var first);
        var end = first.AddMonths(1).AddDays(-1);
        return db.Enterprises.AsNoTracking().Where(e => (e.State == EnterpriseState.Admitted || e.State == EnterpriseState.Watch || e.State == EnterpriseState.Suspended)
            && (e.AdmittedOn == null || e.AdmittedOn <= end));
    }

    public static FilingStatus StatusOf(ReturnState? state, int? effectiveVersion, DateOnly due, DateOnly today) => state switch
    {
        ReturnState.Accepted => FilingStatus.Accepted,
        ReturnState.Returned => FilingStatus.Returned,
        ReturnState.Submitted => FilingStatus.Submitted,
        // An amendment in draft after a submission still counts as filed.
        ReturnState.Draft when effectiveVersion is not null => FilingStatus.Submitted,
        _ when today > due => FilingStatus.Overdue,
        ReturnState.Draft => FilingStatus.Draft,
        _ => FilingStatus.NotDue,
    };

    /// <summary>Every obliged enterprise with its return for the month (or the lack of one).</summary>
    public async Task<List<FilingRow>> FilingAsync(string period, string? grade, string? q, CancellationToken ct, Guid? enterpriseId = null)
    {
        var due = ExportReturn.DueDate(period, await settings.DueDayAsync(ct));
        var today = clock.Today;
        var enterprises = Obliged(period);
        if (enterpriseId is { } only) enterprises = enterprises.Where(e => e.Id == only);
        if (!string.IsNullOrEmpty(grade)) enterprises = grade == "none" ? enterprises.Where(e => e.Grade == null) : enterprises.Where(e => e.Grade == grade);
        if (!string.IsNullOrWhiteSpace(q)) enterprises = enterprises.Where(e => e.NameZh.Contains(q.Trim()) || (e.NameEn != null && e.NameEn.Contains(q.Trim())) || e.CreditCode.Contains(q.Trim()));
        var rows = await (from e in enterprises
                          join r in db.ExportReturns.Where(r => r.Period == period) on e.Id equals r.EnterpriseId into rs
                          from r in rs.DefaultIfEmpty()
                          orderby e.NameZh
                          select new
                          {
                              e.Id, e.NameZh, e.NameEn, e.Grade, e.State, ReturnId = (Guid?)r.Id, State2 = (ReturnState?)r.State, r.EffectiveVersion, Due = (DateOnly?)r.DueOn,
                              Late = (bool?)r.Late, r.FirstSubmittedAt, Value = (decimal?)r.ValueUsd, Lines = (int?)r.LineCount, NoExports = (bool?)r.NoExports, Version = (int?)r.LatestVersion,
                          }).ToListAsync(ct);
        return rows.Select(r => new FilingRow(r.Id, Localization(r.NameZh, r.NameEn), r.Grade, r.State, r.ReturnId, StatusOf(r.State2, r.EffectiveVersion, r.Due ?? due, today),
            r.Late ?? false, r.FirstSubmittedAt, r.Value ?? 0, r.Lines ?? 0, r.NoExports ?? false, r.Version ?? 0)).ToList();
    }

    /// <summary>
    /// A month's filing in three figures for the dashboard every staff member opens: obliged, filed (submitted, accepted or
    /// returned for correction) and overdue. Kept until a return, an enterprise or a setting changes, or the day does: at
    /// 2,000 enterprises the rows behind them (names, sorted) were half of the dashboard's 36 ms (issue 22).
    /// </summary>
    public Task<(int Obliged, int Filed, int Overdue)> FilingCountsAsync(string period, CancellationToken ct) =>
        cache.GetAsync($"archives.filing-counts.{clock.Today:yyyyMMdd}.{period}", ["returns", "enterprises", "settings"], async c =>
        {
            var rows = await FilingAsync(period, null, null, c);
            return (rows.Count, rows.Count(r => r.Status is FilingStatus.Submitted or FilingStatus.Accepted or FilingStatus.Returned),
                rows.Count(r => r.Status == FilingStatus.Overdue));
        }, ct);

    /// <summary>
    /// The enterprises × months matrix of a year, up to the last month that is over. Kept in memory until a return, an enterprise or a setting changes (or the day does: a month
    /// becomes overdue): building it reads every return of the year, 7 MB of allocations a request at the zone's scale,
    /// which grew the server past 400 MB under repeated requests (issue 22.6). Callers do not change what it returns.
    /// </summary>
    public Task<(List<string> Periods, List<CompletenessRow> Rows)> CompletenessAsync(int year, string? grade, CancellationToken ct) =>
        cache.GetAsync($"archives.completeness.{System.Globalization.CultureInfo.CurrentUICulture.Name}.{clock.Today:yyyyMMdd}.{year}.{grade}",
            ["returns", "enterprises", "settings"], c => ComputeCompletenessAsync(year, grade, c), ct);

    private async Task<(List<string> Periods, List<CompletenessRow> Rows)> ComputeCompletenessAsync(int year, string? grade, CancellationToken ct)
    {
        var today = clock.Today;
        // Months that are over: the current month's return cannot be complete yet.
        var months = Enumerable.Range(1, 12).Select(m => new DateOnly(year, m, 1)).Where(d => d.AddMonths(1) <= today).Select(ExportReturn.PeriodOf).ToList();
        if (months.Count == 0) return ([], []);
        var dueDay = await settings.DueDayAsync(ct);
        var enterprises = Obliged(months[^1]);
        if (!string.IsNullOrEmpty(grade)) enterprises = grade == "none" ? enterprises.Where(e => e.Grade == null) : enterprises.Where(e => e.Grade == grade);
        var list = await enterprises.OrderBy(e => e.NameZh).Select(e => new { e.Id, e.NameZh, e.NameEn, e.Grade, e.AdmittedOn }).ToListAsync(ct);
        string first = months[0], last = months[^1];
        var returns = (await db.ExportReturns.AsNoTracking().Where(r => string.Compare(r.Period, first) >= 0 && string.Compare(r.Period, last) <= 0)
                .Select(r => new { r.Id, r.EnterpriseId, r.Period, r.State, r.EffectiveVersion, r.DueOn, r.Late }).ToListAsync(ct))
            .ToDictionary(r => (r.EnterpriseId, r.Period));
        var rows = list.Select(e =>
        {
            var cells = new Dictionary<string, (FilingStatus, bool, Guid?)>();
            foreach (var month in months)
            {
                ExportReturn.TryParsePeriod(month, out var monthStart);
                if (e.AdmittedOn is { } admitted && admitted > monthStart.AddMonths(1).AddDays(-1)) continue; // not yet in the zone
                cells[month] = returns.TryGetValue((e.Id, month), out var r)
                    ? (StatusOf(r.State, r.EffectiveVersion, r.DueOn, today), r.Late, r.Id)
                    : (StatusOf(null, null, ExportReturn.DueDate(month, dueDay), today), false, null);
            }
            return new CompletenessRow(e.Id, Localization(e.NameZh, e.NameEn), e.Grade, cells);
        }).ToList();
        return (months, rows);
    }

    private static string Localization(string zh, string? en) => Infrastructure.Localization.Text.Pick(zh, en);
}
