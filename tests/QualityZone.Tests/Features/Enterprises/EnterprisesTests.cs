using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Reference;
using QualityZone.Infrastructure.Auth;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Enterprises;

/// <summary>The register end to end over HTTP; run on SQLite and on PostgreSQL.</summary>
public abstract class EnterprisesTests<TFactory>(TFactory factory) where TFactory : AppFactory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private static int sequence = Random.Shared.Next(10_000, 90_000);

    /// <summary>A valid, unique credit code (check character computed by the code under test's own rule, checked independently in CreditCodeTests).</summary>
    public static string NewCreditCode()
    {
        return CreditCode.Complete($"913302837{Interlocked.Increment(ref sequence):D5}MA");
    }

    private static object Profile(string creditCode, string name) => new
    {
        creditCode, nameZh = name, nameEn = "Test Pneumatic Co., Ltd.", customsCode = "3302960001",
        employees = 120, annualExportWanUsd = 850.5m, ownBrandShare = 50, odmShare = 30, oemShare = 20, customsCreditTier = "certified",
        products = new[] { new { hsCode = "8412310000", name = "标准气缸" }, new { hsCode = "8481.20", name = "电磁阀" } },
        markets = new[] { "DE", "us" },
    };

    private async Task<HttpClient> OfficeAsync() => factory.CreateTokenClient(await factory.CreateTokenAsync(AppFactory.AdminEmail));

    private async Task<Guid> CreateAsync(HttpClient office, string name)
    {
        var response = await office.PostAsJsonAsync("/api/enterprises", Profile(NewCreditCode(), name), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<EnterprisesApi.EnterpriseDto>(Json, TestContext.Current.CancellationToken))!.Id;
    }

    [Fact]
    public async Task The_office_registers_an_enterprise_with_normalized_hs_codes_and_markets()
    {
        factory.RequireDatabase();
        var office = await OfficeAsync();
        var id = await CreateAsync(office, "奉化测试气动有限公司");

        var e = await office.GetFromJsonAsync<EnterprisesApi.EnterpriseDto>($"/api/enterprises/{id}", Json, TestContext.Current.CancellationToken);
        Assert.Equal(EnterpriseState.Applicant, e!.State);
        // "8481.20" is stored as the digits declared.
        Assert.Equal(["8412310000", "848120"], e.Products.Select(p => p.HsCode).Order());
        Assert.Equal(["DE", "US"], e.Markets);
        Assert.Equal(850.5m, e.AnnualExportWanUsd);
        Assert.Single(e.Events!, v => v.Action == ManagementAction.Registered);

        // One audit row for the enterprise, holding its products, markets and first event.
        var audit = await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId == id.ToString()).ToListAsync());
        var created = Assert.Single(audit);
        Assert.Contains("EnterpriseProduct[", created.Changes);
        Assert.Contains("8412310000", created.Changes);
        Assert.Contains("EnterpriseMarket[", created.Changes);
        Assert.False(await factory.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == "EnterpriseProduct" && a.Changes.Contains(id.ToString()))));
    }

    [Theory]
    [InlineData("91350100M000100Y44", "creditCode", "校验位不正确")]
    [InlineData("9135010", "creditCode", "应为 18 位")]
    // Passes GB 32100's mod-31 check; its organization code fails GB 11714's.
    [InlineData("91310000MA1FL5LX3K", "creditCode", "组织机构代码校验位不正确")]
    public async Task Invalid_credit_codes_are_refused_with_the_reason(string code, string field, string reason)
    {
        factory.RequireDatabase();
        var office = await OfficeAsync();
        var before = await factory.WithDbAsync(db => db.Enterprises.CountAsync());

        var response = await office.PostAsJsonAsync("/api/enterprises", Profile(code, "校验位错误公司"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains(reason, body);
        Assert.Contains(field, body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await factory.WithDbAsync(db => db.Enterprises.CountAsync()));
    }

    [Fact]
    public async Task Unknown_hs_codes_countries_shares_and_duplicates_are_refused()
    {
        factory.RequireDatabase();
        var office = await OfficeAsync();
        var code = NewCreditCode();
        var bad = new
        {
            creditCode = code, nameZh = "多处错误公司", ownBrandShare = 50, odmShare = 10, oemShare = 10,
            products = new[] { new { hsCode = "8412210000", name = "液压缸" }, new { hsCode = "8412990000", name = "不存在" } },
            markets = new[] { "XX" },
        };
        var response = await office.PostAsJsonAsync("/api/enterprises", bad, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(body.Contains("8412990000"), body); // 8412.99 is not an HS 2022 subheading
        Assert.DoesNotContain("“8412210000”", body); // 8412.21 exists (hydraulic cylinders): valid HS, if not pneumatic
        Assert.Contains("XX", body);
        Assert.Contains("合计应为 100%", body);

        Assert.Equal(HttpStatusCode.Created, (await office.PostAsJsonAsync("/api/enterprises", Profile(code, "首次登记"), TestContext.Current.CancellationToken)).StatusCode);
        var duplicate = await office.PostAsJsonAsync("/api/enterprises", Profile(code, "重复登记"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("已登记", await duplicate.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Dynamic_management_follows_the_allowed_transitions_and_keeps_a_timeline()
    {
        factory.RequireDatabase();
        var office = await OfficeAsync();
        var id = await CreateAsync(office, "动态管理测试公司");
        async Task<HttpResponseMessage> Act(string action, string reason = "依据联合检查结论") =>
            await office.PostAsJsonAsync($"/api/enterprises/{id}/actions", new { action, reason }, TestContext.Current.CancellationToken);

        // Watch is for admitted enterprises only.
        var illegal = await Act("PutOnWatch");
        Assert.Equal(HttpStatusCode.BadRequest, illegal.StatusCode);
        Assert.Contains("不能执行", await illegal.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.NoContent, (await Act("Admitted", "审核通过，批准入区")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Act("PutOnWatch", "  ")).StatusCode); // a reason is required
        Assert.Equal(HttpStatusCode.NoContent, (await Act("PutOnWatch", "产品被欧盟通报")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Act("Suspended", "整改不到位")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Act("WatchLifted")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Act("Reinstated", "整改验收合格")).StatusCode);

        var e = await office.GetFromJsonAsync<EnterprisesApi.EnterpriseDto>($"/api/enterprises/{id}", Json, TestContext.Current.CancellationToken);
        Assert.Equal(EnterpriseState.Admitted, e!.State);
        Assert.Matches(@"^FH-\d{4}-\d{4}$", e.AdmissionNumber);
        Assert.Equal([ManagementAction.Registered, ManagementAction.Admitted, ManagementAction.PutOnWatch, ManagementAction.Suspended, ManagementAction.Reinstated],
            e.Events!.OrderBy(v => v.At).ThenBy(v => (int)v.Action == 0 ? 0 : 1).Select(v => v.Action).ToList());
        Assert.Equal("产品被欧盟通报", e.Events!.Single(v => v.Action == ManagementAction.PutOnWatch).Reason);
    }

    [Fact]
    public async Task An_enterprise_sees_and_edits_only_itself_through_every_page_export_file_and_api()
    {
        factory.RequireDatabase();
        var office = await OfficeAsync();
        var mine = await CreateAsync(office, "甲企业");
        var other = await CreateAsync(office, "乙企业");
        // The other enterprise has a management action with an evidence file.
        var officeWeb = await factory.SignInAsync(AppFactory.AdminEmail);
        var token = await AppFactory.AntiforgeryTokenAsync(officeWeb, $"/enterprises/{other}");
        using (var form = new MultipartFormDataContent
               {
                   { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("Admitted"), "action" }, { new StringContent("批准入区") , "reason" },
               })
        {
            var pdf = new ByteArrayContent(QualityZone.Infrastructure.Demo.DemoSeeder.MinimalPdf("decision"));
            pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(pdf, "evidence", "入区批复.pdf");
            Assert.Equal(HttpStatusCode.Redirect, (await officeWeb.PostAsync($"/enterprises/{other}?handler=Transition", form, TestContext.Current.CancellationToken)).StatusCode);
        }
        var otherEvent = await factory.WithDbAsync(db => db.EnterpriseEvents.SingleAsync(v => v.EnterpriseId == other && v.EvidenceSha256 != null));
        Assert.Equal(HttpStatusCode.OK, (await officeWeb.GetAsync($"/enterprises/{other}/events/{otherEvent.Id}/evidence", TestContext.Current.CancellationToken)).StatusCode);

        var email = await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: mine);
        var api = factory.CreateTokenClient(await factory.CreateTokenAsync(email));
        var web = await factory.SignInAsync(email);

        var list = await api.GetFromJsonAsync<QualityZone.Infrastructure.Web.ApiPage<EnterpriseRow>>("/api/enterprises?pageSize=200", Json, TestContext.Current.CancellationToken);
        Assert.Equal([mine], list!.Items.Select(r => r.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/enterprises/{other}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PutAsJsonAsync($"/api/enterprises/{other}", Profile(NewCreditCode(), "篡改"), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsJsonAsync($"/api/enterprises/{other}/actions", new { action = "Suspended", reason = "x" }, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsJsonAsync("/api/enterprises", Profile(NewCreditCode(), "冒名登记"), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/enterprises/{other}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/enterprises/edit/{other}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/enterprises/{other}/events/{otherEvent.Id}/evidence", TestContext.Current.CancellationToken)).StatusCode);
        // The register and its export lead an enterprise to its own page only.
        var export = await web.GetAsync("/enterprises?export=true", TestContext.Current.CancellationToken);
        Assert.Equal($"/enterprises/{mine}", export.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync($"/enterprises/{mine}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Contains("/account/access-denied", (await web.GetAsync("/enterprises/import", TestContext.Current.CancellationToken)).Headers.Location?.ToString());

        // It edits its own profile, but not its identity fields.
        var edited = await api.PutAsJsonAsync($"/api/enterprises/{mine}", new
        {
            creditCode = NewCreditCode(), nameZh = "改名企业", qualityContact = "新质量负责人", markets = new[] { "VN" },
        }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var after = await api.GetFromJsonAsync<EnterprisesApi.EnterpriseDto>($"/api/enterprises/{mine}", Json, TestContext.Current.CancellationToken);
        Assert.Equal("甲企业", after!.NameZh);
        Assert.Equal("新质量负责人", after.QualityContact);
        Assert.Equal(["VN"], after.Markets);
    }

    [Fact]
    public async Task An_excel_file_with_bad_rows_is_rejected_with_a_precise_report_and_the_clean_file_imports()
    {
        factory.RequireDatabase();
        var office = await factory.SignInAsync(AppFactory.AdminEmail);

        var template = await office.GetAsync("/enterprises/import?handler=Template", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        using (var t = new MemoryStream(await template.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)))
            Assert.Equal(EnterpriseImport.Columns, t.GetColumns(useHeaderRow: true)!.Cast<string>());

        var codes = Enumerable.Range(0, 50).Select(_ => NewCreditCode()).ToList();
        var rows = codes.Select((code, i) => Row(code, $"导入测试企业{i}")).ToList();
        rows[3][EnterpriseImport.CreditCode] = codes[3][..17] + (codes[3][17] == '0' ? '1' : '0');   // row 5: wrong check character
        rows[10][EnterpriseImport.Products] = "8412310000:气缸; 12:错";                                  // row 12: bad HS
        rows[20][EnterpriseImport.CreditCode] = codes[19];                                               // row 22: duplicate of row 21
        rows[30][EnterpriseImport.Employees] = "很多";                                                   // row 32: not a number
        var before = await factory.WithDbAsync(db => db.Enterprises.CountAsync());

        var report = await UploadAsync(office, rows);

        var errors = report.QuerySelectorAll("[data-testid=import-errors] tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();
        Assert.Contains(errors, e => e[0] == "5" && e[1] == EnterpriseImport.CreditCode && e[2].Contains("校验位"));
        Assert.Contains(errors, e => e[0] == "12" && e[1] == EnterpriseImport.Products && e[2].Contains("HS 编码"));
        Assert.Contains(errors, e => e[0] == "22" && e[1] == EnterpriseImport.CreditCode && e[2].Contains("第 21 行"));
        Assert.Contains(errors, e => e[0] == "32" && e[1] == EnterpriseImport.Employees);
        Assert.Equal(4, errors.Count);
        Assert.Equal(before, await factory.WithDbAsync(db => db.Enterprises.CountAsync()));

        var clean = codes.Select((code, i) => Row(code, $"导入测试企业{i}")).ToList();
        var done = await UploadAsync(office, clean);
        Assert.NotNull(done.QuerySelector("[data-testid=import-success]"));
        Assert.Equal(before + 50, await factory.WithDbAsync(db => db.Enterprises.CountAsync()));
        var imported = await factory.WithDbAsync(db => db.Enterprises.Include(e => e.Products).Include(e => e.Markets).SingleAsync(e => e.CreditCode == codes[7]));
        Assert.Equal("certified", imported.CustomsCreditTier);
        Assert.Equal(2, imported.Products.Count);
        Assert.Equal(["DE", "RU", "US"], imported.Markets.Select(m => m.CountryCode).Order());
    }

    [Fact]
    public async Task A_workbook_that_fails_while_being_saved_leaves_nothing_saved()
    {
        // The import is saved 200 enterprises at a time; the database refusing the last of 450 rows (a trigger here, a
        // full disk or a concurrent registration in life) must take the first 400 with it: one transaction, all or none.
        factory.RequireDatabase();
        var office = await factory.SignInAsync(AppFactory.AdminEmail);
        var codes = Enumerable.Range(0, 450).Select(_ => NewCreditCode()).ToList();
        var (enterprises, audits) = await factory.WithDbAsync(async db => (await db.Enterprises.CountAsync(), await db.AuditEntries.CountAsync()));
        await using (await factory.RefuseInsertAsync("enterprises", "CreditCode", codes[^1]))
        {
            var report = await UploadAsync(office, codes.Select((code, i) => Row(code, $"整体回滚测试企业{i}")));
            Assert.Null(report.QuerySelector("[data-testid=import-success]"));
        }
        Assert.Equal(enterprises, await factory.WithDbAsync(db => db.Enterprises.CountAsync()));
        Assert.Equal(audits, await factory.WithDbAsync(db => db.AuditEntries.CountAsync()));
        Assert.False(await factory.WithDbAsync(db => db.Enterprises.AnyAsync(e => e.CreditCode == codes[0])));
    }

    [Fact]
    public async Task A_workbook_without_the_required_columns_or_not_a_workbook_is_refused()
    {
        factory.RequireDatabase();
        var office = await factory.SignInAsync(AppFactory.AdminEmail);
        var report = await UploadAsync(office, [new Dictionary<string, object?> { ["名称"] = "缺列公司" }]);
        Assert.Contains("缺少必需的列", report.QuerySelector("[data-testid=import-errors]")!.TextContent);

        var garbage = await UploadBytesAsync(office, "not a zip file at all"u8.ToArray());
        Assert.Contains("无法读取文件", garbage.QuerySelector("[data-testid=import-errors]")!.TextContent);
    }

    internal static Dictionary<string, object?> Row(string code, string name) => new()
    {
        [EnterpriseImport.CreditCode] = code, [EnterpriseImport.NameZh] = name, [EnterpriseImport.NameEn] = "",
        [EnterpriseImport.CustomsCode] = "", [EnterpriseImport.Address] = "奉化区", [EnterpriseImport.LegalRepresentative] = "王总",
        [EnterpriseImport.QualityContact] = "李工", [EnterpriseImport.Phone] = "0574-88880000", [EnterpriseImport.Employees] = 88,
        [EnterpriseImport.Output] = 5000, [EnterpriseImport.Export] = 320.5, [EnterpriseImport.OwnBrand] = 20, [EnterpriseImport.Odm] = 30,
        [EnterpriseImport.Oem] = 50, [EnterpriseImport.Tier] = "认证企业", [EnterpriseImport.Products] = "8412310000:气缸; 8481201000:电磁阀",
        [EnterpriseImport.Markets] = "DE; US; RU", [EnterpriseImport.Cnas] = "否", [EnterpriseImport.CnasNumber] = "", [EnterpriseImport.CnasExpiry] = "",
    };

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> UploadAsync(HttpClient client, IEnumerable<Dictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(rows);
        return await UploadBytesAsync(client, stream.ToArray());
    }

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> UploadBytesAsync(HttpClient client, byte[] bytes)
    {
        var token = await AppFactory.AntiforgeryTokenAsync(client, "/enterprises/import");
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        form.Add(new ByteArrayContent(bytes), "file", "enterprises.xlsx");
        var response = await client.PostAsync("/enterprises/import", form);
        return new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }
}

public sealed class EnterprisesSqliteTests(AppFactory factory) : EnterprisesTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class EnterprisesPostgresTests(PostgresAppFactory factory) : EnterprisesTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;

public sealed class ReferenceDataTests
{
    [Theory]
    [InlineData("8412310000", true)]   // pneumatic cylinders, 10-digit national code
    [InlineData("8412.31", true)]
    [InlineData("848120", true)]       // valves for pneumatic transmissions
    [InlineData("8412", false)]        // a heading is not enough
    [InlineData("841299", false)]      // no such subheading
    [InlineData("84123100001", false)] // 11 digits
    [InlineData("8412-31", false)]
    public void Hs_codes_are_checked_against_hs_2022(string code, bool valid) => Assert.Equal(valid, ReferenceData.IsKnownHsCode(code));

    [Fact]
    public void Countries_have_chinese_and_english_names()
    {
        Assert.Equal("德国", ReferenceData.FindCountry("DE")!.NameZh);
        Assert.Equal("Germany", ReferenceData.FindCountry("de")!.NameEn);
        Assert.Null(ReferenceData.FindCountry("XX"));
        Assert.True(ReferenceData.Countries.Count() > 240);
        // A destination as people type it (the return form's picker): code, Chinese or English name, the picker's own label.
        foreach (var typed in new[] { "de", "德国", "germany", "DE 德国 Germany" }) Assert.Equal("DE", ReferenceData.ParseCountry(typed)?.Code);
        Assert.Null(ReferenceData.ParseCountry("德意志"));
    }

    /// <summary>Issue 21: HS headings and subheadings of the zone's products in Chinese (hs2022-zh.csv), English otherwise.</summary>
    [Fact]
    public void Hs_descriptions_of_the_zones_products_are_in_chinese_and_others_stay_english()
    {
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = new("zh-CN");
            Assert.Equal("气压动力装置：直线作用的（气缸）", ReferenceData.FindHs("8412310000")!.Name);
            Assert.Equal("油压或气压传动阀", ReferenceData.FindHs("8481.20")!.Name);
            Assert.Equal("铜合金制的管子附件", ReferenceData.FindHs("7412201000")!.Name);
            // Every product code the zone's demo and guides name has its Chinese wording; a code outside the list shows English.
            foreach (var code in new[] { "841231", "841239", "841290", "848110", "848120", "848130", "848140", "848180", "848190", "842139", "846711", "846719", "741220", "391732", "391740", "401693" })
                Assert.True(ReferenceData.FindHs(code)!.DescriptionZh is { Length: > 0 }, code);
            Assert.Equal("Horses; live, pure-bred breeding animals", ReferenceData.FindHs("010121")!.Name);
            System.Globalization.CultureInfo.CurrentUICulture = new("en");
            Assert.Equal("Engines; pneumatic power engines and motors, linear acting (cylinders)", ReferenceData.FindHs("841231")!.Name);
        }
        finally { System.Globalization.CultureInfo.CurrentUICulture = previous; }
    }
}

/// <summary>Certificates and brands: validation, the 60-day warning, and files only for the enterprise's readers.</summary>
public sealed class CertificatesTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public void Status_follows_the_end_of_validity_with_a_60_day_warning()
    {
        var today = new DateOnly(2026, 11, 26);
        Assert.Equal(CertificateStatus.Expired, Certificate.StatusOn(today.AddDays(-1), today));
        Assert.Equal(CertificateStatus.Expiring, Certificate.StatusOn(today, today));
        Assert.Equal(CertificateStatus.Expiring, Certificate.StatusOn(today.AddDays(60), today));
        Assert.Equal(CertificateStatus.Valid, Certificate.StatusOn(today.AddDays(61), today));
    }

    [Fact]
    public async Task An_enterprise_files_its_certificate_the_dashboard_warns_and_another_enterprise_cannot_reach_it()
    {
        var mine = await factory.CreateEnterpriseAsync("证书企业甲");
        var other = await factory.CreateEnterpriseAsync("证书企业乙");
        var client = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: mine);
        var page = $"/enterprises/{mine}";

        async Task<HttpResponseMessage> Add(string from, string to, string? file = null)
        {
            var token = await AppFactory.AntiforgeryTokenAsync(client, page);
            using var form = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("iso9001"), "input.Type" },
                { new StringContent("00124Q30001R0M"), "input.Number" }, { new StringContent("中国质量认证中心"), "input.Issuer" },
                { new StringContent(from), "input.ValidFrom" }, { new StringContent(to), "input.ValidTo" },
            };
            if (file is not null) form.Add(new ByteArrayContent(QualityZone.Infrastructure.Demo.DemoSeeder.MinimalPdf("iso 9001")), "scan", file);
            return await client.PostAsync($"{page}?handler=Certificate", form);
        }

        await Add("2026-01-01", "2025-01-01");
        Assert.Contains("有效期截止日期须晚于起始日期", (await AppFactory.GetDocumentAsync(client, page)).QuerySelector(".alert-danger")!.TextContent);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Certificates.CountAsync(c => c.EnterpriseId == mine)));

        var soon = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20).ToString("yyyy-MM-dd");
        Assert.Equal(HttpStatusCode.Redirect, (await Add("2023-12-01", soon, "ISO9001证书.pdf")).StatusCode);
        var certificate = await factory.WithDbAsync(db => db.Certificates.SingleAsync(c => c.EnterpriseId == mine));
        Assert.NotNull(certificate.FileSha256);

        var dashboard = await AppFactory.GetDocumentAsync(client, "/");
        Assert.Contains("00124Q30001R0M", dashboard.QuerySelector("[data-testid=expiring-certificates]")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/enterprises/{mine}/certificates/{certificate.Id}/file", TestContext.Current.CancellationToken)).StatusCode);

        var intruder = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: other);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/enterprises/{mine}/certificates/{certificate.Id}/file", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/api/enterprises/{mine}/certificates", TestContext.Current.CancellationToken)).StatusCode);
        Assert.DoesNotContain("00124Q30001R0M", await intruder.GetStringAsync("/", TestContext.Current.CancellationToken));

        // The office sees the warning for the zone and can filter the register by it.
        var office = await factory.SignInAsync(AppFactory.AdminEmail);
        var list = await AppFactory.GetDocumentAsync(office, "/enterprises?cert=expiring");
        Assert.Contains("证书企业甲", list.QuerySelector("[data-testid=enterprise-list]")!.TextContent);
        Assert.DoesNotContain("证书企业乙", list.QuerySelector("[data-testid=enterprise-list]")!.TextContent);
    }
}
