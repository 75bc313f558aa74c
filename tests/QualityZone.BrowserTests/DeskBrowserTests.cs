using QualityZone.Infrastructure.Auth;

namespace QualityZone.BrowserTests;

/// <summary>
/// Issue 21 in Chromium: the enterprise's desk (every open item counted and linked) and the monthly return form (a card
/// per line on a tablet and a phone) at 1280, 768 and 390 px in Chinese and English, without sideways scrolling.
/// </summary>
public sealed class DeskBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_enterprise_desk_and_the_return_form_fit_laptop_tablet_and_phone_in_both_languages()
    {
        var email = await browser.App.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: browser.StoryEnterprise);
        var page = await browser.SignedInPageAsync(email, width: 1280, height: 900);
        async Task AssertNoSidewaysScrollAsync(string what)
        {
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"{what}: the page is {overflow}px wider than the screen");
        }
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            await page.GotoAsync($"{browser.BaseUrl}/culture/{culture}?returnUrl=/");
            foreach (var width in new[] { 1280, 768, 390 })
            {
                await page.SetViewportSizeAsync(width, 900);
                await page.GotoAsync(browser.BaseUrl + "/");
                var counts = await page.Locator("[data-testid=todo-list] li[data-count]").EvaluateAllAsync<int[]>("items => items.map(i => +i.dataset.count)");
                Assert.Equal(counts.Sum(), int.Parse(await page.Locator("[data-testid=todo-count]").InnerTextAsync()));
                Assert.NotEmpty(counts); // the story enterprise has its recall's trace request and corrective action open
                await AssertNoSidewaysScrollAsync($"desk {culture} {width}");
                await browser.ScreenshotAsync(page, $"enterprise-desk.{culture}.{width}");

                // The return form: a month without a return (long ago) so the empty form opens.
                await page.GotoAsync($"{browser.BaseUrl}/archives/returns/edit?enterprise={browser.StoryEnterprise}&period=2021-01");
                await page.Locator("#lines-body tr").First.Locator("input[name$='.Country']").FillAsync(culture == "en" ? "Germany" : "德国");
                var headerShown = await page.Locator("[data-testid=lines] thead").IsVisibleAsync();
                Assert.Equal(width >= 992, headerShown); // below 992 px each line is a card with its own labels
                await AssertNoSidewaysScrollAsync($"return form {culture} {width}");
                await browser.ScreenshotAsync(page, $"return-form.{culture}.{width}");
            }
        }
    }

    /// <summary>Issue 21: every role's desk, to-dos first, in both languages on a laptop and a phone, without sideways scrolling.</summary>
    [Fact]
    public async Task Every_role_lands_on_its_own_desk_in_both_languages_on_laptop_and_phone()
    {
        (string Name, string Role, string? Department)[] roles =
        [
            ("office", Roles.ZoneAdmin, "zone-office"), ("market", Roles.DepartmentStaff, "market-supervision"), ("ciq", Roles.DepartmentStaff, "ciq"),
            ("association", Roles.AssociationStaff, "association"), ("testing", Roles.TestingCenterStaff, "testing-center"),
        ];
        foreach (var (name, role, department) in roles)
        {
            var page = await browser.SignedInPageAsync(await browser.App.CreateUserAsync(role, department), width: 1280, height: 900);
            foreach (var culture in new[] { "zh-CN", "en" })
            {
                await page.GotoAsync($"{browser.BaseUrl}/culture/{culture}?returnUrl=/");
                foreach (var width in new[] { 1280, 390 })
                {
                    await page.SetViewportSizeAsync(width, 900);
                    await page.GotoAsync(browser.BaseUrl + "/");
                    // The to-do list is the first card of the desk, above the zone's figures.
                    var list = page.Locator("[data-testid=todo-list]");
                    Assert.True(await list.IsVisibleAsync(), $"{name} {culture}: no to-do list");
                    var counts = await list.Locator("li[data-count]").EvaluateAllAsync<int[]>("items => items.map(i => +i.dataset.count)");
                    Assert.Equal(counts.Sum(), int.Parse(await list.Locator("h2 .badge").InnerTextAsync()));
                    var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                    Assert.True(overflow <= 0, $"{name} desk {culture} {width}: {overflow}px wider than the screen");
                    if (culture == "en") Assert.DoesNotMatch("[\\u4e00-\\u9fff]", await list.InnerTextAsync());
                    await browser.ScreenshotAsync(page, $"desk-{name}.{culture}.{width}");
                }
            }
            await page.Context.CloseAsync();
        }
    }
}
