using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

/// <summary>
/// Traceability at scale (issue 5: 100 enterprises × 10,000 batches, ~5 inputs each, 200,000
/// shipments): a shipment's backward trace, a lot's forward trace and a recall scope through the
/// API, each against its floor (the same trace as one SQL query in the sqlite3 / psql shell), and
/// bulk ingest of batches through POST /api/batches.
/// </summary>
static partial class TraceBench
{
    public static async Task RunAsync(HostUnderTest host, RunningServer server, int requests, Action<string, List<double>, string> report, int warmRequests = 0, int lotsPerMaterial = 1)
    {
        var office = await server.SignInAsync("office@demo.qz", HostUnderTest.DemoPassword);
        using var client = server.Client(office);
        await VacuumAsync(host);
        await using var db = Open(host);
        var shipments = await ColumnAsync(db, $"SELECT \"Id\" FROM shipments ORDER BY random() LIMIT {requests}");
        var lots = await ColumnAsync(db, $"SELECT \"Id\" FROM material_lots WHERE \"ConsumedQuantity\" > 0 ORDER BY random() LIMIT {requests}");
        Console.WriteLine();
        Console.WriteLine($"| {await ScalarAsync(db, "SELECT COUNT(*) FROM production_batches"):N0} batches, {await ScalarAsync(db, "SELECT COUNT(*) FROM batch_components"):N0} inputs, " +
            $"{await ScalarAsync(db, "SELECT COUNT(*) FROM batch_steps"):N0} steps, {await ScalarAsync(db, "SELECT COUNT(*) FROM material_lots"):N0} lots, {await ScalarAsync(db, "SELECT COUNT(*) FROM shipments"):N0} shipments | | | | | | |");

        var ping = await RunningServer.TimeEachAsync(client, shipments.Select(_ => "/ping"));
        report("GET /ping with the same client (the framework's plain endpoint: HTTP floor, ms)", ping, $"p99 {P99(ping):0.00}");
        var backward = await RunningServer.TimeEachAsync(client, shipments.Select(id => $"/api/trace/shipments/{id}"));
        report("GET /api/trace/shipments/{id}: full backward trace, random shipments (ms)", backward, $"p99 {P99(backward):0.00}; target p99 < 10");
        // The same shipments again: their pages of the 4 GB file are now in the OS cache, as a day's working set would be.
        var warm = await RunningServer.TimeEachAsync(client, shipments.Select(id => $"/api/trace/shipments/{id}"));
        report("GET /api/trace/shipments/{id}: the same shipments again, file pages cached (ms)", warm, $"p99 {P99(warm):0.00}");
        var page = await RunningServer.TimeEachAsync(client, shipments.Take(100).Select(id => $"/trace/backward?shipment={id}"));
        report("GET /trace/backward?shipment= (the page, ms)", page, $"p99 {P99(page):0.00}");
        var forward = await RunningServer.TimeEachAsync(client, lots.Select(id => $"/api/trace/forward?lot={id}"));
        report("GET /api/trace/forward?lot={id}: forward trace, random consumed lots (ms)", forward, $"p99 {P99(forward):0.00}; target p99 < 50");

        if (warmRequests > 0)
        {
            // A process that has served a working day, not twenty requests: its JIT tiers, pools and caches settled.
            var others = await ColumnAsync(db, $"SELECT \"Id\" FROM shipments ORDER BY random() LIMIT {warmRequests}");
            await RunningServer.TimeEachAsync(client, others.Select(id => $"/api/trace/shipments/{id}"));
            await RunningServer.TimeEachAsync(client, lots.Select(id => $"/api/trace/forward?lot={id}"));
            var warmedBackward = await RunningServer.TimeEachAsync(client, shipments.Select(id => $"/api/trace/shipments/{id}"));
            report($"warmed process ({warmRequests:N0} traces first): backward trace, the same shipments (ms)", warmedBackward, $"p99 {P99(warmedBackward):0.00}; target p99 ≤ {(host.Provider == "Sqlite" ? 2 : 5)}");
            var warmedForward = await RunningServer.TimeEachAsync(client, lots.Select(id => $"/api/trace/forward?lot={id}"));
            report($"warmed process: forward trace, the same lots (ms)", warmedForward, $"p99 {P99(warmedForward):0.00}; target p99 ≤ {(host.Provider == "Sqlite" ? 3 : 5)}");
            var warmedPing = await RunningServer.TimeEachAsync(client, shipments.Select(_ => "/ping"));
            report("warmed process: GET /ping with the same client (ms)", warmedPing, $"p99 {P99(warmedPing):0.00}");
        }

        // Recall: an enterprise's standard cylinder, its biggest market, the last complete quarter; and the same across the zone (customs not naming the enterprise).
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var quarterStart = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1).AddMonths(-3);
        var quarterEnd = quarterStart.AddMonths(3).AddDays(-1);
        var notices = new List<(string Enterprise, string Model, string Country)>();
        foreach (var enterprise in (await ColumnAsync(db, "SELECT \"Id\" FROM enterprises ORDER BY \"CreatedAt\" LIMIT 20")))
        {
            var model = (await ColumnAsync(db, $"SELECT \"ProductModel\" FROM production_batches WHERE \"EnterpriseId\" = {Literal(host, enterprise)} AND \"ProductModel\" LIKE '%SC63x100' LIMIT 1")).FirstOrDefault();
            var country = (await ColumnAsync(db, $"SELECT \"CountryCode\" FROM shipments WHERE \"EnterpriseId\" = {Literal(host, enterprise)} GROUP BY \"CountryCode\" ORDER BY COUNT(*) DESC LIMIT 1")).FirstOrDefault();
            if (model is not null && country is not null) notices.Add((enterprise, model, country));
        }
        var recall = new List<double>();
        var zoneWide = new List<double>();
        var sizes = new List<string>();
        foreach (var (enterprise, model, country) in notices)
        {
            var body = new { enterpriseId = enterprise, model, country, from = quarterStart, to = quarterEnd };
            (await client.PostAsJsonAsync("/api/trace/recall", body)).EnsureSuccessStatusCode(); // warm
            var start = Stopwatch.GetTimestamp();
            using var response = await client.PostAsJsonAsync("/api/trace/recall", body);
            var json = await response.Content.ReadAsStringAsync();
            recall.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            response.EnsureSuccessStatusCode();
            sizes.Add($"{Count(json, "candidates")}/{Count(json, "suspectLots")}/{Count(json, "otherShipments")}");
            start = Stopwatch.GetTimestamp();
            using var all = await client.PostAsJsonAsync("/api/trace/recall", new { model, country, from = quarterStart, to = quarterEnd });
            await all.Content.ReadAsStringAsync();
            zoneWide.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        report($"POST /api/trace/recall: model × country × {quarterStart:yyyy-MM}..{quarterEnd:yyyy-MM} of one enterprise (ms)", recall, $"target < 1000; candidate lines/suspect lots/other lines e.g. {string.Join(", ", sizes.Take(4))}");
        report("POST /api/trace/recall: the same notice without naming the enterprise (ms)", zoneWide, "");

        if (host.Provider == "Sqlite") report("floor: the backward trace as one SQL query in the sqlite3 shell (.timer, ms)", await SqliteShellAsync(host, shipments.Take(200)), "");
        else report("floor: the backward trace as one SQL query in psql (\\timing, ms)", await PsqlAsync(host, shipments.Take(200)), "");

        // The shell's timer counts whole milliseconds; the same statement timed in-process shows the fraction.
        var raw = new List<double>();
        foreach (var id in shipments.Take(200))
        {
            var start = Stopwatch.GetTimestamp();
            await using var command = db.CreateCommand();
            command.CommandText = BackwardSql(Literal(host, id));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) { }
            raw.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        report("floor: the same SQL timed in-process (ADO.NET, no HTTP, ms)", raw, $"p99 {P99(raw):0.00}");

        // Issue 22.1 asks for the trace code in process within 1.5× its own statements (trace-query measures that on SQLite,
        // against the three statements it sends, prepared once). Here, on either database, the code as the API calls it
        // against the stricter floor above — the whole trace as one statement — on the same shipments, a pass first for the JIT.
        var code = await InProcessAsync(host, shipments.Take(200).Select(Guid.Parse).ToList());
        report("TraceQueries.BackwardFromShipmentAsync in process (the API's code without HTTP, ms)", code,
            $"p99 {P99(code):0.00}; median {Median(code) / Median(raw):0.00}× the one-statement floor's");

        await IngestAsync(client, db, host, report, "", lotsPerMaterial: lotsPerMaterial);
        // Warmed: an MES feeding the zone all day, not the process's first ten requests of this kind (tiered JIT settled).
        if (warmRequests > 0) await IngestAsync(client, db, host, report, "warmed process (10 requests of 18,000 records first): ", warmup: 10, lotsPerMaterial: lotsPerMaterial);
    }

