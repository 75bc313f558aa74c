using System.Diagnostics;

/// <summary>
/// The training platform at issue 16's scale (2,000 more sessions, 200,000 attendance records): a session's
/// attendance list (JSON and the page), the targeted-invitation proposal for a session, and a certificate PDF
/// written on request — each against its floor (/ping, and the attendance list's statement on a plain connection).
/// </summary>
static class TrainingBench
{
    public static async Task RunAsync(HostUnderTest host, RunningServer server, int requests, Action<string, List<double>, string> report)
    {
        using var office = server.Client(await server.SignInAsync("office@demo.qz", HostUnderTest.DemoPassword));
        await using var db = TraceBench.Open(host);
        Console.WriteLine();
        Console.WriteLine($"| {await TraceBench.ScalarAsync(db, "SELECT COUNT(*) FROM training_sessions"):N0} sessions, {await TraceBench.ScalarAsync(db, "SELECT COUNT(*) FROM training_registrations"):N0} registrations, " +
            $"{await TraceBench.ScalarAsync(db, "SELECT COUNT(*) FROM training_registrations WHERE \"AttendedAt\" IS NOT NULL"):N0} attended | | | | | | |");
        var sessions = await TraceBench.ColumnAsync(db, "SELECT \"Id\" FROM training_sessions WHERE \"CreatedBy\" = 'bench' ORDER BY \"StartsAt\" LIMIT 300");
        var certificates = await TraceBench.ColumnAsync(db, "SELECT \"Id\" FROM training_registrations WHERE \"CertificateNumber\" LIKE 'PX-B-%' ORDER BY \"CertificateNumber\" LIMIT 50");

        report("floor: GET /ping (ms)", await RunningServer.TimeEachAsync(office, Enumerable.Repeat("/ping", requests)), "");
        report("GET /api/training/sessions/{id}/registrations — a session's attendance list, 100 participants with enterprise, check-in, score, certificate (ms)",
            await RunningServer.TimeEachAsync(office, Enumerable.Range(0, requests).Select(i => $"/api/training/sessions/{sessions[i % sessions.Count]}/registrations")), "target median < 20");
        var literal = host.Provider == "Sqlite" ? sessions[0].ToUpperInvariant() : sessions[0];
        report("floor: the attendance list's statement alone on a plain connection (ms)", await SupervisionBench.TimeSqlAsync(db, Math.Min(requests, 100),
            $"SELECT r.\"Id\", r.\"EnterpriseId\", e.\"NameZh\", r.\"ParticipantName\", r.\"Position\", r.\"State\", r.\"RegisteredAt\", r.\"AttendedAt\", r.\"CheckedInBy\", r.\"Score\", r.\"Rating\", r.\"CertificateNumber\" " +
            $"FROM training_registrations r JOIN enterprises e ON r.\"EnterpriseId\" = e.\"Id\" WHERE r.\"SessionId\" = '{literal}' ORDER BY r.\"State\", e.\"NameZh\", r.\"RegisteredAt\""), "");
        report("GET /training/{id} — the session's page with the list, seats, feedback (ms)",
            await RunningServer.TimeEachAsync(office, Enumerable.Range(0, Math.Min(requests, 100)).Select(i => $"/training/{sessions[i % sessions.Count]}")), "");
        report("GET /api/training/sessions/{id}/invitation-proposals — recurring findings and matched foreign rules over the zone (ms)",
            await RunningServer.TimeEachAsync(office, Enumerable.Range(0, Math.Min(requests, 50)).Select(i => $"/api/training/sessions/{sessions[i % sessions.Count]}/invitation-proposals")), "target median < 200");
        var pdf = new List<double>();
        foreach (var id in certificates.Take(30))
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await office.GetAsync($"/training/certificates/{id}.pdf");
            var bytes = await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode || bytes.Length < 1000) throw new InvalidOperationException($"certificate {(int)response.StatusCode}");
            pdf.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        report("GET /training/certificates/{id}.pdf — a certificate written on request (embedded Chinese font, QR code) (ms)", pdf, "target median < 300");
    }
}
