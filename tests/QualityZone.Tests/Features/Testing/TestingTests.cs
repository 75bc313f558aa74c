using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Infrastructure.Auth;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Testing;

/// <summary>The public testing service (task 17): the request flow and its refusals, subsidies, failed item → action, isolation, verification; on SQLite and PostgreSQL.</summary>
public abstract class TestingTests<TFactory>(TFactory factory) where TFactory : AppFactory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> TokenClientAsync(string role, string? department = null, Guid? enterpriseId = null) =>
        factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(role, department, enterpriseId)));

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

    private static async Task OkAsync(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");

    private async Task<Guid> AdmittedEnterpriseAsync(string name, string? grade = null)
    {
        var id = await factory.CreateEnterpriseAsync(name);
        await factory.WithDbAsync(async db =>
        {
            var e = await db.Enterprises.SingleAsync(x => x.Id == id, Ct);
            e.Admit("FH-T-" + Random.Shared.Next(100000, 999999), new DateOnly(2020, 1, 1), "测试", null, "测试", DateTimeOffset.UtcNow);
            e.Grade = grade;
            await db.SaveChangesAsync(Ct);
        });
        return id;
    }

    private static async Task<JsonElement> RequestAsync(HttpClient client, Guid id) => await client.GetFromJsonAsync<JsonElement>($"/api/test-requests/{id}", Ct);

    private static Guid ItemId(JsonElement request, string code) => request.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == code).GetProperty("id").GetGuid();

    /// <summary>Sets this year's rule, so that each test knows the figures it computes against.</summary>
    private async Task RuleAsync(decimal share, decimal gradeA, decimal cap, decimal budget) => await factory.WithDbAsync(async db =>
    {
        var year = DateTime.UtcNow.AddHours(8).Year;
        var rule = await db.SubsidyRules.SingleOrDefaultAsync(r => r.Year == year, Ct);
        if (rule is null) db.SubsidyRules.Add(rule = new QualityZone.Features.Testing.SubsidyRule { Year = year });
        (rule.SharePercent, rule.GradeASharePercent, rule.CapPerEnterprise, rule.Budget) = (share, gradeA, cap, budget);
        await db.SaveChangesAsync(Ct);
    });

    [Fact]
    public async Task A_request_goes_from_sample_to_a_reviewed_report_and_a_failed_item_opens_an_action()
    {
        factory.RequireDatabase();
        await RuleAsync(50, 70, 1_000_000, 100_000_000);
        var enterpriseId = await AdmittedEnterpriseAsync("检测流程测试气动有限公司");
        var enterprise = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: enterpriseId);
        var tester = await TokenClientAsync(Roles.TestingCenterStaff, "testing-center");
        var reviewer = await TokenClientAsync(Roles.TestingCenterStaff, "testing-center");

        // The enterprise asks for the valve package; bad requests are refused.
        await AssertProblemAsync(await enterprise.PostAsJsonAsync("/api/test-requests", new { productName = "电磁阀", packageCode = "PKG-NONE" }, Json, Ct), HttpStatusCode.BadRequest, "不存在");
        await AssertProblemAsync(await enterprise.PostAsJsonAsync("/api/test-requests", new { productName = "电磁阀" }, Json, Ct), HttpStatusCode.BadRequest, "请选择检测套餐");
        await AssertProblemAsync(await enterprise.PostAsJsonAsync("/api/test-requests", new { productName = "电磁阀", packageCode = "PKG-VALVE", targetMarket = "Germany" }, Json, Ct), HttpStatusCode.BadRequest, "两位");
        var id = await CreatedIdAsync(await enterprise.PostAsJsonAsync("/api/test-requests", new { productName = "二位五通电磁阀", model = "4V210-08", targetMarket = "de", packageCode = "PKG-VALVE" }, Json, Ct));
        var request = await RequestAsync(enterprise, id);
        Assert.Equal("Submitted", request.GetProperty("state").GetString());
        Assert.Equal("DE", request.GetProperty("targetMarket").GetString());
        Assert.Equal(4, request.GetProperty("items").GetArrayLength());

        // Results before the sample are refused; the enterprise cannot work the lab's steps.
        await AssertProblemAsync(await tester.PostAsJsonAsync($"/api/test-requests/{id}/results", new { results = new[] { new { requestItemId = ItemId(request, "LEAK"), value = 1, @operator = "张工" } } }, Json, Ct), HttpStatusCode.Conflict, "收样后");
        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.PostAsJsonAsync($"/api/test-requests/{id}/sample", new { refuse = false }, Json, Ct)).StatusCode);
        await OkAsync(await tester.PostAsJsonAsync($"/api/test-requests/{id}/sample", new { refuse = false, condition = "完好" }, Json, Ct));
        Assert.StartsWith("YP-", (await RequestAsync(tester, id)).GetProperty("sampleNumber").GetString());

        // A batch with one bad result saves nothing: an item not requested, a negative value, a pass/fail item without verdict.
        var leak = ItemId(request, "LEAK");
        var pressure = ItemId(request, "PRES");
        var response = ItemId(request, "RESP");
        var endurance = ItemId(request, "VAL-END");
        await AssertProblemAsync(await tester.PostAsJsonAsync($"/api/test-requests/{id}/results", new { results = new object[] { new { requestItemId = leak, value = 1.2, @operator = "张工" }, new { requestItemId = Guid.NewGuid(), value = 1, @operator = "张工" } } }, Json, Ct), HttpStatusCode.BadRequest, "不在本委托中");
        await AssertProblemAsync(await tester.PostAsJsonAsync($"/api/test-requests/{id}/results", new { results = new[] { new { requestItemId = leak, value = -1, @operator = "张工" } } }, Json, Ct), HttpStatusCode.BadRequest, "负数");
        await AssertProblemAsync(await tester.PostAsJsonAsync($"/api/test-requests/{id}/results", new { results = new[] { new { requestItemId = pressure, @operator = "张工" } } }, Json, Ct), HttpStatusCode.BadRequest, "合格或不合格");
        Assert.Empty((await RequestAsync(tester, id)).GetProperty("results").EnumerateArray());

        // Three results, then a hand-in that names the item still missing; the switching time fails (limit 30 ms).
        await OkAsync(await tester.PostAsJsonAsync($"/api/test-requests/{id}/results", new
        {
            results = new object[]
            {
                new { requestItemId = leak, value = 1.2, instrument = "LT-100", @operator = "张工" },
                new { requestItemId = pressure, passed = true, @operator = "张工" },
                new { requestItemId = response, value = 42, @operator = "张工" },
            },
        }, Json, Ct));
        await AssertProblemAsync(await tester.PostAsync($"/api/test-requests/{id}/review-request", null, Ct), HttpStatusCode.BadRequest, "换向阀耐久性");
        // A retest of the leakage keeps the first result.
        await OkAsync(await tester.PostAsJsonAsync($"/api/test-requests/{id}/results", new { results = new object[] { new { requestItemId = endurance, value = 1200, @operator = "张工" }, new { requestItemId = leak, value = 0.8, @operator = "张工" } } }, Json, Ct));
        var results = (await RequestAsync(tester, id)).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(5, results.Count);
        Assert.Single(results, r => r.GetProperty("requestItemId").GetGuid() == leak && r.GetProperty("superseded").GetBoolean());
        Assert.Equal("Fail", results.Single(r => r.GetProperty("requestItemId").GetGuid() == response).GetProperty("verdict").GetString());
        await OkAsync(await tester.PostAsync($"/api/test-requests/{id}/review-request", null, Ct));

        // The one who entered results cannot review; another tester approves and the report is issued.
        await AssertProblemAsync(await tester.PostAsJsonAsync($"/api/test-requests/{id}/review", new { approve = true }, Json, Ct), HttpStatusCode.Forbidden, "不能审核");
        await AssertProblemAsync(await reviewer.PostAsJsonAsync($"/api/test-requests/{id}/review", new { approve = false }, Json, Ct), HttpStatusCode.BadRequest, "原因");
        await OkAsync(await reviewer.PostAsJsonAsync($"/api/test-requests/{id}/review", new { approve = true }, Json, Ct));
        request = await RequestAsync(enterprise, id);
        Assert.Equal("Issued", request.GetProperty("state").GetString());
        var number = request.GetProperty("reportNumber").GetString()!;
        var code = request.GetProperty("verificationCode").GetString()!;
        Assert.Contains("换向时间", request.GetProperty("conclusion").GetString());
        // The conclusion is kept as a message: in English it reads in English, the failed item by its English name.
        var inEnglish = (await enterprise.GetFromJsonAsync<JsonElement>($"/api/test-requests/{id}?culture=en", Ct)).GetProperty("conclusion").GetString()!;
        Assert.StartsWith("Of the items tested, ", inEnglish);
        Assert.DoesNotMatch("[\u4e00-\u9fff]", inEnglish);

        // The failed item opened a corrective action for the enterprise, sourced from the test.
        var action = await factory.WithDbAsync(db => db.CorrectiveActions.AsNoTracking().SingleAsync(a => a.SourceReference == number, Ct));
        Assert.Equal(QualityZone.Features.Actions.ActionSource.TestFailure, action.Source);
        Assert.Equal(enterpriseId, action.EnterpriseId);
        Assert.Contains("换向时间", action.Title);

        // The report: Word opened by LibreOffice; the PDF's text holds the Chinese results and the CNAS statement (every item of the package is in scope).
        var docx = await enterprise.GetByteArrayAsync($"/testing/{id}/report.docx", Ct);
        using (var zip = new ZipArchive(new MemoryStream(docx)))
        {
            using var reader = new StreamReader(zip.GetEntry("word/document.xml")!.Open());
            var xml = await reader.ReadToEndAsync(Ct);
            Assert.Contains(number, xml);
            Assert.Contains("换向时间", xml);
        }
        await LibreOffice.AssertOpensAsync(docx, ".docx");
        var pdf = await enterprise.GetAsync($"/testing/{id}/report.pdf", Ct);
        if (pdf.StatusCode == HttpStatusCode.OK)
        {
            var text = await PdfText.ReadAsync(await pdf.Content.ReadAsByteArrayAsync(Ct));
            Assert.Contains("检验检测报告", text);
            Assert.Contains("二位五通电磁阀", text);
            Assert.Contains("不合格", text);
            Assert.Contains("CNAS", text);
            Assert.Contains(code, text);
        }

        // Anyone verifies it by number and code; a wrong code answers as an unknown number does.
        var anonymous = factory.CreateClient();
        var verified = await anonymous.GetFromJsonAsync<JsonElement>($"/api/test-reports/verification?number={number}&code={code.ToLowerInvariant()}", Ct);
        Assert.Equal("检测流程测试气动有限公司", verified.GetProperty("enterprise").GetString());
        Assert.False(verified.GetProperty("passed").GetBoolean());
        Assert.False(verified.GetProperty("withdrawn").GetBoolean());
        Assert.False(verified.TryGetProperty("fee", out _));
        var wrong = await anonymous.GetAsync($"/api/test-reports/verification?number={number}&code=AAAAAAAA", Ct);
        var unknown = await anonymous.GetAsync($"/api/test-reports/verification?number=BG-1999-0001&code={code}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(JsonDocument.Parse(await unknown.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("title").GetString(),
            JsonDocument.Parse(await wrong.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("title").GetString());
        var page = await anonymous.GetStringAsync($"/verify?number={number}&code={code}", Ct);
        Assert.Contains("报告真实有效", page);

        // The failed report feeds the early warning of the enterprise.
        await factory.WithDbAsync(async db =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<QualityZone.Features.Risks.EarlyWarning>().ComputeAsync(Ct);
            return 0;
        });
        var signal = await factory.WithDbAsync(db => db.WarningSignals.AsNoTracking().SingleAsync(s => s.EnterpriseId == enterpriseId && s.Kind == QualityZone.Features.Risks.SignalKind.TestFailure, Ct));
        Assert.Contains(number, signal.Evidence);

        // Withdrawn: still visible, and verification says so.
        await AssertProblemAsync(await reviewer.PostAsJsonAsync($"/api/test-requests/{id}/withdrawal", new { text = "" }, Json, Ct), HttpStatusCode.BadRequest, "原因");
        await OkAsync(await reviewer.PostAsJsonAsync($"/api/test-requests/{id}/withdrawal", new { text = "样品型号登记有误" }, Json, Ct));
        Assert.True((await anonymous.GetFromJsonAsync<JsonElement>($"/api/test-reports/verification?number={number}&code={code}", Ct)).GetProperty("withdrawn").GetBoolean());
        Assert.Equal("样品型号登记有误", (await RequestAsync(enterprise, id)).GetProperty("withdrawalReason").GetString());
    }

    [Fact]
    public async Task Subsidies_follow_the_rule_the_cap_and_the_budget()
    {
        factory.RequireDatabase();
        // 50 % (grade A 70 %), at most 5,000 yuan per enterprise a year.
        await RuleAsync(50, 70, 5_000, 100_000_000);
        var plain = await AdmittedEnterpriseAsync("补贴测试普通企业");
        var gradeA = await AdmittedEnterpriseAsync("补贴测试A级企业", "A");
        var outside = await factory.CreateEnterpriseAsync("补贴测试区外企业");
        var prices = await factory.WithDbAsync(db => db.TestItems.ToDictionaryAsync(i => i.Code, i => i.Price, Ct));
        var valve = new[] { "LEAK", "PRES", "RESP", "VAL-END" }.Sum(c => prices[c]);

        async Task<JsonElement> QuoteAsync(Guid enterpriseId, string package)
        {
            var client = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: enterpriseId);
            return await (await client.PostAsJsonAsync("/api/test-requests/quote", new { packageCode = package }, Json, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        }

        var quote = await QuoteAsync(plain, "PKG-VALVE");
        Assert.Equal(valve, quote.GetProperty("fee").GetDecimal());
        Assert.Equal(Math.Min(Math.Round(valve * 0.5m, 2), 5_000), quote.GetProperty("subsidy").GetDecimal());
        Assert.Equal(valve - quote.GetProperty("subsidy").GetDecimal(), quote.GetProperty("enterpriseShare").GetDecimal());
        quote = await QuoteAsync(gradeA, "PKG-ROUTINE");
        var routine = new[] { "DIM", "LEAK", "PRES" }.Sum(c => prices[c]);
        Assert.Equal(Math.Round(routine * 0.7m, 2), quote.GetProperty("subsidy").GetDecimal());
        Assert.Equal(0, (await QuoteAsync(outside, "PKG-ROUTINE")).GetProperty("subsidy").GetDecimal());

        // Two requests of the plain enterprise: the second gets only what is left of the cap, and says why.
        var client = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: plain);
        var first = await CreatedIdAsync(await client.PostAsJsonAsync("/api/test-requests", new { productName = "电磁阀", packageCode = "PKG-VALVE" }, Json, Ct));
        var firstSubsidy = (await RequestAsync(client, first)).GetProperty("subsidy").GetDecimal();
        quote = await QuoteAsync(plain, "PKG-ROUTINE");
        Assert.Equal(Math.Min(Math.Round(routine * 0.5m, 2), 5_000 - firstSubsidy), quote.GetProperty("subsidy").GetDecimal());
        Assert.Contains(quote.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("上限"));

        // A cancelled request gives its subsidy back.
        await AssertProblemAsync(await client.PostAsJsonAsync($"/api/test-requests/{first}/cancellation", new { text = "" }, Json, Ct), HttpStatusCode.BadRequest, "原因");
        await OkAsync(await client.PostAsJsonAsync($"/api/test-requests/{first}/cancellation", new { text = "改期送样" }, Json, Ct));
        Assert.Equal(Math.Round(routine * 0.5m, 2), (await QuoteAsync(plain, "PKG-ROUTINE")).GetProperty("subsidy").GetDecimal());

        // The year's budget: with less left than the share, the subsidy is what is left.
        await factory.WithDbAsync(async db =>
        {
            var year = DateTime.UtcNow.AddHours(8).Year;
            var committed = (await db.TestRequests.Where(r => r.Kind == QualityZone.Features.Testing.RequestKind.Commission
                    && r.State != QualityZone.Features.Testing.RequestState.Cancelled && r.State != QualityZone.Features.Testing.RequestState.SampleRefused)
                .Select(r => new { r.Subsidy, r.RequestedAt }).ToListAsync(Ct)).Where(r => r.RequestedAt.Year == year).Sum(r => r.Subsidy);
            var rule = await db.SubsidyRules.SingleAsync(r => r.Year == year, Ct);
            rule.Budget = committed + 100;
            await db.SaveChangesAsync(Ct);
        });
        quote = await QuoteAsync(gradeA, "PKG-ROUTINE");
        Assert.Equal(100, quote.GetProperty("subsidy").GetDecimal());
        Assert.Contains(quote.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("预算"));

        // Supervision sampling: the ordering department pays, the enterprise nothing; an enterprise cannot order it.
        var market = await TokenClientAsync(Roles.DepartmentStaff, "market-supervision");
        var sampling = await CreatedIdAsync(await market.PostAsJsonAsync("/api/test-requests", new { enterpriseId = plain, productName = "标准气缸", packageCode = "PKG-ROUTINE" }, Json, Ct));
        var sampled = await RequestAsync(market, sampling);
        Assert.Equal("Supervision", sampled.GetProperty("kind").GetString());
        Assert.Equal(0, sampled.GetProperty("enterpriseShare").GetDecimal());
        await AssertProblemAsync(await market.PostAsJsonAsync("/api/test-requests", new { enterpriseId = outside, productName = "标准气缸", packageCode = "PKG-ROUTINE" }, Json, Ct), HttpStatusCode.BadRequest, "示范区内");
        await AssertProblemAsync(await client.PostAsJsonAsync($"/api/test-requests/{sampling}/cancellation", new { text = "不想抽检" }, Json, Ct), HttpStatusCode.Forbidden, "不能由企业取消");

        // The reasons kept in a request's history are stored as messages, not as the requester's text: each reader sees
        // them in their own language, with their own parentheses and clause separator.
        var gradeAClient = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: gradeA);
        var gradeARequest = await CreatedIdAsync(await gradeAClient.PostAsJsonAsync("/api/test-requests", new { productName = "电磁阀", packageCode = "PKG-ROUTINE" }, Json, Ct));
        var office = await factory.SignInAsNewUserAsync(Roles.ZoneAdmin);
        Assert.Contains("补贴比例 70%（A 级企业）；受年度补贴预算限制", await office.GetStringAsync($"/testing/{gradeARequest}", Ct));
        var english = await office.GetStringAsync($"/testing/{gradeARequest}?culture=en", Ct);
        Assert.Contains("Subsidy 70% (grade A enterprise); Limited by the year&#x27;s budget", english);
        Assert.DoesNotContain("补贴比例", english);
        // A result's verdict in the history, too.
        var tester = await TokenClientAsync(Roles.TestingCenterStaff, "testing-center");
        await OkAsync(await tester.PostAsJsonAsync($"/api/test-requests/{gradeARequest}/sample", new { refuse = false }, Json, Ct));
        await OkAsync(await tester.PostAsJsonAsync($"/api/test-requests/{gradeARequest}/results",
            new { results = new[] { new { requestItemId = ItemId(await RequestAsync(tester, gradeARequest), "LEAK"), value = 0.5m, @operator = "张工" } } }, Json, Ct));
        Assert.Matches(@"LEAK 0\.5 \S+ (合格|不合格)<", await office.GetStringAsync($"/testing/{gradeARequest}", Ct));
        Assert.Matches(@"LEAK 0\.5 \S+ (Pass|Fail)<", await office.GetStringAsync($"/testing/{gradeARequest}?culture=en", Ct));
    }

    /// <summary>Runs a leakage test of a request to an issued report, failing or passing; the tester enters, the reviewer issues.</summary>
    private static async Task IssueAsync(HttpClient tester, HttpClient reviewer, Guid id, decimal leakage)
    {
        var request = await RequestAsync(tester, id);
        await OkAsync(await tester.PostAsJsonAsync($"/api/test-requests/{id}/sample", new { refuse = false }, Json, Ct));
        await OkAsync(await tester.PostAsJsonAsync($"/api/test-requests/{id}/results", new { results = new[] { new { requestItemId = ItemId(request, "LEAK"), value = leakage, @operator = "张工" } } }, Json, Ct));
        await OkAsync(await tester.PostAsync($"/api/test-requests/{id}/review-request", null, Ct));
        await OkAsync(await reviewer.PostAsJsonAsync($"/api/test-requests/{id}/review", new { approve = true }, Json, Ct));
    }

    private async Task<List<QualityZone.Features.Risks.WarningSignal>> SignalsAsync(Guid enterpriseId)
    {
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<QualityZone.Features.Risks.EarlyWarning>().ComputeAsync(Ct);
        return await factory.WithDbAsync(db => db.WarningSignals.AsNoTracking().Where(s => s.EnterpriseId == enterpriseId).ToListAsync(Ct));
    }

    [Fact]
    public async Task A_failed_batch_shows_in_its_trace_and_an_overdue_retest_raises_a_warning_until_a_retest_passes()
    {
        factory.RequireDatabase();
        var enterpriseId = await AdmittedEnterpriseAsync("复检追溯测试气动有限公司");
        var batchId = await factory.WithDbAsync(async db =>
        {
            var batch = new QualityZone.Features.Traceability.ProductionBatch { EnterpriseId = enterpriseId, BatchNumber = "SC-2026-0042", ProductModel = "SC63×100", Unit = "件", Quantity = 200,
                StartedOn = new DateOnly(2026, 3, 1), CompletedOn = new DateOnly(2026, 3, 2) };
            db.ProductionBatches.Add(batch);
            await db.SaveChangesAsync(Ct);
            return batch.Id;
        });
        var enterprise = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: enterpriseId);
        var tester = await TokenClientAsync(Roles.TestingCenterStaff, "testing-center");
        var reviewer = await TokenClientAsync(Roles.TestingCenterStaff, "testing-center");

        // The batch is named by its number; an unknown number is refused with nothing saved.
        var before = await factory.WithDbAsync(db => db.TestRequests.CountAsync(r => r.EnterpriseId == enterpriseId, Ct));
        await AssertProblemAsync(await enterprise.PostAsJsonAsync("/api/test-requests", new { productName = "标准气缸", model = "SC63×100", batchNumber = "SC-NONE", itemCodes = new[] { "LEAK" } }, Json, Ct),
            HttpStatusCode.BadRequest, "SC-NONE");
        Assert.Equal(before, await factory.WithDbAsync(db => db.TestRequests.CountAsync(r => r.EnterpriseId == enterpriseId, Ct)));
        var id = await CreatedIdAsync(await enterprise.PostAsJsonAsync("/api/test-requests", new { productName = "标准气缸", model = "SC63×100", batchNumber = "SC-2026-0042", itemCodes = new[] { "LEAK" } }, Json, Ct));
        Assert.Equal(batchId, (await RequestAsync(enterprise, id)).GetProperty("batchId").GetGuid());

        // Files kept with the request: a photo must be an image; the enterprise reads them, another enterprise does not.
        await OkAsync(await tester.PostAsJsonAsync($"/api/test-requests/{id}/sample", new { refuse = false }, Json, Ct));
        async Task<HttpResponseMessage> UploadAsync(string kind, string name, byte[] bytes)
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
            return await tester.PostAsync($"/api/test-requests/{id}/attachments?kind={kind}", form, Ct);
        }
        var png = QualityZone.Infrastructure.Demo.DemoSupervision.SitePhoto;
        await AssertProblemAsync(await UploadAsync("SamplePhoto", "样品.pdf", "%PDF-1.4 x"u8.ToArray()), HttpStatusCode.BadRequest, "JPG");
        await OkAsync(await UploadAsync("SamplePhoto", "样品.png", png));
        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.PostAsync($"/api/test-requests/{id}/attachments?kind=SamplePhoto", new MultipartFormDataContent { { new ByteArrayContent(png), "file", "x.png" } }, Ct)).StatusCode);
        var fileId = await factory.WithDbAsync(db => db.TestRequestAttachments.Where(a => a.RequestId == id).Select(a => a.Id).SingleAsync(Ct));
        Assert.Equal(png, await enterprise.GetByteArrayAsync($"/testing/{id}/files/{fileId}", Ct));
        var stranger = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: await AdmittedEnterpriseAsync("复检追溯测试无关企业"));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/testing/{id}/files/{fileId}", Ct)).StatusCode);

        // Failed (leakage 9 cm³/min against at most 5): the report shows on the batch in its backward trace.
        var request = await RequestAsync(tester, id);
        await OkAsync(await tester.PostAsJsonAsync($"/api/test-requests/{id}/results", new { results = new[] { new { requestItemId = ItemId(request, "LEAK"), value = 9, @operator = "张工" } } }, Json, Ct));
        await OkAsync(await tester.PostAsync($"/api/test-requests/{id}/review-request", null, Ct));
        await OkAsync(await reviewer.PostAsJsonAsync($"/api/test-requests/{id}/review", new { approve = true }, Json, Ct));
        var number = (await RequestAsync(enterprise, id)).GetProperty("reportNumber").GetString()!;
        // After the report is issued nothing more is attached.
        await AssertProblemAsync(await UploadAsync("TestRecord", "曲线.png", png), HttpStatusCode.Conflict, "签发前");
        var page = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: enterpriseId);
        var trace = await page.GetStringAsync($"/trace/backward?batch={batchId}", Ct);
        Assert.Contains(number, trace);
        Assert.Contains("data-testid=\"batch-evidence\"", trace);

        // Not retested within the action's 30 days: an overdue retest signal naming the report.
        Assert.DoesNotContain(await SignalsAsync(enterpriseId), s => s.Kind == QualityZone.Features.Risks.SignalKind.RetestOverdue);
        await factory.WithDbAsync(async db =>
        {
            var failed = await db.TestRequests.SingleAsync(r => r.Id == id, Ct);
            failed.IssuedAt = DateTimeOffset.UtcNow.AddDays(-40);
            await db.SaveChangesAsync(Ct);
        });
        var overdue = Assert.Single(await SignalsAsync(enterpriseId), s => s.Kind == QualityZone.Features.Risks.SignalKind.RetestOverdue);
        Assert.Contains(number, overdue.Evidence);

        // A retest of another product does not count; a passing retest of the same product and model ends it.
        var other = await CreatedIdAsync(await enterprise.PostAsJsonAsync("/api/test-requests", new { productName = "电磁阀", itemCodes = new[] { "LEAK" } }, Json, Ct));
        await IssueAsync(tester, reviewer, other, 1);
        Assert.Contains(await SignalsAsync(enterpriseId), s => s.Kind == QualityZone.Features.Risks.SignalKind.RetestOverdue);
        var retest = await CreatedIdAsync(await enterprise.PostAsJsonAsync("/api/test-requests", new { productName = "标准气缸", model = "SC63×100", batchNumber = "SC-2026-0042", itemCodes = new[] { "LEAK" } }, Json, Ct));
        await IssueAsync(tester, reviewer, retest, 2);
        Assert.DoesNotContain(await SignalsAsync(enterpriseId), s => s.Kind == QualityZone.Features.Risks.SignalKind.RetestOverdue);

        // The enterprise page lists the reports; the retest form starts from the failed report's product and items.
        var office = await factory.SignInAsNewUserAsync(Roles.ZoneAdmin);
        Assert.Contains(number, await office.GetStringAsync($"/enterprises/{enterpriseId}", Ct));
        // Task 17's page lists the year's reports as evidence from the platform.
        Assert.Contains($"{DateTime.UtcNow.AddHours(8).Year} 年出具检测报告", await office.GetStringAsync("/tasks/17", Ct));
        var retestForm = await page.GetAsync($"/testing/new?retest={id}", Ct);
        Assert.True(retestForm.IsSuccessStatusCode, $"{(int)retestForm.StatusCode} {retestForm.Headers.Location}");
        var form = await retestForm.Content.ReadAsStringAsync(Ct);
        Assert.Contains("SC-2026-0042", form);
        Assert.Contains("id=\"item-LEAK\" name=\"ItemCodes\" value=\"LEAK\" checked", form);
    }

    [Fact]
    public async Task The_monthly_statement_adds_up_and_is_the_enterprises_own()
    {
        factory.RequireDatabase();
        await RuleAsync(50, 70, 1_000_000, 100_000_000);
        var a = await AdmittedEnterpriseAsync("对账单测试甲");
        var b = await AdmittedEnterpriseAsync("对账单测试乙");
        var clientA = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: a);
        await CreatedIdAsync(await clientA.PostAsJsonAsync("/api/test-requests", new { productName = "电磁阀", packageCode = "PKG-VALVE" }, Json, Ct));
        var cancelled = await CreatedIdAsync(await clientA.PostAsJsonAsync("/api/test-requests", new { productName = "气缸", itemCodes = new[] { "LEAK" } }, Json, Ct));
        await OkAsync(await clientA.PostAsJsonAsync($"/api/test-requests/{cancelled}/cancellation", new { text = "改期" }, Json, Ct));
        await CreatedIdAsync(await clientA.PostAsJsonAsync("/api/test-requests", new { productName = "迷你气缸", itemCodes = new[] { "DIM-MINI", "LEAK" } }, Json, Ct));
        // The independent sum: the live commissions of the month, from the database.
        var month = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM");
        var expected = await factory.WithDbAsync(async db => (await db.TestRequests.AsNoTracking()
            .Where(r => r.EnterpriseId == a && r.State != QualityZone.Features.Testing.RequestState.Cancelled).Select(r => new { r.Fee, r.EnterpriseShare }).ToListAsync(Ct)));
        var pageA = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: a);
        var html = await pageA.GetStringAsync($"/testing/statement?month={month}", Ct);
        Assert.Contains($"data-testid=\"total-fee\">{expected.Sum(r => r.Fee):#,0.00}<", html);
        Assert.Contains($"data-testid=\"total-share\">{expected.Sum(r => r.EnterpriseShare):#,0.00}<", html);
        // Excel: a real workbook with a row per request and the total.
        var xlsx = await pageA.GetByteArrayAsync($"/testing/statement?handler=Xlsx&month={month}", Ct);
        using (var zip = new ZipArchive(new MemoryStream(xlsx))) Assert.NotNull(zip.GetEntry("xl/workbook.xml"));
        // B asking for A's statement gets its own (empty) one: the enterprise comes from the account.
        var pageB = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: b);
        var other = await pageB.GetStringAsync($"/testing/statement?enterprise={a}&month={month}", Ct);
        Assert.DoesNotContain("对账单测试甲", other);
        Assert.Contains("对账单测试乙", other);
        // The analysis report of the month counts the testing service's requests, as an independent count of the database finds them.
        var zoneMonth = await factory.WithDbAsync(async db => (await db.TestRequests.AsNoTracking()
            .Where(r => r.Kind == QualityZone.Features.Testing.RequestKind.Commission && r.State != QualityZone.Features.Testing.RequestState.Cancelled && r.State != QualityZone.Features.Testing.RequestState.SampleRefused)
            .Select(r => r.RequestedAt).ToListAsync(Ct)).Count(at => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM") == month));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var figures = await scope.ServiceProvider.GetRequiredService<QualityZone.Features.AnalysisReports.ReportFigures>().ComputeAsync(month, month, Ct);
            Assert.Equal(zoneMonth, figures.Testing.Commissions);
        }
        // The association has no business with fees.
        var association = await factory.SignInAsNewUserAsync(Roles.AssociationStaff);
        Assert.Equal(HttpStatusCode.Forbidden, (await association.GetAsync($"/testing/statement?enterprise={a}", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_center_edits_its_catalogue_and_requests_keep_their_prices()
    {
        factory.RequireDatabase();
        var code = "T-" + Random.Shared.Next(10000, 99999);
        var center = await factory.SignInAsNewUserAsync(Roles.TestingCenterStaff, "testing-center");
        async Task<HttpResponseMessage> SaveAsync(bool isNew, string price, string min = "", string max = "") =>
            await AppFactory.PostFormAsync(center, "/testing/catalogue", new Dictionary<string, string>
            {
                ["IsNew"] = isNew ? "true" : "false", ["Code"] = code, ["NameZh"] = "测试项目", ["Standard"] = "ISO 10099:2001", ["Unit"] = "MPa",
                ["Min"] = min, ["Max"] = max, ["Price"] = price, ["TurnaroundDays"] = "5", ["SampleQuantity"] = "1",
            }, "/testing/catalogue?edit=new", "Item");
        var refused = await SaveAsync(true, "300", min: "2", max: "1");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("下限不能大于上限", await refused.Content.ReadAsStringAsync(Ct));
        Assert.False(await factory.WithDbAsync(db => db.TestItems.AnyAsync(i => i.Code == code, Ct)));
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(true, "300", max: "1")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await SaveAsync(true, "300")).StatusCode);

        var enterpriseId = await AdmittedEnterpriseAsync("目录修改测试企业");
        var enterprise = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: enterpriseId);
        var id = await CreatedIdAsync(await enterprise.PostAsJsonAsync("/api/test-requests", new { productName = "气缸", itemCodes = new[] { code } }, Json, Ct));
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(false, "450", max: "1")).StatusCode);
        Assert.Equal(300, (await RequestAsync(enterprise, id)).GetProperty("fee").GetDecimal());
        var later = await CreatedIdAsync(await enterprise.PostAsJsonAsync("/api/test-requests", new { productName = "气缸", itemCodes = new[] { code } }, Json, Ct));
        Assert.Equal(450, (await RequestAsync(enterprise, later)).GetProperty("fee").GetDecimal());
        // Only the center keeps the catalogue.
        var office = await factory.SignInAsNewUserAsync(Roles.ZoneAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, (await AppFactory.PostFormAsync(office, "/testing/catalogue", new Dictionary<string, string> { ["Code"] = code, ["Price"] = "1" }, handler: "Item")).StatusCode);
    }

    [Fact]
    public async Task An_enterprise_never_sees_another_enterprises_requests_or_reports()
    {
        factory.RequireDatabase();
        var a = await AdmittedEnterpriseAsync("检测隔离测试甲");
        var b = await AdmittedEnterpriseAsync("检测隔离测试乙");
        var clientA = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: a);
        var clientB = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: b);
        var id = await CreatedIdAsync(await clientA.PostAsJsonAsync("/api/test-requests", new { productName = "迷你气缸", itemCodes = new[] { "DIM-MINI", "LEAK" } }, Json, Ct));
        // B cannot read, cancel or download A's request, and its list holds none of A's.
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.GetAsync($"/api/test-requests/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.PostAsJsonAsync($"/api/test-requests/{id}/cancellation", new { text = "试图取消" }, Json, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.GetAsync($"/testing/{id}/report.docx", Ct)).StatusCode);
        Assert.DoesNotContain((await clientB.GetFromJsonAsync<JsonElement>("/api/test-requests", Ct)).EnumerateArray(), r => r.GetProperty("enterpriseId").GetGuid() != b);
        // B cannot commission in A's name: the enterprise comes from the account.
        var own = await CreatedIdAsync(await clientB.PostAsJsonAsync("/api/test-requests", new { enterpriseId = a, productName = "气缸", itemCodes = new[] { "LEAK" } }, Json, Ct));
        Assert.Equal(b, (await RequestAsync(clientB, own)).GetProperty("enterpriseId").GetGuid());
        var pageB = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: b);
        Assert.Equal(HttpStatusCode.NotFound, (await pageB.GetAsync($"/testing/{id}", Ct)).StatusCode);
        Assert.DoesNotContain("检测隔离测试甲", await pageB.GetStringAsync("/testing", Ct));
        Assert.Equal(0, await factory.WithDbAsync(db => db.TestRequests.CountAsync(r => r.Id == id && r.State != QualityZone.Features.Testing.RequestState.Submitted, Ct)));
    }
}

public sealed class TestingSqliteTests(AppFactory factory) : TestingTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class TestingPostgresTests(PostgresAppFactory factory) : TestingTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
