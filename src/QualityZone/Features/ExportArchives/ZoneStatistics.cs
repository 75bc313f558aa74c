using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Reference;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.ExportArchives;

/// <summary>Which returns the zone view reads: a month range, and optionally an evaluation grade and an HS prefix.</summary>
public sealed record StatisticsFilter(string From, string To, string? Grade = null, string? Hs = null);

public sealed record Totals(decimal ValueUsd, long Batches, long NonconformingBatches, int Notifications, int Recalls, decimal RecalledQuantity,
    int Returns, decimal ReturnedQuantity, decimal ReturnedValueUsd, int Enterprises, int Markets)
{
    /// <summary>不合格批次率 in percent.</summary>
    public decimal NonconformingRate => Batches == 0 ? 0 : Math.Round(100m * NonconformingBatches / Batches, 2);
    /// <summary>Foreign notifications per USD 100 million of exports, the figure officials publish for zones.</summary>
    public decimal NotificationsPer100M => ValueUsd == 0 ? 0 : Math.Round(Notifications / (ValueUsd / 100_000_000m), 2);
    /// <summary>Returns (退运) per USD 100 million of exports.</summary>
    public decimal ReturnsPer100M => ValueUsd == 0 ? 0 : Math.Round(Returns / (ValueUsd / 100_000_000m), 2);
}

public sealed record Slice(string Key, string Label, decimal ValueUsd, long Batches, long NonconformingBatches)
{
    public decimal NonconformingRate => Batches == 0 ? 0 : Math.Round(100m * NonconformingBatches / Batches, 2);
}

public sealed record ZoneSummary(StatisticsFilter Filter, StatisticsFilter Previous, Totals Totals, Totals PreviousTotals,
    IReadOnlyList<Slice> ByMonth, IReadOnlyList<Slice> ByMarket, IReadOnlyList<Slice> ByHeading, IReadOnlyList<Slice> ByEnterprise, IReadOnlyList<Slice> ByMode,
    decimal MarketConcentration, decimal PreviousMarketConcentration)
{
    /// <summary>Change against the previous period of the same length, in percent (null when there was nothing before).</summary>
    public static decimal? Change(decimal now, decimal before) => before == 0 ? null : Math.Round(100m * (now - before) / before, 1);
}

/// <summary>
/// The zone's export picture computed from the effective lines of the monthly returns (seed tasks
/// 11, 15, 21): value by month, market, HS heading, enterprise and export mode; the nonconforming
/// batch rate; notifications, recalls and returns, also per USD 100 million of exports; market
/// concentration as the Herfindahl–Hirschman index over markets (Σ share² with shares in percent,
/// 0–10 000; below 1 500 is usually read as unconcentrated).
/// </summary>
public sealed class ZoneStatistics(AppDbContext db, RawSql sql, ReadCache cache)
{
    /// <summary>
    /// The summary of a period, kept in memory until a return or an enterprise changes (ReadCache;
    /// every instance sees the change on its next request): the zone page under load is served from
    /// it, the computation below runs once per change (issue 22). Labels are in the reader's language,
    /// so each language has its own entry.
    /// </summary>
    public Task<ZoneSummary> SummaryAsync(StatisticsFilter filter, CancellationToken ct) =>
        cache.GetAsync($"archives.zone.{System.Globalization.CultureInfo.CurrentUICulture.Name}.{filter}", ["returns", "enterprises"], c => ComputeSummaryAsync(filter, c), ct);

    public async Task<ZoneSummary> ComputeSummaryAsync(StatisticsFilter filter, CancellationToken ct)
    {
        var previous = PreviousOf(filter);
        // The two periods are read at once, each on its own connection and thread (Microsoft.Data.Sqlite's async methods
        // run synchronously: without Task.Run the second read would start when the first had finished). Of the period
        // before only its totals and markets are shown, which the database sums itself.
        var reads = await Task.WhenAll(Task.Run(() => CubeAsync(filter, ct), ct), Task.Run(() => CubeAsync(previous, ct, totalsOnly: true), ct));
        var (current, before) = (reads[0], reads[1]);
        var names = await db.Enterprises.AsNoTracking().Select(e => new { e.Id, e.NameZh, e.NameEn }).ToDictionaryAsync(e => e.Id, e => Text.Pick(e.NameZh, e.NameEn), ct);
        var totals = await TotalsAsync(filter, current, ct);
        var previousTotals = await TotalsAsync(previous, before, ct);

        static IEnumerable<KeyValuePair<TKey, Sums>> Largest<TKey>(Dictionary<TKey, Sums> slices) where TKey : notnull => slices.OrderByDescending(s => s.Value.ValueUsd);
        return new ZoneSummary(filter, previous, totals, previousTotals,
            Periods(filter).Select(p => current.ByMonth.TryGetValue(p, out var m) ? m.Slice(p, p) : new Slice(p, p, 0, 0, 0)).ToList(),
            Largest(current.ByMarket).Select(m => m.Value.Slice(m.Key, ReferenceData.FindCountry(m.Key)?.Name ?? m.Key)).ToList(),
            Largest(current.ByHeading).Select(m => m.Value.Slice(m.Key, HeadingLabel(m.Key))).ToList(),
            Largest(current.ByEnterprise).Select(m => m.Value.Slice(m.Key.ToString(), names.GetValueOrDefault(m.Key) ?? "?")).ToList(),
            current.ByMode.OrderBy(m => m.Key).Select(m => m.Value.Slice(m.Key.ToString(), Text.Get(ArchiveLabels.Mode(m.Key)))).ToList(),
            Herfindahl(current.ByMarket.Values.Select(m => m.ValueUsd)), Herfindahl(before.ByMarket.Values.Select(m => m.ValueUsd)));
    }

