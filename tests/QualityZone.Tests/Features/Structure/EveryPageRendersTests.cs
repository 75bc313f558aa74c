using System.Net;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Infrastructure.Auth;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Structure;

/// <summary>
/// Signs in as each role of the demo zone and requests every GET page and every GET API operation
/// that role may use (read from the endpoint data source and the permission declarations), with
/// route values taken from the demo data the role can see. None may answer 5xx or end on the error
/// page; a page of a record the role can see must not answer 404 either.
/// </summary>
[Collection(DemoZoneCollection.Name)]
public sealed class EveryPageRendersTests(DemoZoneFactory factory)
{
    private readonly DemoRoutes routes = new(factory);

    public static TheoryData<string, string> RolesAndCultures()
    {
        var data = new TheoryData<string, string>();
        foreach (var account in new[] { "office@demo.qz", "ciq@demo.qz", "economy@demo.qz", "association@demo.qz", "testing@demo.qz", "enterprise1@demo.qz", "public" })
            foreach (var culture in new[] { "zh-CN", "en" })
                data.Add(account, culture);
        return data;
    }

    [Theory]
    [MemberData(nameof(RolesAndCultures))]
    public async Task Every_GET_page_and_API_operation_the_role_may_use_renders(string account, string culture)
    {
        var ct = TestContext.Current.CancellationToken;
        var (role, enterpriseId, client) = account == "public"
            ? (Roles.Public, (Guid?)null, factory.CreateClient(new() { AllowAutoRedirect = false }))
            : await SignInAsync(account);
        (await client.GetAsync($"/culture/{culture}", ct)).EnsureSuccessOrRedirect();

        var failures = new List<string>();
        var entered = culture == "en" ? await EnteredWordsAsync(ct) : "";
        // Code-list codes (advanced-certified, iso9001…) are shown by their names, except as codes (<code>) on the lists' own page.
        var codes = (await factory.WithDbAsync(db => db.CodeListItems.Select(i => i.Code).ToListAsync(ct))).Where(c => c.Length >= 5 && !c.All(char.IsAsciiLetterUpper)).ToHashSet(StringComparer.Ordinal);
        var wrongLanguage = new SortedSet<string>(StringComparer.Ordinal);
        var requested = 0;
        // Every link a page shows, one concrete URL per shape (ids and numbers folded), with the page it was found on.
        var links = new Dictionary<string, (string Url, string FoundOn)>();
        foreach (var pattern in GetPatternsFor(role))
        {
            var urls = await routes.ConcreteUrlsAsync(pattern, enterpriseId);
            if (urls is null)
            {
                // Staff of the zone office see every record: each pattern must be reachable for them.
                if (role == Roles.ZoneAdmin) failures.Add($"{pattern}: no demo record to fill its route values");
                continue;
            }
            foreach (var url in urls)
            {
                using var response = await client.GetAsync(url, ct);
                requested++;
                var location = response.Headers.Location?.OriginalString ?? "";
                var body = (int)response.StatusCode >= 400 ? await response.Content.ReadAsStringAsync(ct) : "";
                if (response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == "text/html")
                {
                    var html = await response.Content.ReadAsStringAsync(ct);
                    foreach (var link in LinksOf(html))
                        links.TryAdd(Shape(link), (link, url));
                    foreach (var text in WrongLanguage(html, culture, entered, codes))
                        wrongLanguage.Add($"{text} (on {url})");
                }
                if ((int)response.StatusCode >= 500 || location.StartsWith("/error", StringComparison.Ordinal))
                    failures.Add($"GET {url}: {(int)response.StatusCode} {location} {Shorten(body)}");
                else if (response.StatusCode == HttpStatusCode.NotFound && url != pattern && !IsProbe(url))
                    failures.Add($"GET {url}: 404 for a record the role can see {Shorten(body)}");
            }
        }
        // Issue 21: no role is shown a link it cannot follow (403, a sign-in page for a signed-in user, 404, an error).
        foreach (var (link, foundOn) in links.Values)
        {
            using var response = await client.GetAsync(link, ct);
            var location = response.Headers.Location?.OriginalString ?? "";
            var refused = response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound || (int)response.StatusCode >= 500
                || location.StartsWith("/account/access-denied", StringComparison.Ordinal) || location.StartsWith("/error", StringComparison.Ordinal)
                || (role != Roles.Public && location.StartsWith("/account/login", StringComparison.Ordinal));
            if (refused && !IsProbe(link)) failures.Add($"link {link} on {foundOn}: {(int)response.StatusCode} {location}");
        }
        failures.AddRange(wrongLanguage.Take(40).Select(w => "wrong language: " + w));
        Assert.True(failures.Count == 0, $"{account} ({culture}), {requested} requests, {links.Count} links:{Environment.NewLine}" + string.Join(Environment.NewLine, failures));
        Assert.True(requested > (role == Roles.Public ? 5 : 20), $"only {requested} requests for {account}");
        Assert.True(links.Count > (role == Roles.Public ? 5 : 20), $"only {links.Count} links followed for {account}");
    }

