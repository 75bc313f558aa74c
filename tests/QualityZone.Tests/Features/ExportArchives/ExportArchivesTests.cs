using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using QualityZone.Features.ExportArchives;
using QualityZone.Infrastructure.Auth;
using QualityZone.Tests.Infrastructure;
using static QualityZone.Features.ExportArchives.ExportArchivesApi;

namespace QualityZone.Tests.Features.ExportArchives;

/// <summary>Monthly returns, their three ways in, review and versions, the archive and the zone's figures; on SQLite and PostgreSQL.</summary>
public abstract class ExportArchivesTests<TFactory>(TFactory factory) where TFactory : AppFactory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    /// <summary>A month in the past that is certainly due (three months ago).</summary>
    private static readonly string Period = DateTime.UtcNow.AddMonths(-3).ToString("yyyy-MM");

    private static object Line(string hs = "8412310000", string country = "DE", decimal value = 10000m, int batches = 2, int bad = 0, string mode = "OwnBrand") => new
    {
        productName = "标准气缸", model = "SC63x100", hsCode = hs, country, quantity = 500, unit = "个", valueUsd = value, mode, batches,
        nonconformingBatches = bad, nonconformingQuantity = bad > 0 ? 10 : 0, nonconformityDescription = bad > 0 ? "标识不清" : null,
    };

    private async Task<(Guid Enterprise, HttpClient Erp)> EnterpriseWithTokenAsync(string name)
    {
        var id = await factory.CreateEnterpriseAsync(name);
        var email = await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: id);
        return (id, factory.CreateTokenClient(await factory.CreateTokenAsync(email)));
    }

    private async Task<HttpClient> OfficeAsync() => factory.CreateTokenClient(await factory.CreateTokenAsync(AppFactory.AdminEmail));

    private static async Task<ReturnDto> ReadAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<ReturnDto>(Json, Ct))!;

    [Fact]
    public async Task An_erp_files_by_api_and_the_same_rules_refuse_bad_input_saving_nothing()
    {
        factory.RequireDatabase();
        var (enterprise, erp) = await EnterpriseWithTokenAsync("奉化API月报测试气动有限公司");

        // Unknown HS code, unknown country, negative quantity, absurd value, a future month: 400, nothing saved.
        var future = DateTime.UtcNow.AddMonths(2).ToString("yyyy-MM");
        var bad = await erp.PostAsJsonAsync("/api/export-returns", new
        {
            period = future,
            lines = new object[]
            {
                new { productName = "气缸", hsCode = "8412990000", country = "XX", quantity = -5, unit = "个", valueUsd = 9_000_000_000m, mode = "Oem" },
            },
        }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "Period", "Lines[0].HsCode", "Lines[0].Country", "Lines[0].Quantity", "Lines[0].ValueUsd" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        Assert.Equal(0, await factory.WithDbAsync(db => db.ExportReturns.CountAsync(r => r.EnterpriseId == enterprise, Ct)));

        var created = await erp.PostAsJsonAsync("/api/export-returns", new { period = Period, lines = new[] { Line(), Line("8481201000", "US", 2500.5m, 1, 1, "Oem") }, submit = true }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dto = await ReadAsync(created);
        Assert.Equal(ReturnState.Submitted, dto.Return.State);
        Assert.Equal(12500.5m, dto.Return.ValueUsd);
        Assert.Equal(enterprise, dto.Return.EnterpriseId);
        Assert.Equal(2, dto.Versions.Single().Lines.Count);

        // A second return for the same month is a duplicate.
        var duplicate = await erp.PostAsJsonAsync("/api/export-returns", new { period = Period, noExports = true }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Fact]
    public async Task The_office_returns_a_return_and_the_amendment_is_a_new_version_beside_the_original()
    {
        factory.RequireDatabase();
        var (_, erp) = await EnterpriseWithTokenAsync("奉化更正测试气动有限公司");
        var office = await OfficeAsync();
        var created = await ReadAsync(await erp.PostAsJsonAsync("/api/export-returns", new { period = Period, lines = new[] { Line(value: 8000m) }, submit = true }, Ct));
        var id = created.Return.Id;

        // Accepting needs the Review permission: an enterprise cannot accept its own return.
        Assert.Equal(HttpStatusCode.Forbidden, (await erp.PostAsJsonAsync($"/api/export-returns/{id}/accept", new { }, Ct)).StatusCode);
        var returned = await office.PostAsJsonAsync($"/api/export-returns/{id}/return", new { reason = "货值与报关数据不一致" }, Ct);
        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
        var afterReturn = await ReadAsync(returned);
        Assert.Equal(ReturnState.Returned, afterReturn.Return.State);

        // Two people edit at once: the stale revision is refused and changes nothing.
        var stale = await erp.PutAsJsonAsync($"/api/export-returns/{id}", new { revision = created.Return.Revision, lines = new[] { Line(value: 1m) }, submit = true }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var amended = await erp.PutAsJsonAsync($"/api/export-returns/{id}",
            new { revision = afterReturn.Return.Revision, lines = new[] { Line(value: 7600m), Line("8481201000", "FR", 400m) }, submit = true, note = "按报关数据更正" }, Ct);
        Assert.Equal(HttpStatusCode.OK, amended.StatusCode);
        var dto = await ReadAsync(amended);
        Assert.Equal(2, dto.Versions.Count);
        Assert.Equal(ReturnState.Returned, dto.Versions[0].State);
        Assert.Equal(8000m, dto.Versions[0].Lines.Single().ValueUsd); // the original is intact
        Assert.Equal(8000m, dto.Versions[1].Lines.Sum(l => l.ValueUsd));
        Assert.Equal(2, dto.Return.EffectiveVersion);
        Assert.Equal(8000m, dto.Return.ValueUsd);

        // Only the effective version's lines count in the statistics.
        var counted = await factory.WithDbAsync(db => db.ExportReturnLines.Where(l => l.ReturnId == id && l.Effective).SumAsync(l => l.ValueUsd, Ct));
        Assert.Equal(8000m, counted);

        // The office sees both versions and what changed, on the return's page.
        var page = await AngleSharpPageAsync($"/archives/returns/{id}?v=2");
        Assert.Contains("按报关数据更正", page.QuerySelector("[data-testid=changes]")!.TextContent);
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=versions] li").Length);
        Assert.Equal(HttpStatusCode.OK, (await office.PostAsJsonAsync($"/api/export-returns/{id}/accept", new { }, Ct)).StatusCode);
        // Accepting twice is an illegal transition.
        Assert.Equal(HttpStatusCode.Conflict, (await office.PostAsJsonAsync($"/api/export-returns/{id}/accept", new { }, Ct)).StatusCode);
    }

    [Fact]
    public async Task On_the_return_page_the_office_sends_it_back_and_the_enterprise_amends_it()
    {
        factory.RequireDatabase();
        var enterprise = await factory.CreateEnterpriseAsync("奉化页面更正测试气动有限公司");
        var email = await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise);
        var erp = factory.CreateTokenClient(await factory.CreateTokenAsync(email));
        var id = (await ReadAsync(await erp.PostAsJsonAsync("/api/export-returns", new { period = Period, lines = new[] { Line(value: 5000m) } }, Ct))).Return.Id;
        var page = $"/archives/returns/{id}";
        var company = await factory.SignInAsync(email);
        var office = await factory.SignInAsync(AppFactory.AdminEmail);
        async Task<int> RevisionAsync() => await factory.WithDbAsync(db => db.ExportReturns.Where(r => r.Id == id).Select(r => r.Revision).SingleAsync(Ct));

        // The enterprise submits its draft from the page.
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(company, page, new() { ["revision"] = (await RevisionAsync()).ToString() }, page, "Submit")).StatusCode);
        // A department user without the review permission… the association cannot review: the page refuses.
        var association = await factory.SignInAsNewUserAsync(Roles.AssociationStaff, "association");
        var refused = await AppFactory.PostFormAsync(association, page, new() { ["revision"] = (await RevisionAsync()).ToString(), ["reason"] = "x" }, page, "Return");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        // The office sends it back with a reason; a stale revision is refused first.
        var stale = await AppFactory.PostFormAsync(office, page, new() { ["revision"] = "0", ["reason"] = "请核对货值" }, page, "Return");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Equal(ReturnState.Submitted, await factory.WithDbAsync(db => db.ExportReturns.Where(r => r.Id == id).Select(r => r.State).SingleAsync(Ct)));
        await AppFactory.PostFormAsync(office, page, new() { ["revision"] = (await RevisionAsync()).ToString(), ["reason"] = "请核对货值" }, page, "Return");
        var returned = await AppFactory.GetDocumentAsync(company, page);
        Assert.Contains("请核对货值", returned.QuerySelector("[data-testid=return-reason]")!.TextContent);

        // The enterprise amends: a new draft version, edited by the form and submitted.
        var amend = await AppFactory.PostFormAsync(company, page, new() { ["revision"] = (await RevisionAsync()).ToString() }, page, "Amend");
        Assert.Equal($"/archives/returns/edit/{id}", amend.Headers.Location?.ToString());
        var form = new Dictionary<string, string>
        {
            ["Revision"] = (await RevisionAsync()).ToString(), ["Enterprise"] = enterprise.ToString(), ["Note"] = "货值更正", ["Input.Lines.Index"] = "0",
            ["Input.Lines[0].ProductName"] = "标准气缸", ["Input.Lines[0].HsCode"] = "8412310000", ["Input.Lines[0].Country"] = "DE", ["Input.Lines[0].Quantity"] = "500",
            ["Input.Lines[0].Unit"] = "个", ["Input.Lines[0].ValueUsd"] = "4800", ["Input.Lines[0].Mode"] = "OwnBrand", ["Input.Lines[0].Batches"] = "2", ["submit"] = "true",
        };
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(company, $"/archives/returns/edit/{id}", form)).StatusCode);
        var report = await factory.WithDbAsync(db => db.ExportReturns.Include(r => r.Versions).SingleAsync(r => r.Id == id, Ct));
        Assert.Equal((ReturnState.Submitted, 2, 2, 4800m), (report.State, report.LatestVersion, report.EffectiveVersion, report.ValueUsd));
        Assert.Equal(ReturnState.Returned, report.Versions.Single(v => v.Number == 1).State);
        Assert.Equal("货值更正", report.Versions.Single(v => v.Number == 2).Note);
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(office, page, new() { ["revision"] = report.Revision.ToString() }, page, "Accept")).StatusCode);
        Assert.Equal(ReturnState.Accepted, await factory.WithDbAsync(db => db.ExportReturns.Where(r => r.Id == id).Select(r => r.State).SingleAsync(Ct)));
    }

    /// <summary>
    /// Issue 21: the archive offers the next month to file and never opens an amendment by accident; a month that has not
    /// ended is refused; an amendment's reason starts empty; the destination is found by its Chinese or English name; one
    /// name (已报送) for a filed return.
    /// </summary>
    [Fact]
    public async Task Filing_offers_the_next_month_refuses_an_unended_one_and_amends_only_when_asked()
    {
        factory.RequireDatabase();
        var enterprise = await factory.CreateEnterpriseAsync("奉化下月填报测试气动有限公司");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        string Month(int back) => ExportReturn.PeriodOf(today.AddMonths(-back));
        await factory.WithDbAsync(async db =>
        {
            var e = await db.Enterprises.SingleAsync(x => x.Id == enterprise, Ct);
            db.Entry(e).Property(x => x.AdmittedOn).CurrentValue = new DateOnly(today.Year, today.Month, 1).AddMonths(-3);
            await db.SaveChangesAsync(Ct);
        });
        var email = await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise);
        var erp = factory.CreateTokenClient(await factory.CreateTokenAsync(email));
        var company = await factory.SignInAsync(email);
        async Task<string?> OfferedAsync() => (await AppFactory.GetDocumentAsync(company, $"/archives/enterprises/{enterprise}")).QuerySelector("[data-testid=file-return]")?.GetAttribute("href");

        // Admitted three months ago, nothing filed: the earliest month is offered first.
        Assert.EndsWith($"period={Month(3)}", await OfferedAsync());
        // The month that has not ended is refused, by the API and the form alike; nothing is saved.
        var early = await erp.PostAsJsonAsync("/api/export-returns", new { period = Month(0), lines = new[] { Line() } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("尚未结束", await early.Content.ReadAsStringAsync(Ct));
        Assert.False(await factory.WithDbAsync(db => db.ExportReturns.AnyAsync(r => r.EnterpriseId == enterprise, Ct)));

        // The destination by its Chinese or English name (the picker's list also carries both).
        var ids = new List<Guid>();
        foreach (var (back, country) in new[] { (3, "德国"), (2, "Germany"), (1, "de") })
        {
            var filed = await ReadAsync(await erp.PostAsJsonAsync("/api/export-returns", new { period = Month(back), submit = true, lines = new[] { Line(country: country) } }, Ct));
            ids.Add(filed.Return.Id);
        }
        Assert.All(await factory.WithDbAsync(db => db.ExportReturnLines.Where(l => l.EnterpriseId == enterprise).Select(l => l.CountryCode).ToListAsync(Ct)), c => Assert.Equal("DE", c));
        var form = await AppFactory.GetDocumentAsync(company, $"/archives/returns/edit?enterprise={enterprise}&period={Month(4)}");
        Assert.Contains(form.QuerySelectorAll("#qz-countries option"), o => o.GetAttribute("value") == "DE" && o.TextContent.Contains("德国") && o.TextContent.Contains("Germany"));

        // Everything filed: no 填报 button, the next month's opening day instead; asking for a filed month shows it, never the form.
        Assert.Null(await OfferedAsync());
        Assert.Contains(Month(0), (await AppFactory.GetDocumentAsync(company, $"/archives/enterprises/{enterprise}")).QuerySelector("[data-testid=all-filed]")!.TextContent);
        var last = ids[^1];
        foreach (var url in new[] { $"/archives/returns/edit?enterprise={enterprise}&period={Month(1)}", $"/archives/returns/edit/{last}" })
        {
            var response = await company.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal($"/archives/returns/{last}", response.Headers.Location?.ToString());
        }
        Assert.Equal(1, await factory.WithDbAsync(db => db.ExportReturns.Where(r => r.Id == last).Select(r => r.LatestVersion).SingleAsync(Ct)));
        var view = await AppFactory.GetDocumentAsync(company, $"/archives/returns/{last}");
        Assert.Contains("已报送", view.Body!.TextContent);
        Assert.DoesNotContain("已提交", view.Body.TextContent);

        // An amendment is the explicit action; its reason starts empty, also when the previous version had one.
        async Task<string> AmendAsync()
        {
            var revision = await factory.WithDbAsync(db => db.ExportReturns.Where(r => r.Id == last).Select(r => r.Revision).SingleAsync(Ct));
            var amend = await AppFactory.PostFormAsync(company, $"/archives/returns/{last}", new() { ["revision"] = revision.ToString() }, $"/archives/returns/{last}", "Amend");
            Assert.Equal($"/archives/returns/edit/{last}", amend.Headers.Location?.ToString());
            return (await AppFactory.GetDocumentAsync(company, $"/archives/returns/edit/{last}")).QuerySelector("#note")!.GetAttribute("value") ?? "";
        }
        Assert.Equal("", await AmendAsync());
        var amended = await erp.PutAsJsonAsync($"/api/export-returns/{last}", new { submit = true, note = "第一次更正", lines = new[] { Line(value: 9000m) } }, Ct);
        Assert.True(amended.IsSuccessStatusCode, await amended.Content.ReadAsStringAsync(Ct));
        Assert.Equal("", await AmendAsync());
    }

    private async Task<AngleSharp.Html.Dom.IHtmlDocument> AngleSharpPageAsync(string url) =>
        await AppFactory.GetDocumentAsync(await factory.SignInAsync(AppFactory.AdminEmail), url);

    [Fact]
    public async Task An_enterprise_files_by_the_web_form_in_cny_converted_at_the_office_rate()
    {
        factory.RequireDatabase();
        var enterprise = await factory.CreateEnterpriseAsync("奉化网页月报测试气动有限公司");
        var client = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise);
        var formPage = $"/archives/returns/edit?enterprise={enterprise}&period={Period}";
        Dictionary<string, string> Form(string? cny) => new()
        {
            ["Enterprise"] = enterprise.ToString(), ["Input.Period"] = Period, ["Input.Lines.Index"] = "7",
            ["Input.Lines[7].ProductName"] = "电磁阀", ["Input.Lines[7].HsCode"] = "8481.20", ["Input.Lines[7].Country"] = "in",
            ["Input.Lines[7].Quantity"] = "1000", ["Input.Lines[7].Unit"] = "个", ["Input.Lines[7].ValueCny"] = cny ?? "", ["Input.Lines[7].Mode"] = "Odm",
            ["Input.Lines[7].Batches"] = "2", ["submit"] = "true",
        };

        // Without the office's rate for the month, a CNY value is refused with the reason; nothing is saved.
        var refused = await AppFactory.PostFormAsync(client, "/archives/returns/edit", Form("71000"), formPage);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("尚未设置本月人民币汇率", await refused.Content.ReadAsStringAsync(Ct));
        Assert.False(await factory.WithDbAsync(db => db.ExportReturns.AnyAsync(r => r.EnterpriseId == enterprise, Ct)));

        await factory.WithDbAsync(async db =>
        {
            var settings = new ArchiveSettings(db, TimeProvider.System);
            await settings.SetRateAsync(Period, "CNY", 7.1m, "测试", Ct);
        });
        var saved = await AppFactory.PostFormAsync(client, "/archives/returns/edit", Form("71000"), formPage);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var line = await factory.WithDbAsync(db => db.ExportReturnLines.SingleAsync(l => l.EnterpriseId == enterprise, Ct));
        Assert.Equal(10000m, line.ValueUsd);
        Assert.Equal(71000m, line.ValueCny);
        Assert.Equal(7.1m, line.CnyPerUsd);
        Assert.Equal("848120", line.HsCode);
        Assert.Equal("IN", line.CountryCode);
        Assert.True(line.Effective);

        // Its archive shows the month; the archive of another enterprise is not found for it.
        var archive = await AppFactory.GetDocumentAsync(client, $"/archives/enterprises/{enterprise}");
        Assert.Contains(Period, archive.QuerySelector("[data-testid=archive-months]")!.TextContent);
        var other = await factory.CreateEnterpriseAsync("奉化他人月报测试气动有限公司");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/archives/enterprises/{other}", Ct)).StatusCode);
        var index = await client.GetAsync("/archives", Ct);
        Assert.Equal($"/archives/enterprises/{enterprise}", index.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Excel_with_bad_rows_is_refused_with_a_precise_report_then_accepted_when_fixed()
    {
        factory.RequireDatabase();
        var enterprise = await factory.CreateEnterpriseAsync("奉化Excel月报测试气动有限公司");
        var client = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise);
        var second = DateTime.UtcNow.AddMonths(-4).ToString("yyyy-MM");
        Dictionary<string, object?> Row(string period, string hs, string country, object quantity) => new()
        {
            [ReturnImport.Month] = period, [ReturnImport.NoExports] = null, [ReturnImport.Product] = "标准气缸", [ReturnImport.Model] = "SC50", [ReturnImport.Hs] = hs,
            [ReturnImport.Country] = country, [ReturnImport.Quantity] = quantity, [ReturnImport.Unit] = "个", [ReturnImport.ValueUsd] = 1200, [ReturnImport.ValueCny] = null,
            [ReturnImport.Mode] = "自主品牌", [ReturnImport.Batches] = 1, [ReturnImport.BadBatches] = 0, [ReturnImport.BadQuantity] = 0, [ReturnImport.BadDescription] = null,
        };
        async Task<HttpResponseMessage> UploadAsync(IEnumerable<Dictionary<string, object?>> rows)
        {
            var stream = new MemoryStream();
            await stream.SaveAsAsync(new Dictionary<string, object> { [ReturnImport.LinesSheet] = rows.ToList() }, cancellationToken: Ct);
            var token = await AppFactory.AntiforgeryTokenAsync(client, "/archives/import");
            var form = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" }, { new StringContent(enterprise.ToString()), "enterprise" },
                { new StringContent("true"), "submit" }, { new ByteArrayContent(stream.ToArray()), "file", "月报.xlsx" },
            };
            return await client.PostAsync("/archives/import", form, Ct);
        }

        var badRows = new[] { Row(Period, "8412310000", "DE", 100), Row(Period, "12345678", "DE", 100), Row(second, "8481201000", "ZZ", 100), Row(second, "8481201000", "US", "很多") };
        var refused = await UploadAsync(badRows);
        var report = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync(Ct));
        var cells = report.QuerySelectorAll("[data-testid=import-errors] tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();
        Assert.Contains(cells, c => c[0] == "3" && c[1] == ReturnImport.Hs && c[2].Contains("12345678"));
        Assert.Contains(cells, c => c[0] == "4" && c[1] == ReturnImport.Country && c[2].Contains("ZZ"));
        Assert.Contains(cells, c => c[0] == "5" && c[1] == ReturnImport.Quantity);
        Assert.False(await factory.WithDbAsync(db => db.ExportReturns.AnyAsync(r => r.EnterpriseId == enterprise, Ct)));

        var fixedRows = new[] { Row(Period, "8412310000", "DE", 100), Row(Period, "8412310000", "FR", 100), Row(second, "8481201000", "US", 100) };
        var accepted = await UploadAsync(fixedRows);
        Assert.Contains("data-testid=\"import-success\"", await accepted.Content.ReadAsStringAsync(Ct));
        var returns = await factory.WithDbAsync(db => db.ExportReturns.Where(r => r.EnterpriseId == enterprise).OrderBy(r => r.Period).ToListAsync(Ct));
        Assert.Equal([second, Period], returns.Select(r => r.Period));
        Assert.All(returns, r => Assert.Equal(ReturnState.Submitted, r.State));
        Assert.Equal(2, returns.Single(r => r.Period == Period).LineCount);

        // Uploading a submitted month again amends it: version 2, version 1 kept.
        await UploadAsync([Row(Period, "8412310000", "DE", 300)]);
        var amended = await factory.WithDbAsync(db => db.ExportReturns.Include(r => r.Versions).ThenInclude(v => v.Lines).SingleAsync(r => r.EnterpriseId == enterprise && r.Period == Period, Ct));
        Assert.Equal(2, amended.LatestVersion);
        Assert.Equal(2, amended.Versions.Single(v => v.Number == 1).Lines.Count);
        Assert.Equal(300m, amended.Versions.Single(v => v.Number == 2).Lines.Single().Quantity);
        // The import did not load version 1's lines: they stopped counting in SQL, and left the rollup by GROUP BY.
        Assert.All(amended.Versions.Single(v => v.Number == 1).Lines, l => Assert.False(l.Effective));
        Assert.True(amended.Versions.Single(v => v.Number == 2).Lines.Single().Effective);
        await AssertRollupsEqualTheLinesAsync("import amending a submitted month");

        // A sheet without the template's columns names the missing ones; a month marked "no exports" that also has lines is refused whole.
        var noColumns = await (await UploadAsync([new Dictionary<string, object?> { ["备注"] = "x" }])).Content.ReadAsStringAsync(Ct);
        Assert.Contains("缺少必需的列", noColumns);
        Assert.Contains(ReturnImport.Hs, noColumns);
        var third = DateTime.UtcNow.AddMonths(-6).ToString("yyyy-MM");
        var none = Row(third, "8412310000", "DE", 100);
        none[ReturnImport.NoExports] = "是";
        var both = await (await UploadAsync([Row(third, "8412310000", "DE", 100), none])).Content.ReadAsStringAsync(Ct);
        Assert.Contains("又有出口明细", both);
        Assert.False(await factory.WithDbAsync(db => db.ExportReturns.AnyAsync(r => r.EnterpriseId == enterprise && r.Period == third, Ct)));

        // A file that is not a workbook is refused with a clear message.
        var token = await AppFactory.AntiforgeryTokenAsync(client, "/archives/import");
        var garbage = await client.PostAsync("/archives/import", new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" }, { new StringContent(enterprise.ToString()), "enterprise" },
            { new ByteArrayContent("not a workbook"u8.ToArray()), "file", "x.xlsx" },
        }, Ct);
        Assert.Contains("无法读取文件", await garbage.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Customs_declarations_are_aggregated_into_the_month_and_a_duplicate_line_is_refused()
    {
        factory.RequireDatabase();
        var enterprise = await factory.CreateEnterpriseAsync("奉化报关数据测试气动有限公司");
        var client = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise);
        var day = DateTime.UtcNow.AddMonths(-3);
        var date = new DateTime(day.Year, day.Month, 10).ToString("yyyy-MM-dd");
        var number = "3104" + Random.Shared.NextInt64(10_000_000_000_000, 99_999_999_999_999);
        var csv = "报关单号,项号,出口日期,商品编码,商品名称,目的国,数量,单位,总价,币制\n"
            + $"{number},1,{date},8412310000,气缸,DE,100,个,3000,USD\n"
            + $"{number},2,{date},8412310000,气缸,DE,50,个,1500,USD\n"
            + $"{number[..^1]}{(number[^1] == '9' ? '8' : '9')},1,{date},8481201000,电磁阀,US,20,个,400,USD\n";
        async Task<string> UploadAsync(string content)
        {
            var token = await AppFactory.AntiforgeryTokenAsync(client, "/archives/customs");
            var response = await client.PostAsync("/archives/customs", new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" }, { new StringContent(enterprise.ToString()), "enterprise" },
                { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(content)), "file", "报关单.csv" },
            }, Ct);
            return await response.Content.ReadAsStringAsync(Ct);
        }

        Assert.Contains("import-success", await UploadAsync(csv));
        var report = await factory.WithDbAsync(db => db.ExportReturns.Include(r => r.Versions).ThenInclude(v => v.Lines).SingleAsync(r => r.EnterpriseId == enterprise, Ct));
        var lines = report.Latest.Lines.OrderBy(l => l.HsCode).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal((150m, 4500m, 1), (lines[0].Quantity, lines[0].ValueUsd, lines[0].Batches));
        Assert.Equal((20m, 400m, "US"), (lines[1].Quantity, lines[1].ValueUsd, lines[1].CountryCode));
        Assert.Equal(ReturnSource.Customs, report.Latest.Source);

        // The same declaration line again: refused by row, nothing added.
        var again = await UploadAsync(csv);
        Assert.Contains("已导入过", again);
        Assert.Equal(3, await factory.WithDbAsync(db => db.CustomsDeclarationLines.CountAsync(l => l.EnterpriseId == enterprise, Ct)));

        // Customs/inspection staff import for any enterprise: a new declaration is added to the same month (an amendment of the draft's lines).
        var ciq = await factory.SignInAsNewUserAsync(Roles.DepartmentStaff, "ciq");
        var fromCustoms = "3104" + Random.Shared.NextInt64(10_000_000_000_000, 99_999_999_999_999);
        var token = await AppFactory.AntiforgeryTokenAsync(ciq, "/archives/customs");
        var byCiq = await ciq.PostAsync("/archives/customs", new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" }, { new StringContent(enterprise.ToString()), "enterprise" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes("报关单号,项号,出口日期,商品编码,商品名称,目的国,数量,单位,总价,币制\n" + $"{fromCustoms},1,{date},8412310000,气缸,DE,10,个,300,USD\n")), "file", "海关数据.csv" },
        }, Ct);
        Assert.Contains("import-success", await byCiq.Content.ReadAsStringAsync(Ct));
        var deLine = await factory.WithDbAsync(db => db.ExportReturns.Where(r => r.EnterpriseId == enterprise).SelectMany(r => r.Versions).SelectMany(v => v.Lines)
            .Where(l => l.CountryCode == "DE").OrderByDescending(l => l.Quantity).FirstAsync(Ct));
        Assert.Equal((160m, 4800m, 2), (deLine.Quantity, deLine.ValueUsd, deLine.Batches));
        // An enterprise cannot import for another.
        var stranger = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: await factory.CreateEnterpriseAsync("奉化报关他人测试有限公司"));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/archives/customs?enterprise={enterprise}", Ct)).StatusCode);

        // A malformed file: a missing column, then a bad number, a bad date and an unknown currency, each named by row and column.
        Assert.Contains("缺少必需的列", await UploadAsync("报关单号,项号\n" + number + ",9\n"));
        var other = "3104" + Random.Shared.NextInt64(10_000_000_000_000, 99_999_999_999_999);
        var bad = await UploadAsync("报关单号,项号,出口日期,商品编码,商品名称,目的国,数量,单位,总价,币制\n"
            + $"{other},1,{date},8412310000,气缸,DE,很多,个,3000,USD\n{other},2,2026-13-45,8412310000,气缸,DE,1,个,3000,USD\n{other},3,{date},8412310000,气缸,DE,1,个,3000,XYZ\n");
        var rows = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(bad).QuerySelectorAll("[data-testid=import-errors] tbody tr")
            .Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();
        Assert.Contains(rows, r => r[0] == "2" && r[1] == CustomsDeclarationImport.Quantity);
        Assert.Contains(rows, r => r[0] == "3" && r[1] == CustomsDeclarationImport.Date);
        Assert.Contains(rows, r => r[0] == "4" && r[1] == CustomsDeclarationImport.Currency);
        Assert.Equal(4, await factory.WithDbAsync(db => db.CustomsDeclarationLines.CountAsync(l => l.EnterpriseId == enterprise, Ct)));
    }

    [Fact]
    public async Task Customs_systems_send_declaration_lines_as_json_with_the_same_rules()
    {
        factory.RequireDatabase();
        var (enterprise, _) = await EnterpriseWithTokenAsync("奉化报关接口测试气动有限公司");
        var customs = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.DepartmentStaff, "ciq")));
        var date = new DateTime(DateTime.UtcNow.AddMonths(-3).Year, DateTime.UtcNow.AddMonths(-3).Month, 9).ToString("yyyy-MM-dd");
        var number = "3104" + Random.Shared.NextInt64(10_000_000_000_000, 99_999_999_999_999);
        object Line(int line, string hs = "8481201000", string country = "US", decimal price = 800m) => new
        {
            declarationNumber = number, lineNumber = line, exportDate = date, hsCode = hs, goodsName = "电磁阀", country, quantity = 100, unit = "个", totalPrice = price, currency = "USD",
        };

        var bad = await customs.PostAsJsonAsync("/api/customs-declarations", new { enterpriseId = enterprise, lines = new[] { Line(1), Line(2, hs: "12345678"), Line(3, country: "CN") } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("Lines[1].HsCode", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("Lines[2].Country", out _), errors.ToString());
        Assert.Equal(0, await factory.WithDbAsync(db => db.CustomsDeclarationLines.CountAsync(l => l.EnterpriseId == enterprise, Ct)));

        var ok = await customs.PostAsJsonAsync("/api/customs-declarations", new { enterpriseId = enterprise, lines = new[] { Line(1), Line(2, price: 200m) } }, Ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var line = await factory.WithDbAsync(db => db.ExportReturnLines.SingleAsync(l => l.EnterpriseId == enterprise, Ct));
        Assert.Equal((200m, 1000m, 1), (line.Quantity, line.ValueUsd, line.Batches));
        var again = await customs.PostAsJsonAsync("/api/customs-declarations", new { enterpriseId = enterprise, lines = new[] { Line(1) } }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // An enterprise's own token cannot send another enterprise's declarations.
        var (_, stranger) = await EnterpriseWithTokenAsync("奉化报关接口他人有限公司");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync("/api/customs-declarations", new { enterpriseId = enterprise, lines = new[] { Line(5) } }, Ct)).StatusCode);
    }

    [Fact]
    public async Task The_archive_exports_open_and_the_docx_validates()
    {
        factory.RequireDatabase();
        var (enterprise, erp) = await EnterpriseWithTokenAsync("奉化档案导出测试气动有限公司");
        await erp.PostAsJsonAsync("/api/export-returns", new
        {
            period = Period, submit = true, lines = new[] { Line(), Line("8481201000", "US", 500m, 3, 1) },
            incidents = new[] { new { kind = "Notification", reference = "A12/00123/26", countries = "DE", date = DateTime.UtcNow.AddMonths(-3).ToString("yyyy-MM-01"), summary = "说明书缺少德文安全警示" } },
        }, Ct);
        var client = await factory.SignInAsync(AppFactory.AdminEmail);

        var docx = await client.GetByteArrayAsync($"/archives/enterprises/{enterprise}?handler=Docx", Ct);
        using (var document = WordprocessingDocument.Open(new MemoryStream(docx), false))
        {
            var errors = new OpenXmlValidator().Validate(document, Ct).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
            var text = document.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains("奉化档案导出测试气动有限公司", text);
            Assert.Contains("A12/00123/26", text);
        }
        await LibreOffice.AssertOpensAsync(docx, ".docx");

        var xlsx = await client.GetByteArrayAsync($"/archives/enterprises/{enterprise}?handler=Xlsx", Ct);
        var sheets = new MemoryStream(xlsx).GetSheetNames();
        Assert.Equal(4, sheets.Count);
        var lines = new MemoryStream(xlsx).Query(useHeaderRow: true, sheetName: sheets[2]).ToList();
        Assert.Equal(2, lines.Count);
        await LibreOffice.AssertOpensAsync(xlsx, ".xlsx");
    }

    [Fact]
    public async Task The_zone_totals_match_an_independent_sum_of_the_raw_lines()
    {
        factory.RequireDatabase();
        var office = await OfficeAsync();
        // A month of its own, far back, so other tests' returns do not mix in.
        var month = DateTime.UtcNow.AddYears(-8).ToString("yyyy-MM");
        var values = new List<(string Country, decimal Value, int Batches, int Bad)> { ("DE", 1000m, 4, 1), ("US", 3000m, 5, 0), ("DE", 500.25m, 1, 1), ("VN", 250m, 2, 0) };
        for (var i = 0; i < 2; i++)
        {
            var (enterprise, erp) = await EnterpriseWithTokenAsync($"奉化统计测试{i}气动有限公司");
            var lines = values.Skip(i * 2).Take(2).Select(v => Line("8412310000", v.Country, v.Value, v.Batches, v.Bad)).ToArray();
            Assert.Equal(HttpStatusCode.Created, (await erp.PostAsJsonAsync("/api/export-returns", new { period = month, lines, submit = true,
                incidents = i == 0 ? new object[] { new { kind = "Notification", reference = "X1", countries = "DE", date = month + "-05", summary = "标识", hsCode = "8412310000" } } : [] }, Ct)).StatusCode);
        }
        // A draft does not count.
        var (_, drafter) = await EnterpriseWithTokenAsync("奉化统计草稿气动有限公司");
        await drafter.PostAsJsonAsync("/api/export-returns", new { period = month, lines = new[] { Line(value: 99999m) } }, Ct);

        var summary = await office.GetFromJsonAsync<JsonElement>($"/api/export-statistics?from={month}&to={month}", Json, Ct);
        var totals = summary.GetProperty("totals");
        Assert.Equal(values.Sum(v => v.Value), totals.GetProperty("valueUsd").GetDecimal());
        Assert.Equal(values.Sum(v => v.Batches), totals.GetProperty("batches").GetInt64());
        Assert.Equal(Math.Round(100m * values.Sum(v => v.Bad) / values.Sum(v => v.Batches), 2), totals.GetProperty("nonconformingRate").GetDecimal());
        Assert.Equal(1, totals.GetProperty("notifications").GetInt32());
        Assert.Equal(3, totals.GetProperty("markets").GetInt32());
        // HHI computed here from the raw values: Σ (share %)².
        var byCountry = values.GroupBy(v => v.Country).Select(g => g.Sum(v => v.Value)).ToList();
        var expected = Math.Round(byCountry.Sum(v => (100m * v / byCountry.Sum()) * (100m * v / byCountry.Sum())), 0);
        Assert.Equal(expected, summary.GetProperty("marketConcentration").GetDecimal());
        // Seen as the period before the next month, the same month is summed by the database by market (the totals-only
        // read): the same totals, markets, enterprises and concentration as the full breakdown above.
        var next = DateTime.UtcNow.AddYears(-8).AddMonths(1).ToString("yyyy-MM");
        var following = await office.GetFromJsonAsync<JsonElement>($"/api/export-statistics?from={next}&to={next}", Json, Ct);
        Assert.Equal(totals.GetRawText(), following.GetProperty("previousTotals").GetRawText());
        Assert.Equal(expected, following.GetProperty("previousMarketConcentration").GetDecimal());
        // The same figure straight from the table, as SQL would sum it.
        var raw = await factory.WithDbAsync(db => db.ExportReturnLines.Where(l => l.Effective && l.Period == month).SumAsync(l => l.ValueUsd, Ct));
        Assert.Equal(raw, totals.GetProperty("valueUsd").GetDecimal());
        // A product filter keeps only that heading.
        var valves = await office.GetFromJsonAsync<JsonElement>($"/api/export-statistics?from={month}&to={month}&hs=8481", Json, Ct);
        Assert.Equal(0m, valves.GetProperty("totals").GetProperty("valueUsd").GetDecimal());
        // Departments may read the figures; an enterprise may not.
        var (_, enterpriseClient) = await EnterpriseWithTokenAsync("奉化统计无权气动有限公司");
        Assert.Equal(HttpStatusCode.Forbidden, (await enterpriseClient.GetAsync($"/api/export-statistics?from={month}&to={month}", Ct)).StatusCode);
        var page = await AngleSharpPageAsync($"/archives/zone?from={month}&to={month}");
        Assert.Equal(values.Sum(v => v.Value).ToString(System.Globalization.CultureInfo.InvariantCulture),
            page.QuerySelector("[data-testid=zone-total]")!.GetAttribute("data-value"));
    }

    /// <summary>The kept rollup and the returns' totals against the effective lines summed here (issue 22): equal after every step.</summary>
    private async Task AssertRollupsEqualTheLinesAsync(string step)
    {
        var (cells, lines, returns) = await factory.WithDbAsync(async db => (
            await db.ExportRollupCells.AsNoTracking().ToListAsync(Ct),
            await db.ExportReturnLines.AsNoTracking().Where(l => l.Effective).Select(l => new { l.ReturnId, l.Period, l.CountryCode, l.HsHeading, l.Mode, l.ValueUsd, l.Batches, l.NonconformingBatches }).ToListAsync(Ct),
            await db.ExportReturns.AsNoTracking().Select(r => new { r.Id, r.ValueUsd, r.Batches, r.NonconformingBatches }).ToListAsync(Ct)));
        var expected = lines.GroupBy(l => (l.Period, l.CountryCode, l.HsHeading, l.Mode))
            .ToDictionary(g => g.Key, g => (g.Sum(l => l.ValueUsd), (long)g.Sum(l => l.Batches), (long)g.Sum(l => l.NonconformingBatches)));
        var kept = cells.Where(c => c.ValueUsd != 0 || c.Batches != 0 || c.NonconformingBatches != 0)
            .ToDictionary(c => (c.Period, c.CountryCode, c.HsHeading, c.Mode), c => (c.ValueUsd, c.Batches, c.NonconformingBatches));
        Assert.True(expected.Count == kept.Count && expected.All(e => kept.TryGetValue(e.Key, out var k) && k == e.Value),
            $"{step}: the rollup differs from the lines: {string.Join("; ", expected.Where(e => !kept.TryGetValue(e.Key, out var k) || k != e.Value).Take(5).Select(e => $"{e.Key} lines {e.Value} kept {kept.GetValueOrDefault(e.Key)}"))}");
        var byReturn = lines.ToLookup(l => l.ReturnId);
        foreach (var r in returns)
            Assert.True((byReturn[r.Id].Sum(l => l.ValueUsd), byReturn[r.Id].Sum(l => l.Batches), byReturn[r.Id].Sum(l => l.NonconformingBatches)) == (r.ValueUsd, r.Batches, r.NonconformingBatches),
                $"{step}: return {r.Id} keeps {(r.ValueUsd, r.Batches, r.NonconformingBatches)}");
    }

    private sealed record SummedLine(Guid EnterpriseId, string CountryCode, string HsHeading, ExportMode Mode, decimal ValueUsd, int Batches, int NonconformingBatches);

    /// <summary>
    /// Every breakdown of the zone summary of one month (read from the rollup and the returns' totals, summed by the
    /// database) against the month's effective lines summed here: month, market, heading, mode and enterprise.
    /// </summary>
    private async Task AssertSummaryEqualsTheLinesAsync(HttpClient office, string month, string step)
    {
        var summary = await office.GetFromJsonAsync<JsonElement>($"/api/export-statistics?from={month}&to={month}", Json, Ct);
        var lines = await factory.WithDbAsync(db => db.ExportReturnLines.AsNoTracking().Where(l => l.Effective && l.Period == month)
            .Select(l => new SummedLine(l.EnterpriseId, l.CountryCode, l.HsHeading, l.Mode, l.ValueUsd, l.Batches, l.NonconformingBatches)).ToListAsync(Ct));
        foreach (var (breakdown, key) in new (string, Func<SummedLine, string>)[]
                 {
                     ("byMarket", l => l.CountryCode), ("byHeading", l => l.HsHeading), ("byMode", l => l.Mode.ToString()), ("byEnterprise", l => l.EnterpriseId.ToString()),
                 })
        {
            var expected = lines.GroupBy(key)
                .Select(g => $"{g.Key} {g.Sum(l => l.ValueUsd):0.00} {g.Sum(l => l.Batches)} {g.Sum(l => l.NonconformingBatches)}");
            var actual = summary.GetProperty(breakdown).EnumerateArray().Select(s => (Key: s.GetProperty("key").GetString()!, Slice: s)).OrderBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => $"{s.Key} {s.Slice.GetProperty("valueUsd").GetDecimal():0.00} {s.Slice.GetProperty("batches").GetInt64()} {s.Slice.GetProperty("nonconformingBatches").GetInt64()}");
            Assert.True(expected.OrderBy(e => e, StringComparer.Ordinal).SequenceEqual(actual), $"{step}, {breakdown}: lines [{string.Join("; ", expected)}], summary [{string.Join("; ", actual)}]");
        }
        var byMonth = summary.GetProperty("byMonth").EnumerateArray().Single();
        Assert.Equal((month, lines.Sum(l => l.ValueUsd), lines.Sum(l => (long)l.Batches)),
            (byMonth.GetProperty("key").GetString(), byMonth.GetProperty("valueUsd").GetDecimal(), byMonth.GetProperty("batches").GetInt64()));
        Assert.Equal(lines.Sum(l => l.ValueUsd), summary.GetProperty("totals").GetProperty("valueUsd").GetDecimal());
    }

    [Fact]
    public async Task The_zone_rollup_equals_the_effective_lines_after_every_step_of_the_workflow_and_after_a_rebuild()
    {
        factory.RequireDatabase();
        var office = await OfficeAsync();
        var month = DateTime.UtcNow.AddYears(-9).ToString("yyyy-MM");
        var (_, erp) = await EnterpriseWithTokenAsync("奉化汇总表测试气动有限公司");
        var (_, other) = await EnterpriseWithTokenAsync("奉化汇总表测试乙气动有限公司");
        await AssertRollupsEqualTheLinesAsync("start");

        var draft = await ReadAsync(await erp.PostAsJsonAsync("/api/export-returns", new { period = month, lines = new[] { Line(value: 1000m, batches: 3, bad: 1), Line("8481201000", "US", 250.75m, 1) } }, Ct));
        await AssertRollupsEqualTheLinesAsync("draft");
        var submitted = await ReadAsync(await erp.PostAsJsonAsync($"/api/export-returns/{draft.Return.Id}/submit", new { }, Ct));
        Assert.Equal(ReturnState.Submitted, submitted.Return.State);
        await AssertRollupsEqualTheLinesAsync("submit");
        // A second enterprise adds to the same cells (same month, market, heading and mode).
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsJsonAsync("/api/export-returns", new { period = month, lines = new[] { Line(value: 400m, batches: 2) }, submit = true }, Ct)).StatusCode);
        await AssertRollupsEqualTheLinesAsync("second enterprise");
        var returned = await ReadAsync(await office.PostAsJsonAsync($"/api/export-returns/{draft.Return.Id}/return", new { reason = "请核对" }, Ct));
        await AssertRollupsEqualTheLinesAsync("returned");
        // The amendment moves value out of one cell (US disappears) and into another (FR).
        var amended = await erp.PutAsJsonAsync($"/api/export-returns/{draft.Return.Id}",
            new { revision = returned.Return.Revision, lines = new[] { Line(value: 900m, batches: 3), Line("8481201000", "FR", 100m, 1, 1, "Odm") }, submit = true, note = "更正" }, Ct);
        Assert.Equal(HttpStatusCode.OK, amended.StatusCode);
        await AssertRollupsEqualTheLinesAsync("amend and resubmit");
        Assert.Equal(HttpStatusCode.OK, (await office.PostAsJsonAsync($"/api/export-returns/{draft.Return.Id}/accept", new { }, Ct)).StatusCode);
        await AssertRollupsEqualTheLinesAsync("accept");
        await AssertSummaryEqualsTheLinesAsync(office, month, "accept");
        // The zone summary is kept in memory (ReadCache) until a return changes: read now, and again after the next amendment below.
        var beforeAmendment = await office.GetFromJsonAsync<JsonElement>($"/api/export-statistics?from={month}&to={month}", Json, Ct);
        Assert.Equal(1400m, beforeAmendment.GetProperty("totals").GetProperty("valueUsd").GetDecimal());
        // An amendment to "no exports" takes everything out.
        var accepted = await ReadAsync(await office.GetAsync($"/api/export-returns/{draft.Return.Id}", Ct));
        Assert.Equal(HttpStatusCode.OK, (await erp.PutAsJsonAsync($"/api/export-returns/{draft.Return.Id}", new { revision = accepted.Return.Revision, noExports = true, submit = true, note = "本月实际无出口" }, Ct)).StatusCode);
        await AssertRollupsEqualTheLinesAsync("amended to no exports");
        await AssertSummaryEqualsTheLinesAsync(office, month, "amended to no exports");

        // The zone figure read from the rollup equals the lines; the rebuild gives the same cells.
        var summary = await office.GetFromJsonAsync<JsonElement>($"/api/export-statistics?from={month}&to={month}", Json, Ct);
        Assert.Equal(400m, summary.GetProperty("totals").GetProperty("valueUsd").GetDecimal());
        Assert.Equal(1, summary.GetProperty("totals").GetProperty("enterprises").GetInt32());
        await factory.WithDbAsync(db => ExportRollupCell.RebuildAsync(db, Ct));
        await AssertRollupsEqualTheLinesAsync("rebuild");
    }

    [Fact]
    public async Task An_enterprise_token_sees_and_files_only_its_own_returns()
    {
        factory.RequireDatabase();
        var (own, erp) = await EnterpriseWithTokenAsync("奉化隔离测试甲气动有限公司");
        var (other, otherErp) = await EnterpriseWithTokenAsync("奉化隔离测试乙气动有限公司");
        var theirs = await ReadAsync(await otherErp.PostAsJsonAsync("/api/export-returns", new { period = Period, lines = new[] { Line() } }, Ct));
        var mine = await ReadAsync(await erp.PostAsJsonAsync("/api/export-returns", new { period = Period, lines = new[] { Line() } }, Ct));

        var id = theirs.Return.Id;
        Assert.Equal(HttpStatusCode.NotFound, (await erp.GetAsync($"/api/export-returns/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await erp.PutAsJsonAsync($"/api/export-returns/{id}", new { lines = new[] { Line() } }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await erp.PostAsJsonAsync($"/api/export-returns/{id}/submit", new { }, Ct)).StatusCode);
        // Filing for another enterprise by naming it is refused as if it did not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await erp.PostAsJsonAsync("/api/export-returns", new { enterpriseId = other, period = "2020-01", noExports = true }, Ct)).StatusCode);
        var list = await erp.GetFromJsonAsync<JsonElement>($"/api/export-returns?enterpriseId={other}", Json, Ct);
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        var all = await erp.GetFromJsonAsync<JsonElement>("/api/export-returns", Json, Ct);
        Assert.All(all.GetProperty("items").EnumerateArray(), r => Assert.Equal(own.ToString(), r.GetProperty("enterpriseId").GetString()));
        Assert.Equal(mine.Return.Id.ToString(), all.GetProperty("items")[0].GetProperty("id").GetString());

        // The pages too: the other's return, its edit form and its archive exports are not found.
        var client = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: own);
        foreach (var url in new[] { $"/archives/returns/{id}", $"/archives/returns/edit/{id}", $"/archives/enterprises/{other}?handler=Xlsx", $"/archives/enterprises/{other}?handler=Docx",
                     $"/archives/returns/edit?enterprise={other}&period={Period}", $"/archives/import?enterprise={other}", $"/archives/customs?enterprise={other}" })
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url, Ct)).StatusCode);
        // Staff read every enterprise's.
        var office = await OfficeAsync();
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync($"/api/export-returns/{id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Lines_saved_in_bulk_read_back_exactly_and_an_amendment_in_bulk_switches_the_effective_version()
    {
        factory.RequireDatabase();
        var enterprise = await factory.CreateEnterpriseAsync("奉化批量保存测试气动有限公司");
        var now = DateTimeOffset.UtcNow;
        List<ExportReturnLine> Lines(int count, decimal factor) => Enumerable.Range(0, count).Select(i => new ExportReturnLine
        {
            ProductName = $"气缸 {i}", Model = i % 3 == 0 ? null : $"M{i}", HsCode = "8412310000", CountryCode = i % 2 == 0 ? "DE" : "US", Quantity = 10.5m + i, Unit = "个",
            ValueUsd = (123.45m + i) * factor, ValueCny = i % 5 == 0 ? 876.54m : null, CnyPerUsd = i % 5 == 0 ? 7.0987m : null, Mode = (ExportMode)(i % 3),
            Batches = 1 + i % 4, NonconformingBatches = i % 4 == 0 ? 1 : 0, NonconformingQuantity = i % 4 == 0 ? 2.25m : 0, NonconformityDescription = i % 4 == 0 ? "划伤" : null,
        }).ToList();
        var first = Lines(1500, 1m);
        var id = await factory.WithDbAsync(async db =>
        {
            var report = ExportReturn.Create(enterprise, "2019-03", new DateOnly(2019, 4, 15), ReturnSource.Excel, "测试", now);
            report.WriteDraft(false, first, [], ReturnSource.Excel, "测试", now);
            report.Submit("测试", now, new DateOnly(2019, 4, 1));
            db.ExportReturns.Add(report);
            await ExportLineStore.SaveAsync(db, Ct);
            return report.Id;
        });
        var saved = await factory.WithDbAsync(db => db.ExportReturnLines.AsNoTracking().Where(l => l.ReturnId == id).OrderBy(l => l.Position).ToListAsync(Ct));
        Assert.Equal(1500, saved.Count);
        foreach (var (expected, actual) in first.Zip(saved))
            Assert.Equal((expected.Id, expected.ProductName, expected.Model, expected.Quantity, expected.ValueUsd, expected.ValueCny, expected.CnyPerUsd, expected.Mode, expected.Batches,
                    expected.NonconformingQuantity, expected.NonconformityDescription, expected.HsHeading, true, enterprise),
                (actual.Id, actual.ProductName, actual.Model, actual.Quantity, actual.ValueUsd, actual.ValueCny, actual.CnyPerUsd, actual.Mode, actual.Batches,
                    actual.NonconformingQuantity, actual.NonconformityDescription, actual.HsHeading, actual.Effective, actual.EnterpriseId));

        // An amendment of 1,200 lines in bulk: the first version's lines stop counting in the same transaction.
        await factory.WithDbAsync(async db =>
        {
            var report = await db.ExportReturns.Include(r => r.Versions).ThenInclude(v => v.Lines).SingleAsync(r => r.Id == id, Ct);
            report.Amend("测试", now, "更正");
            report.WriteDraft(false, Lines(1200, 2m), [], ReturnSource.Excel, "测试", now);
            report.Submit("测试", now, new DateOnly(2019, 4, 2));
            await ExportLineStore.SaveAsync(db, Ct);
        });
        var (effective, counted, total) = await factory.WithDbAsync(async db => (
            await db.ExportReturnLines.CountAsync(l => l.ReturnId == id && l.Effective, Ct),
            await db.ExportReturnLines.Where(l => l.ReturnId == id && l.Effective).SumAsync(l => l.ValueUsd, Ct),
            await db.ExportReturnLines.CountAsync(l => l.ReturnId == id, Ct)));
        Assert.Equal((1200, Lines(1200, 2m).Sum(l => l.ValueUsd), 2700), (effective, counted, total));
        Assert.Equal(counted, await factory.WithDbAsync(db => db.ExportReturns.Where(r => r.Id == id).Select(r => r.ValueUsd).SingleAsync(Ct)));
        await AssertRollupsEqualTheLinesAsync("bulk amendment");

        // Amended again as an import does it: no version's content loaded, nothing copied; the 1,200 lines that counted
        // stop counting by UPDATE and leave the rollup by GROUP BY at the save.
        await factory.WithDbAsync(async db =>
        {
            var report = await db.ExportReturns.Include(r => r.Versions).SingleAsync(r => r.Id == id, Ct);
            foreach (var version in report.Versions) version.ContentInDatabase = true;
            Assert.Throws<InvalidOperationException>(() => report.Amend("测试", now, "更正")); // a copy needs the content
            report.Amend("测试", now, "再次更正", copyContent: false);
            report.WriteDraft(false, Lines(1100, 3m), [], ReturnSource.Excel, "测试", now);
            report.Submit("测试", now, new DateOnly(2019, 4, 3));
            await ExportLineStore.SaveAsync(db, Ct);
        });
        var byVersion = await factory.WithDbAsync(db => db.ExportReturnLines.Where(l => l.ReturnId == id).GroupBy(l => l.VersionId)
            .Select(g => new { Lines = g.Count(), Effective = g.Count(l => l.Effective) }).ToListAsync(Ct));
        Assert.Equal([(1100, 1100), (1200, 0), (1500, 0)], byVersion.Select(v => (v.Lines, v.Effective)).OrderBy(v => v.Lines));
        Assert.Equal(Lines(1100, 3m).Sum(l => l.ValueUsd), await factory.WithDbAsync(db => db.ExportReturns.Where(r => r.Id == id).Select(r => r.ValueUsd).SingleAsync(Ct)));
        await AssertRollupsEqualTheLinesAsync("bulk amendment of content not loaded");
    }

    [Fact]
    public async Task Missing_returns_are_flagged_overdue_and_reminded_once()
    {
        factory.RequireDatabase();
        var enterprise = await factory.CreateEnterpriseAsync("奉化催报测试气动有限公司");
        var filer = await factory.CreateEnterpriseAsync("奉化按时报送测试气动有限公司");
        var userEmail = await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise);
        await factory.WithDbAsync(async db =>
        {
            foreach (var e in await db.Enterprises.Where(e => e.Id == enterprise || e.Id == filer).ToListAsync(Ct))
                e.Admit("FH-2020-" + Random.Shared.Next(1000, 9999), new DateOnly(2020, 1, 1), "测试", null, "测试", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(Ct);
        });
        var filerToken = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: filer)));
        Assert.Equal(HttpStatusCode.Created, (await filerToken.PostAsJsonAsync("/api/export-returns", new { period = Period, noExports = true, submit = true }, Ct)).StatusCode);

        await using var scope = factory.Services.CreateAsyncScope();
        var reminders = scope.ServiceProvider.GetRequiredService<ReturnReminders>();
        var first = await reminders.RemindAsync(Period, force: false, Ct);
        var second = await reminders.RemindAsync(Period, force: false, Ct);
        Assert.True(first.Enterprises >= 1);
        Assert.Equal(0, second.Enterprises); // the job reminds each enterprise once a month
        var notes = await factory.WithDbAsync(db => (from n in db.Notifications join u in db.Users on n.UserId equals u.Id where u.Email == userEmail select n.Title).ToListAsync(Ct));
        Assert.Single(notes, t => t.Contains(Period));
        // The filing status list leads with what needs action: every overdue enterprise before any that filed (issue 21).
        var statuses = (await AngleSharpPageAsync($"/archives?period={Period}")).QuerySelectorAll("tbody tr[data-status]").Select(r => r.GetAttribute("data-status")).ToList();
        Assert.Contains("Overdue", statuses);
        Assert.True(statuses.LastIndexOf("Overdue") < statuses.IndexOf("Submitted"), string.Join(",", statuses));

        // The dashboards: the enterprise sees where its last month's return stands, the office the zone's count.
        var lastMonth = DateTime.UtcNow.AddHours(8).AddMonths(-1).ToString("yyyy-MM");
        var dashboard = await AppFactory.GetDocumentAsync(await factory.SignInAsync(userEmail), "/");
        Assert.Contains(lastMonth, dashboard.QuerySelector("[data-testid=own-filing]")!.TextContent);
        var officeDashboard = await AngleSharpPageAsync("/");
        Assert.Contains(lastMonth, officeDashboard.QuerySelector("[data-testid=zone-filing]")!.TextContent);

        var page = await AngleSharpPageAsync($"/archives?period={Period}&status=Overdue");
        var names = page.QuerySelector("[data-testid=filing-table]")!.TextContent;
        Assert.Contains("奉化催报测试气动有限公司", names);
        Assert.DoesNotContain("奉化按时报送测试气动有限公司", names);
        // The completeness matrix (kept in memory between changes) shows the month overdue, then filed once the return is in.
        string CellOf(AngleSharp.Dom.IDocument matrix) =>
            matrix.QuerySelectorAll("[data-testid=completeness] tbody tr").Single(r => r.TextContent.Contains("奉化催报测试气动有限公司"))
                .QuerySelectorAll("td")[2 + int.Parse(Period[5..]) - 1].TextContent.Trim();
        var matrixUrl = $"/archives/completeness?year={Period[..4]}&q={Uri.EscapeDataString("奉化催报测试")}";
        Assert.Equal("✖", CellOf(await AngleSharpPageAsync(matrixUrl)));
        var own = factory.CreateTokenClient(await factory.CreateTokenAsync(userEmail));
        Assert.Equal(HttpStatusCode.Created, (await own.PostAsJsonAsync("/api/export-returns", new { period = Period, noExports = true, submit = true }, Ct)).StatusCode);
        Assert.Equal("●", CellOf(await AngleSharpPageAsync(matrixUrl)));

        // The office's dashboard counts last month's filing from figures kept between changes: a return filed is counted on
        // the next visit.
        static int Filed(AngleSharp.Dom.IDocument dashboard) => int.Parse(dashboard.QuerySelector("[data-testid=zone-filing] .qz-stat")!.TextContent);
        var filedBefore = Filed(await AngleSharpPageAsync("/"));
        Assert.Equal(filedBefore, Filed(await AngleSharpPageAsync("/")));
        Assert.Equal(HttpStatusCode.Created, (await own.PostAsJsonAsync("/api/export-returns", new { period = lastMonth, noExports = true, submit = true }, Ct)).StatusCode);
        Assert.Equal(filedBefore + 1, Filed(await AngleSharpPageAsync("/")));
    }
}

