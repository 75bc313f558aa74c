using QualityZone.Features.Audit;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Portal;
using QualityZone.Infrastructure.Auth;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Portal;

/// <summary>The information portal: feed imports (real files twice), Chinese search, matching and alerts, the TBT response, public and private; on SQLite and PostgreSQL.</summary>
public abstract class PortalTests<TFactory>(TFactory factory) where TFactory : AppFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private async Task<HttpClient> StaffAsync(string role = Roles.AssociationStaff, string? department = "association") =>
        factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(role, department)));

    private static async Task<JsonElement> ImportAsync(HttpClient client, byte[] content, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.PostAsync("/api/notices/import", new ByteArrayContent(content), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, body);
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task The_real_recall_files_import_twice_without_duplicates()
    {
        factory.RequireDatabase();
        var staff = await StaffAsync();
        var seeds = FeedSamples.Read("canon-event-seeds.json");
        var first = await ImportAsync(staff, seeds);
        Assert.Equal(207, first.GetProperty("records").GetInt32());
        var before = await factory.WithDbAsync(db => db.Notices.CountAsync(n => n.Source != NoticeSource.Editorial, Ct));
        var again = await ImportAsync(staff, seeds);
        Assert.Equal((0, 0, 207), (again.GetProperty("created").GetInt32(), again.GetProperty("updated").GetInt32(), again.GetProperty("unchanged").GetInt32()));
        Assert.Equal(before, await factory.WithDbAsync(db => db.Notices.CountAsync(n => n.Source != NoticeSource.Editorial, Ct)));
        // A Safety Gate alert concerns the EU's 27; a real reference reads back as imported.
        var alert = await factory.WithDbAsync(db => db.Notices.SingleAsync(n => n.Source == NoticeSource.SafetyGate && n.Reference == "A12/02381/24", Ct));
        Assert.Equal(("Your fragrance Woman", "Replay", 27), (alert.Title, alert.Brand, alert.MarketList.Count()));
        foreach (var name in FeedSamples.Names.Where(n => n.StartsWith("usagov")))
        {
            var legacy = await ImportAsync(staff, FeedSamples.Read(name));
            Assert.True(legacy.GetProperty("records").GetInt32() > 0);
            Assert.Equal(0, (await ImportAsync(staff, FeedSamples.Read(name))).GetProperty("created").GetInt32());
        }
        Assert.Equal(1, await factory.WithDbAsync(db => db.Notices.CountAsync(n => n.Source == NoticeSource.Cpsc && n.Reference == "13245", Ct)));
    }

    [Fact]
    public async Task A_bad_feed_file_is_refused_whole_and_changes_nothing()
    {
        factory.RequireDatabase();
        var staff = await StaffAsync();
        var before = await factory.WithDbAsync(db => db.Notices.CountAsync(Ct));
        // Not JSON or XML; not UTF-8; a record without its reference; a date that is not one; duplicates in one file.
        Assert.Contains("既不是 JSON 也不是 XML", (await ImportAsync(staff, "recall, 2026"u8.ToArray(), HttpStatusCode.BadRequest)).GetRawText());
        Assert.Contains("UTF-8", (await ImportAsync(staff, [0xC4, 0xE3, 0xBA, 0xC3, 0x7B], HttpStatusCode.BadRequest)).GetRawText());
        var broken = """[{"RecallNumber":"26-900","Title":"Ok","RecallDate":"2026-01-05"},{"RecallNumber":"","Title":"No number"},{"RecallNumber":"26-902","Title":"Bad date","RecallDate":"not a date"}]""";
        var report = await ImportAsync(staff, Encoding.UTF8.GetBytes(broken), HttpStatusCode.BadRequest);
        Assert.Equal(2, report.GetProperty("errors").GetArrayLength());
        var duplicated = """{"items":[{"documentSymbol":"G/TBT/N/KOR/9","title":"a","notifyingMember":"Korea, Republic of"},{"documentSymbol":"G/TBT/N/KOR/9","title":"b"}]}""";
        Assert.Contains("重复", (await ImportAsync(staff, Encoding.UTF8.GetBytes(duplicated), HttpStatusCode.BadRequest)).GetRawText());
        // A file beyond the importer's 100,000 records is refused whole.
        var huge = "[" + string.Join(",", Enumerable.Range(0, NoticeFeeds.MaxRecords + 1).Select(i => $$"""{"RecallNumber":"H-{{i}}","Title":"t","RecallDate":"2026-01-05"}""")) + "]";
        Assert.Contains("100000", (await ImportAsync(staff, Encoding.UTF8.GetBytes(huge), HttpStatusCode.BadRequest)).GetRawText().Replace(",", ""));
        Assert.Equal(before, await factory.WithDbAsync(db => db.Notices.CountAsync(Ct)));
        // Only staff import.
        var company = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: await factory.CreateEnterpriseAsync("奉化导入权限测试有限公司"))));
        Assert.Equal(HttpStatusCode.Forbidden, (await company.PostAsync("/api/notices/import", new ByteArrayContent(Encoding.UTF8.GetBytes(broken)), Ct)).StatusCode);
    }

    [Fact]
    public async Task Each_feed_format_is_read_and_cpsc_updates_by_last_publish_date()
    {
        factory.RequireDatabase();
        var staff = await StaffAsync();
        var unique = Random.Shared.Next(10000, 99999);
        // Safety Gate XML export and OpenDataSoft records (built from domain-facts.md's field list: no raw export is public).
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <alerts><alert><reference>A12/{unique}/26</reference><publicationDate>2026-10-02</publicationDate><notifyingCountry>Germany</notifyingCountry>
            <product><name>Pneumatic impact wrench</name><brand>AirMax</brand><category>Machinery</category><type>IW-1/2</type><barcode>4001234567890</barcode><batch>2026-07</batch></product>
            <riskType>Injuries</riskType><technicalDefect>The trigger can stick in the on position.</technicalDefect><measures>Withdrawal of the product from the market</measures>
            <countryOfOrigin>China</countryOfOrigin><url>https://ec.europa.eu/safety-gate-alerts/screen/webReport/alertDetail/1</url></alert></alerts>
            """;
        Assert.Equal(1, (await ImportAsync(staff, Encoding.UTF8.GetBytes(xml))).GetProperty("created").GetInt32());
        var ods = $$$$"""{"records":[{"record":{"id":"x","fields":{"alert_number":"A12/{{{{unique + 1}}}}/26","alert_date":"2026-10-09","notifying_country":"France","product_name":"Air hose reel","product_brand":"Tuyo","product_category":"Machinery","risk_type":"Injuries","measures":"Recall of the product from end users","country_of_origin":"China"}}}]}""";
        Assert.Equal(1, (await ImportAsync(staff, Encoding.UTF8.GetBytes(ods))).GetProperty("created").GetInt32());
        // The same files again with a byte-order mark and blank lines before them (as Windows tools save them): read, unchanged.
        Assert.Equal(1, (await ImportAsync(staff, [.. Encoding.UTF8.GetPreamble(), .. "\r\n "u8.ToArray(), .. Encoding.UTF8.GetBytes(ods)])).GetProperty("unchanged").GetInt32());
        Assert.Equal(1, (await ImportAsync(staff, [.. Encoding.UTF8.GetPreamble(), .. "\n"u8.ToArray(), .. Encoding.UTF8.GetBytes(xml)])).GetProperty("unchanged").GetInt32());
        var wrench = await factory.WithDbAsync(db => db.Notices.SingleAsync(n => n.Reference == $"A12/{unique}/26", Ct));
        Assert.Equal(("Pneumatic impact wrench", "AirMax", "China", NoticeType.Recall), (wrench.Title, wrench.Brand, wrench.OriginCountry, wrench.Type));

        // CPSC SaferProducts JSON: a later LastPublishDate updates the record, the same one leaves it.
        string Cpsc(string last, string title) => $$"""[{"RecallID":{{unique}},"RecallNumber":"26-{{unique}}","RecallDate":"2026-09-01","LastPublishDate":"{{last}}","Title":"{{title}}","Description":"Air compressor hose can burst.","URL":"https://www.cpsc.gov/Recalls/2026/x","Products":[{"Name":"Air compressor hose","Model":"H-3","Type":"Hoses","NumberOfUnits":"About 1,200"}],"Hazards":[{"Name":"Burst"}],"Remedies":[{"Name":"Refund"}],"Manufacturers":[{"Name":"Ningbo Example Pneumatic Co."}],"ManufacturerCountries":[{"Country":"China"}]}]""";
        Assert.Equal(1, (await ImportAsync(staff, Encoding.UTF8.GetBytes(Cpsc("2026-09-01", "Hose recalled")))).GetProperty("created").GetInt32());
        Assert.Equal(1, (await ImportAsync(staff, Encoding.UTF8.GetBytes(Cpsc("2026-09-01", "Hose recalled")))).GetProperty("unchanged").GetInt32());
        Assert.Equal(1, (await ImportAsync(staff, Encoding.UTF8.GetBytes(Cpsc("2026-09-20", "Hose recalled, units corrected")))).GetProperty("updated").GetInt32());
        Assert.Equal("Hose recalled, units corrected", await factory.WithDbAsync(db => db.Notices.Where(n => n.Reference == $"26-{unique}").Select(n => n.Title).SingleAsync(Ct)));
        // Audited: the creation once, as the import (the row holds what it was created with); the update on the notice,
        // old title beside new, without the search tokens it derives.
        var hoseId = (await factory.WithDbAsync(db => db.Notices.Where(n => n.Reference == $"26-{unique}").Select(n => n.Id).SingleAsync(Ct))).ToString();
        var audits = await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == "Notice" && (a.EntityId == hoseId || a.Changes.Contains($"\"26-{unique}\""))).OrderBy(a => a.Id).ToListAsync(Ct));
        Assert.Equal([(AuditAction.Created, false), (AuditAction.Updated, true)], audits.Select(a => (a.Action, a.EntityId == hoseId)));
        Assert.Contains("\"created\":1", audits[0].Changes);
        Assert.Contains("Hose recalled, units corrected", audits[1].Changes);
        Assert.DoesNotContain("SearchTokens", audits[1].Changes);

        // WTO ePing: an addendum hangs under its notification.
        var eping = $$"""{"items":[{"documentSymbol":"G/TBT/N/USA/{{unique}}","notifyingMember":"United States of America","distributionDate":"2026-09-15","finalDateForComments":"2026-11-14","title":"Energy conservation for compressors","hsCodes":["841440"]},{"documentSymbol":"G/TBT/N/USA/{{unique}}/Add.1","notifyingMember":"United States of America","distributionDate":"2026-10-15","title":"Addendum: comment period extended"}]}""";
        await ImportAsync(staff, Encoding.UTF8.GetBytes(eping));
        var (parent, child) = await factory.WithDbAsync(async db => (await db.Notices.SingleAsync(n => n.Reference == $"G/TBT/N/USA/{unique}", Ct), await db.Notices.SingleAsync(n => n.Reference == $"G/TBT/N/USA/{unique}/Add.1", Ct)));
        Assert.Equal((parent.Id, ";US;", new DateOnly(2026, 11, 14)), (child.ParentId!.Value, parent.Markets, parent.CommentDeadline!.Value));
    }

    [Fact]
    public async Task Chinese_search_without_spaces_and_english_search_find_the_right_notices()
    {
        factory.RequireDatabase();
        var anonymous = factory.CreateClient();
        // The seeded regulations and standards: "机械法规" appears only in the Machinery Regulation's title.
        var machinery = await anonymous.GetFromJsonAsync<JsonElement>("/api/notices?q=机械法规", Ct);
        Assert.Contains(machinery.EnumerateArray(), n => n.GetProperty("reference").GetString() == "(EU) 2023/1230");
        Assert.DoesNotContain(machinery.EnumerateArray(), n => n.GetProperty("reference").GetString() == "ISO 15552");
        var cylinders = (await anonymous.GetFromJsonAsync<JsonElement>("/api/notices?q=迷你气缸", Ct)).EnumerateArray().Select(n => n.GetProperty("reference").GetString()).ToList();
        Assert.Equal(["ISO 6432"], cylinders);
        var english = (await anonymous.GetFromJsonAsync<JsonElement>("/api/notices?q=Machinery Regulation", Ct)).EnumerateArray().Select(n => n.GetProperty("reference").GetString()).ToList();
        Assert.Contains("(EU) 2023/1230", english);
        var byMarket = (await anonymous.GetFromJsonAsync<JsonElement>("/api/notices?market=RU&type=Regulation", Ct)).EnumerateArray().Select(n => n.GetProperty("reference").GetString()).ToList();
        Assert.Contains("TR CU 010/2011", byMarket);
        Assert.DoesNotContain("(EU) 2023/1230", byMarket);
        Assert.Empty((await anonymous.GetFromJsonAsync<JsonElement>("/api/notices?q=不存在的词汇组合", Ct)).EnumerateArray());

        // Found newest first, also when an older notice is imported later; a withdrawn notice leaves the search.
        var word = $"zqx{Random.Shared.Next(100000, 999999)}";
        string Recall(int n, string date) => $$"""{"RecallNumber":"{{word}}-{{n}}","Title":"{{word}} air hose","RecallDate":"{{date}}","LastPublishDate":"{{date}}"}""";
        var staff = await StaffAsync();
        await ImportAsync(staff, Encoding.UTF8.GetBytes($"[{Recall(1, "2025-03-01")},{Recall(2, "2026-01-10")}]"));
        await ImportAsync(staff, Encoding.UTF8.GetBytes($"[{Recall(3, "2024-05-01")},{Recall(4, "2025-08-15")}]"));
        async Task<List<string?>> DatesAsync() => (await anonymous.GetFromJsonAsync<JsonElement>($"/api/notices?q={word}&sort=Newest", Ct)).EnumerateArray().Select(n => n.GetProperty("publishedOn").GetString()).ToList();
        Assert.Equal(["2026-01-10", "2025-08-15", "2025-03-01", "2024-05-01"], await DatesAsync());
        Assert.Equal(["2025-08-15"], (await anonymous.GetFromJsonAsync<JsonElement>($"/api/notices?q={word}&from=2025-06-01&to=2025-12-31", Ct)).EnumerateArray().Select(n => n.GetProperty("publishedOn").GetString()));
        var withdrawn = await factory.WithDbAsync(db => db.Notices.Where(n => n.Reference == $"{word}-2").Select(n => n.Id).SingleAsync(Ct));
        await using (var scope = factory.Services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<NoticeCommands>().MoveAsync(Principal(Roles.AssociationStaff), withdrawn, NoticeStatus.Withdrawn, Ct)).Succeeded);
        Assert.Equal(["2025-08-15", "2025-03-01", "2024-05-01"], await DatesAsync());
        // Re-imported with a new date, a recall moves to its new place.
        await ImportAsync(staff, Encoding.UTF8.GetBytes($"[{Recall(3, "2026-02-01")}]"));
        Assert.Equal(["2026-02-01", "2025-08-15", "2025-03-01"], await DatesAsync());
        // The recalls list leads with what concerns a pneumatics zone: an old pneumatic recall before this week's baby swing (issue 21).
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await ImportAsync(staff, Encoding.UTF8.GetBytes($$"""[{"RecallNumber":"{{word}}-swing","Title":"{{word}} infant swings recalled","RecallDate":"{{today.AddDays(-1):yyyy-MM-dd}}","LastPublishDate":"{{today.AddDays(-1):yyyy-MM-dd}}"},{"RecallNumber":"{{word}}-valve","Title":"{{word}} pneumatic solenoid valves recalled","RecallDate":"2020-01-02","LastPublishDate":"2020-01-02"}]"""));
        Assert.Equal([false, true], await factory.WithDbAsync(db => db.Notices.Where(n => n.Reference == $"{word}-swing" || n.Reference == $"{word}-valve").OrderBy(n => n.Reference).Select(n => n.ConcernsZone).ToListAsync(Ct)));
        var recalls = new List<string?>();
        for (var p = 1; p <= 20 && !(recalls.Contains($"{word}-swing") && recalls.Contains($"{word}-valve")); p++)
            recalls.AddRange((await anonymous.GetFromJsonAsync<JsonElement>($"/api/notices?type=Recall&page={p}", Ct)).EnumerateArray().Select(n => n.GetProperty("reference").GetString()));
        Assert.True(recalls.IndexOf($"{word}-valve") is >= 0 and var valve && valve < recalls.IndexOf($"{word}-swing"), string.Join(",", recalls.Take(10)));
        // The public pages: search page, a notice, the RSS feed.
        var page = await anonymous.GetStringAsync("/portal?q=%E6%9C%BA%E6%A2%B0%E6%B3%95%E8%A7%84", Ct);
        Assert.Contains("2023/1230", page);
        // The page's own feed links answer (an empty type= was refused with 400), unfiltered and filtered.
        foreach (var listing in new[] { "/portal", "/portal?type=Standard" })
        {
            var hrefs = System.Text.RegularExpressions.Regex.Matches(await anonymous.GetStringAsync(listing, Ct), "href=\"(/portal/feed\\.(?:xml|atom)[^\"]*)\"")
                .Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
            Assert.Equal(2, hrefs.Count);
            foreach (var href in hrefs) Assert.True((await anonymous.GetAsync(href, Ct)).IsSuccessStatusCode, href);
        }
        var rss = await anonymous.GetStringAsync("/portal/feed.xml?type=Standard", Ct);
        Assert.Contains("<rss", rss);
        Assert.Contains("ISO 15552", rss);
        var atom = System.Xml.Linq.XDocument.Parse(await anonymous.GetStringAsync("/portal/feed.atom?type=Standard", Ct));
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2005/Atom";
        Assert.Equal(ns + "feed", atom.Root!.Name);
        var entries = atom.Root.Elements(ns + "entry").ToList();
        Assert.Contains(entries, e => e.Element(ns + "title")!.Value.Contains("15552"));
        Assert.All(entries, e => Assert.Equal("Standard", e.Element(ns + "category")!.Attribute("term")!.Value));
    }

    /// <summary>
    /// The search box's examples (电磁阀、机械法规、solenoid valve), the user guide's (电磁阀能效) and the words issue 21 found
    /// nothing for (valve, recall): English inflections, words in any order, Chinese split into words and matched across
    /// languages through the glossary, ranked by relevance unless newest first is asked.
    /// </summary>
    [Fact]
    public async Task The_examples_of_the_search_box_and_the_user_guide_find_what_they_promise()
    {
        factory.RequireDatabase();
        var unique = Random.Shared.Next(100000, 999999);
        var today = Today;
        var eping = $$"""
            {"items":[
              {"documentSymbol":"G/TBT/N/EU/{{unique}}","notifyingMember":"European Union","distributionDate":"{{today.AddDays(-20):yyyy-MM-dd}}","finalDateForComments":"{{today.AddDays(40):yyyy-MM-dd}}",
               "title":"Draft Commission Delegated Regulation on ecodesign requirements for valves for pneumatic transmissions","description":"Sets minimum leakage and energy-efficiency requirements for directional and solenoid valves for pneumatic transmissions placed on the Union market.",
               "products":"Valves for oleohydraulic or pneumatic transmissions","hsCodes":["848120"]},
              {"documentSymbol":"G/TBT/N/EU/{{unique + 1}}","notifyingMember":"European Union","distributionDate":"{{today.AddDays(-2):yyyy-MM-dd}}",
               "title":"Draft Commission Regulation on labelling of household appliances","description":"Information requirements for appliances, among them one with a solenoid valve for water intake, and a long list of other household products, dishwashers, washing machines, dryers and ovens.",
               "products":"Household appliances","hsCodes":["845011"]},
              {"documentSymbol":"G/TBT/N/EU/{{unique + 2}}","notifyingMember":"European Union","distributionDate":"{{today.AddDays(-1):yyyy-MM-dd}}",
               "title":"电磁阀标签要求（草案）","description":"电磁阀产品的标签和使用说明要求。","hsCodes":["848120"]}
            ]}
            """;
        var staff = await StaffAsync();
        await ImportAsync(staff, Encoding.UTF8.GetBytes(eping));
        await ImportAsync(staff, Encoding.UTF8.GetBytes($$"""[{"RecallNumber":"R{{unique}}","Title":"Acme Tools Recalls Pneumatic Nailers Due to Injury Hazard","RecallDate":"{{today.AddDays(-3):yyyy-MM-dd}}","LastPublishDate":"{{today.AddDays(-3):yyyy-MM-dd}}"}]"""));
        var anonymous = factory.CreateClient();
        async Task<List<string?>> FoundAsync(string q, string sort = "") =>
            (await anonymous.GetFromJsonAsync<JsonElement>($"/api/notices?q={Uri.EscapeDataString(q)}{sort}", Ct)).EnumerateArray().Select(n => n.GetProperty("reference").GetString()).ToList();
        var ecodesign = $"G/TBT/N/EU/{unique}";
        var appliances = $"G/TBT/N/EU/{unique + 1}";
        var chineseLabel = $"G/TBT/N/EU/{unique + 2}";

        // Chinese typed without spaces finds the English notification through the glossary, words in any order.
        foreach (var q in new[] { "电磁阀", "电磁阀能效", "能效电磁阀", "电磁阀 能效", "valve", "valves", "solenoid valve", "valve solenoid", "ecodesign pneumatic valves", "气动阀门" })
            Assert.True((await FoundAsync(q)).Contains(ecodesign), q);
        // Every word must occur: the Chinese label draft has 电磁阀 but no 能效; the appliances draft no energy efficiency.
        var efficiency = await FoundAsync("电磁阀能效");
        Assert.DoesNotContain(chineseLabel, efficiency);
        Assert.DoesNotContain(appliances, efficiency);
        Assert.Contains(chineseLabel, await FoundAsync("电磁阀"));
        Assert.Contains(chineseLabel, await FoundAsync("solenoid valve"));
        // "recall" finds "Recalls"; 召回 finds it across the languages; the user's inflection ("recalled") too. Within the
        // recall's day: the shared test database may hold a real CPSC feed whose hundreds of recalls outrank it past a page.
        var recallDay = $"&from={today.AddDays(-3):yyyy-MM-dd}&to={today.AddDays(-3):yyyy-MM-dd}";
        foreach (var q in new[] { "recall", "recalled", "召回", "nailer recall", "pneumatic nailers" })
            Assert.True((await FoundAsync(q, recallDay)).Contains($"R{unique}"), q);
        // The search box's other example.
        Assert.Contains("(EU) 2023/1230", await FoundAsync("机械法规"));
        Assert.Empty(await FoundAsync("不存在的词汇组合"));

        // Relevance first by default: the notice about valves comes before the newer one that names a valve once in a long
        // text; newest first on request puts the newer one before it.
        var byRelevance = await FoundAsync("solenoid valve");
        Assert.True(byRelevance.IndexOf(ecodesign) < byRelevance.IndexOf(appliances), string.Join(", ", byRelevance));
        var byDate = await FoundAsync("solenoid valve", "&sort=Newest");
        Assert.True(byDate.IndexOf(appliances) < byDate.IndexOf(ecodesign), string.Join(", ", byDate));
        // The page offers both orders and keeps the words when switching.
        var page = await anonymous.GetStringAsync("/portal?q=" + Uri.EscapeDataString("电磁阀能效"), Ct);
        Assert.Contains(ecodesign, page);
        Assert.Contains("sort=Newest", page);
    }

    /// <summary>An enterprise registered with one product exported to one market.</summary>
    private async Task<Guid> ExporterAsync(string name, string hs, string country)
    {
        var id = await factory.CreateEnterpriseAsync(name);
        await factory.WithDbAsync(async db =>
        {
            var e = await db.Enterprises.SingleAsync(x => x.Id == id, Ct);
            e.Products.Add(new EnterpriseProduct { EnterpriseId = id, HsCode = hs, Name = "产品" });
            e.Markets.Add(new EnterpriseMarket { EnterpriseId = id, CountryCode = country });
            await db.SaveChangesAsync(Ct);
        });
        return id;
    }

    [Fact]
    public async Task A_feed_larger_than_one_save_is_all_or_nothing_and_each_enterprise_hears_of_its_own_notice()
    {
        // The import saves 1,000 notices at a time and matches them 1,000 at a time (issue 22: memory); the database refusing
        // the last of 2,100 notices must take the first two slices with it, alerts and notifications included.
        factory.RequireDatabase();
        var unique = Random.Shared.Next(10000, 99999);
        var valves = await ExporterAsync($"奉化分批导入阀门测试{unique}有限公司", "8481201000", "DE");
        var cylinders = await ExporterAsync($"奉化分批导入气缸测试{unique}有限公司", "8412310000", "US");
        var (valvesUser, cylindersUser) = (await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: valves), await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: cylinders));
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<NoticeMatcher>().RefreshProfilesAsync(Ct);
        var symbols = Enumerable.Range(0, 2_100).Select(i => $"G/TBT/N/SLICE{unique}/{i}").ToList();
        var items = symbols.Select((symbol, i) => i switch
        {
            0 => new { documentSymbol = symbol, notifyingMember = "European Union", title = $"Valves for pneumatic transmissions {unique}", hsCodes = new[] { "848120" } },
            1_500 => new { documentSymbol = symbol, notifyingMember = "United States of America", title = $"Pneumatic cylinders {unique}", hsCodes = new[] { "841231" } },
            _ => new { documentSymbol = symbol, notifyingMember = "Japan", title = $"Other products {i}", hsCodes = new[] { "999999" } },
        });
        var content = JsonSerializer.SerializeToUtf8Bytes(new { items });
        var counts = () => factory.WithDbAsync(async db => (await db.Notices.CountAsync(Ct), await db.NoticeAlerts.CountAsync(Ct), await db.Notifications.CountAsync(Ct), await db.AuditEntries.CountAsync(Ct)));
        var before = await counts();
        await using (await factory.RefuseInsertAsync("notices", "Reference", symbols[^1]))
        {
            await using var scope = factory.Services.CreateAsyncScope();
            await Assert.ThrowsAnyAsync<Exception>(() => scope.ServiceProvider.GetRequiredService<NoticeCommands>().ImportAsync(Principal(Roles.AssociationStaff), content, Ct));
        }
        Assert.Equal(before, await counts());

        // Accepted whole: every notice, and each enterprise told of its one notice by that notice's title.
        var report = await ImportAsync(await StaffAsync(), content);
        Assert.Equal(2_100, report.GetProperty("created").GetInt32());
        Assert.Equal(2_100, await factory.WithDbAsync(db => db.Notices.CountAsync(n => n.Reference!.StartsWith($"G/TBT/N/SLICE{unique}/"), Ct)));
        async Task<string> TitleOfAsync(string email) => QualityZone.Infrastructure.Localization.Msg.Render(await factory.WithDbAsync(db =>
            db.Notifications.Where(n => n.UserId == db.Users.Single(u => u.Email == email).Id).Select(n => n.Title).SingleAsync(Ct)));
        Assert.Contains($"Valves for pneumatic transmissions {unique}", await TitleOfAsync(valvesUser));
        Assert.Contains($"Pneumatic cylinders {unique}", await TitleOfAsync(cylindersUser));
    }

    [Fact]
    public async Task A_tbt_notification_for_eu_valves_alerts_exactly_the_enterprises_exporting_valves_to_the_eu_and_its_response_is_sent()
    {
        factory.RequireDatabase();
        var valvesToGermany = await ExporterAsync("奉化阀门出口欧盟测试有限公司", "8481201000", "DE");
        var valvesToItaly = await ExporterAsync("奉化电磁阀出口意大利测试有限公司", "8481202000", "IT");
        var cylindersToGermany = await ExporterAsync("奉化气缸出口德国测试有限公司", "8412310000", "DE");
        var valvesToUs = await ExporterAsync("奉化阀门出口美国测试有限公司", "8481201000", "US");
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<NoticeMatcher>().RefreshProfilesAsync(Ct);

        var staff = await StaffAsync();
        var symbol = $"G/TBT/N/EU/{Random.Shared.Next(10000, 99999)}";
        var deadline = Today.AddDays(60);
        var eping = $$"""{"items":[{"documentSymbol":"{{symbol}}","notifyingMember":"European Union","distributionDate":"{{Today:yyyy-MM-dd}}","finalDateForComments":"{{deadline:yyyy-MM-dd}}","title":"Draft Commission Regulation on the energy efficiency of pneumatic valves","description":"Minimum requirements for valves for pneumatic transmissions.","hsCodes":["848120"],"objective":"Protection of the environment"}]}""";
        Assert.True((await ImportAsync(staff, Encoding.UTF8.GetBytes(eping))).GetProperty("alerts").GetInt32() >= 2);
        var notice = await factory.WithDbAsync(db => db.Notices.SingleAsync(n => n.Reference == symbol, Ct));
        var alerted = await factory.WithDbAsync(db => db.NoticeAlerts.Where(a => a.NoticeId == notice.Id).ToListAsync(Ct));
        var mine = new[] { valvesToGermany, valvesToItaly, cylindersToGermany, valvesToUs };
        var got = alerted.Select(a => a.EnterpriseId).Where(mine.Contains).ToHashSet();
        Assert.True(got.SetEquals([valvesToGermany, valvesToItaly]), "alerted: " + string.Join(", ", got));
        Assert.All(alerted.Where(a => mine.Contains(a.EnterpriseId)), a => { Assert.Equal(0.9m, a.Confidence); Assert.Equal(("HS {0} + 市场 {1}", "848120"), (QualityZone.Infrastructure.Localization.Msg.Parse(a.Reason)!.Key, QualityZone.Infrastructure.Localization.Msg.Parse(a.Reason)!.Args[0])); });

        // Subscriptions name real countries and 4–6-digit HS codes; a bad one is refused and the old ones stay.
        await using (var subscriptionScope = factory.Services.CreateAsyncScope())
        {
            var commands = subscriptionScope.ServiceProvider.GetRequiredService<NoticeCommands>();
            Assert.True((await commands.SubscribeAsync(valvesToUs, "MX", "8481", Ct)).Succeeded);
            Assert.Contains("XX", (await commands.SubscribeAsync(valvesToUs, "DE, XX", null, Ct)).Error);
            Assert.False((await commands.SubscribeAsync(valvesToUs, "DE", "84", Ct)).Succeeded);
        }
        Assert.Equal(["H:8481", "M:MX"], await factory.WithDbAsync(db => db.NoticeSubscriptions.Where(s => s.EnterpriseId == valvesToUs).OrderBy(s => s.Kind).Select(s => s.Kind + ":" + s.Code).ToListAsync(Ct)));

        // The enterprise sees and acknowledges its alert; another enterprise sees none of it.
        var company = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: valvesToGermany)));
        var alerts = (await company.GetFromJsonAsync<JsonElement>("/api/notice-alerts", Ct)).GetProperty("items").EnumerateArray().ToList();
        var own = Assert.Single(alerts, a => a.GetProperty("noticeId").GetGuid() == notice.Id);
        Assert.All(alerts, a => Assert.Equal(valvesToGermany, a.GetProperty("enterpriseId").GetGuid()));
        var stranger = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: cylindersToGermany)));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/notice-alerts/{own.GetProperty("id").GetGuid()}/acknowledgement", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await company.PostAsync($"/api/notice-alerts/{own.GetProperty("id").GetGuid()}/acknowledgement", null, Ct)).StatusCode);
        Assert.NotNull(await factory.WithDbAsync(db => db.NoticeAlerts.Where(a => a.Id == own.GetProperty("id").GetGuid()).Select(a => a.AcknowledgedAt).SingleAsync(Ct)));
        // The same on the pages: the alerts page lists the enterprise's alert, another enterprise's page does not show it; the office sees both.
        var ownPage = await AppFactory.GetDocumentAsync(await factory.SignInAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: valvesToItaly)), "/portal/alerts");
        Assert.Contains(notice.Title, ownPage.QuerySelector("main")!.TextContent);
        var strangerPage = await AppFactory.GetDocumentAsync(await factory.SignInAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: cylindersToGermany)), "/portal/alerts");
        Assert.DoesNotContain(notice.Title, strangerPage.QuerySelector("main")!.TextContent);
        Assert.DoesNotContain("奉化电磁阀出口意大利测试有限公司", strangerPage.QuerySelector("main")!.TextContent);

        // The association runs the response: the impact deadline must come before the final date for comments.
        await using var scope2 = factory.Services.CreateAsyncScope();
        var tbt = scope2.ServiceProvider.GetRequiredService<TbtCommands>();
        var association = Principal(Roles.AssociationStaff);
        Assert.False((await tbt.OpenAsync(association, notice.Id, deadline.AddDays(1), Ct)).Result.Succeeded);
        var (opened, caseId) = await tbt.OpenAsync(association, notice.Id, Today.AddDays(20), Ct);
        Assert.True(opened.Succeeded, opened.Error);
        var invited = await factory.WithDbAsync(db => db.TbtCases.Where(c => c.Id == caseId).SelectMany(c => c.Invitations.Select(i => i.EnterpriseId)).ToListAsync(Ct));
        Assert.Contains(valvesToGermany, invited);
        Assert.DoesNotContain(cylindersToGermany, invited);
        // An enterprise not invited neither lists nor opens the case; an invited one does.
        var outsider = await factory.SignInAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: cylindersToGermany));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/portal/tbt/{caseId}", Ct)).StatusCode);
        Assert.DoesNotContain(caseId.ToString()!, await outsider.GetStringAsync("/portal/tbt", Ct));
        var insider = await factory.SignInAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: valvesToGermany));
        Assert.Contains(caseId.ToString()!, await insider.GetStringAsync("/portal/tbt", Ct));
        // An invited enterprise states its impact; one not invited cannot.
        Assert.True((await tbt.StateImpactAsync(Principal(Roles.EnterpriseUser, valvesToGermany), caseId!.Value, new ImpactInput(ImpactLevel.High, "需重新设计阀芯以满足能效要求", 120m), Ct)).Succeeded);
        Assert.False((await tbt.StateImpactAsync(Principal(Roles.EnterpriseUser, cylindersToGermany), caseId.Value, new ImpactInput(ImpactLevel.Low, "x", null), Ct)).Succeeded);
        // Past the deadline, statements are refused.
        await factory.WithDbAsync(async db => { var c = await db.TbtCases.SingleAsync(x => x.Id == caseId, Ct); c.ImpactDeadline = Today.AddDays(-1); await db.SaveChangesAsync(Ct); });
        await using var later = factory.Services.CreateAsyncScope();
        var late = await later.ServiceProvider.GetRequiredService<TbtCommands>().StateImpactAsync(Principal(Roles.EnterpriseUser, valvesToItaly), caseId.Value, new ImpactInput(ImpactLevel.Medium, "晚到", null), Ct);
        Assert.Contains("截止", late.Error);
        Assert.False((await tbt.SendAsync(caseId.Value, Today, "WTO/TBT 咨询点", Ct)).Succeeded);
        Assert.True((await tbt.ConsolidateAsync(caseId.Value, "建议延长过渡期至 36 个月，并接受 ISO 6358 测试结果。", Ct)).Succeeded);
        Assert.False((await tbt.SendAsync(caseId.Value, deadline.AddDays(1), "WTO/TBT 咨询点", Ct)).Succeeded);
        Assert.True((await tbt.SendAsync(caseId.Value, Today, "中国 WTO/TBT 国家通报咨询中心", Ct)).Succeeded);
        Assert.True((await tbt.CloseAsync(caseId.Value, "欧方采纳延长过渡期建议", Ct)).Succeeded);
        var document = await tbt.CommentDocumentAsync(caseId.Value, Ct);
        await LibreOffice.AssertOpensAsync(document!, ".docx");
        Assert.Equal(TbtCaseState.Closed, await factory.WithDbAsync(db => db.TbtCases.Where(c => c.Id == caseId).Select(c => c.State).SingleAsync(Ct)));
    }

    private static System.Security.Claims.ClaimsPrincipal Principal(string role, Guid? enterprise = null)
    {
        var claims = new List<System.Security.Claims.Claim> { new(System.Security.Claims.ClaimTypes.Role, role), new(AppClaims.DisplayName, "测试") };
        if (enterprise is { } e) claims.Add(new(AppClaims.EnterpriseId, e.ToString()));
        return new(new System.Security.Claims.ClaimsIdentity(claims, "test"));
    }

    /// <summary>A feed server on the loopback: serves what the test puts in <c>Bodies</c> by path and remembers what it was asked.</summary>
    private sealed class FeedServer : IDisposable
    {
        private readonly System.Net.HttpListener listener = new();
        public string Root { get; }
        public System.Collections.Concurrent.ConcurrentDictionary<string, string> Bodies { get; } = new();
        public System.Collections.Concurrent.ConcurrentQueue<string> Requested { get; } = new();

        public FeedServer()
        {
            var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Root = $"http://127.0.0.1:{port}/";
            listener.Prefixes.Add(Root);
            listener.Start();
            _ = Task.Run(async () =>
            {
                while (listener.IsListening)
                {
                    System.Net.HttpListenerContext context;
                    try { context = await listener.GetContextAsync(); } catch (Exception) { return; }
                    Requested.Enqueue(context.Request.Url!.PathAndQuery);
                    if (Bodies.TryGetValue(context.Request.Url.AbsolutePath, out var body))
                    {
                        var bytes = Encoding.UTF8.GetBytes(body);
                        context.Response.ContentType = "application/json";
                        await context.Response.OutputStream.WriteAsync(bytes);
                    }
                    else context.Response.StatusCode = 404;
                    context.Response.Close();
                }
            });
        }

        public void Dispose() => listener.Close();
    }

    [Fact]
    public async Task A_feed_source_is_fetched_by_address_and_cpsc_loads_incrementally_by_last_publish_date()
    {
        factory.RequireDatabase();
        var staff = await StaffAsync();
        var unique = Random.Shared.Next(10000, 99999);
        using var server = new FeedServer();
        string Cpsc(string last, string title) => $$"""[{"RecallID":{{unique}},"RecallNumber":"27-{{unique}}","RecallDate":"2026-11-01","LastPublishDate":"{{last}}","Title":"{{title}}","Description":"Air hose can burst.","Products":[{"Name":"Air hose","Model":"AH-{{unique}}","Type":"Hoses"}],"Hazards":[{"Name":"Burst"}],"Remedies":[{"Name":"Refund"}]}]""";
        server.Bodies["/RestWebServices/Recall"] = Cpsc("2026-11-02", "Air hoses recalled");
        server.Bodies["/broken"] = "recall, 2026";

        // Bad sources are refused and nothing is saved.
        var before = await factory.WithDbAsync(db => db.NoticeFeedSources.CountAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PostAsJsonAsync("/api/notice-feeds", new { name = "ftp", url = "ftp://example.org/x", intervalHours = 24, enabled = true }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PostAsJsonAsync("/api/notice-feeds", new { name = "zero", url = server.Root + "x", intervalHours = 0, enabled = true }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PostAsJsonAsync("/api/notice-feeds", new { name = " ", url = server.Root + "x", intervalHours = 24, enabled = true }, Ct)).StatusCode);
        Assert.Equal(before, await factory.WithDbAsync(db => db.NoticeFeedSources.CountAsync(Ct)));

        async Task<Guid> AddAsync(string name, string url, bool incremental)
        {
            var response = await staff.PostAsJsonAsync("/api/notice-feeds", new { name, url, incrementalByLastPublishDate = incremental, intervalHours = 6, enabled = true }, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
            return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        }
        var cpsc = await AddAsync($"CPSC {unique}", server.Root + "RestWebServices/Recall?format=json", incremental: true);
        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostAsJsonAsync("/api/notice-feeds", new { name = $"CPSC {unique}", url = server.Root, intervalHours = 6, enabled = true }, Ct)).StatusCode);

        async Task<(JsonElement Source, JsonElement Report)> FetchAsync(Guid id)
        {
            var response = await staff.PostAsync($"/api/notice-feeds/{id}/fetch", null, Ct);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            return (body.GetProperty("source"), body.GetProperty("report"));
        }
        Task<DateOnly?> LatestAsync() => factory.WithDbAsync(db => db.Notices.Where(n => n.Source == NoticeSource.Cpsc).MaxAsync(n => n.LastPublishDate, Ct));
        string Expected(DateOnly? latest) => "/RestWebServices/Recall?format=json" + (latest is { } d ? $"&LastPublishDateStart={d:yyyy-MM-dd}" : "");

        // First fetch: asks from the latest LastPublishDate already imported (if any), creates the recall.
        var expected = Expected(await LatestAsync());
        var (source, report) = await FetchAsync(cpsc);
        Assert.Equal(expected, server.Requested.Last());
        Assert.Equal((1, true), (report.GetProperty("created").GetInt32(), source.GetProperty("lastSucceeded").GetBoolean()));
        // Second fetch: the cursor moved to the record just imported; CPSC republished it with a correction, so it updates.
        Assert.True(await LatestAsync() >= new DateOnly(2026, 11, 2));
        expected = Expected(await LatestAsync());
        server.Bodies["/RestWebServices/Recall"] = Cpsc("2026-11-05", "Air hoses recalled, more units");
        (_, report) = await FetchAsync(cpsc);
        Assert.Equal(expected, server.Requested.Last());
        Assert.Equal((0, 1), (report.GetProperty("created").GetInt32(), report.GetProperty("updated").GetInt32()));
        Assert.Equal("Air hoses recalled, more units", await factory.WithDbAsync(db => db.Notices.Where(n => n.Reference == $"27-{unique}").Select(n => n.Title).SingleAsync(Ct)));

        // A source answering garbage or 404 fails with the reason kept; no notice changes.
        var notices = await factory.WithDbAsync(db => db.Notices.CountAsync(Ct));
        var (broken, _) = await FetchAsync(await AddAsync($"Broken {unique}", server.Root + "broken", incremental: false));
        Assert.False(broken.GetProperty("lastSucceeded").GetBoolean());
        Assert.Contains("既不是 JSON 也不是 XML", broken.GetProperty("lastMessage").GetString());
        var missingId = await AddAsync($"Missing {unique}", server.Root + "missing", incremental: false);
        var (missing, _) = await FetchAsync(missingId);
        Assert.Contains("HTTP 404", missing.GetProperty("lastMessage").GetString());
        Assert.Contains("数据源返回", missing.GetProperty("lastMessage").GetString());
        // The outcome is kept as a message: an English reader reads it in English.
        var english = (await staff.GetFromJsonAsync<JsonElement>("/api/notice-feeds?culture=en", Ct)).EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == missingId);
        Assert.Equal("The feed source answered HTTP 404", english.GetProperty("lastMessage").GetString());
        // The editors hear once that a source started failing, not at every failed run.
        Task<int> FailureNotices() => factory.WithDbAsync(db => db.Notifications.CountAsync(n => n.Title.Contains($"Missing {unique}"), Ct));
        var told = await FailureNotices();
        Assert.True(told > 0);
        await FetchAsync(missingId);
        Assert.Equal(told, await FailureNotices());
        Assert.Equal(notices, await factory.WithDbAsync(db => db.Notices.CountAsync(Ct)));

        // The page lists them with their outcome; enterprises reach neither page nor API.
        var web = await factory.SignInAsNewUserAsync(Roles.AssociationStaff, "association");
        var page = await AppFactory.GetDocumentAsync(web, "/portal/feeds");
        Assert.Contains($"Missing {unique}", page.QuerySelector("[data-testid=feed-sources]")!.TextContent);
        // The page's form: an unticked box switches the source off; "fetch now" runs it and shows the report.
        var saved = await AppFactory.PostFormAsync(web, "/portal/feeds", new() { ["Name"] = $"Form {unique}", ["Address"] = server.Root + "RestWebServices/Recall", ["IntervalHours"] = "12", ["Enabled"] = "false", ["Incremental"] = "false" }, handler: "Save");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var formSource = await factory.WithDbAsync(db => db.NoticeFeedSources.SingleAsync(f => f.Name == $"Form {unique}", Ct));
        Assert.Equal((false, false, 12), (formSource.Enabled, formSource.IncrementalByLastPublishDate, formSource.IntervalHours));
        var fetchedPage = await AppFactory.PostFormAsync(web, "/portal/feeds", [], handler: $"Fetch&id={formSource.Id}");
        Assert.Contains("fetch-report", await fetchedPage.Content.ReadAsStringAsync(Ct));
        var company = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: await factory.CreateEnterpriseAsync($"奉化数据源权限测试{unique}"))));
        Assert.Equal(HttpStatusCode.Forbidden, (await company.GetAsync("/api/notice-feeds", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await company.PostAsync($"/api/notice-feeds/{cpsc}/fetch", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task The_editor_and_the_participation_register_refuse_bad_input_and_save_nothing()
    {
        factory.RequireDatabase();
        var editor = await factory.SignInAsNewUserAsync(Roles.AssociationStaff, "association");
        var title = $"编辑校验测试 {Guid.NewGuid():N}"[..20];
        async Task<string?> SaveAsync(Dictionary<string, string> extra)
        {
            var fields = new Dictionary<string, string> { ["Type"] = "Regulation", ["Title"] = title };
            foreach (var (k, v) in extra) fields[k] = v;
            var response = await AppFactory.PostFormAsync(editor, "/portal/manage/edit", fields);
            if (response.StatusCode == HttpStatusCode.Redirect) return null;
            var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(Ct));
            return page.QuerySelector("[data-testid=form-error]")?.TextContent;
        }
        // Valid until before applies-from; comment deadline before publication; an unknown market; a two-digit HS code; an overlong brand.
        Assert.Contains("有效期", await SaveAsync(new() { ["AppliesFrom"] = "2027-01-20", ["ValidUntil"] = "2026-12-31" }));
        Assert.Contains("评议截止", await SaveAsync(new() { ["PublishedOn"] = "2026-10-01", ["CommentDeadline"] = "2026-09-01" }));
        Assert.Contains("XX", await SaveAsync(new() { ["Markets"] = "DE, XX" }));
        Assert.Contains("84", await SaveAsync(new() { ["HsCodes"] = "84" }));
        Assert.Contains("200", await SaveAsync(new() { ["Brand"] = new string('B', 201) }));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Notices.CountAsync(n => n.Title == title, Ct)));
        Assert.Null(await SaveAsync(new() { ["Markets"] = "EU", ["AppliesFrom"] = "2027-01-20", ["Brand"] = "Example", ["ProductModel"] = "SC-1" }));
        var saved = await factory.WithDbAsync(db => db.Notices.SingleAsync(n => n.Title == title, Ct));
        Assert.Equal((27, "Example", "SC-1", NoticeStatus.Draft), (saved.MarketList.Count(), saved.Brand, saved.Model, saved.Status));

        // The participation register: every field is checked, nothing half saved.
        var association = await factory.SignInAsNewUserAsync(Roles.AssociationStaff, "association");
        var enterprise = await factory.CreateEnterpriseAsync($"奉化标准参与测试{Guid.NewGuid():N}"[..16]);
        var number = $"T/FH {Random.Shared.Next(1000, 9999)}";
        async Task<HttpStatusCode> RecordAsync(Dictionary<string, string> fields) => (await AppFactory.PostFormAsync(association, "/portal/participation", fields)).StatusCode;
        var good = new Dictionary<string, string> { ["Enterprise"] = enterprise.ToString(), ["StandardNumber"] = number, ["Title"] = "气动 电磁阀 团体标准", ["Level"] = "团体标准", ["Role"] = "主持起草", ["Year"] = "2026" };
        Assert.Equal(HttpStatusCode.OK, await RecordAsync(new(good) { ["Enterprise"] = Guid.NewGuid().ToString() }));
        Assert.Equal(HttpStatusCode.OK, await RecordAsync(new(good) { ["StandardNumber"] = new string('9', 101) }));
        Assert.Equal(HttpStatusCode.OK, await RecordAsync(new(good) { ["Level"] = "企业标准" }));
        Assert.Equal(HttpStatusCode.OK, await RecordAsync(new(good) { ["Year"] = "1800" }));
        Assert.Equal(0, await factory.WithDbAsync(db => db.StandardParticipations.CountAsync(p => p.EnterpriseId == enterprise, Ct)));
        Assert.Equal(HttpStatusCode.Redirect, await RecordAsync(good));
        Assert.Equal(number, await factory.WithDbAsync(db => db.StandardParticipations.Where(p => p.EnterpriseId == enterprise).Select(p => p.StandardNumber).SingleAsync(Ct)));
        // An enterprise cannot record.
        var company = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise);
        Assert.Contains("/account/access-denied", (await company.GetAsync("/portal/participation", Ct)).Headers.Location?.ToString());
        Assert.Contains("/account/access-denied", (await company.GetAsync("/portal/feeds", Ct)).Headers.Location?.ToString());
    }

    [Fact]
    public async Task Drafts_are_sanitized_reviewed_published_and_private_things_stay_private()
    {
        factory.RequireDatabase();
        var editor = await factory.SignInAsNewUserAsync(Roles.AssociationStaff, "association");
        var title = $"出口欧盟气缸 CE 合规指南 {Guid.NewGuid():N}"[..24];
        var fields = new Dictionary<string, string>
        {
            ["Type"] = "Guidance", ["Title"] = title, ["Summary"] = "机械法规下的气缸合规要点", ["Markets"] = "EU", ["HsCodes"] = "8412.31",
            ["BodyHtml"] = "<p>要点</p><script>alert('x')</script><a href=\"javascript:alert(1)\" onclick=\"steal()\">链接</a><img src=x onerror=alert(1)>",
        };
        using var form = new MultipartFormDataContent { { new StringContent(await AppFactory.AntiforgeryTokenAsync(editor, "/portal/manage/edit")), "__RequestVerificationToken" } };
        foreach (var (key, value) in fields) form.Add(new StringContent(value), key);
        form.Add(new ByteArrayContent(QualityZone.Infrastructure.Demo.DemoSeeder.MinimalPdf("guidance")), "Attachments", "合规指南.pdf");
        var saved = await editor.PostAsync("/portal/manage/edit", form, Ct);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var attachment = await factory.WithDbAsync(db => db.NoticeAttachments.SingleAsync(a => a.FileName == "合规指南.pdf" && db.Notices.Any(n => n.Id == a.NoticeId && n.Title == title), Ct));
        var notice = await factory.WithDbAsync(db => db.Notices.SingleAsync(n => n.Title == title, Ct));
        Assert.DoesNotContain("script", notice.BodyHtml);
        Assert.DoesNotContain("onclick", notice.BodyHtml);
        Assert.DoesNotContain("onerror", notice.BodyHtml);
        Assert.DoesNotContain("javascript:", notice.BodyHtml);
        Assert.Equal(27, notice.MarketList.Count());

        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/portal/notices/{notice.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/portal/attachments/{attachment.Id}", Ct)).StatusCode);
        // Draft → review → published: publishing straight from draft is refused.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var commands = scope.ServiceProvider.GetRequiredService<NoticeCommands>();
            var user = Principal(Roles.AssociationStaff);
            Assert.False((await commands.MoveAsync(user, notice.Id, NoticeStatus.Published, Ct)).Succeeded);
            Assert.True((await commands.MoveAsync(user, notice.Id, NoticeStatus.InReview, Ct)).Succeeded);
            Assert.True((await commands.MoveAsync(user, notice.Id, NoticeStatus.Published, Ct)).Succeeded);
        }
        var page = await anonymous.GetStringAsync($"/portal/notices/{notice.Id}", Ct);
        Assert.Contains(title, page);
        Assert.Contains("<title>" + title, page);
        Assert.Contains("合规指南.pdf", page);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/portal/attachments/{attachment.Id}", Ct)).StatusCode);
        Assert.DoesNotContain("onerror", page);
        Assert.Contains(title, await anonymous.GetStringAsync("/portal?q=%E5%90%88%E8%A7%84%E6%8C%87%E5%8D%97", Ct));
        // Anonymous visitors reach nothing private: alerts, the editorial list, imports, TBT cases.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/notice-alerts", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/notices/import", new ByteArrayContent("[]"u8.ToArray()), Ct)).StatusCode);
        foreach (var path in new[] { "/portal/manage", "/portal/alerts", "/portal/tbt" })
            Assert.Contains("/account/login", (await anonymous.GetAsync(path, Ct)).Headers.Location?.ToString() ?? "");
    }
}

public sealed class PortalSqliteTests(AppFactory factory) : PortalTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class PortalPostgresTests(PostgresAppFactory factory) : PortalTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
