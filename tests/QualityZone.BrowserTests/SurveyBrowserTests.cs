using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.BrowserTests;

/// <summary>The industry survey in Chromium: the office builds and sends a questionnaire, an enterprise answers (pre-filled), the results with charts.</summary>
public sealed class SurveyBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_office_builds_and_sends_a_questionnaire_an_enterprise_answers_it_and_the_results_show()
    {
        var office = await browser.SignedInPageAsync(browser.StaffEmails["office"]);
        office.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        // A new survey with three questions made in the builder.
        await office.GotoAsync($"{browser.BaseUrl}/surveys");
        await office.FillAsync("#Title", "浏览器测试产业调查");
        await office.ClickAsync("[data-testid=create-survey] button[type=submit]");
        await office.WaitForSelectorAsync("[data-testid=survey-state]");
        var url = office.Url.Split('?')[0];
        async Task AddAsync(string text, string type, string? options = null, string? prefill = null)
        {
            await office.FillAsync("#q-new-section", "一、企业基本情况");
            await office.FillAsync("#q-new-text", text);
            await office.SelectOptionAsync("#q-new-type", type);
            if (options is not null) await office.FillAsync("#q-new-options", options);
            if (prefill is not null) await office.SelectOptionAsync("#q-new-prefill", prefill);
            await office.CheckAsync("#q-new-required");
            await office.ClickAsync("[data-testid=add-question] button[type=submit]");
            await office.WaitForSelectorAsync($"[data-testid=questions] :text('{text}')");
        }
        await AddAsync("从业人数", "Number", prefill: "register.employees");
        await AddAsync("出厂检验方式", "Single", options: "全数检验\n抽样检验\n委托第三方检验");
        await AddAsync("最需要的公共服务", "Multiple", options: "国外标准法规信息\n检测认证服务\n质量人才培训");
        await browser.ScreenshotAsync(office, "survey-builder.zh-CN");
        await office.ClickAsync("button:has-text('向示范区企业发放')");
        await office.WaitForSelectorAsync("[data-testid=survey-state]:has-text('调查中')");

        // An enterprise finds it, sees its register's head count pre-filled, saves a draft, then submits.
        var enterpriseId = browser.Enterprises[1];
        var employees = await browser.App.WithDbAsync(db => db.Enterprises.Where(e => e.Id == enterpriseId).Select(e => e.Employees).SingleAsync(TestContext.Current.CancellationToken));
        var email = await browser.App.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: enterpriseId);
        var enterprise = await browser.SignedInPageAsync(email);
        enterprise.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await enterprise.GotoAsync($"{browser.BaseUrl}/surveys/mine");
        await enterprise.ClickAsync("[data-testid=my-surveys] a:has-text('浏览器测试产业调查')");
        await enterprise.WaitForSelectorAsync("[data-testid=answer-form]");
        var number = enterprise.Locator("[data-question='1'] input[name^='a-']");
        if (employees is not null) Assert.Equal(employees.ToString(), await number.InputValueAsync());
        await number.FillAsync("abc");
        await enterprise.ClickAsync("[data-testid=answer-form] button:has-text('暂存')");
        Assert.Contains("不是数字", await enterprise.InnerTextAsync("[data-testid=form-error]"));
        Assert.Equal("abc", await number.InputValueAsync());
        await number.FillAsync("260");
        await enterprise.CheckAsync("[data-question='2'] input[value='抽样检验']");
        await enterprise.ClickAsync("[data-testid=answer-form] button:has-text('暂存')");
        await enterprise.WaitForSelectorAsync("[data-testid=response-state]:has-text('已暂存')");
        await browser.ScreenshotAsync(enterprise, "survey-answer.zh-CN");
        await enterprise.ClickAsync("[data-testid=answer-form] button[name=submit]");
        Assert.Contains("第 3 题", await enterprise.InnerTextAsync("[data-testid=form-error]"));
        await enterprise.CheckAsync("[data-question='3'] input[value='检测认证服务']");
        await enterprise.ClickAsync("[data-testid=answer-form] button[name=submit]");
        await enterprise.WaitForSelectorAsync("[data-testid=response-state]:has-text('已提交')");
        Assert.Contains("260", await enterprise.InnerTextAsync("[data-testid=answers]"));

        // The results: the rate and a chart per choice question, in Chinese and English, at every width.
        await office.GotoAsync(url + "?tab=results");
        await office.WaitForSelectorAsync("[data-testid=results] .qz-chart svg");
        Assert.Equal("1", await office.InnerTextAsync("[data-testid=results] [data-question='2'] tr:has-text('抽样检验') [data-count]"));
        await browser.ScreenshotAsync(office, "survey-results.zh-CN");
        await office.GotoAsync($"{browser.BaseUrl}/culture/en?returnUrl=/");
        await office.GotoAsync(url + "?tab=responses");
        Assert.Contains("Response rate", await office.InnerTextAsync("[data-testid=response-rate]"));
        await browser.ScreenshotAsync(office, "survey-responses.en");
        foreach (var width in new[] { 1280, 768, 390 })
        {
            foreach (var (page, path) in new[] { (office, url + "?tab=results"), (enterprise, url + "/answer") })
            {
                var narrow = await browser.SignedInPageAsync(page == office ? browser.StaffEmails["office"] : email, width: width, height: 844);
                await narrow.GotoAsync(path);
                var overflow = await narrow.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                await browser.ScreenshotAsync(narrow, $"survey-{(page == office ? "results" : "answer")}-{width}.zh-CN");
                // At 1280 px the shared header still overflows on every page (issue 21): looked at, not asserted here.
                Assert.True(overflow <= 0 || width == 1280, $"{path} is {overflow}px wider than {width} px");
            }
        }
    }
}