    /// <summary>A period's totals and market concentration alone (the same period a year earlier, in a report).</summary>
    public async Task<(Totals Totals, decimal MarketConcentration)> TotalsAsync(StatisticsFilter filter, CancellationToken ct)
    {
        var cube = await CubeAsync(filter, ct, totalsOnly: true);
        return (await TotalsAsync(filter, cube, ct), Herfindahl(cube.ByMarket.Values.Select(m => m.ValueUsd)));
    }

    /// <summary>Running sums of value, batches and nonconforming batches.</summary>
    public sealed class Sums
    {
        public decimal ValueUsd;
        public long Batches;
        public long NonconformingBatches;

        public void Add(decimal value, long batches, long bad)
        {
            ValueUsd += value;
            Batches += batches;
            NonconformingBatches += bad;
        }

        public Slice Slice(string key, string label) => new(key, label, ValueUsd, Batches, NonconformingBatches);
    }

    /// <summary>The breakdowns of the rollup read, in the order of <see cref="RollupSlicesSql"/>'s branches.</summary>
    private enum Breakdown { Month, Market, Heading, Mode }

    /// <summary>The period's effective lines folded by month, market, HS heading, enterprise and mode.</summary>
    private sealed class Cube
    {
        public readonly Dictionary<string, Sums> ByMonth = [];
        public readonly Dictionary<string, Sums> ByMarket = [];
        public readonly Dictionary<string, Sums> ByHeading = [];
        public readonly Dictionary<Guid, Sums> ByEnterprise = [];
        public readonly Dictionary<ExportMode, Sums> ByMode = [];
        public readonly Sums Total = new();

        /// <summary>A cell of month × market × heading × mode, summed over the enterprises.</summary>
        public void AddCell(string period, string country, string heading, ExportMode mode, decimal value, long batches, long bad)
        {
            foreach (var sums in (ReadOnlySpan<Sums>)[Of(ByMonth, period), Of(ByMarket, country), Of(ByHeading, heading), Of(ByMode, mode), Total])
                sums.Add(value, batches, bad);
        }

        public void AddEnterprise(Guid enterprise, decimal value, long batches, long bad) => Of(ByEnterprise, enterprise).Add(value, batches, bad);

        /// <summary>
        /// One breakdown's slice summed over the period by the database (the rollup path): months, markets, headings and
        /// modes each add up to the whole, so the total is taken from the markets, which every cube reads.
        /// </summary>
        public void AddSlice(Breakdown breakdown, string key, decimal value, long batches, long bad)
        {
            var sums = breakdown switch
            {
                Breakdown.Month => Of(ByMonth, key),
                Breakdown.Market => Of(ByMarket, key),
                Breakdown.Heading => Of(ByHeading, key),
                _ => Of(ByMode, Enum.Parse<ExportMode>(key)),
            };
            sums.Add(value, batches, bad);
            if (breakdown == Breakdown.Market) Total.Add(value, batches, bad);
        }

        private static Sums Of<TKey>(Dictionary<TKey, Sums> slices, TKey key) where TKey : notnull =>
            slices.TryGetValue(key, out var sums) ? sums : slices[key] = new Sums();
    }

