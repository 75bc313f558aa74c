using Microsoft.Extensions.DependencyInjection;
using QualityZone.Features.ExportArchives;
using QualityZone.Infrastructure.Data;

/// <summary>
/// The zone summary in process, without HTTP: ZoneStatistics.SummaryAsync against its parts and
/// the same GROUP BYs as raw SQL on one connection (the floor), on a kept database: SQLite, or PostgreSQL
/// when <c>postgres</c> is given (issue 22.5: the half-year summary ≤ 20 ms on both databases).
/// </summary>
static class ArchivesQueryBench
{
    public static async Task RunAsync(string dataDirectory, string? postgres, string from, string to, int iterations)
    {
        var services = InProcess.Services(dataDirectory, postgres, s => s.AddSingleton<ReadCache>().AddScoped<ZoneStatistics>());
        var sql = services.GetRequiredService<QualityZone.Infrastructure.Data.RawSql>();
        var previous = ZoneStatistics.PreviousOf(new StatisticsFilter(from, to));

        async Task<int> Summary()
        {
            await using var scope = services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<ZoneStatistics>().ComputeSummaryAsync(new StatisticsFilter(from, to), CancellationToken.None)).ByEnterprise.Count;
        }
        async Task<int> Sql(string[] statements, (string From, string To)[] periods)
        {
            await using var connection = await sql.OpenAsync(CancellationToken.None);
            var rows = 0;
            foreach (var (f, t) in periods)
                foreach (var statement in statements)
                {
                    await using var command = sql.Command(connection, statement, [("@from", f), ("@to", t)]);
                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync()) rows++;
                }
            return rows;
        }
        const string where = """FROM export_return_lines WHERE "Effective" = TRUE AND "Period" >= @from AND "Period" <= @to""";
        const string sums = """SUM("ValueUsd"), SUM("Batches"), SUM("NonconformingBatches")""";
        string[] twoGroupBys = [$"""SELECT "Period", "CountryCode", "HsHeading", "Mode", {sums} {where} GROUP BY "Period", "CountryCode", "HsHeading", "Mode" """, $"""SELECT "Period", "EnterpriseId", {sums} {where} GROUP BY "Period", "EnterpriseId" """];
        string[] fiveGroupBys = new[] { "\"Period\"", "\"CountryCode\"", "\"HsHeading\"", "\"EnterpriseId\"", "\"Mode\"" }.Select(c => $"SELECT {c}, {sums} {where} GROUP BY {c}").ToArray();
        string[] sumOnly = [$"SELECT {sums} {where}"];

        Console.WriteLine();
        foreach (var (name, run) in new (string, Func<Task<int>>)[]
                 {
                     ("ZoneStatistics.ComputeSummaryAsync (uncached), half-year + previous half-year (in process)", Summary),
                     ("floor: its 2 GROUP BYs × 2 periods as raw SQL, one connection, sequential", () => Sql(twoGroupBys, [(from, to), (previous.From, previous.To)])),
                     ("raw SQL: the 5 single GROUP BYs of the half-year", () => Sql(fiveGroupBys, [(from, to)])),
                     ("raw SQL: one SUM over the half-year's lines (the scan alone)", () => Sql(sumOnly, [(from, to)])),
                 })
        {
            var times = await Timing.MeasureAsync(run, 5, iterations);
            Console.WriteLine($"| {name} | n={iterations} | median {times[times.Count / 2]:0.0} ms | p95 {times[(int)(times.Count * 0.95)]:0.0} ms |");
        }
    }
}
