using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

/// <summary>
/// The testing service at issue 15's scale (100,000 requests, 1,000,000 results): the testing center's
/// desk (backlog, turnaround and pass rates by product type, workload), one request's page, a report
/// issued (review → Word and PDF with the QR code, stored) and the public verification page — each
/// against its floor (/ping, and the desk's grouped queries alone on a plain connection).
/// </summary>
static class TestingBench
{
    public static async Task RunAsync(HostUnderTest host, RunningServer server, int requests, Action<string, List<double>, string> report)
    {
        var tester = await server.SignInAsync("testing@demo.qz", HostUnderTest.DemoPassword);
        var reviewerCookie = await server.SignInAsync("reviewer@demo.qz", HostUnderTest.DemoPassword);
        using var client = server.Client(tester);
        using var reviewer = server.Client(reviewerCookie);
        using var office = server.Client(await server.SignInAsync("office@demo.qz", HostUnderTest.DemoPassword));
        await using var db = TraceBench.Open(host);
        Console.WriteLine();
        Console.WriteLine($"| {await TraceBench.ScalarAsync(db, "SELECT COUNT(*) FROM test_requests"):N0} test requests, {await TraceBench.ScalarAsync(db, "SELECT COUNT(*) FROM test_results"):N0} results | | | | | | |");

        report("floor: GET /ping (ms)", await RunningServer.TimeEachAsync(client, Enumerable.Repeat("/ping", requests)), "");
        // The first request of a minute computes the year's figures; the others read them from the cache.
        report("GET /testing — the desk with the year's figures computed (uncached: the first request of each minute, ms)", await ColdAsync(client), "");
        report("GET /testing — the center's desk: backlog, turnaround and pass rate by product type, failing enterprises, workload, first page (ms)",
            await RunningServer.TimeEachAsync(client, Enumerable.Repeat("/testing", Math.Min(requests, 100))), "target median < 50");
        var since = host.Provider == "Sqlite" ? DateTimeOffset.UtcNow.AddYears(-1).UtcTicks.ToString() : $"'{DateTimeOffset.UtcNow.AddYears(-1):O}'";
        report("floor: the desk's queries alone on a plain connection — backlog, late, the year's reports in one read, workload by the covering index (ms)",
            await SupervisionBench.TimeSqlAsync(db, Math.Min(requests, 100),
            "SELECT \"State\", COUNT(*) FROM test_requests GROUP BY 1",
            $"SELECT \"PackageCode\", \"EnterpriseId\", \"RequestedAt\", \"IssuedAt\", \"DueOn\", \"ReportFailed\", \"WithdrawnAt\", \"ReviewedBy\" FROM test_requests WHERE \"IssuedAt\" >= {since}",
            $"SELECT \"Operator\", COUNT(*) FROM test_results WHERE \"EnteredAt\" >= {since} GROUP BY 1"), "");
        var ids = new List<string>();
        var list = await client.GetFromJsonAsync<JsonElement>("/api/test-requests?page=50");
        foreach (var r in list.EnumerateArray()) ids.Add(r.GetProperty("id").GetString()!);
        report("GET /testing/{id} — one request: items, limits, results, history (ms)",
            await RunningServer.TimeEachAsync(client, Enumerable.Range(0, requests).Select(i => $"/testing/{ids[i % ids.Count]}")), "target median < 20");

        // A report issued: the demo's newest request still in review, or new ones taken to review here.
        var issue = new List<double>();
        for (var run = 0; run < 10; run++)
        {
            var id = await ToReviewAsync(office, client);
            var start = Stopwatch.GetTimestamp();
            using var response = await reviewer.PostAsJsonAsync($"/api/test-requests/{id}/review", new { approve = true });
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"review {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            issue.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        report("POST /api/test-requests/{id}/review — approved: report number, Word and PDF (QR code, embedded font) written and stored, actions opened (ms)", issue, "target median < 300");

        var verify = Enumerable.Range(0, requests).Select(i => (i * 7919) % 95_000 + 1).Where(n => n % 20 != 1)
            .Select(n => $"/verify?number=BG-B-{n:D6}&code=B{n - 1:D7}").ToList();
        using var anonymous = new HttpClient { BaseAddress = client.BaseAddress };
        report("GET /verify — the public verification page, anonymous (ms)", await RunningServer.TimeEachAsync(anonymous, verify), "target median < 10");
        report("GET /api/test-reports/verification — the same as JSON (ms)",
            await RunningServer.TimeEachAsync(anonymous, verify.Select(v => v.Replace("/verify?", "/api/test-reports/verification?"))), "");
    }

    /// <summary>The desk when its cached figures have expired: a request a minute apart, three times.</summary>
    private static async Task<List<double>> ColdAsync(HttpClient client)
    {
        var times = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            await Task.Delay(TimeSpan.FromSeconds(61));
            var start = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync("/testing");
            response.EnsureSuccessStatusCode();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return times;
    }

    /// <summary>Supervision sampling ordered by the office, taken through sample and results by the tester, ready for review.</summary>
    private static async Task<string> ToReviewAsync(HttpClient office, HttpClient tester)
    {
        var enterprise = (await office.GetFromJsonAsync<JsonElement>("/api/enterprises?state=Admitted&pageSize=1")).GetProperty("items")[0].GetProperty("id").GetString();
        using var created = await office.PostAsJsonAsync("/api/test-requests", new { enterpriseId = enterprise, productName = "标准气缸", packageCode = "PKG-ROUTINE" });
        if (!created.IsSuccessStatusCode) throw new InvalidOperationException($"request {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        (await tester.PostAsJsonAsync($"/api/test-requests/{id}/sample", new { refuse = false })).EnsureSuccessStatusCode();
        var request = await tester.GetFromJsonAsync<JsonElement>($"/api/test-requests/{id}");
        var results = request.GetProperty("items").EnumerateArray().Select(i => (object)(i.GetProperty("unit").ValueKind == JsonValueKind.Null
            ? new { requestItemId = i.GetProperty("id").GetString(), passed = true, @operator = "吴工" }
            : new { requestItemId = i.GetProperty("id").GetString(), value = 1.0, @operator = "吴工" })).ToList();
        (await tester.PostAsJsonAsync($"/api/test-requests/{id}/results", new { results })).EnsureSuccessStatusCode();
        (await tester.PostAsync($"/api/test-requests/{id}/review-request", null)).EnsureSuccessStatusCode();
        return id;
    }
}
