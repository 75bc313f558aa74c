using System.Net.Http.Json;
using System.Text.Json;

/// <summary>
/// Policies at issue 17's scale (2,000 enterprises, two years of returns): eligibility of every enterprise for one
/// policy — the demo's quality reward (grade, notifications, recalls, overdue actions) and a rule over the export
/// lines (own-brand share, growth) — and the appraisal of all member units for a year, each against its floor.
/// </summary>
static class PoliciesBench
{
    public static async Task RunAsync(HostUnderTest host, RunningServer server, int requests, Action<string, List<double>, string> report)
    {
        using var office = server.Client(await server.SignInAsync("office@demo.qz", HostUnderTest.DemoPassword));
        await using var db = TraceBench.Open(host);
        Console.WriteLine();
        Console.WriteLine($"| {await TraceBench.ScalarAsync(db, "SELECT COUNT(*) FROM enterprises"):N0} enterprises, {await TraceBench.ScalarAsync(db, "SELECT COUNT(*) FROM export_return_lines WHERE \"Effective\""):N0} effective export lines, " +
            $"{await TraceBench.ScalarAsync(db, "SELECT COUNT(*) FROM corrective_actions"):N0} actions | | | | | | |");
        var quality = (await TraceBench.ColumnAsync(db, "SELECT \"Id\" FROM policies WHERE \"Title\" = '出口产品质量提升奖励'")).Single();
        var economy = (await TraceBench.ColumnAsync(db, "SELECT \"Id\" FROM departments WHERE \"Code\" = 'economy-it'")).Single();
        // The rule over the exports is added once: a kept database is reused unchanged by later runs.
        var existing = await TraceBench.ColumnAsync(db, "SELECT \"Id\" FROM policies WHERE \"Title\" = '自主品牌出口奖励（bench）'");
        using var created = existing.Count > 0 ? null : await office.PostAsJsonAsync("/api/policies", new
        {
            type = "Reward", title = "自主品牌出口奖励（bench）", issuingUnit = "奉化区商务局", issuedOn = DateTime.UtcNow.AddDays(-30).ToString("yyyy-MM-dd"), body = "bench", published = true,
            responsibleDepartmentId = Guid.Parse(economy), rule = "own_brand_share >= 30 and export_growth >= 0 and grade in (A, B)", amountKind = "Fixed", amount = 20000,
        });
        var exports = created is null ? Guid.Parse(existing[0]) : (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var year = DateTime.UtcNow.Year;

        report("floor: GET /ping (ms)", await RunningServer.TimeEachAsync(office, Enumerable.Repeat("/ping", requests)), "");
        // Every request's fixed cost with an API token (issue 22): the token's claims are cached for 5 s.
        using var tokenResponse = await office.PostAsJsonAsync("/api/me/tokens", new { name = "bench", expiresInDays = 1 });
        tokenResponse.EnsureSuccessStatusCode();
        using var tokenClient = new HttpClient { BaseAddress = office.BaseAddress };
        tokenClient.DefaultRequestHeaders.Authorization = new("Bearer", (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        report("GET /ping with an API token (ms)", await RunningServer.TimeEachAsync(tokenClient, Enumerable.Repeat("/ping", requests)), "");
        report("GET /api/appraisal/{year} with an API token (ms)", await RunningServer.TimeEachAsync(tokenClient, Enumerable.Repeat($"/api/appraisal/{year}", Math.Min(requests, 100))), "");
        report("GET /api/policies/{id}/eligibility — quality reward: grade, notifications and recalls in 12 months, overdue actions, every enterprise (ms)",
            await RunningServer.TimeEachAsync(office, Enumerable.Repeat($"/api/policies/{quality}/eligibility", Math.Min(requests, 100))), "target median < 200");
        var from = DateTime.UtcNow.AddHours(8).AddMonths(-11).ToString("yyyy-MM");
        report("floor: the quality reward's four statements on a plain connection (ms)", await SupervisionBench.TimeSqlAsync(db, Math.Min(requests, 100),
            "SELECT \"Id\", \"NameZh\", \"State\", \"Grade\" FROM enterprises WHERE \"State\" IN ('Admitted', 'Watch', 'Suspended')",
            $"SELECT \"EnterpriseId\", \"Kind\", COUNT(*) FROM export_return_incidents WHERE \"Effective\" AND \"Period\" >= '{from}' GROUP BY 1, 2",
            "SELECT \"EnterpriseId\", COUNT(*) FROM corrective_actions WHERE \"EnterpriseId\" IS NOT NULL AND \"State\" IN ('Open', 'InProgress', 'PendingVerification') AND \"DueOn\" < '" + DateTime.UtcNow.ToString("yyyy-MM-dd") + "' GROUP BY 1"), "");
        report("GET /api/policies/{id}/eligibility — own-brand share and growth over two years of monthly returns, every enterprise (ms)",
            await RunningServer.TimeEachAsync(office, Enumerable.Repeat($"/api/policies/{exports}/eligibility", Math.Min(requests, 50)), warmUp: 5), "target median < 200");
        report("floor: the returns' monthly totals GROUP BY alone on a plain connection (ms)", await SupervisionBench.TimeSqlAsync(db, Math.Min(requests, 50),
            $"SELECT \"EnterpriseId\", \"Period\" >= '{year - 1}-01', SUM(\"ValueUsd\"), SUM(\"OwnBrandValueUsd\"), SUM(\"OdmValueUsd\") FROM export_returns WHERE \"EffectiveVersion\" IS NOT NULL AND \"Period\" >= '{year - 2}-01' AND \"Period\" <= '{year - 1}-12' GROUP BY 1, 2"), "");
        report("GET /policies/{id} — the reward's page with budget, claims and the eligibility table (ms)",
            await RunningServer.TimeEachAsync(office, Enumerable.Repeat($"/policies/{quality}", Math.Min(requests, 50)), warmUp: 5), "");
        report("GET /api/appraisal/{year} — every member unit's appraisal for the year (ms)",
            await RunningServer.TimeEachAsync(office, Enumerable.Repeat($"/api/appraisal/{year}", requests)), "target median < 500");
        report("GET /policies/mechanism — task 20's six parties (ms)", await RunningServer.TimeEachAsync(office, Enumerable.Repeat("/policies/mechanism", Math.Min(requests, 100))), "");
    }
}
