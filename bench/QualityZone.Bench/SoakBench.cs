using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;

/// <summary>
/// Issue 19, item 12: a mixed load at a fixed rate for a fixed time (open loop: requests start on schedule whether or
/// not the previous ones finished, so a slow server shows as latency, not as a lower rate). Kinds: pages as the
/// office sees them, API reads, monthly-return writes, backward traces, and one ledger import a minute. Every minute:
/// requests, errors, p99 by kind and the server's resident memory. Target: 0 errors, pages p99 &lt; 100 ms at 200/s,
/// memory flat (no growth after minute 5 beyond 10 %).
/// </summary>
static class SoakBench
{
    private sealed record Sample(string Kind, double Milliseconds, bool Error);

    public static async Task RunAsync(HostUnderTest host, RunningServer server, int minutes, int rate)
    {
        var office = await server.SignInAsync("office@demo.qz", HostUnderTest.DemoPassword);
        using var client = server.Client(office);
        client.Timeout = TimeSpan.FromSeconds(30);
        await using var db = TraceBench.Open(host);
        var shipments = await TraceBench.ColumnAsync(db, "SELECT \"Id\" FROM shipments ORDER BY random() LIMIT 2000");
        var enterprises = await TraceBench.ColumnAsync(db, "SELECT \"Id\" FROM enterprises ORDER BY \"Id\" LIMIT 200");
        // Imports go to enterprises with a ledger, under a supplier and material they already use (the ingest checks both).
        var sources = (await TraceBench.ColumnAsync(db, "SELECT DISTINCT CAST(ml.\"EnterpriseId\" AS TEXT) || '|' || s.\"Name\" || '|' || m.\"Code\" FROM material_lots ml " +
            "JOIN suppliers s ON s.\"Id\" = ml.\"SupplierId\" JOIN materials m ON m.\"Id\" = ml.\"MaterialId\" LIMIT 50")).Select(r => r.Split('|')).ToList();
        string[] pages = ["/", "/tasks", "/tasks/12", "/enterprises", "/portal", "/risks", "/actions", "/archives/zone"];
        string[] reads = ["/api/tasks", "/api/enterprises?pageSize=50", "/api/risk-scores?pageSize=50", "/api/actions?pageSize=50", "/api/export-returns?pageSize=50"];

        var samples = new ConcurrentQueue<Sample>();
        var random = new Random(19);
        var writeCounter = 0;
        async Task Send(string kind, Func<Task<HttpResponseMessage>> request)
        {
            var start = Stopwatch.GetTimestamp();
            var error = false;
            try
            {
                using var response = await request();
                error = (int)response.StatusCode >= 400;
                if (error) { var body = await response.Content.ReadAsStringAsync(); Console.Error.WriteLine($"{kind}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}"); }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { error = true; Console.Error.WriteLine($"{kind}: {ex.Message}"); }
            samples.Enqueue(new Sample(kind, Stopwatch.GetElapsedTime(start).TotalMilliseconds, error));
        }
        Task Next()
        {
            var roll = random.Next(100);
            if (roll < 55) return Send("page", () => client.GetAsync(pages[random.Next(pages.Length)]));
            if (roll < 80) return Send("api read", () => client.GetAsync(reads[random.Next(reads.Length)]));
            if (roll < 92) return Send("trace", () => client.GetAsync($"/api/trace/shipments/{shipments[random.Next(shipments.Count)]}"));
            // A new month's return for a past month no one filed: 2000-01 onwards, each (enterprise, month) once.
            var n = Interlocked.Increment(ref writeCounter);
            var enterprise = enterprises[n % enterprises.Count];
            var month = n / enterprises.Count;
            var period = $"{2000 + month / 12}-{month % 12 + 1:D2}";
            return Send("return write", () => client.PostAsJsonAsync("/api/export-returns", new { enterpriseId = enterprise, period, noExports = true }));
        }
        Task Import(int minute) => Send("import", () => client.PostAsJsonAsync("/api/material-lots", new
        {
            enterpriseId = sources[minute % sources.Count][0],
            lots = Enumerable.Range(0, 500).Select(i => new
            {
                supplier = sources[minute % sources.Count][1], material = sources[minute % sources.Count][2], lotNumber = $"SOAK-{minute:D3}-{i:D4}", spec = "6063-T5",
                quantity = 100, unit = "kg", receivedOn = DateTime.UtcNow.ToString("yyyy-MM-dd"), inspection = "合格",
            }),
        }));

        // Warm-up, not measured: every page and read once (compilation, first queries, caches).
        foreach (var path in pages.Concat(reads).Append($"/api/trace/shipments/{shipments[0]}")) (await client.GetAsync(path)).Dispose();

        Console.WriteLine();
        Console.WriteLine($"Soak: {rate} requests/s for {minutes} min on {host.Provider} — pages 55 %, API reads 25 %, traces 12 %, return writes 8 %, a 500-lot import each minute");
        Console.WriteLine("| minute | requests | errors | page p99 ms | api p99 ms | trace p99 ms | write p99 ms | import ms | server RSS MiB |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var inFlight = new List<Task>();
        var rss = new List<double>();
        var all = new List<Sample>();
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var started = Stopwatch.GetTimestamp();
        for (var minute = 1; minute <= minutes; minute++)
        {
            inFlight.Add(Import(minute));
            var minuteEnd = TimeSpan.FromMinutes(minute);
            long sent = 0;
            while (Stopwatch.GetElapsedTime(started) < minuteEnd)
            {
                var due = TimeSpan.FromMinutes(minute - 1) + interval * sent;
                var wait = due - Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
                inFlight.Add(Next());
                sent++;
            }
            inFlight.RemoveAll(t => t.IsCompleted);
            var window = new List<Sample>();
            while (samples.TryDequeue(out var s)) window.Add(s);
            all.AddRange(window);
            rss.Add(server.ResidentMegabytes());
            string P99(string kind) => window.Where(s => s.Kind == kind).Select(s => s.Milliseconds).Order().ToList() is { Count: > 0 } k ? $"{k[(int)Math.Ceiling(k.Count * 0.99) - 1]:0.0}" : "—";
            Console.WriteLine($"| {minute} | {window.Count:N0} | {window.Count(s => s.Error)} | {P99("page")} | {P99("api read")} | {P99("trace")} | {P99("return write")} | {P99("import")} | {rss[^1]:0} |");
        }
        await Task.WhenAll(inFlight);
        while (samples.TryDequeue(out var s)) all.Add(s);

        double P99All(string kind) => all.Where(s => s.Kind == kind).Select(s => s.Milliseconds).Order().ToList() is { Count: > 0 } k ? k[(int)Math.Ceiling(k.Count * 0.99) - 1] : 0;
        var growth = rss.Count > 5 ? (rss[^1] - rss[4]) / rss[4] : 0;
        Console.WriteLine();
        Console.WriteLine($"Total {all.Count:N0} requests ({all.Count / (minutes * 60.0):0} /s), {all.Count(s => s.Error)} errors; p99 pages {P99All("page"):0.0} ms (target < 100), API reads {P99All("api read"):0.0} ms, " +
            $"traces {P99All("trace"):0.0} ms, return writes {P99All("return write"):0.0} ms; memory after minute 5 {rss.ElementAtOrDefault(4):0} MiB, at the end {rss[^1]:0} MiB ({growth:P1}, target < 10 %).");
    }
}