    /// <summary>
    /// A period's breakdowns in two GROUP BYs, each read in the order of its covering index (see
    /// ExportReturnLineConfiguration): one by month × market × heading × mode — a few thousand
    /// cells, folded here into the four breakdowns — and one by month × enterprise. This is a hot path (architecture.md): it
    /// runs as plain SQL on its own connection, so the two periods are read at once, and so that no
    /// row passes through EF. The SQL is the same on SQLite and PostgreSQL; only the amounts differ
    /// in storage (SQLite keeps them as integer ten-thousandths, see SqliteAppDbContext).
    /// </summary>
    private async Task<Cube> CubeAsync(StatisticsFilter filter, CancellationToken ct, bool totalsOnly = false)
    {
        var cube = new Cube();
        await using var connection = await sql.OpenAsync(ct);
        if (string.IsNullOrEmpty(filter.Grade) && HsPrefix(filter.Hs) is null)
        {
            await ReadRollupsAsync(connection, filter, cube, totalsOnly, ct);
            return cube;
        }
        // "Effective" = TRUE (not a bare "Effective"): an equality lets the planner use the index order.
        var where = new System.Text.StringBuilder("""WHERE "Effective" = TRUE AND "Period" >= @from AND "Period" <= @to""");
        var parameters = new List<(string, object)> { ("@from", filter.From), ("@to", filter.To) };
        if (!string.IsNullOrEmpty(filter.Grade))
        {
            where.Append(filter.Grade == "none"
                ? """ AND "EnterpriseId" IN (SELECT "Id" FROM enterprises WHERE "Grade" IS NULL)"""
                : """ AND "EnterpriseId" IN (SELECT "Id" FROM enterprises WHERE "Grade" = @grade)""");
            parameters.Add(("@grade", filter.Grade));
        }
        if (HsPrefix(filter.Hs) is { } prefix)
        {
            where.Append(""" AND "HsCode" LIKE @hs""");
            parameters.Add(("@hs", prefix + "%"));
        }
        const string sums = """SUM("ValueUsd"), SUM("Batches"), SUM("NonconformingBatches")""";

        var modes = Enum.GetValues<ExportMode>().ToDictionary(m => m.ToString());
        await using (var cells = sql.Command(connection, $"""SELECT "Period", "CountryCode", "HsHeading", "Mode", {sums} FROM export_return_lines {where} GROUP BY "Period", "CountryCode", "HsHeading", "Mode" """, parameters))
        await using (var reader = await cells.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                cube.AddCell(reader.GetString(0), reader.GetString(1), reader.GetString(2), modes[reader.GetString(3)], sql.Amount(reader, 4), reader.GetInt64(5), reader.GetInt64(6));
        await using (var byEnterprise = sql.Command(connection, $"""SELECT "Period", "EnterpriseId", {sums} FROM export_return_lines {where} GROUP BY "Period", "EnterpriseId" """, parameters))
        await using (var reader = await byEnterprise.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                cube.AddEnterprise(reader.GetGuid(1), sql.Amount(reader, 2), reader.GetInt64(3), reader.GetInt64(4));
        return cube;
    }

    /// <summary>
    /// The unfiltered zone (the page as it opens, the reports, the indicators) from what is kept as
    /// the returns are submitted: the monthly rollup cells and each return's own totals — a few
    /// thousand rows for a half-year, not 700,000 lines (issue 22). A grade or HS filter needs the
    /// lines themselves. The database folds them (each breakdown and each enterprise summed over the
    /// period) and sends a few hundred rows: folding in the database is C over pages already in
    /// memory, while every value read through ADO.NET costs a few hundred nanoseconds of interop on
    /// SQLite — reading the half-year's 2,500 cells and 3,000 returns value by value took 15–25 ms,
    /// their sums 2–3 ms (benchmarks.md, issue 22).
    /// </summary>
    private async Task ReadRollupsAsync(System.Data.Common.DbConnection connection, StatisticsFilter filter, Cube cube, bool totalsOnly, CancellationToken ct)
    {
        List<(string, object)> range = [("@from", filter.From), ("@to", filter.To)];
        await using (var slices = sql.Command(connection, totalsOnly ? RollupMarketsSql : RollupSlicesSql, range))
        await using (var reader = await slices.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var (value, batches, bad) = (sql.Amount(reader, 2), reader.GetInt64(3), reader.GetInt64(4));
                // A slice whose lines were all amended away sums to zero (lines are never negative): it is no market,
                // heading, month or mode of the period.
                if (value != 0 || batches != 0 || bad != 0)
                    cube.AddSlice((Breakdown)reader.GetInt32(0), reader.GetString(1), value, batches, bad);
            }
        await using (var returns = sql.Command(connection, """
            SELECT "EnterpriseId", SUM("ValueUsd"), SUM("Batches"), SUM("NonconformingBatches") FROM export_returns
            WHERE "Period" >= @from AND "Period" <= @to AND "EffectiveVersion" IS NOT NULL AND "LineCount" > 0
            GROUP BY "EnterpriseId"
            """, range))
        await using (var reader = await returns.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                cube.AddEnterprise(reader.GetGuid(0), totalsOnly ? 0 : sql.Amount(reader, 1), totalsOnly ? 0 : reader.GetInt64(2), totalsOnly ? 0 : reader.GetInt64(3));
    }

    /// <summary>The period's rollup cells summed by one breakdown's column.</summary>
    private static string RollupSliceSql(Breakdown breakdown, string column) => $"""
        SELECT {(int)breakdown}, "{column}", SUM("ValueUsd"), SUM("Batches"), SUM("NonconformingBatches") FROM export_rollup_cells
        WHERE "Period" >= @from AND "Period" <= @to GROUP BY "{column}"
        """;

    /// <summary>A period of which only totals and markets are shown (the period before, the year before in a report).</summary>
    private static readonly string RollupMarketsSql = RollupSliceSql(Breakdown.Market, "CountryCode");

    /// <summary>Every breakdown of the period in one statement, each row tagged with its <see cref="Breakdown"/>.</summary>
    private static readonly string RollupSlicesSql = string.Join("\nUNION ALL\n",
        RollupSliceSql(Breakdown.Month, "Period"), RollupMarketsSql, RollupSliceSql(Breakdown.Heading, "HsHeading"), RollupSliceSql(Breakdown.Mode, "Mode"));

    /// <summary>Σ (share in percent)²: 10 000 for a single market, near 0 for many equal ones.</summary>
    public static decimal Herfindahl(IEnumerable<decimal> values)
    {
        var list = values.Where(v => v > 0).ToList();
        var total = list.Sum();
        return total == 0 ? 0 : Math.Round(list.Sum(v => (100m * v / total) * (100m * v / total)), 0);
    }

    /// <summary>The period of the same length just before (the half-year before a half-year).</summary>
    public static StatisticsFilter PreviousOf(StatisticsFilter filter)
    {
        ExportReturn.TryParsePeriod(filter.From, out var from);
        ExportReturn.TryParsePeriod(filter.To, out var to);
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month + 1;
        return filter with { From = ExportReturn.PeriodOf(from.AddMonths(-months)), To = ExportReturn.PeriodOf(from.AddMonths(-1)) };
    }

    public static IEnumerable<string> Periods(StatisticsFilter filter)
    {
        ExportReturn.TryParsePeriod(filter.From, out var from);
        ExportReturn.TryParsePeriod(filter.To, out var to);
        for (var month = from; month <= to; month = month.AddMonths(1)) yield return ExportReturn.PeriodOf(month);
    }

    public IQueryable<ExportReturnIncident> Incidents(StatisticsFilter filter)
    {
        var incidents = db.ExportReturnIncidents.AsNoTracking().Where(i => i.Effective && string.Compare(i.Period, filter.From) >= 0 && string.Compare(i.Period, filter.To) <= 0);
        if (InGrade(filter.Grade) is { } enterprises) incidents = incidents.Where(i => enterprises.Contains(i.EnterpriseId));
        // An incident without an HS code cannot be placed in a product filter; it counts only unfiltered.
        if (HsPrefix(filter.Hs) is { } prefix) incidents = incidents.Where(i => i.HsCode != null && i.HsCode.StartsWith(prefix));
        return incidents;
    }

    private IQueryable<Guid>? InGrade(string? grade) => string.IsNullOrEmpty(grade) ? null
        : grade == "none" ? db.Enterprises.Where(e => e.Grade == null).Select(e => e.Id) : db.Enterprises.Where(e => e.Grade == grade).Select(e => e.Id);

    private static string? HsPrefix(string? hs) => ReferenceData.NormalizeHsCode(hs) is { Length: > 0 } digits ? digits : null;

    private async Task<Totals> TotalsAsync(StatisticsFilter filter, Cube cube, CancellationToken ct)
    {
        var incidents = await Incidents(filter).GroupBy(i => i.Kind)
            .Select(g => new { g.Key, Count = g.Count(), Quantity = g.Sum(i => i.Quantity ?? 0), Value = g.Sum(i => i.ValueUsd ?? 0) }).ToListAsync(ct);
        var recalls = incidents.FirstOrDefault(i => i.Key == IncidentKind.Recall);
        var returns = incidents.FirstOrDefault(i => i.Key == IncidentKind.Return);
        return new Totals(cube.Total.ValueUsd, cube.Total.Batches, cube.Total.NonconformingBatches, incidents.FirstOrDefault(i => i.Key == IncidentKind.Notification)?.Count ?? 0,
            recalls?.Count ?? 0, recalls?.Quantity ?? 0, returns?.Count ?? 0, returns?.Quantity ?? 0, returns?.Value ?? 0, cube.ByEnterprise.Count, cube.ByMarket.Count);
    }

    private static string HeadingLabel(string heading) =>
        ReferenceData.FindHs(heading) is { } entry ? $"{heading} {Shorten(entry.Name)}" : heading;

    /// <summary>A chart label's length: about the same width in both scripts (a Chinese character is two Latin ones wide).</summary>
    private static string Shorten(string text)
    {
        var limit = text.Any(c => c >= '\u4e00') ? 22 : 40;
        return text.Length <= limit ? text : text[..(limit - 1)] + "…";
    }
}
