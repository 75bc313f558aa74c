using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.ExportArchives;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Demo;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.AnalysisReports;

/// <summary>The half-yearly quality analysis report (task 15): figures, the sections' flow, the files, submission; on SQLite and PostgreSQL.</summary>
public abstract class AnalysisReportTests<TFactory>(TFactory factory) where TFactory : AppFactory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private async Task<HttpClient> TokenClientAsync(string role, string? department = null) =>
        factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(role, department)));

    private static async Task<Guid> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string title)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Contains(title, JsonDocument.Parse(body).RootElement.GetProperty("title").GetString());
    }

    private static async Task<JsonElement> ReportAsync(HttpClient client, Guid id) => await client.GetFromJsonAsync<JsonElement>($"/api/reports/{id}", Ct);

    private static JsonElement Section(JsonElement report, string key) => report.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("key").GetString() == key);

    [Fact]
    public async Task Figures_match_an_independent_computation_over_the_same_data_and_the_pdf_states_them()
    {
        factory.RequireDatabase();
        for (var i = 0; i < 4; i++)
        {
            var id = await factory.CreateEnterpriseAsync($"奉化分析报告测试气动{i}有限公司");
            await factory.WithDbAsync(async db =>
            {
                var e = await db.Enterprises.Include(x => x.Markets).Include(x => x.Products).SingleAsync(x => x.Id == id, Ct);
                e.Admit("FH-R-" + Random.Shared.Next(100000, 999999), new DateOnly(2020, 1, 1), "测试", null, "测试", DateTimeOffset.UtcNow);
                e.AnnualExportWanUsd = 500 + 100 * i;
                e.Markets.AddRange(new[] { "DE", "US", "VN" }.Take(1 + i % 3).Select(c => new EnterpriseMarket { EnterpriseId = id, CountryCode = c }));
                await db.SaveChangesAsync(Ct);
            });
        }
        await factory.WithDbAsync(db => new DemoReturns(db).SeedAsync(new Random(7), Today, 14, 3, Ct));

        var (from, to) = Today.Month <= 6 ? ($"{Today.Year}-01", $"{Today.Year}-06") : ($"{Today.Year}-07", $"{Today.Year}-12");
        var office = await TokenClientAsync(Roles.ZoneAdmin);
        var action = await office.PostAsJsonAsync("/api/actions", new { source = "Complaint", title = "分析报告测试投诉", severity = "Minor", dueOn = Today.AddDays(1), ownerDepartmentId = await factory.DepartmentIdAsync("market-supervision") }, Json, Ct);
        var actionId = await CreatedIdAsync(action);
        // Overdue since yesterday (the API takes no due date in the past).
        await factory.WithDbAsync(db => db.CorrectiveActions.Where(a => a.Id == actionId).ExecuteUpdateAsync(u => u.SetProperty(a => a.DueOn, Today.AddDays(-1)), Ct));
        var reportId = await CreatedIdAsync(await office.PostAsJsonAsync("/api/reports", new { fromPeriod = from, toPeriod = to }, Json, Ct));
        var figures = await office.GetFromJsonAsync<JsonElement>($"/api/reports/{reportId}/figures", Ct);
        var totals = figures.GetProperty("summary").GetProperty("totals");

        // The same figures computed here, straight from the effective lines and incidents of the period.
        var lines = await factory.WithDbAsync(db => db.ExportReturnLines.AsNoTracking()
            .Where(l => l.Effective && string.Compare(l.Period, from) >= 0 && string.Compare(l.Period, to) <= 0)
            .Select(l => new { l.ValueUsd, l.Batches, l.NonconformingBatches, l.CountryCode, l.EnterpriseId }).ToListAsync(Ct));
        Assert.NotEmpty(lines);
        var value = lines.Sum(l => l.ValueUsd);
        Assert.Equal(value, totals.GetProperty("valueUsd").GetDecimal());
        Assert.Equal(lines.Sum(l => (long)l.Batches), totals.GetProperty("batches").GetInt64());
        Assert.Equal(lines.Sum(l => (long)l.NonconformingBatches), totals.GetProperty("nonconformingBatches").GetInt64());
        Assert.Equal(lines.Select(l => l.CountryCode).Distinct().Count(), totals.GetProperty("markets").GetInt32());
        Assert.Equal(lines.Select(l => l.EnterpriseId).Distinct().Count(), totals.GetProperty("enterprises").GetInt32());
        var hhi = Math.Round(lines.GroupBy(l => l.CountryCode).Sum(g => (100m * g.Sum(l => l.ValueUsd) / value) * (100m * g.Sum(l => l.ValueUsd) / value)), 0);
        Assert.Equal(hhi, figures.GetProperty("summary").GetProperty("marketConcentration").GetDecimal());
        var incidents = await factory.WithDbAsync(db => db.ExportReturnIncidents.AsNoTracking()
            .Where(i => i.Effective && string.Compare(i.Period, from) >= 0 && string.Compare(i.Period, to) <= 0).Select(i => i.Kind).ToListAsync(Ct));
        Assert.Equal(incidents.Count(k => k == IncidentKind.Notification), totals.GetProperty("notifications").GetInt32());
        Assert.Equal(incidents.Count(k => k == IncidentKind.Return), totals.GetProperty("returns").GetInt32());
        var shiftedFrom = $"{int.Parse(from[..4]) - 1}{from[4..]}";
        var shiftedTo = $"{int.Parse(to[..4]) - 1}{to[4..]}";
        var lastYear = await factory.WithDbAsync(db => db.ExportReturnLines.AsNoTracking()
            .Where(l => l.Effective && string.Compare(l.Period, shiftedFrom) >= 0 && string.Compare(l.Period, shiftedTo) <= 0).Select(l => l.ValueUsd).ToListAsync(Ct));
        Assert.Equal(lastYear.Sum(), figures.GetProperty("samePeriodLastYear").GetProperty("valueUsd").GetDecimal());
        var opened = (await factory.WithDbAsync(db => db.CorrectiveActions.AsNoTracking().Select(a => a.CreatedAt).ToListAsync(Ct)))
            .Count(at => ExportReturn.PeriodOf(DateOnly.FromDateTime(at.ToOffset(TimeSpan.FromHours(8)).DateTime)) is var p && string.Compare(p, from) >= 0 && string.Compare(p, to) <= 0);
        Assert.Equal(opened, figures.GetProperty("actions").EnumerateArray().Sum(a => a.GetProperty("opened").GetInt32()));
        Assert.True(figures.GetProperty("actions").EnumerateArray().Sum(a => a.GetProperty("overdue").GetInt32()) >= 1);

        // A generated version states the same figures in Word and in PDF (the font embedded, the text readable).
        var generated = await office.PostAsync($"/api/reports/{reportId}/versions", null, Ct);
        Assert.Equal(HttpStatusCode.Created, generated.StatusCode);
        var browser = await factory.SignInAsync(await factory.CreateUserAsync(Roles.DepartmentStaff, "commerce"));
        var pdf = await browser.GetByteArrayAsync($"/reports/{reportId}/files/1.pdf", Ct);
        var text = await PdfText.ReadAsync(pdf);
        var expectedValue = (value / 10_000m).ToString("#,0.0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"出口额{expectedValue}万美元", text);
        Assert.Contains("出口产品质量分析报告", text);
        Assert.Contains($"出口市场{lines.Select(l => l.CountryCode).Distinct().Count()}个", text);
        Assert.Contains("征求意见稿", text);
        Assert.Matches(@"CID TrueType\s+Identity-H\s+yes", await PdfText.FontsAsync(pdf));
        var docx = await browser.GetByteArrayAsync($"/reports/{reportId}/files/1.docx", Ct);
        using (var zip = new ZipArchive(new MemoryStream(docx)))
        {
            Assert.Contains(zip.Entries, e => e.FullName.EndsWith(".png", StringComparison.Ordinal));
            using var reader = new StreamReader(zip.GetEntry("word/document.xml")!.Open());
            Assert.Contains(expectedValue, await reader.ReadToEndAsync(Ct));
        }
        await LibreOffice.AssertOpensAsync(docx, ".docx");
    }

    [Fact]
    public async Task Departments_write_their_sections_the_lead_approves_and_a_submitted_report_never_changes()
    {
        factory.RequireDatabase();
        var office = await TokenClientAsync(Roles.ZoneAdmin);
        var economy = await TokenClientAsync(Roles.DepartmentStaff, "economy-it");
        var commerce = await TokenClientAsync(Roles.DepartmentStaff, "commerce");
        var finance = await TokenClientAsync(Roles.DepartmentStaff, "finance");

        // Bad periods and a department that does not lead task 15 are refused; nothing is saved.
        await AssertProblemAsync(await economy.PostAsJsonAsync("/api/reports", new { fromPeriod = "2023-13", toPeriod = "2023-12" }, Json, Ct), HttpStatusCode.BadRequest, "请选择统计期");
        await AssertProblemAsync(await economy.PostAsJsonAsync("/api/reports", new { fromPeriod = "2023-06", toPeriod = "2023-01" }, Json, Ct), HttpStatusCode.BadRequest, "结束月份不能早于开始月份");
        await AssertProblemAsync(await finance.PostAsJsonAsync("/api/reports", new { fromPeriod = "2023-01", toPeriod = "2023-06" }, Json, Ct), HttpStatusCode.Forbidden, "牵头部门");
        Assert.False(await factory.WithDbAsync(db => db.AnalysisReports.AnyAsync(r => r.FromPeriod == "2023-01" || r.FromPeriod == "2023-06", Ct)));

        // A half-year without any data: the report says so rather than failing.
        var id = await CreatedIdAsync(await economy.PostAsJsonAsync("/api/reports", new { fromPeriod = "2023-01", toPeriod = "2023-06" }, Json, Ct));
        await AssertProblemAsync(await office.PostAsJsonAsync("/api/reports", new { fromPeriod = "2023-01", toPeriod = "2023-06" }, Json, Ct), HttpStatusCode.Conflict, "已经存在");
        var report = await ReportAsync(office, id);
        Assert.Equal("2023年上半年出口产品质量分析报告", report.GetProperty("title").GetString());
        Assert.Equal(7, report.GetProperty("sections").GetArrayLength());
        var markets = Section(report, "markets").GetProperty("id").GetGuid();
        var quality = Section(report, "quality").GetProperty("id").GetGuid();
        Assert.Equal(await factory.DepartmentIdAsync("commerce"), Section(report, "markets").GetProperty("departmentId").GetGuid());

        // Commerce writes its own section, not market supervision's; text over the limit and a stale version are refused.
        var version = report.GetProperty("version").GetInt32();
        await AssertProblemAsync(await commerce.PutAsJsonAsync($"/api/reports/{id}/sections/{quality}", new { text = "越权", version, handIn = false }, Json, Ct), HttpStatusCode.Forbidden, "其他部门");
        await AssertProblemAsync(await commerce.PutAsJsonAsync($"/api/reports/{id}/sections/{markets}", new { text = new string('市', 20001), version, handIn = false }, Json, Ct), HttpStatusCode.BadRequest, "20000");
        await AssertProblemAsync(await commerce.PutAsJsonAsync($"/api/reports/{id}/sections/{markets}", new { text = "", version, handIn = true }, Json, Ct), HttpStatusCode.BadRequest, "请先撰写");
        await AssertProblemAsync(await commerce.PutAsJsonAsync($"/api/reports/{id}/sections/{markets}", new { text = "旧版本", version = version - 1, handIn = false }, Json, Ct), HttpStatusCode.Conflict, "刷新");
        Assert.Equal(HttpStatusCode.NoContent, (await commerce.PutAsJsonAsync($"/api/reports/{id}/sections/{markets}", new { text = "对东盟出口增长较快。", version, handIn = true }, Json, Ct)).StatusCode);
        await AssertProblemAsync(await commerce.PostAsJsonAsync($"/api/reports/{id}/sections/{markets}/review", new { approve = true }, Json, Ct), HttpStatusCode.Forbidden, "牵头部门");

        // The lead sends it back (a reason is required), commerce hands it in again, the lead approves.
        await AssertProblemAsync(await economy.PostAsJsonAsync($"/api/reports/{id}/sections/{markets}/review", new { approve = false }, Json, Ct), HttpStatusCode.BadRequest, "修改意见");
        Assert.Equal(HttpStatusCode.NoContent, (await economy.PostAsJsonAsync($"/api/reports/{id}/sections/{markets}/review", new { approve = false, comment = "请补充自主品牌情况" }, Json, Ct)).StatusCode);
        report = await ReportAsync(office, id);
        Assert.Equal("Draft", Section(report, "markets").GetProperty("state").GetString());
        Assert.Equal("请补充自主品牌情况", Section(report, "markets").GetProperty("reviewComment").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await commerce.PutAsJsonAsync($"/api/reports/{id}/sections/{markets}", new { text = "对东盟出口增长较快，自主品牌出口比重上升。", version = report.GetProperty("version").GetInt32(), handIn = true }, Json, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await economy.PostAsJsonAsync($"/api/reports/{id}/sections/{markets}/review", new { approve = true }, Json, Ct)).StatusCode);

        // Submission waits for every section, and names the first that is not approved.
        await AssertProblemAsync(await economy.PostAsJsonAsync($"/api/reports/{id}/submission", new { submittedTo = "奉化区人民政府" }, Json, Ct), HttpStatusCode.BadRequest, "一、出口总体情况");
        Assert.Equal("Drafting", (await ReportAsync(office, id)).GetProperty("state").GetString());
        foreach (var section in (await ReportAsync(office, id)).GetProperty("sections").EnumerateArray().Where(s => s.GetProperty("state").GetString() == "Draft"))
        {
            var current = (await ReportAsync(office, id)).GetProperty("version").GetInt32();
            Assert.Equal(HttpStatusCode.NoContent, (await office.PutAsJsonAsync($"/api/reports/{id}/sections/{section.GetProperty("id").GetGuid()}", new { text = $"{section.GetProperty("title").GetString()}的情况说明。", version = current, handIn = true }, Json, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await economy.PostAsJsonAsync($"/api/reports/{id}/sections/{section.GetProperty("id").GetGuid()}/review", new { approve = true }, Json, Ct)).StatusCode);
        }
        await AssertProblemAsync(await economy.PostAsJsonAsync($"/api/reports/{id}/submission", new { submittedTo = "" }, Json, Ct), HttpStatusCode.BadRequest, "报送对象");
        await AssertProblemAsync(await economy.PostAsJsonAsync($"/api/reports/{id}/submission", new { submittedTo = "奉化区人民政府", submittedOn = Today.AddDays(1) }, Json, Ct), HttpStatusCode.BadRequest, "不能晚于今天");
        Assert.Equal(HttpStatusCode.NoContent, (await economy.PostAsJsonAsync($"/api/reports/{id}/submission", new { submittedTo = "奉化区人民政府", submittedOn = Today }, Json, Ct)).StatusCode);

        report = await ReportAsync(office, id);
        Assert.Equal("Submitted", report.GetProperty("state").GetString());
        Assert.Equal(1, report.GetProperty("submittedVersion").GetInt32());
        var file = report.GetProperty("files").EnumerateArray().Single();
        var pdf = await office.GetByteArrayAsync(file.GetProperty("pdfUrl").GetString(), Ct);
        Assert.Equal(file.GetProperty("pdfSha256").GetString(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)));
        var text = await PdfText.ReadAsync(pdf);
        Assert.Contains("2023年上半年出口产品质量分析报告", text);
        Assert.Contains("本期没有企业报送出口质量档案", text);
        Assert.Contains("对东盟出口增长较快，自主品牌出口比重上升。", text);
        Assert.DoesNotContain("征求意见稿", text);

        // Submitted is final: no section, version or second submission; the member units were told; task 15 shows it as evidence.
        await AssertProblemAsync(await commerce.PutAsJsonAsync($"/api/reports/{id}/sections/{markets}", new { text = "改", version = report.GetProperty("version").GetInt32(), handIn = false }, Json, Ct), HttpStatusCode.Conflict, "已报送");
        await AssertProblemAsync(await economy.PostAsync($"/api/reports/{id}/versions", null, Ct), HttpStatusCode.Conflict, "已报送");
        await AssertProblemAsync(await economy.PostAsJsonAsync($"/api/reports/{id}/submission", new { submittedTo = "奉化区人民政府" }, Json, Ct), HttpStatusCode.Conflict, "已报送");
        Assert.Single((await ReportAsync(office, id)).GetProperty("files").EnumerateArray());
        Assert.True(await factory.WithDbAsync(db => db.Notifications.AnyAsync(n => n.Title.Contains("质量分析报告已报送") && n.Title.Contains("2023年上半年"), Ct)));
        var taskPage = await (await factory.SignInAsNewUserAsync(Roles.DepartmentStaff, "commerce")).GetStringAsync("/tasks/15", Ct);
        Assert.Contains("2023年上半年出口产品质量分析报告", taskPage);
        Assert.Contains($"/reports/{id}", taskPage);
    }

    [Fact]
    public async Task Enterprises_and_the_public_cannot_read_the_reports_or_their_files()
    {
        factory.RequireDatabase();
        var economy = await TokenClientAsync(Roles.DepartmentStaff, "economy-it");
        var id = await CreatedIdAsync(await economy.PostAsJsonAsync("/api/reports", new { fromPeriod = "2022-07", toPeriod = "2022-12" }, Json, Ct));
        Assert.Equal(HttpStatusCode.Created, (await economy.PostAsync($"/api/reports/{id}/versions", null, Ct)).StatusCode);
        var enterprise = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: await factory.CreateEnterpriseAsync("报告隔离测试企业"))));
        foreach (var url in new[] { "/api/reports", $"/api/reports/{id}", $"/api/reports/{id}/figures", $"/reports/{id}/files/1.pdf", $"/reports/{id}/files/1.docx" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.GetAsync(url, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(url, Ct)).StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect ? HttpStatusCode.Unauthorized : HttpStatusCode.OK);
        }
    }
}

public sealed class AnalysisReportSqliteTests(AppFactory factory) : AnalysisReportTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class AnalysisReportPostgresTests(PostgresAppFactory factory) : AnalysisReportTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
