using Microsoft.Playwright;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Demo;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.BrowserTests;

public sealed class TaskTrackerBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Lead_department_uploads_evidence_and_sees_completeness_change()
    {
        // Task 11 (export quality archives) is led by 检验检疫局 (ciq).
        var email = await browser.App.CreateUserAsync(Roles.DepartmentStaff, "ciq");
        var page = await browser.SignedInPageAsync(email);

        await page.GotoAsync(browser.BaseUrl + "/tasks/11");
        Assert.Equal("检验检疫局", await page.InnerTextAsync("[data-testid=lead-department]"));
        Assert.Equal("0/2", await page.InnerTextAsync("[data-testid=task-completeness]"));

        var pdf = Path.Combine(Path.GetTempPath(), $"质量档案制度-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(pdf, DemoSeeder.MinimalPdf("quality archive rules"), TestContext.Current.CancellationToken);
        var measure = page.Locator("[data-testid=measure-1]");
        await measure.Locator("input[type=file]").SetInputFilesAsync(pdf);
        await measure.Locator("input[name=description]").FillAsync("质量档案管理制度（正式发文）");
        await measure.Locator("form[enctype='multipart/form-data'] button[type=submit]").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Equal("1/2", await page.InnerTextAsync("[data-testid=task-completeness]"));
        Assert.Contains(Path.GetFileName(pdf), await measure.InnerTextAsync());
        await browser.ScreenshotAsync(page, "task-detail-after-upload.zh");

        // The lead marks the measure done; the badge follows.
        await measure.Locator("select[name=status]").SelectOptionAsync("Done");
        await measure.Locator("form:has(select[name=status]) button[type=submit]").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Equal("已完成", await page.Locator("[data-testid=measure-1] [data-testid=measure-status]").InnerTextAsync());
    }

    [Fact]
    public async Task A_cooperating_department_sees_the_task_but_no_upload_form()
    {
        // Task 5: 市场监管局 cooperates, 建设办 leads.
        var email = await browser.App.CreateUserAsync(Roles.DepartmentStaff, "market-supervision");
        var page = await browser.SignedInPageAsync(email);
        await page.GotoAsync(browser.BaseUrl + "/tasks/5");

        Assert.Equal("建设办", await page.InnerTextAsync("[data-testid=lead-department]"));
        Assert.Equal(0, await page.Locator("input[type=file]").CountAsync());
        Assert.True(await page.Locator("textarea[name=body]").CountAsync() > 0, "a cooperating department reports progress notes");
    }

    [Fact]
    public async Task Main_pages_render_in_chinese_and_english_with_screenshots()
    {
        var page = await browser.SignedInPageAsync(AppFactory.AdminEmail);
        var enterprise = await browser.App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            db.Enterprises.Where(e => e.State == QualityZone.Features.Enterprises.EnterpriseState.Watch)));
        string[] pages = ["/", "/tasks", "/tasks/12", "/tasks/matrix", "/tasks/timeline", "/enterprises", $"/enterprises/{enterprise.Id}",
            $"/enterprises/edit/{enterprise.Id}", "/enterprises/import", "/commitments", "/admission", "/departments", "/admin/users", "/admin/audit", "/admin/security-log", "/account/tokens"];
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            await page.GotoAsync($"{browser.BaseUrl}/culture/{culture}?returnUrl=/");
            foreach (var path in pages)
            {
                var response = await page.GotoAsync(browser.BaseUrl + path);
                Assert.True(response!.Ok, $"{path} ({culture}): {response.Status}");
                var html = await page.ContentAsync();
                Assert.DoesNotContain("&#x", html);
                var name = path == "/" ? "dashboard" : path.Trim('/').Replace('/', '-').Replace(enterprise.Id.ToString(), "detail");
                await browser.ScreenshotAsync(page, $"{name}.{culture}");
            }
            Assert.Equal(culture == "en" ? "en" : "zh-CN", await page.GetAttributeAsync("html", "lang"));
        }
        // Chinese text in the English UI only where the data itself is Chinese.
        await page.GotoAsync(browser.BaseUrl + "/tasks");
        Assert.Contains("Construction tasks", await page.InnerTextAsync("h1"));

        // The tracker works on a tablet held upright.
        await page.SetViewportSizeAsync(768, 1024);
        await page.GotoAsync($"{browser.BaseUrl}/culture/zh-CN?returnUrl=/tasks/9");
        await browser.ScreenshotAsync(page, "tablet-task-detail.zh-CN");
        Assert.True(await page.Locator("[data-testid=measure-1]").IsVisibleAsync());

        // Sign out from the user menu (the form carries its antiforgery token).
        await page.SetViewportSizeAsync(1400, 900);
        await page.ClickAsync("[data-testid=user-menu]");
        await page.ClickAsync("form[action='/account/logout'] button");
        await page.WaitForURLAsync(browser.BaseUrl + "/");
        Assert.Equal(0, await page.Locator("[data-testid=user-menu]").CountAsync());
    }
}
