using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.BrowserTests;

/// <summary>The training platform in Chromium: the organizer publishes a session and shows the venue's code; an enterprise registers; a participant's phone opens the code's address and checks in.</summary>
public sealed class TrainingBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_organizer_shows_the_code_and_a_participants_phone_checks_in()
    {
        var enterpriseId = browser.Enterprises[3];
        var organizer = await browser.SignedInPageAsync(await browser.App.CreateUserAsync(Roles.DepartmentStaff, "economy-it"));
        var enterprise = await browser.SignedInPageAsync(await browser.App.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: enterpriseId));

        // Publish a session starting in twenty minutes (zone time, as the form takes it).
        var starts = DateTime.UtcNow.AddHours(8).AddMinutes(20);
        await organizer.GotoAsync($"{browser.BaseUrl}/training/edit");
        await organizer.FillAsync("#Title", "欧盟机械法规培训");
        await organizer.FillAsync("#Trainer", "宁波海关技术中心 陈高工");
        await organizer.FillAsync("#StartsAt", starts.ToString("yyyy-MM-ddTHH:mm"));
        await organizer.FillAsync("#EndsAt", starts.AddHours(2).ToString("yyyy-MM-ddTHH:mm"));
        await organizer.FillAsync("#Place", "奉化区市场监管局 三楼培训室");
        await organizer.ClickAsync("[data-testid=session-form] button[type=submit]");
        await organizer.WaitForSelectorAsync("[data-testid=check-in-code] img");
        var session = organizer.Url.Split('?')[0];

        // The enterprise registers two of its staff.
        await enterprise.GotoAsync(session);
        await enterprise.FillAsync("#participants", "周敏 质量部经理\n吴磊 检验员");
        await enterprise.ClickAsync("[data-testid=register-form] button[type=submit]");
        await enterprise.WaitForSelectorAsync("[data-testid=attendance] td:has-text('吴磊')");

        // The organizer's screen shows the code; the participant's phone opens what it encodes.
        Assert.True(await organizer.EvaluateAsync<bool>("() => { const i = document.querySelector('[data-testid=check-in-code] img'); return i.complete && i.naturalWidth > 0; }"), "the check-in code did not load");
        await browser.ScreenshotAsync(organizer, "training-session.zh-CN");
        var id = Guid.Parse(session.Split('/').Last());
        var code = await browser.App.WithDbAsync(db => db.TrainingSessions.Where(s => s.Id == id).Select(s => s.CheckInCode).SingleAsync());
        var phone = await browser.SignedInPageAsync(await browser.App.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: enterpriseId), width: 390, height: 844);
        await phone.GotoAsync($"{session}/check-in?code={code}");
        await phone.ClickAsync("[data-testid=check-in] div:has-text('周敏') button");
        await phone.WaitForSelectorAsync("[data-testid=checked-in]");
        Assert.True(await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0, "the check-in page scrolls sideways on a phone");
        await browser.ScreenshotAsync(phone, "training-check-in-390.zh-CN");

        // A code of another session checks no one in.
        await phone.GotoAsync($"{session}/check-in?code=0000");
        await phone.ClickAsync("[data-testid=check-in] div:has-text('吴磊') button");
        await phone.WaitForSelectorAsync("[data-testid=form-error]");
    }
}
