using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

/// <summary>
/// The information portal at issue 7's scale: 50,000 notices imported through the API (40,000 CPSC
/// recalls in four files of 10,000 — the import figure — and 10,000 TBT notifications with Chinese titles),
/// then searches in Chinese and English against the FTS query alone (the floor), matching one notice against
/// the 600 enterprises' profiles, and the public pages against /ping.
/// </summary>
static class PortalBench
{
    // <data>
    private static readonly string[] ChineseSubjects = ["电磁阀", "气缸", "减压阀", "快插接头", "过滤器", "气动工具", "压缩空气", "气管", "换向阀", "机械安全"];
    private static readonly string[] ChineseTopics = ["能效要求", "标签和说明书", "有害物质限量", "合格评定程序", "泄漏试验方法", "安全技术规范"];
    // One product in ten is a pneumatic one (an impact wrench), more than real consumer recalls carry: the matching has work to do.
    private static readonly string[] Products = ["Pneumatic impact wrench", "Children's bicycle helmet", "Space heater", "Baby stroller", "Dehumidifier", "LED lamp", "Power bank", "Hair dryer", "Toy drone", "Window blind"];
    // </data>

    /// <param name="import">False (<c>--no-import</c>): measure the reads on the notices a previous run imported into the kept data.</param>
    public static async Task RunAsync(HostUnderTest host, RunningServer server, int requests, Action<string, List<double>, string> report, bool import = true)
    {
        var office = await server.SignInAsync("office@demo.qz", HostUnderTest.DemoPassword);
        using var client = server.Client(office);
        client.Timeout = TimeSpan.FromMinutes(5);
        // Imports are raw bodies: a cookie client would need the page's antiforgery token, a bearer token needs none (CookieAntiforgery).
        using var tokenResponse = await client.PostAsJsonAsync("/api/me/tokens", new { name = "portal bench", expiresInDays = 1 });
        tokenResponse.EnsureSuccessStatusCode();
        using var importer = new HttpClient { BaseAddress = client.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        importer.DefaultRequestHeaders.Authorization = new("Bearer", (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        var random = new Random(7);
        var stamp = DateTime.UtcNow.Ticks % 1_000_000;
        var imports = new List<double>();
        for (var file = 0; file < (import ? 4 : 0); file++)
        {
            var records = Enumerable.Range(0, 10_000).Select(i => new
            {
                RecallID = file * 10_000 + i, RecallNumber = $"B{stamp}-{file}-{i}", RecallDate = DateTime.UtcNow.AddDays(-random.Next(3650)).ToString("yyyy-MM-dd"),
                LastPublishDate = DateTime.UtcNow.ToString("yyyy-MM-dd"), Title = $"{Products[random.Next(Products.Length)]} recalled due to {(random.Next(2) == 0 ? "fire" : "injury")} hazard",
                Description = "The product can overheat, posing a fire hazard to consumers.", URL = "https://www.cpsc.gov/Recalls",
                Products = new[] { new { Name = Products[random.Next(Products.Length)], Model = $"M-{i}", Type = "Household", NumberOfUnits = "About 1,000" } },
                Hazards = new[] { new { Name = "Fire" } }, Remedies = new[] { new { Name = "Refund" } },
                Manufacturers = new[] { new { Name = "Example Manufacturing Co." } }, ManufacturerCountries = new[] { new { Country = "China" } },
            });
            var body = JsonSerializer.SerializeToUtf8Bytes(records);
            var start = Stopwatch.GetTimestamp();
            using var response = await importer.PostAsync("/api/notices/import", new ByteArrayContent(body));
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException(text);
            imports.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            Console.WriteLine($"| after CPSC file {file + 1}: the server's memory now / peak so far (MiB) | {server.ResidentMegabytes():0} / {server.PeakResidentMegabytes():0} | | | | | |");
        }
        if (import) report("POST /api/notices/import: 10,000 CPSC SaferProducts records per file (ms per file)", imports, "target < 10000");
        var tbt = Enumerable.Range(0, 10_000).Select(i => new
        {
            documentSymbol = $"G/TBT/N/B{stamp}/{i}", notifyingMember = i % 3 == 0 ? "European Union" : i % 3 == 1 ? "Russian Federation" : "United States of America",
            distributionDate = DateTime.UtcNow.AddDays(-random.Next(1500)).ToString("yyyy-MM-dd"), finalDateForComments = DateTime.UtcNow.AddDays(random.Next(60)).ToString("yyyy-MM-dd"),
            title = $"关于{ChineseSubjects[random.Next(ChineseSubjects.Length)]}{ChineseTopics[random.Next(ChineseTopics.Length)]}的技术法规草案（第 {i} 号）",
            description = $"规定{ChineseSubjects[random.Next(ChineseSubjects.Length)]}的{ChineseTopics[random.Next(ChineseTopics.Length)]}。",
            hsCodes = i % 2 == 0 ? new[] { "848120" } : Array.Empty<string>(),
        });
        if (import)
        {
            var tbtStart = Stopwatch.GetTimestamp();
            using (var response = await importer.PostAsync("/api/notices/import", new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new { items = tbt }))))
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
            Console.WriteLine($"| import of 10,000 TBT notifications with Chinese titles (matched and alerted) | {Stopwatch.GetElapsedTime(tbtStart).TotalMilliseconds:0} ms | | | | | |");
            Console.WriteLine($"| after the TBT notifications: the server's memory now / peak so far (MiB) | {server.ResidentMegabytes():0} / {server.PeakResidentMegabytes():0} | | | | | |");
        }

        await using var db = TraceBench.Open(host);
        Console.WriteLine($"| {await TraceBench.ScalarAsync(db, "SELECT COUNT(*) FROM notices"):N0} notices, {await TraceBench.ScalarAsync(db, "SELECT COUNT(*) FROM export_profiles"):N0} profile rows of {await TraceBench.ScalarAsync(db, "SELECT COUNT(DISTINCT \"EnterpriseId\") FROM export_profiles"):N0} enterprises, {await TraceBench.ScalarAsync(db, "SELECT COUNT(*) FROM notice_alerts"):N0} alerts | | | | | | |");
        var ping = await RunningServer.TimeEachAsync(client, Enumerable.Repeat("/ping", requests));
        report("GET /ping (ms)", ping, "");
        var queries = new[] { ("Chinese, no spaces", "电磁阀能效"), ("Chinese, one word", "快插接头"), ("English", "impact wrench"), ("English, in 80 % of the notices", "fire hazard"),
            ("English, prefix and glossary", "valve"), ("English phrase, glossary", "solenoid valve"), ("English, inflections and 召回", "recall") };
        foreach (var (label, q) in queries)
            foreach (var order in new[] { "Relevance", "Newest" })
            {
                var times = await RunningServer.TimeEachAsync(client, Enumerable.Repeat($"/api/notices?q={Uri.EscapeDataString(q)}&sort={order}", requests));
                report($"GET /api/notices?q={q}&sort={order} ({label}; first 50 of the matches, ms)", times, "target median < 50");
            }
        // The floor: the statement the app runs for a search (the same query text), alone on a plain connection, by relevance.
        foreach (var (_, q) in queries)
        {
            var parsed = QualityZone.Features.Portal.SearchQuery.Parse(q);
            var floor = new List<double>();
            for (var i = 0; i < requests; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await using var command = db.CreateCommand();
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@q";
                parameter.Value = host.Provider == "Sqlite" ? parsed.ToFts5() : parsed.ToTsQuery();
                command.Parameters.Add(parameter);
                command.CommandText = (host.Provider == "Sqlite" ? QualityZone.Features.Portal.NoticeSearch.SqliteByRelevance : QualityZone.Features.Portal.NoticeSearch.PostgresByRelevance).Replace("{0}", "@q") + " LIMIT 50";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync()) { }
                floor.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            report($"floor: the search for {q} by relevance as one SQL statement on a plain connection (ms)", floor, "");
        }
        var notice = (await TraceBench.ColumnAsync(db, import
            ? $"SELECT \"Id\" FROM notices WHERE \"Reference\" = 'G/TBT/N/B{stamp}/0'" : "SELECT \"Id\" FROM notices WHERE \"Reference\" LIKE 'G/TBT/N/B%/0' LIMIT 1")).Single();
        var matches = await RunningServer.TimeEachAsync(client, Enumerable.Repeat($"/api/notices/{notice}/matches", requests));
        report("GET /api/notices/{id}/matches: one EU notification (HS 848120) against every enterprise's profile (ms)", matches, "target < 20");
        var portal = await RunningServer.TimeEachAsync(client, Enumerable.Repeat("/portal", requests));
        report("GET /portal (latest notices, counts by type, ms)", portal, "target median < 20");
        var detail = await RunningServer.TimeEachAsync(client, Enumerable.Repeat($"/portal/notices/{notice}", requests));
        report("GET /portal/notices/{id} (ms)", detail, "target median < 20");
        var search = await RunningServer.TimeEachAsync(client, Enumerable.Repeat($"/portal?q={Uri.EscapeDataString("电磁阀")}", requests));
        report("GET /portal?q=电磁阀 (the search page, ms)", search, "");
    }
}
