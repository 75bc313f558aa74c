using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task Issue_16s_pages_render_in_both_languages_at_three_widths_without_sideways_scrolling()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var scope = browser.App.Services.CreateAsyncScope())
        {
            if (!await browser.App.WithDbAsync(db => db.CandidateLabs.AnyAsync(ct)))
            {
                await ActivatorUtilities.CreateInstance<QualityZone.Infrastructure.Demo.DemoTraining>(scope.ServiceProvider).SeedAsync(new Random(7), ct);
                await ActivatorUtilities.CreateInstance<QualityZone.Infrastructure.Demo.DemoLaboratories>(scope.ServiceProvider).SeedAsync(ct);
                await ActivatorUtilities.CreateInstance<QualityZone.Infrastructure.Demo.DemoAssociation>(scope.ServiceProvider).SeedAsync(ct);
                await ActivatorUtilities.CreateInstance<QualityZone.Infrastructure.Demo.DemoPublicity>(scope.ServiceProvider).SeedAsync(ct);
            }
        }
        var lab = await browser.App.WithDbAsync(db => db.CandidateLabs.OrderBy(l => l.Stage).Select(l => l.Id).FirstAsync(ct));
        var complaint = await browser.App.WithDbAsync(db => db.Complaints.OrderBy(c => c.Number).Select(c => c.Id).FirstAsync(ct));
        var now = DateTimeOffset.UtcNow;
        var upcoming = await browser.App.WithDbAsync(db => db.TrainingSessions.Where(s => s.StartsAt > now).OrderBy(s => s.StartsAt).Select(s => s.Id).FirstAsync(ct));
        var held = await browser.App.WithDbAsync(db => db.TrainingSessions.Where(s => db.TrainingRegistrations.Any(r => r.SessionId == s.Id && r.CertificateNumber != null)).Select(s => s.Id).FirstAsync(ct));
        var paths = new (string Path, string Name)[]
        {
            ($"/training/{held}", "training-held"), ($"/training/{upcoming}/invitations", "training-invitations"), ($"/training/{held}/questions", "training-questions"),
            ("/laboratories", "laboratories"), ($"/laboratories/{lab}", "laboratory"), ("/association", "association"), ("/association/convention", "convention"),
            ("/association/complaints", "complaints"), ($"/association/complaints/{complaint}", "complaint"), ("/complaints/new", "complaint-form"), ("/cases", "cases"), ("/media", "media"),
        };
        foreach (var (width, height) in new[] { (1280, 900), (768, 1000), (390, 844) })
        {
            var page = await browser.SignedInPageAsync(browser.StaffEmails["office"], width, height);
            foreach (var culture in new[] { "zh-CN", "en" })
            {
                await page.GotoAsync($"{browser.BaseUrl}/culture/{culture}?returnUrl=/");
                foreach (var (path, name) in paths)
                {
                    var response = await page.GotoAsync(browser.BaseUrl + path);
                    Assert.True(response!.Ok, $"{path} ({culture}): {response.Status}");
                    await browser.ScreenshotAsync(page, $"{name}-{width}.{culture}");
                    // The page's own content (the top bar's overflow at laptop widths is issue 21's, on every page).
                    var overflow = await page.EvaluateAsync<int>("() => { const m = document.querySelector('main'); return Math.max(m.scrollWidth - m.clientWidth, m.getBoundingClientRect().right - document.documentElement.clientWidth); }");
                    Assert.True(overflow <= 0, $"{path} is {overflow}px wider than {width} px ({culture})");
                }
            }
        }
    }
}
