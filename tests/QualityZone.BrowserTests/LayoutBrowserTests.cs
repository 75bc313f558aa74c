namespace QualityZone.BrowserTests;

/// <summary>Issue 21: the top bar fits common laptop widths — the bell, the language switch and the user menu stay on screen and no page scrolls sideways because of it.</summary>
public sealed class LayoutBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_top_bar_fits_1200_and_1280_px_in_both_languages()
    {
        foreach (var width in new[] { 1200, 1280, 1366 })
        {
            var page = await browser.SignedInPageAsync(browser.StaffEmails["office"], width, 800);
            foreach (var culture in new[] { "zh-CN", "en" })
            {
                await page.GotoAsync($"{browser.BaseUrl}/culture/{culture}?returnUrl=/");
                foreach (var path in new[] { "/", "/tasks", "/enterprises" })
                {
                    var response = await page.GotoAsync(browser.BaseUrl + path);
                    Assert.True(response!.Ok, $"{path}: {response.Status}");
                    var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                    if (overflow > 0) await browser.ScreenshotAsync(page, $"top-bar-overflow-{width}.{culture}");
                    var header = await page.EvaluateAsync<int>("() => { const n = document.querySelector('.qz-header .container-fluid'); return n.scrollWidth - n.clientWidth; }");
                    Assert.True(overflow <= 0, $"{path} scrolls {overflow}px sideways at {width} px ({culture}); the top bar's own overflow {header}px");
                    foreach (var control in new[] { "[data-testid=notifications-bell]", "[data-testid=user-menu]" })
                    {
                        var right = await page.EvaluateAsync<double>($"() => document.querySelector('{control}').getBoundingClientRect().right");
                        Assert.True(right <= width, $"{control} ends at {right}px, off a {width} px screen ({culture}, {path})");
                    }
                }
                await browser.ScreenshotAsync(page, $"top-bar-{width}.{culture}");
            }
        }
    }
}
