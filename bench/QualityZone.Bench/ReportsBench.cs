using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

/// <summary>
/// The zone's outputs at the archives' full scale (600 enterprises, 60 months, the supervision volume):
/// a version of the half-yearly analysis report generated — figures, three server-drawn charts, the
/// Word file and the PDF with its embedded font, both stored — against its floor, the same figures
/// computed alone (GET …/figures); the indicator dashboard and its recomputation; the self-assessment
/// sheet; the acceptance dossier with every evidence file, and the server's memory while it is built.
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

        var requests = Math.Max(runs, 100);
        var ping = await RunningServer.TimeEachAsync(client, Enumerable.Repeat("/ping", requests));
        report("floor: GET /ping (ms)", ping, "");
        report("GET /api/indicators — 14 indicators × their years (ms)", await RunningServer.TimeEachAsync(client, Enumerable.Repeat("/api/indicators", requests)), "target < 50");
        report("GET /indicators — the dashboard page with its chart (ms)", await RunningServer.TimeEachAsync(client, Enumerable.Repeat("/indicators", requests)), "target < 50");
        var compute = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.PostAsync("/api/indicators/compute", null);
            response.EnsureSuccessStatusCode();
            compute.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        report("POST /api/indicators/compute — three years of every formula indicator (ms)", compute, "");
        report("GET /api/acceptance — the sheet with evidence counts and readiness (ms)", await RunningServer.TimeEachAsync(client, Enumerable.Repeat("/api/acceptance", requests)), "target < 50");
        report("GET /acceptance — the self-assessment page (ms)", await RunningServer.TimeEachAsync(client, Enumerable.Repeat("/acceptance", requests)), "target < 50");

        var dossier = new List<double>();
        var before = server.ResidentMegabytes();
        var peak = before;
        int files = 0;
        long bytes = 0;
        for (var run = 0; run < Math.Min(runs, 3); run++)
        {
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, server.ResidentMegabytes());
                    await Task.Delay(50);
                }
            });
            var start = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync("/acceptance/dossier.zip", HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            var path = Path.GetTempFileName();
            await using (var file = File.Create(path)) await response.Content.CopyToAsync(file);
            dossier.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            sampling.Cancel();
            await sampler;
            using (var zip = System.IO.Compression.ZipFile.OpenRead(path)) files = zip.Entries.Count;
            bytes = new FileInfo(path).Length;
            File.Delete(path);
        }
        report("GET /acceptance/dossier.zip — catalogue (.docx, PDF) and every evidence file, built and downloaded (ms)", dossier,
            $"{files:N0} files, {bytes / 1024 / 1024:N0} MiB; server memory {before:N0} → peak {peak:N0} MiB; target < 30000 for 2,000 files");
    }
}
