using System.Data.Common;
using System.Diagnostics;

/// <summary>
/// Supervision at issue 6's scale (600 enterprises, five years of returns, ledgers and batches, 30,000
/// corrective actions, 3,000 risks): every enterprise's early-warning signals and scores computed at
/// once, the action dashboard, and the risk heat map — each against its floor (its grouped query alone
/// on a plain connection, and /ping).
/// </summary>
static class SupervisionBench
{
    public static async Task RunAsync(HostUnderTest host, RunningServer server, int requests, Action<string, List<double>, string> report)
    {
        var office = await server.SignInAsync("office@demo.qz", HostUnderTest.DemoPassword);
        using var client = server.Client(office);
        await using var db = TraceBench.Open(host);
        Console.WriteLine();
        Console.WriteLine($"| {await TraceBench.ScalarAsync(db, "SELECT COUNT(*) FROM enterprises"):N0} enterprises, {await TraceBench.ScalarAsync(db, "SELECT COUNT(*) FROM export_return_lines"):N0} return lines, " +
            $"{await TraceBench.ScalarAsync(db, "SELECT COUNT(*) FROM material_lots"):N0} ledger lots, {await TraceBench.ScalarAsync(db, "SELECT COUNT(*) FROM corrective_actions"):N0} actions, " +
            $"{await TraceBench.ScalarAsync(db, "SELECT COUNT(*) FROM risk_items"):N0} risks | | | | | | |");

        var compute = new List<double>();
        for (var run = 0; run < 5; run++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.PostAsync("/api/risk-signals/compute", null);
            response.EnsureSuccessStatusCode();
            compute.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        var signals = await TraceBench.ScalarAsync(db, "SELECT COUNT(*) FROM warning_signals");
        report("POST /api/risk-signals/compute: every enterprise's signals, score and level (ms)", compute, $"{signals:N0} signals; target < 5000");

        var ping = await RunningServer.TimeEachAsync(client, Enumerable.Repeat("/ping", requests));
        report("GET /ping (the framework's plain endpoint, ms)", ping, "");
        var dashboard = await RunningServer.TimeEachAsync(client, Enumerable.Repeat("/api/actions/dashboard", requests));
        report("GET /api/actions/dashboard: by state, source, age, enterprise (ms)", dashboard, "target median < 50");
        var dashboardFloor = await TimeSqlAsync(db, requests, "SELECT \"Source\", \"State\", COUNT(*) FROM corrective_actions GROUP BY 1, 2",
            "SELECT \"Source\", \"CreatedAt\", \"EnterpriseId\", \"DueOn\" FROM corrective_actions WHERE \"State\" IN ('Open', 'InProgress', 'PendingVerification')");
        report("floor: the dashboard's two queries on a plain connection (ms)", dashboardFloor, "");
        var actionsPage = await RunningServer.TimeEachAsync(client, Enumerable.Repeat("/actions", Math.Min(requests, 100)));
        report("GET /actions (dashboard + first page of the list, ms)", actionsPage, "");

        var heat = await RunningServer.TimeEachAsync(client, Enumerable.Repeat("/api/risks/heatmap", requests));
        report("GET /api/risks/heatmap: open risks by residual likelihood × severity (ms)", heat, "target median < 50");
        var heatFloor = await TimeSqlAsync(db, requests, "SELECT \"ResidualLikelihood\", \"ResidualSeverity\", COUNT(*) FROM risk_items WHERE NOT \"Closed\" GROUP BY 1, 2");
        report("floor: the heat map's query on a plain connection (ms)", heatFloor, "");
        var risksPage = await RunningServer.TimeEachAsync(client, Enumerable.Repeat("/risks", Math.Min(requests, 100)));
        report("GET /risks (heat map + first page of the register, ms)", risksPage, "");
        var warningsPage = await RunningServer.TimeEachAsync(client, Enumerable.Repeat("/risks/warnings", Math.Min(requests, 100)));
        report("GET /risks/warnings (scores and signals, first page, ms)", warningsPage, "");
    }

    public static async Task<List<double>> TimeSqlAsync(DbConnection db, int runs, params string[] statements)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            foreach (var sql in statements)
            {
                await using var command = db.CreateCommand();
                command.CommandText = sql;
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync()) { }
            }
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return times;
    }
}
