using QualityZone.Infrastructure.Auth;

namespace QualityZone.BrowserTests;

/// <summary>The testing service in Chromium: an enterprise requests a package, the center receives the sample and enters results on a tablet, another tester reviews, an anonymous visitor verifies the report.</summary>
public sealed class TestingBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_enterprise_requests_the_center_tests_another_tester_issues_and_anyone_verifies()
    {
        var enterpriseId = browser.Enterprises[2];
        var enterprise = await browser.SignedInPageAsync(await browser.App.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: enterpriseId));
        var tablet = await browser.SignedInPageAsync(await browser.App.CreateUserAsync(Roles.TestingCenterStaff, "testing-center"), width: 768, height: 1024);
        var reviewer = await browser.SignedInPageAsync(await browser.App.CreateUserAsync(Roles.TestingCenterStaff, "testing-center"));
        foreach (var page in new[] { enterprise, tablet, reviewer }) page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        // The enterprise picks the routine package, sees the quote, sends the request.
        await enterprise.GotoAsync($"{browser.BaseUrl}/testing/new");
        await enterprise.FillAsync("#ProductName", "标准气缸");
        await enterprise.FillAsync("#Model", "SC63×100");
        await enterprise.SelectOptionAsync("#PackageCode", "PKG-ROUTINE");
        await enterprise.ClickAsync("[data-testid=request-form] button:has-text('计算报价')");
        await enterprise.WaitForSelectorAsync("[data-testid=quote]");
        await browser.ScreenshotAsync(enterprise, "testing-quote.zh-CN");
        await enterprise.ClickAsync("[data-testid=request-form] button:has-text('提交委托')");
        await enterprise.WaitForSelectorAsync("[data-testid=request-state]:has-text('待收样')");
        var url = enterprise.Url.Split('?')[0];

        // The center, on a tablet: receives the sample, enters the three results, hands in.
        await tablet.GotoAsync(url);
        await tablet.ClickAsync("[data-testid=center-actions] button:has-text('收样')");
        await tablet.WaitForSelectorAsync("[data-testid=request-state]:has-text('已收样')");
        // A photo of the sample from the tablet's camera, and the label to stick on it.
        await tablet.SetInputFilesAsync("#attach-file", new Microsoft.Playwright.FilePayload { Name = "样品.png", MimeType = "image/png", Buffer = QualityZone.Infrastructure.Demo.DemoSupervision.SitePhoto });
        await tablet.ClickAsync("[data-testid=attachments] button:has-text('上传')");
        await tablet.WaitForSelectorAsync("[data-testid=attachments] a:has-text('样品.png')");
        await tablet.GotoAsync(url + "/label");
        await tablet.WaitForSelectorAsync("[data-testid=labels] .qz-sample-label img");
        Assert.True(await tablet.EvaluateAsync<bool>("() => [...document.querySelectorAll('.qz-sample-label img')].every(i => i.complete && i.naturalWidth > 0)"), "the label's QR code did not load");
        await browser.ScreenshotAsync(tablet, "testing-label-768.zh-CN");
        await tablet.GotoAsync(url);
        await tablet.FillAsync("[data-item=LEAK] input[name^='value-']", "1.5");
        await tablet.SelectOptionAsync("[data-item=PRES] select", "pass");
        await tablet.SelectOptionAsync("[data-item=DIM] select", "pass");
        await tablet.ClickAsync("[data-testid=results-form] button:has-text('保存结果')");
        await tablet.WaitForSelectorAsync("[data-testid=request-state]:has-text('检测中')");
        await browser.ScreenshotAsync(tablet, "testing-results-768.zh-CN");
        var overflow = await tablet.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the request page is {overflow}px wider than the tablet");
        await tablet.ClickAsync("[data-testid=center-actions] button:has-text('送审')");
        await tablet.WaitForSelectorAsync("[data-testid=request-state]:has-text('待审核')");

        // The tester who entered the results cannot review them; another one issues the report.
        await tablet.ClickAsync("[data-testid=center-actions] button[name=approve][value=true]");
        Assert.Contains("不能审核", await tablet.InnerTextAsync("[data-testid=form-error]"));
        await reviewer.GotoAsync(url);
        await reviewer.ClickAsync("[data-testid=center-actions] button[name=approve][value=true]");
        await reviewer.WaitForSelectorAsync("[data-testid=request-state]:has-text('已出报告')");
        var code = await reviewer.InnerTextAsync("[data-testid=verification-code]");
        await browser.ScreenshotAsync(reviewer, "testing-issued.zh-CN");
        var verifyUrl = await reviewer.GetAttributeAsync("[data-testid=report] a[href^='/verify']", "href");

        // The center's desk: backlog, turnaround and pass rate by product type, each tester's workload.
        await reviewer.SetViewportSizeAsync(1280, 900);
        await reviewer.GotoAsync($"{browser.BaseUrl}/testing");
        await reviewer.WaitForSelectorAsync("[data-testid=workload]");
        await browser.ScreenshotAsync(reviewer, "testing-desk-1280.zh-CN");
        // The enterprise's statement of the month on a phone, without sideways scrolling.
        await enterprise.SetViewportSizeAsync(390, 844);
        await enterprise.GotoAsync($"{browser.BaseUrl}/testing/statement");
        await enterprise.WaitForSelectorAsync("[data-testid=statement]");
        Assert.True(await enterprise.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0, "the statement scrolls sideways at 390 px");
        await browser.ScreenshotAsync(enterprise, "testing-statement-390.zh-CN");

        // An anonymous visitor follows the printed code's address: genuine, in English too.
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, Locale = "en" });
        var visitor = await context.NewPageAsync();
        await visitor.GotoAsync($"{browser.BaseUrl}/culture/en?returnUrl=/");
        await visitor.GotoAsync(browser.BaseUrl + verifyUrl);
        Assert.Contains("genuine", await visitor.InnerTextAsync("[data-testid=verify-state]"));
        Assert.Contains("标准气缸", await visitor.InnerTextAsync("[data-testid=verified]"));
        await browser.ScreenshotAsync(visitor, "testing-verified-390.en");
        await visitor.GotoAsync($"{browser.BaseUrl}/verify?number={Uri.EscapeDataString(verifyUrl!.Split("number=")[1].Split('&')[0])}&code=WRONG123");
        await visitor.WaitForSelectorAsync("[data-testid=verify-none]");
        Assert.NotEmpty(code);
    }
}
