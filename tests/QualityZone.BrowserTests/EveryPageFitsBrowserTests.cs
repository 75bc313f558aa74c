using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.BrowserTests;

/// <summary>
/// Issue 21: no page of any role scrolls sideways. Each role's pages are found the way its users find them, by following
/// the links from its desk (one page per shape of link: ids folded, query values dropped), and every page is laid out
/// on a phone (390 px, in Chinese) and on a tablet (768 px, in English). Wide tables scroll inside their own box; the
/// page itself never does. A failure names the page and the elements that stick out. No page shows an empty alert box.
/// </summary>
public sealed partial class EveryPageFitsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>Enough for the office's every page (about 240 shapes); a crawl that finds more is cut here and says so.</summary>
    private const int MaxPages = 400;

    public static TheoryData<string> Accounts() => ["office", "ciq", "association", "testing", "enterprise"];

    [Theory]
    [MemberData(nameof(Accounts))]
    public async Task Every_page_the_role_reaches_fits_a_phone_and_a_tablet(string account)
    {
        var email = account switch
        {
            "office" or "ciq" => browser.StaffEmails[account],
            "association" => await browser.App.CreateUserAsync(Roles.AssociationStaff, "association"),
            "testing" => await browser.App.CreateUserAsync(Roles.TestingCenterStaff, "testing-center"),
            _ => await browser.App.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: browser.StoryEnterprise),
        };
        var page = await browser.SignedInPageAsync(email, width: 390, height: 844);
        var failures = new List<string>();
        var pages = new List<string>();
        foreach (var (culture, width) in new[] { ("zh-CN", 390), ("en", 768) })
        {
            await page.GotoAsync($"{browser.BaseUrl}/culture/{culture}?returnUrl=/");
            await page.SetViewportSizeAsync(width, 900);
            // The first pass finds the pages by their links; the second lays the same pages out again.
            var queue = new Queue<string>(pages.Count == 0 ? ["/"] : pages);
            var seen = pages.Count == 0 ? new HashSet<string> { Shape("/") } : null;
            while (queue.Count > 0)
            {
                var path = queue.Dequeue();
                IResponse? response;
                try { response = await page.GotoAsync(browser.BaseUrl + path, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 60_000 }); }
                catch (PlaywrightException e) when (e.Message.Contains("Download is starting", StringComparison.Ordinal)) { continue; }
                if (response is null || !response.Ok || !(response.Headers.GetValueOrDefault("content-type") ?? "").StartsWith("text/html", StringComparison.Ordinal)) continue;
                if (seen is not null) pages.Add(path);
                var overflow = await page.EvaluateAsync<string>(OverflowScript);
                // The office and the enterprise reach the most pages: each is kept as a screenshot of the first screen to look at.
                if (account is "office" or "enterprise")
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(browser.Artifacts, "walk", $"{account}-{culture}-{width}{Regex.Replace(Shape(path), "[^A-Za-z0-9#]+", "-").Replace("#", "id")}.png") });
                if (overflow.Length > 0) failures.Add($"{path} at {width} px ({culture}): {overflow}");
                // A column squeezed to a few letters a line (a long account or code broken anywhere) reads as a column of letters.
                var squeezed = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('td')].filter(c => c.offsetParent !== null && c.textContent.trim().length > 12 && c.getBoundingClientRect().width < 48 && c.getBoundingClientRect().height > 100).slice(0, 2).map(c => c.textContent.trim().slice(0, 30)).join(' | ')");
                if (squeezed.Length > 0) failures.Add($"{path} at {width} px ({culture}): a column squeezed to a few letters a line: {squeezed}");
                // An alert box shown with nothing in it (an empty validation summary) reads as an error that is not there.
                if (await page.EvaluateAsync<int>("() => [...document.querySelectorAll('.alert')].filter(a => a.offsetParent !== null && !a.textContent.trim()).length") > 0)
                    failures.Add($"{path} ({culture}): an empty alert box is shown");
                if (seen is null) continue;
                foreach (var href in await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('a[href^=\"/\"]')].map(a => a.getAttribute('href'))"))
                    if (Followed(href) && seen.Count < MaxPages && seen.Add(Shape(href))) queue.Enqueue(href);
            }
        }
        await page.Context.CloseAsync();
        Assert.True(pages.Count > (account == "office" ? 80 : 10), $"{account}: only {pages.Count} pages reached");
        Assert.True(failures.Count == 0, $"{account}, {pages.Count} pages:{Environment.NewLine}" + string.Join(Environment.NewLine, failures.Take(30)));
    }

    /// <summary>How far the page is wider than the screen, and the first elements beyond its edge that are not inside a box that scrolls on its own.</summary>
    private const string OverflowScript = """
        () => {
            const width = document.documentElement.clientWidth;
            const over = document.documentElement.scrollWidth - width;
            if (over <= 0) return '';
            const scrolls = e => { for (let n = e.parentElement; n; n = n.parentElement) { const s = getComputedStyle(n).overflowX; if (s === 'auto' || s === 'scroll' || s === 'hidden') return true; } return false; };
            const out = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1 && !scrolls(e));
            return over + 'px: ' + out.slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : '') + ' "' + (e.textContent || '').trim().slice(0, 30) + '"').join(' | ');
        }
        """;

    /// <summary>A page of the platform: not a file, an export, the API, sign-out or the language switch.</summary>
    private static bool Followed(string href) =>
        !href.StartsWith("//", StringComparison.Ordinal) && !href.StartsWith("/account/logout", StringComparison.Ordinal) && !href.StartsWith("/culture/", StringComparison.Ordinal)
        && !href.StartsWith("/api", StringComparison.Ordinal) && !href.StartsWith("/lib/", StringComparison.Ordinal) && !href.StartsWith("/files/", StringComparison.Ordinal)
        && !Download().IsMatch(href);

    /// <summary>A link's shape: ids and numbers in the path folded, query values dropped, so one page of each kind is laid out.</summary>
    private static string Shape(string link)
    {
        var (path, query) = link.IndexOf('?') is var q and >= 0 ? (link[..q], link[(q + 1)..]) : (link, "");
        path = Ids().Replace(path.Split('#')[0], "/#");
        return path + "?" + string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')[0]).Order());
    }

    [GeneratedRegex(@"\.(docx|xlsx|pdf|csv|png|jpg|zip|xml|json|rss|atom)(\?|$)|handler=(Docx|Xlsx|Csv|Pdf|Template|Export|Download)|/(files|download|export)(/|\?|$)", RegexOptions.IgnoreCase)]
    private static partial Regex Download();

    [GeneratedRegex("/[0-9a-fA-F-]{36}|/\\d+")]
    private static partial Regex Ids();
}
