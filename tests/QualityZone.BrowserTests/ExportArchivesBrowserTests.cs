using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using QualityZone.Features.ExportArchives;
using QualityZone.Infrastructure.Auth;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.BrowserTests;

/// <summary>The archives in Chromium: an enterprise fills the return form, the office's pages render in both languages.</summary>
public sealed class ExportArchivesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_enterprise_fills_the_form_adding_rows_on_a_tablet_and_submits()
    {
        var enterprise = await browser.App.CreateEnterpriseAsync("奉化浏览器月报测试气动有限公司");
        var email = await browser.App.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise);
        var page = await browser.SignedInPageAsync(email, width: 820, height: 1180);
        var period = DateTime.UtcNow.AddMonths(-2).ToString("yyyy-MM");
        await page.GotoAsync($"{browser.BaseUrl}/archives/returns/edit?enterprise={enterprise}&period={period}");

        async Task FillRowAsync(ILocator row, string product, string hs, string country, string quantity, string value)
        {
            await row.Locator("input[name$='.ProductName']").FillAsync(product);
            await row.Locator("input[name$='.HsCode']").FillAsync(hs);
            await row.Locator("input[name$='.Country']").FillAsync(country);
            await row.Locator("input[name$='.Quantity']").FillAsync(quantity);
            await row.Locator("input[name$='.ValueUsd']").FillAsync(value);
        }
        var rows = page.Locator("#lines-body tr");
        await FillRowAsync(rows.Nth(0), "标准气缸", "8412310000", "DE", "300", "9000");
        await page.ClickAsync("[data-add-row=line-template]");
        await page.ClickAsync("[data-add-row=line-template]");
        Assert.Equal(3, await rows.CountAsync());
        await FillRowAsync(rows.Nth(1), "电磁阀", "8481201000", "US", "800", "6400");
        await rows.Nth(2).Locator("[data-remove-row]").ClickAsync(); // a row added by mistake
        await page.ClickAsync("[data-add-row=incident-template]");
        var incident = page.Locator("#incidents-body tr").Nth(0);
        await incident.Locator("select[name$='.Kind']").SelectOptionAsync("Return");
        await incident.Locator("input[name$='.Countries']").FillAsync("US");
        await incident.Locator("input[name$='.Quantity']").FillAsync("20");
        await incident.Locator("input[name$='.ValueUsd']").FillAsync("160");
        await incident.Locator("textarea[name$='.Summary']").FillAsync("客户验货尺寸不符");
        await browser.ScreenshotAsync(page, "tablet-return-form.zh-CN");
        // The wide entry table scrolls inside its container; the page itself does not overflow the tablet.
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than the screen");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.ClickAsync("button[name=submit][value=true]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/archives/returns/[0-9a-f-]{36}$"));
        Assert.Contains("15,400.00", await page.Locator("[data-testid=return-total]").InnerTextAsync());
        await browser.ScreenshotAsync(page, "tablet-return-submitted.zh-CN");

        var saved = await browser.App.WithDbAsync(db => db.ExportReturns.Include(r => r.Versions).ThenInclude(v => v.Incidents).SingleAsync(r => r.EnterpriseId == enterprise));
        Assert.Equal(ReturnState.Submitted, saved.State);
        Assert.Equal(2, saved.LineCount);
        Assert.Equal(IncidentKind.Return, saved.Latest.Incidents.Single().Kind);
    }

    [Fact]
    public async Task The_archive_pages_render_in_chinese_and_english_with_screenshots()
    {
        var page = await browser.SignedInPageAsync(AppFactory.AdminEmail);
        var (enterpriseId, returnId) = await browser.App.WithDbAsync(async db =>
        {
            var r = await db.ExportReturns.Where(x => x.LatestVersion > 1).OrderBy(x => x.Period).FirstOrDefaultAsync()
                ?? await db.ExportReturns.OrderBy(x => x.Period).FirstAsync();
            return (r.EnterpriseId, r.Id);
        });
        string[] pages = ["/archives", "/archives/zone", "/archives/completeness", $"/archives/enterprises/{enterpriseId}", $"/archives/returns/{returnId}",
            "/archives/import", "/archives/customs", "/archives/settings"];
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            await page.GotoAsync($"{browser.BaseUrl}/culture/{culture}?returnUrl=/");
            foreach (var path in pages)
            {
                var response = await page.GotoAsync(browser.BaseUrl + path);
                Assert.True(response!.Ok, $"{path} ({culture}): {response.Status}");
                Assert.DoesNotContain("&#x", await page.ContentAsync());
                var name = path.Trim('/').Replace('/', '-').Replace(enterpriseId.ToString(), "enterprise").Replace(returnId.ToString(), "return");
                await browser.ScreenshotAsync(page, $"{name}.{culture}");
            }
        }
        // The zone page draws its charts (ECharts renders SVG into each chart element).
        await page.GotoAsync(browser.BaseUrl + "/archives/zone");
        await page.WaitForSelectorAsync("[data-chart] svg");
        Assert.True(await page.Locator("[data-chart] svg").CountAsync() >= 4);
    }
}