public sealed class ExportArchivesSqliteTests(AppFactory factory) : ExportArchivesTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class ExportArchivesPostgresTests(PostgresAppFactory factory) : ExportArchivesTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;

/// <summary>The rules of the return itself, without a database.</summary>
public sealed class ExportReturnRulesTests
{
    private static ExportReturnLine Line(decimal value) => new() { ProductName = "气缸", HsCode = "8412310000", CountryCode = "DE", Unit = "个", Quantity = 1, ValueUsd = value, Batches = 1 };

    [Fact]
    public void Transitions_follow_the_workflow_and_refuse_the_rest()
    {
        var now = DateTimeOffset.UtcNow;
        var report = ExportReturn.Create(Guid.NewGuid(), "2026-09", new DateOnly(2026, 10, 15), ReturnSource.Form, "企业", now);
        Assert.Throws<QualityZone.Infrastructure.BusinessRuleException>(() => report.Accept("建设办", now));
        Assert.Throws<QualityZone.Infrastructure.BusinessRuleException>(() => report.Submit("企业", now, new DateOnly(2026, 10, 1))); // no lines, not "no exports"
        report.WriteDraft(false, [Line(100)], [], ReturnSource.Form, "企业", now);
        report.Submit("企业", now, new DateOnly(2026, 10, 16));
        Assert.True(report.Late);
        Assert.Throws<QualityZone.Infrastructure.BusinessRuleException>(() => report.WriteDraft(false, [Line(1)], [], ReturnSource.Form, "企业", now));
        Assert.Throws<QualityZone.Infrastructure.BusinessRuleException>(() => report.ReturnForCorrection(" ", "建设办", now));
        report.ReturnForCorrection("请核对", "建设办", now);
        report.Amend("企业", now, "更正");
        report.WriteDraft(false, [Line(90)], [], ReturnSource.Form, "企业", now);
        Assert.Equal(1, report.EffectiveVersion); // the amendment counts only once submitted
        report.Submit("企业", now, new DateOnly(2026, 10, 20));
        Assert.Equal(2, report.EffectiveVersion);
        Assert.Equal(90m, report.ValueUsd);
        Assert.True(report.Versions.Single(v => v.Number == 2).Lines.All(l => l.Effective));
        Assert.True(report.Versions.Single(v => v.Number == 1).Lines.All(l => !l.Effective));
        Assert.Throws<QualityZone.Infrastructure.BusinessRuleException>(() => report.WriteDraft(true, [Line(1)], [], ReturnSource.Form, "企业", now));
    }