    private static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);

    private static async Task<List<double>> InProcessAsync(HostUnderTest host, List<Guid> shipments)
    {
        await using var services = InProcess.Services(host.DataDirectory, host.PostgresConnection, s => s.AddScoped<QualityZone.Features.Traceability.TraceQueries>());
        var office = InProcess.Office();
        var times = new List<double>();
        for (var pass = 0; pass < 2; pass++)
            foreach (var id in shipments)
            {
                var start = Stopwatch.GetTimestamp();
                await using (var scope = services.CreateAsyncScope())
                    _ = await scope.ServiceProvider.GetRequiredService<QualityZone.Features.Traceability.TraceQueries>().BackwardFromShipmentAsync(office, id, CancellationToken.None)
                        ?? throw new InvalidOperationException($"shipment {id}: no trace");
                if (pass == 1) times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        return times;
    }

    /// <summary>
    /// The backward trace in one statement: the recursive walk, every input with its lot and
    /// supplier, and each batch's steps. CROSS JOIN fixes the join order: SQLite 3.49 (the one
    /// bundled with Microsoft.Data.Sqlite) otherwise scans all inputs (2 s instead of 1 ms).
    /// </summary>
    private static string BackwardSql(string shipment) => $"""
        WITH RECURSIVE tree("Id") AS (
            SELECT l."BatchId" FROM shipment_lines l WHERE l."ShipmentId" = {shipment}
            UNION
            SELECT c."InputBatchId" FROM batch_components c JOIN tree t ON c."BatchId" = t."Id" WHERE c."InputBatchId" IS NOT NULL
        )
        SELECT b."BatchNumber", c."Quantity", lot."LotNumber", s."Name", st."Name", st."PerformedAt"
        FROM tree CROSS JOIN production_batches b CROSS JOIN batch_components c
        LEFT JOIN material_lots lot ON lot."Id" = c."MaterialLotId"
        LEFT JOIN suppliers s ON s."Id" = lot."SupplierId"
        LEFT JOIN batch_steps st ON st."BatchId" = b."Id"
        WHERE b."Id" = tree."Id" AND c."BatchId" = b."Id";
        """;

    private static async Task<List<double>> SqliteShellAsync(HostUnderTest host, IEnumerable<string> shipments)
    {
        var script = new StringBuilder(".timer on\n.output /dev/null\n");
        foreach (var id in shipments) script.AppendLine(BackwardSql($"'{id.ToUpperInvariant()}'"));
        var output = await RunAsync("sqlite3", [Path.Combine(host.DataDirectory, "qualityzone.db")], script.ToString());
        return RunTime().Matches(output).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 1000).ToList();
    }

    private static async Task<List<double>> PsqlAsync(HostUnderTest host, IEnumerable<string> shipments)
    {
        var cs = new NpgsqlConnectionStringBuilder(host.PostgresConnection);
        var script = new StringBuilder("\\timing on\n\\o /dev/null\n");
        foreach (var id in shipments) script.AppendLine(BackwardSql($"'{id}'"));
        var output = await RunAsync("psql", ["-h", cs.Host!, "-p", cs.Port.ToString(CultureInfo.InvariantCulture), "-U", cs.Username!, "-d", cs.Database!, "-q"], script.ToString());
        return PsqlTime().Matches(output).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
    }

    /// <summary>
    /// An MES sends a day's production: requests of 2,000 batches, each with 3 steps and 5 inputs
    /// drawn from lots received for the bench (9 rows a batch), for one enterprise: one lot of each material, or with
    /// --ingest-lots N, N lots of each taken in turn (an MES day that names many lots: each lot's use is one more update).
    /// </summary>
    private static async Task IngestAsync(HttpClient client, DbConnection db, HostUnderTest host, Action<string, List<double>, string> report, string label, int warmup = 0, int lotsPerMaterial = 1)
    {
        var enterprise = (await ColumnAsync(db, "SELECT \"EnterpriseId\" FROM suppliers WHERE \"Name\" = '宁波恒达铝业有限公司' ORDER BY \"EnterpriseId\" LIMIT 1")).Single();
        var tag = Guid.NewGuid().ToString("N")[..8];
        (string Supplier, string Material, string Spec)[] materials =
        [
            ("宁波恒达铝业有限公司", "TUBE", "6063-T5 铝合金 Φ63"), ("宁波江北镀铬棒材有限公司", "ROD", "45# 镀硬铬 Φ20"), ("宁波北仑压铸厂", "PISTON", "ADC12 Φ63"),
            ("余姚市精诚密封件有限公司", "SEAL", "NBR 70 Shore A"), ("宁海县华丰机械配件厂", "CAP", "ADC12 压铸"),
        ];
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string Lot(string material, int batch) => lotsPerMaterial == 1 ? $"BENCH-{tag}-{material}" : $"BENCH-{tag}-{material}-{batch % lotsPerMaterial}";
        var lots = materials.SelectMany(m => Enumerable.Range(0, lotsPerMaterial).Select(k => new { supplier = m.Supplier, material = m.Material, lotNumber = Lot(m.Material, k), spec = m.Spec, quantity = 1_000_000_000, receivedOn = today, inspection = "合格" })).ToList();
        (await client.PostAsJsonAsync("/api/material-lots", new { enterpriseId = enterprise, lots })).EnsureSuccessStatusCode();

        const int perRequest = 2_000;
        var times = new List<double>();
        var rows = 0;
        var at = DateTimeOffset.UtcNow.AddDays(-1);
        for (var request = 0; request < 10 + warmup; request++)
        {
            var batches = Enumerable.Range(0, perRequest).Select(i => new
            {
                batchNumber = $"BENCH-{tag}-{request:D2}-{i:D5}", productModel = "BENCH-SC63", quantity = 100, startedOn = today.AddDays(-1), completedOn = today,
                steps = new[]
                {
                    new { name = "总装", kind = "Process", at, @operator = "张伟", equipment = "L1", result = "完成" },
                    new { name = "气密性检验", kind = "Inspection", at = at.AddHours(2), @operator = "王芳", equipment = "QM-1", result = "无泄漏" },
                    new { name = "出厂性能试验", kind = "Test", at = at.AddHours(4), @operator = "李强", equipment = "TS-01", result = "合格" },
                },
                inputs = materials.Select(m => new { lot = Lot(m.Material, i), quantity = 1 }).ToArray(),
            }).ToList();
            var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { enterpriseId = enterprise, batches });
            var start = Stopwatch.GetTimestamp();
            using var response = await client.PostAsync("/api/batches", new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } });
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException("ingest failed: " + text[..Math.Min(2000, text.Length)]);
            if (request < warmup) continue;
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            rows += perRequest * 9;
        }
        var seconds = times.Sum() / 1000;
        await RemoveIngestedAsync(host, tag);
        report($"{label}POST /api/batches, {perRequest:N0} batches × (1 + 3 steps + 5 inputs) = {perRequest * 9:N0} records per request (ms per request)", times,
            $"{rows / seconds:N0} records/s ({rows / 9 / seconds:N0} batches/s, {materials.Length * lotsPerMaterial:N0} lots); target ≥ {(host.Provider == "Sqlite" ? "100,000" : "60,000")} records/s (issue 22.4)");
    }

    /// <summary>Takes the ingested batches, their steps and inputs and the bench's lots out again, so that a kept database is the same size after every run.</summary>
    private static async Task RemoveIngestedAsync(HostUnderTest host, string tag)
    {
        const string batches = """SELECT "Id" FROM production_batches WHERE "BatchNumber" LIKE @tag""";
        await host.ExecuteAsync(
        [
            $"""DELETE FROM batch_steps WHERE "BatchId" IN ({batches})""", $"""DELETE FROM batch_components WHERE "BatchId" IN ({batches})""",
            """DELETE FROM production_batches WHERE "BatchNumber" LIKE @tag""", """DELETE FROM material_lots WHERE "LotNumber" LIKE @tag""",
        ], $"BENCH-{tag}-%");
        await VacuumAsync(host);
    }

    /// <summary>
    /// On PostgreSQL, the tables the ingest phase writes and empties again are vacuumed: the deleted rows would otherwise
    /// stay as dead tuples (autovacuum waits for 20 % of a 4.8-million-row table) and the next run's index-only scans of
    /// the trace would visit the heap for them — 690,000 dead inputs after a few runs took the warmed backward trace
    /// from 2.8 to 8.3 ms (docs/benchmarks.md). At the start too, for a database an interrupted run left so.
    /// </summary>
    private static async Task VacuumAsync(HostUnderTest host)
    {
        if (host.Provider == "Sqlite") return;
        await using var db = new NpgsqlConnection(host.PostgresConnection);
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandTimeout = 1800;
        command.CommandText = "VACUUM (ANALYZE) batch_steps, batch_components, production_batches, material_lots";
        await command.ExecuteNonQueryAsync();
    }

    internal static DbConnection Open(HostUnderTest host)
    {
        DbConnection connection = host.Provider == "Sqlite"
            ? new SqliteConnection($"Data Source={Path.Combine(host.DataDirectory, "qualityzone.db")};Mode=ReadOnly")
            : new NpgsqlConnection(host.PostgresConnection);
        connection.Open();
        return connection;
    }

    private static string Literal(HostUnderTest host, string id) => host.Provider == "Sqlite" ? $"'{id.ToUpperInvariant()}'" : $"'{id}'";

    internal static async Task<List<string>> ColumnAsync(DbConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            // Ids as the API writes them (lower-case); other values as they are.
            var value = reader.GetValue(0);
            values.Add(value is Guid g ? g.ToString() : value is string s && Guid.TryParse(s, out var id) ? id.ToString() : Convert.ToString(value, CultureInfo.InvariantCulture)!);
        }
        return values;
    }

    internal static async Task<long> ScalarAsync(DbConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    internal static double P99(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(0.99 * sorted.Count) - 1)];
    }

    private static int Count(string json, string property) =>
        Regex.Match(json, $"\"{property}\":\\[(.*?)\\](,\"|}}$)").Groups[1].Value is { Length: > 0 } items ? Regex.Matches(items, "\"shipmentId\"|\"lot\":").Count : 0;

    private static async Task<string> RunAsync(string file, string[] arguments, string input)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return await stdout + await stderr;
    }

    [GeneratedRegex(@"Run Time: real ([0-9.]+)")]
    private static partial Regex RunTime();

    [GeneratedRegex(@"Time: ([0-9.]+) ms")]
    private static partial Regex PsqlTime();
}