    /// <summary>
    /// Issue 21: text in the other language. In English, a text of the page that is a Chinese UI string with an English
    /// translation (so it was shown without being translated; names and free text people entered are never such keys). In
    /// Chinese, a text that is a raw code: the name of one of the platform's enum values (e.g. PendingVerification) or a
    /// .NET type name, shown instead of its label.
    /// </summary>
    private static IEnumerable<string> WrongLanguage(string html, string culture, string entered, HashSet<string> codes)
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        var walker = document.CreateTreeWalker(document.Body!, AngleSharp.Dom.FilterSettings.Text);
        for (var node = walker.ToNext(); node is not null; node = walker.ToNext())
        {
            var text = node.TextContent.Trim();
            // A datalist is a searchable picker that offers both names on purpose (a country as 德国 or Germany, issue 21 item 8).
            if (text.Length == 0 || node.ParentElement is not { } parent || parent.Closest("script, style, datalist") is not null) continue;
            // Text marked as being in another language (the language switch, an English name beside a Chinese one) is meant so.
            if (parent.Closest("[lang]")?.GetAttribute("lang") is { } lang && !lang.StartsWith(culture[..2], StringComparison.Ordinal)) continue;
            if (culture == "en" && QualityZone.Infrastructure.Localization.Text.EnglishTranslations.ContainsKey(text) && !DemoDataWords.Contains(text)) yield return text;
            // Chinese that is not in any record of the database: a UI string shown untranslated, or one formatted around a value.
            else if (culture == "en" && ChineseRuns(text).FirstOrDefault(run => !entered.Contains(run, StringComparison.Ordinal) && !FileWords.Contains(run)) is { } stray) yield return $"{stray} in {text}";
            // A label followed by Chinese punctuation (L["供应商"]："…" reads "Supplier：" in English), or full-width parentheses
            // in a text without Chinese (an aside around a date or a count: "today（2026-12-06）"; Chinese text people entered
            // keeps its own): Text.Colon and Text.Aside say them in both languages.
            if (culture == "en" && (System.Text.RegularExpressions.Regex.IsMatch(text, @"[A-Za-z][：；]")
                || text.AsSpan().IndexOfAny('（', '）') >= 0 && !System.Text.RegularExpressions.Regex.IsMatch(text, @"\p{IsCJKUnifiedIdeographs}")))
                yield return $"Chinese punctuation beside English in {text}";
            if (culture == "zh-CN" && (EnumNames.Contains(text) || text.Contains('`'))) yield return text;
            if (codes.Contains(text) && parent.Closest("code") is null) yield return $"code-list code {text}";
        }
    }

    /// <summary>Runs of Chinese characters in a text (ideographs, with the full-width punctuation between them).</summary>
    private static IEnumerable<string> ChineseRuns(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\p{IsCJKUnifiedIdeographs}[\p{IsCJKUnifiedIdeographs}\p{IsCJKSymbolsandPunctuation}\uFF01-\uFF5E]*").Select(m => m.Value.TrimEnd('，', '。', '、', '：', '；', '）', '（'));

    /// <summary>
    /// Every run of Chinese in the records of the demo zone's database (names, notes, descriptions, notices, documents'
    /// titles), one per line: what people entered or imported, which an English page shows as it is.
    /// </summary>
    private async Task<string> EnteredWordsAsync(CancellationToken ct) => await factory.WithDbAsync(async db =>
    {
        var runs = new HashSet<string>(StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null && !e.IsOwned()))
            foreach (var column in entity.GetProperties().Where(p => p.ClrType == typeof(string)).Select(p => p.GetColumnName()).Distinct())
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT DISTINCT \"{column}\" FROM \"{entity.GetTableName()}\" WHERE \"{column}\" IS NOT NULL";
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var value = reader.GetString(0);
                    // JSON columns (survey options and answers) keep non-ASCII text escaped.
                    if (value.Contains("\\u", StringComparison.Ordinal))
                        try { value = System.Text.RegularExpressions.Regex.Unescape(value); } catch (ArgumentException) { }
                    foreach (var run in ChineseRuns(value)) runs.Add(run);
                }
            }
        return string.Join('\n', runs);
    });

    /// <summary>
    /// Words people entered in the demo zone that happen to be UI strings too: a product named 电磁阀, the policy issuer, the
    /// office's checklist and its sections, the reasons it chose enterprises for an inspection, the survey's own columns and
    /// answers, a test conclusion, a signer's title. They are data and stay as entered.
    /// </summary>
    // <data>
    private static readonly HashSet<string> DemoDataWords =
    [
        "电磁阀", "奉化区人民政府", "出口气动元件质量安全联合检查表", "质量档案", "覆盖质量控制体系、质量追溯体系、质量档案三方面（建设任务第 12 项）",
        "出口方式", "是", "否", "所检项目符合标准要求。", "法定代表人", "建设办管理员", "建设办",
    ];
    // </data>

    /// <summary>
    /// The Chinese of the import files, which an English hint names as the file has it: the customs declaration's columns
    /// (as the single window exports them), the archive template's sheets and its yes, the incoming inspection's results.
    /// </summary>
    private static readonly HashSet<string> FileWords =
    [
        .. QualityZone.Features.ExportArchives.CustomsDeclarationImport.Columns,
        // <data>
        "出口明细", "通报召回退运", "本月无出口", "是", "自主品牌", "合格", "不合格", "让步接收", "待检",
        // </data>
    ];

    /// <summary>The names of the platform's own enum values of five letters or more (Pass, OEM… are words of data too; Excel is the button that exports it).</summary>
    private static readonly HashSet<string> EnumNames = typeof(QualityZone.Infrastructure.Data.AppDbContext).Assembly.GetTypes()
        .Where(t => t.IsEnum && t.Namespace?.StartsWith("QualityZone.Features", StringComparison.Ordinal) == true)
        .SelectMany(Enum.GetNames).Where(n => n.Length >= 5 && n != "Excel").ToHashSet(StringComparer.Ordinal);

    /// <summary>The platform's own links on a page (not assets, not sign-out or the language switch, not fragments).</summary>
    private static IEnumerable<string> LinksOf(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, "<a [^>]*href=\"(/[^\"#]*)[\"#]")
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
            .Where(href => !href.StartsWith("//", StringComparison.Ordinal) && href.Length > 1 && !href.StartsWith("/account/logout", StringComparison.Ordinal)
                && !href.StartsWith("/culture/", StringComparison.Ordinal) && !href.StartsWith("/lib/", StringComparison.Ordinal));

    /// <summary>A link's shape: ids and numbers in the path folded, query values dropped (one concrete link per shape is followed).</summary>
    private static string Shape(string link)
    {
        var (path, query) = link.IndexOf('?') is var q and >= 0 ? (link[..q], link[(q + 1)..]) : (link, "");
        path = System.Text.RegularExpressions.Regex.Replace(path, "/[0-9a-fA-F-]{36}|/\\d+", "/#");
        var keys = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')[0]).Order();
        return path + "?" + string.Join('&', keys);
    }

    private static string Shorten(string body) => body.Length > 300 ? body[..300] : body;

    private static bool IsProbe(string url) => url.Contains("00000000-0000-0000-0000-000000000000", StringComparison.Ordinal);

    private async Task<(string Role, Guid? EnterpriseId, HttpClient Client)> SignInAsync(string email)
    {
        var user = await factory.WithDbAsync(db => db.Users.AsNoTracking().Where(u => u.Email == email)
            .Select(u => new { u.Id, u.EnterpriseId }).SingleAsync());
        var role = await factory.WithDbAsync(db => (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name!).SingleAsync());
        return (role, user.EnterpriseId, await factory.SignInAsync(email));
    }

    /// <summary>GET routes (pages and API) whose permission the role holds.</summary>
    private IEnumerable<string> GetPatternsFor(string role)
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        foreach (var endpoint in endpoints)
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            var isPage = endpoint.Metadata.GetMetadata<CompiledPageActionDescriptor>() is not null || endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null;
            if (!isPage && (methods is null || !methods.Contains("GET"))) continue;
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            // Signing out ends the session the rest of the walk needs; the language switch is used above.
            if (pattern is "/account/logout" or "/culture/{culture}") continue;
            var permission = PermissionCatalog.Get(endpoint.Metadata.GetMetadata<RequirePermissionAttribute>()!.Permission);
            if (permission.IsPublic || permission.IsGrantedTo(role)) yield return pattern;
        }
    }
}

internal static class ResponseChecks
{
    public static void EnsureSuccessOrRedirect(this HttpResponseMessage response)
    {
        if ((int)response.StatusCode >= 400) throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode}");
    }
}
