using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Features.Inspections;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Demo;

namespace QualityZone.BrowserTests;

/// <summary>Supervision in Chromium: an inspection planned by risk, filled on a tablet with a photo, its finding answered and closed; every page in both languages.</summary>
public sealed class SupervisionBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_inspection_planned_by_risk_is_filled_on_a_tablet_and_its_finding_is_answered_verified_and_closed()
    {
        var ciqEmail = await browser.App.CreateUserAsync(Roles.DepartmentStaff, "ciq");
        var marketEmail = await browser.App.CreateUserAsync(Roles.DepartmentStaff, "market-supervision");
        var office = await browser.SignedInPageAsync(browser.StaffEmails["office"]);
        office.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        // The office plans a round with customs and market supervision, and takes the proposal by risk.
        var title = $"专项联合检查 {Guid.NewGuid():N}"[..14];
        await office.GotoAsync($"{browser.BaseUrl}/inspections");
        await office.FillAsync("#Title", title);
        var names = await browser.App.WithDbAsync(db => db.Users.Where(u => u.Email == ciqEmail || u.Email == marketEmail).Select(u => u.Id).ToListAsync());
        await office.SelectOptionAsync("#Team", names.ToArray());
        await office.ClickAsync("[data-testid=round-form] button[type=submit]");
        await office.WaitForURLAsync("**/inspections/rounds/**");
        await office.FillAsync("#propose", "5");
        await office.ClickAsync("text=生成推荐");
        await office.WaitForSelectorAsync("[data-testid=proposals]");
        var reasons = await office.Locator("[data-testid=proposals] tbody").InnerTextAsync();
        Assert.Contains("风险等级", reasons);
        Assert.Contains("随机抽取", reasons);
        await browser.ScreenshotAsync(office, "inspection-round-proposals.zh-CN");
        await office.ClickAsync("[data-testid=proposals] button[type=submit]");
        await office.WaitForSelectorAsync("[data-testid=round-records] tbody tr a");
        Assert.Equal(5, await office.Locator("[data-testid=round-records] tbody tr a").CountAsync());
        // The chosen enterprises keep the proposal's reasons as messages: shown in words here, and in English to an English reader.
        var kept = await office.Locator("[data-testid=round-records] tbody").InnerTextAsync();
        Assert.Contains("风险等级", kept);
        Assert.DoesNotContain("msg:", kept);
        var roundId = Guid.Parse(office.Url.Split('/').Last().Split('?')[0]);
        var stored = await browser.App.WithDbAsync(db => db.InspectionRecords.Where(r => r.RoundId == roundId).Select(r => r.SelectionReason).ToListAsync());
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en");
        try { Assert.Contains(stored, s => QualityZone.Infrastructure.Localization.Msg.Render(s)!.Contains("Risk level", StringComparison.Ordinal)); }
        finally { System.Globalization.CultureInfo.CurrentUICulture = previous; }
        var recordUrl = await office.Locator("[data-testid=round-records] tbody tr a").First.GetAttributeAsync("href");
        var recordId = Guid.Parse(recordUrl!.Split('/').Last());
        var enterprise = await browser.App.WithDbAsync(db => db.InspectionRecords.Where(r => r.Id == recordId).Select(r => r.EnterpriseId).SingleAsync());

        // Customs fills it on a tablet held upright: everything conforms but item 1, which gets a note and a photo.
        var tablet = await browser.SignedInPageAsync(ciqEmail, width: 768, height: 1024);
        tablet.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await tablet.GotoAsync(browser.BaseUrl + recordUrl);
        await tablet.FillAsync("#VisitedOn", DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd"));
        var items = await tablet.Locator(".qz-item").CountAsync();
        for (var i = 1; i <= items; i++) await tablet.ClickAsync($"label[for='r-{i}-{(i == 1 ? "Fail" : "Pass")}']");
        var first = tablet.Locator("[data-testid=item-1]");
        await first.Locator("input[type=number]").FillAsync("2");
        await first.Locator("input[name$='.Note']").FillAsync("设计输入未包含 EN ISO 4414 要求");
        await first.Locator("select").SelectOptionAsync("Major");
        await browser.ScreenshotAsync(tablet, "inspection-record-tablet.zh-CN");
        var overflow = await tablet.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the form is {overflow}px wider than the tablet");
        // Submitting without the photo is refused with the item named; what was entered stays.
        await tablet.ClickAsync("button[name=submit][value=true]");
        await tablet.WaitForSelectorAsync("[data-testid=form-error]");
        Assert.Contains("第 1 项不符合，须拍照取证", await tablet.InnerTextAsync("[data-testid=form-error]"));
        Assert.Equal("设计输入未包含 EN ISO 4414 要求", await tablet.Locator("[data-testid=item-1] input[name$='.Note']").InputValueAsync());
        var photo = Path.Combine(Path.GetTempPath(), "qz-site-photo.png");
        await File.WriteAllBytesAsync(photo, DemoSupervision.SitePhoto, TestContext.Current.CancellationToken);
        await tablet.Locator("[data-testid=item-1] input[type=file]").SetInputFilesAsync(photo);
        await tablet.ClickAsync("button[name=submit][value=true]");
        await tablet.WaitForSelectorAsync("[data-testid=findings] a");
        Assert.Equal("待会签", await tablet.InnerTextAsync("[data-testid=record-state]"));
        await tablet.ClickAsync("[data-testid=sign]");
        await tablet.WaitForSelectorAsync("[data-testid=signatures]");
        var market = await browser.SignedInPageAsync(marketEmail);
        await market.GotoAsync(browser.BaseUrl + recordUrl);
        await market.ClickAsync("[data-testid=sign]");
        await market.WaitForSelectorAsync("[data-testid=report-link]");
        Assert.Equal("已会签", await market.InnerTextAsync("[data-testid=record-state]"));
        await browser.ScreenshotAsync(market, "inspection-record-signed.zh-CN");
        var action = await browser.App.WithDbAsync(db => db.CorrectiveActions.Where(a => a.EnterpriseId == enterprise && a.SourceReference == title).SingleAsync());

        // The enterprise answers the finding with evidence and submits it.
        var companyEmail = await browser.App.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise);
        var company = await browser.SignedInPageAsync(companyEmail);
        await company.GotoAsync($"{browser.BaseUrl}/actions");
        await company.ClickAsync($"text={action.Number}");
        await company.FillAsync("#RootCause", "设计评审清单未包含目标市场标准");
        await company.FillAsync("#Correction", "补充 EN ISO 4414 设计输入并重新评审");
        await company.FillAsync("#Prevention", "设计输入清单按市场维护，每年更新");
        await company.Locator("#Evidence").SetInputFilesAsync(photo);
        await company.ClickAsync("button[name=submit][value=true]");
        await company.WaitForSelectorAsync("[data-testid=action-state]");
        Assert.Equal("待验证", await company.InnerTextAsync("[data-testid=action-state]"));
        Assert.Equal(0, await company.Locator("[data-testid=verify-form]").CountAsync());
        await browser.ScreenshotAsync(company, "action-submitted.zh-CN");

        // Customs, the owner department, verifies and closes it.
        await tablet.GotoAsync($"{browser.BaseUrl}/actions/{action.Id}");
        await tablet.FillAsync("[data-testid=verify-form] #Note", "现场复核设计文件，整改有效");
        await tablet.ClickAsync("[data-testid=verify-form] button[value=true]");
        await tablet.WaitForSelectorAsync("[data-testid=action-history]");
        Assert.Equal("已关闭", await tablet.InnerTextAsync("[data-testid=action-state]"));
        await browser.ScreenshotAsync(tablet, "action-closed.zh-CN");
    }

    [Fact]
    public async Task The_supervision_pages_render_in_chinese_and_english()
    {
        var (meeting, round, record, action, risk) = await browser.App.WithDbAsync(async db => (
            await db.JointMeetings.OrderBy(m => m.ScheduledAt).Select(m => m.Id).Skip(1).FirstAsync(),
            await db.InspectionRounds.OrderBy(r => r.StartOn).Select(r => r.Id).Skip(2).FirstAsync(),
            await db.InspectionRecords.Where(r => r.State == RecordState.Signed && r.Findings.Any()).Select(r => r.Id).FirstAsync(),
            await db.CorrectiveActions.Where(a => a.State == ActionState.PendingVerification || a.State == ActionState.Closed).OrderBy(a => a.State).Select(a => a.Id).FirstAsync(),
            await db.RiskItems.Where(r => r.EnterpriseId == null).Select(r => r.Id).FirstAsync()));
        string[] pages = ["/actions", $"/actions/{action}", "/actions/new", "/meetings", $"/meetings/{meeting}", "/meetings/edit", "/inspections", $"/inspections/rounds/{round}",
            $"/inspections/records/{record}", "/inspections/checklists", "/risks", $"/risks/{risk}", "/risks/edit", "/risks/warnings", "/risks/settings", $"/enterprises/{browser.Enterprises[1]}"];
        var page = await browser.SignedInPageAsync(browser.StaffEmails["office"]);
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            await page.GotoAsync($"{browser.BaseUrl}/culture/{culture}?returnUrl=/");
            foreach (var path in pages)
            {
                var response = await page.GotoAsync(browser.BaseUrl + path);
                Assert.True(response!.Ok, $"{path} ({culture}): {response.Status}");
                var name = path.Trim('/').Replace('/', '-').Replace(meeting.ToString(), "meeting").Replace(round.ToString(), "round").Replace(record.ToString(), "record")
                    .Replace(action.ToString(), "action").Replace(risk.ToString(), "risk").Replace(browser.Enterprises[1].ToString(), "enterprise");
                await browser.ScreenshotAsync(page, $"supervision-{name}.{culture}");
            }
        }
        // The heat map shows the demo register; the dashboard counts every state.
        await page.GotoAsync($"{browser.BaseUrl}/culture/zh-CN?returnUrl=/risks");
        Assert.Equal(25, await page.Locator("[data-testid=heatmap] td").CountAsync());
        await page.GotoAsync($"{browser.BaseUrl}/actions");
        foreach (var state in Enum.GetValues<ActionState>()) Assert.Equal(1, await page.Locator($"[data-testid=count-{state}]").CountAsync());

        // The enterprise sees its own risk level and signals, and the inspection list of its own records.
        var enterprise = browser.Enterprises[1];
        var companyPage = await browser.SignedInPageAsync(await browser.App.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise));
        await companyPage.GotoAsync($"{browser.BaseUrl}/risks/warnings");
        Assert.Equal(1, await companyPage.Locator("[data-testid=warnings] tbody tr[data-testid]").CountAsync());
        await browser.ScreenshotAsync(companyPage, "supervision-warnings-enterprise.zh-CN");
        await companyPage.GotoAsync($"{browser.BaseUrl}/inspections");
        await browser.ScreenshotAsync(companyPage, "supervision-inspections-enterprise.zh-CN");
        var phone = await browser.SignedInPageAsync(browser.StaffEmails["ciq"], width: 390, height: 844);
        await phone.GotoAsync($"{browser.BaseUrl}/inspections/records/{record}");
        await browser.ScreenshotAsync(phone, "supervision-record-phone.zh-CN");
    }
}