    [Theory]
    [InlineData("2026-01", 15, "2026-02-15")]
    [InlineData("2026-12", 10, "2027-01-10")]
    [InlineData("2026-01", 31, "2026-02-28")]
    public void The_due_date_is_a_day_of_the_following_month(string period, int day, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), ExportReturn.DueDate(period, day));

    [Fact]
    public void Market_concentration_is_the_herfindahl_index_in_percent_points()
    {
        Assert.Equal(10_000m, ZoneStatistics.Herfindahl([5m]));
        Assert.Equal(2_500m, ZoneStatistics.Herfindahl([1m, 1m, 1m, 1m]));
        Assert.Equal(5_000m, ZoneStatistics.Herfindahl([3m, 0m, 3m]));
        Assert.Equal(0m, ZoneStatistics.Herfindahl([]));
    }

    [Fact]
    public void The_previous_period_has_the_same_length()
    {
        var previous = ZoneStatistics.PreviousOf(new StatisticsFilter("2026-01", "2026-06"));
        Assert.Equal(("2025-07", "2025-12"), (previous.From, previous.To));
        Assert.Equal(("2026-01", "2026-06"), ZoneModel.DefaultPeriod(new DateOnly(2026, 11, 26)));
        Assert.Equal(("2025-07", "2025-12"), ZoneModel.DefaultPeriod(new DateOnly(2026, 3, 1)));
    }
}
