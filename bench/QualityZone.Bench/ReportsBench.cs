using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

/// <summary>
/// The half-yearly analysis report at the archives' full scale (600 enterprises, 60 months): a version
/// generated — figures, three server-drawn charts, the Word file and the PDF with its embedded font,
/// both stored — against its floor, the same figures computed alone (GET …/figures).
/// </summary>
static class ReportsBench
{
    public static async Task RunAsync(RunningServer server, int runs, Action<string, List<double>, string> report)
    {
        var office = await server.SignInAsync("office@demo.qz", HostUnderTest.DemoPassword);
        using var client = server.Client(office);
        var reports = await client.GetFromJsonAsync<JsonElement>("/api/reports");
        var drafting = reports.EnumerateArray().First(r => r.GetProperty("state").GetString() == "Drafting").GetProperty("id").GetGuid();
        Console.WriteLine();

        var figures = await RunningServer.TimeEachAsync(client, Enumerable.Repeat($"/api/reports/{drafting}/figures", runs));
        report("floor: GET /api/reports/{id}/figures — the half-year's figures alone (ms)", figures, "");

        var generate = new List<double>();
        long pdfBytes = 0, docxBytes = 0;
        for (var run = 0; run < runs; run++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.PostAsync($"/api/reports/{drafting}/versions", null);
            response.EnsureSuccessStatusCode();
            generate.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        var last = (await client.GetFromJsonAsync<JsonElement>($"/api/reports/{drafting}")).GetProperty("files").EnumerateArray().Last();
        docxBytes = last.GetProperty("docxSize").GetInt64();
        pdfBytes = last.GetProperty("pdfSize").GetInt64();
        report("POST /api/reports/{id}/versions — figures, 3 charts, .docx and PDF generated and stored (ms)", generate,
            $"target < 5000; docx {docxBytes / 1024:N0} KiB, PDF {pdfBytes / 1024:N0} KiB");
        var page = await RunningServer.TimeEachAsync(client, Enumerable.Repeat($"/reports/{drafting}", runs));
        report("GET /reports/{id} — the report page with its live figures (ms)", page, "");
    }
}
