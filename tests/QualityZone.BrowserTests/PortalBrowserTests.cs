using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.BrowserTests;

/// <summary>The information portal in Chromium: an anonymous visitor searches in Chinese; an enterprise acknowledges its alert and states its TBT impact; every page in both languages.</summary>
public sealed class PortalBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_visitor_searches_in_chinese_and_an_enterprise_answers_its_tbt_alert()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 }, Locale = "zh-CN" });
        var visitor = await context.NewPageAsync();
        await visitor.GotoAsync($"{browser.BaseUrl}/portal");
        await visitor.FillAsync("#q", "机械法规");
        await visitor.ClickAsync("button[type=submit]");
        await visitor.WaitForSelectorAsync("[data-testid=notices] a");
        Assert.Contains("2023/1230", await visitor.InnerTextAsync("[data-testid=notices]"));
        await browser.ScreenshotAsync(visitor, "portal-search-anonymous.zh-CN");
        await visitor.ClickAsync("[data-testid=notices] a >> nth=0");
        await visitor.WaitForSelectorAsync("article h1");
        Assert.Equal(0, await visitor.Locator("[data-testid=tbt-response]").CountAsync());
        await browser.ScreenshotAsync(visitor, "portal-notice-anonymous.zh-CN");

        // An enterprise invited to the EU valve notification's response: its alert, then its impact statement.
        var (caseId, enterprise) = await browser.App.WithDbAsync(async db =>
        {
            var c = await db.TbtCases.Include(x => x.Invitations).Include(x => x.Impacts).FirstAsync();
            return (c.Id, c.Invitations.First(i => c.Impacts.All(s => s.EnterpriseId != i.EnterpriseId)).EnterpriseId);
        });
        var company = await browser.SignedInPageAsync(await browser.App.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise));
        await company.GotoAsync($"{browser.BaseUrl}/portal/alerts");
        Assert.Contains("HS 848120", await company.InnerTextAsync("[data-testid=alerts]"));
        await browser.ScreenshotAsync(company, "portal-alerts-enterprise.zh-CN");
        await company.ClickAsync("[data-testid=alerts] button >> nth=0");
        await company.WaitForSelectorAsync("[data-testid=alerts] .text-success");
        await company.GotoAsync($"{browser.BaseUrl}/portal/tbt/{caseId}");
        await company.SelectOptionAsync("#Level", "Medium");
        await company.FillAsync("#Description", "需调整阀芯密封结构");
        await company.ClickAsync("[data-testid=impact-form] button[type=submit]");
        await company.WaitForSelectorAsync("[data-testid=impacts]");
        Assert.Contains("需调整阀芯密封结构", await company.InnerTextAsync("[data-testid=impacts]"));
        // It sees its own statement, not the others'.
        Assert.Equal(1, await company.Locator("[data-testid=impacts] tbody tr").CountAsync());
        await browser.ScreenshotAsync(company, "portal-tbt-enterprise.zh-CN");
    }

    [Fact]
    public async Task The_portal_pages_render_in_chinese_and_english()
    {
        var (notice, caseId) = await browser.App.WithDbAsync(async db => (
            await db.Notices.Where(n => n.Reference == "G/TBT/N/EU/1187").Select(n => n.Id).SingleAsync(),
            await db.TbtCases.Select(c => c.Id).FirstAsync()));
        var email = await browser.App.CreateUserAsync(Roles.AssociationStaff, "association");
        string[] pages = ["/portal", "/portal?q=%E7%94%B5%E7%A3%81%E9%98%80", "/portal?type=Recall&market=DE", $"/portal/notices/{notice}", "/portal/manage", "/portal/manage/edit", "/portal/alerts", "/portal/tbt", $"/portal/tbt/{caseId}", "/portal/participation", "/portal/feeds"];
        var page = await browser.SignedInPageAsync(email);
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            await page.GotoAsync($"{browser.BaseUrl}/culture/{culture}?returnUrl=/");
            foreach (var path in pages)
            {
                var response = await page.GotoAsync(browser.BaseUrl + path);
                Assert.True(response!.Ok, $"{path} ({culture}): {response.Status}");
                var name = path.Trim('/').Replace('/', '-').Replace('?', '-').Replace('=', '-').Replace('&', '-').Replace('%', '_').Replace(notice.ToString(), "notice").Replace(caseId.ToString(), "case");
                await browser.ScreenshotAsync(page, $"{name}.{culture}");
            }
        }
        var phone = await browser.SignedInPageAsync(email, width: 390, height: 844);
        await phone.GotoAsync($"{browser.BaseUrl}/portal/notices/{notice}");
        await browser.ScreenshotAsync(phone, "portal-notice-phone.zh-CN");
        var overflow = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than the phone");
    }
}
