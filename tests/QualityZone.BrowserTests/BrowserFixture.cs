using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Infrastructure.Auth;
using Microsoft.Playwright;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.BrowserTests;

/// <summary>
/// The app on a real Kestrel port, driven by Debian's Chromium through Playwright (no browser
/// download: ExecutablePath points at /usr/bin/chromium).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public AppFactory App { get; } = new();
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    /// <summary>The enterprise holding the planted recall story (DemoTrace).</summary>
    public Guid StoryEnterprise { get; private set; }
    public string BaseUrl { get; private set; } = "";
    /// <summary>The seeded enterprises, the story enterprise first.</summary>
    public IReadOnlyList<Guid> Enterprises { get; private set; } = [];
    /// <summary>Staff accounts of the supervision demo data by key (office, ciq, market, economy, commerce).</summary>
    public Dictionary<string, string> StaffEmails { get; } = [];
    public string Artifacts { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("QZ_TEST_ARTIFACTS") ?? Path.Combine(Path.GetTempPath(), "qz-artifacts"), "screenshots");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Artifacts);
        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        // The demo zone's enterprises, so pages are looked at with realistic data; the tasks stay
        // untouched, so the tests see their own progress.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var seeder = ActivatorUtilities.CreateInstance<QualityZone.Infrastructure.Demo.DemoSeeder>(scope.ServiceProvider);
            var enterprises = await seeder.SeedEnterprisesAsync(new Random(7), 120, DateTimeOffset.UtcNow, CancellationToken.None);
            StoryEnterprise = enterprises[0];
            // Two years of monthly returns, so the archive pages have something to show.
            await new QualityZone.Infrastructure.Demo.DemoReturns(scope.ServiceProvider.GetRequiredService<QualityZone.Infrastructure.Data.AppDbContext>())
                .SeedAsync(new Random(7), DateOnly.FromDateTime(DateTime.UtcNow), 24, 6, CancellationToken.None);
            // Traceability for eight of them, the first with the planted recall story.
            await new QualityZone.Infrastructure.Demo.DemoTrace(scope.ServiceProvider.GetRequiredService<QualityZone.Infrastructure.Data.AppDbContext>())
                .SeedAsync(new Random(7), DateOnly.FromDateTime(DateTime.UtcNow), enterprises.Take(8).ToList(), 600, null, plantStory: true, CancellationToken.None);
            // Meetings, inspections, actions and risks, with a team of this fixture's own staff, then the signals.
            var db = scope.ServiceProvider.GetRequiredService<QualityZone.Infrastructure.Data.AppDbContext>();
            var staff = new Dictionary<string, (string Id, string Name)>();
            foreach (var (key, role, department) in new[] { ("office", Roles.ZoneAdmin, "zone-office"), ("ciq", Roles.DepartmentStaff, "ciq"), ("market", Roles.DepartmentStaff, "market-supervision"),
                         ("economy", Roles.DepartmentStaff, "economy-it"), ("commerce", Roles.DepartmentStaff, "commerce") })
            {
                var email = await App.CreateUserAsync(role, department);
                StaffEmails[key] = email;
                staff[key] = await db.Users.Where(u => u.Email == email).Select(u => new ValueTuple<string, string>(u.Id, u.DisplayName)).SingleAsync();
            }
            var departments = await db.Departments.ToDictionaryAsync(d => d.Code, d => d.Id);
            await ActivatorUtilities.CreateInstance<QualityZone.Infrastructure.Demo.DemoSupervision>(scope.ServiceProvider)
                .SeedAsync(new Random(7), DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)), enterprises, departments, staff, CancellationToken.None);
            await ActivatorUtilities.CreateInstance<QualityZone.Infrastructure.Demo.DemoPortal>(scope.ServiceProvider)
                .SeedAsync(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)), enterprises, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<QualityZone.Features.Risks.EarlyWarning>().ComputeAsync(CancellationToken.None);
            Enterprises = enterprises;
        }
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("QZ_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<IPage> SignedInPageAsync(string email, int width = 1400, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        // A sign-in that ends anywhere but on "/" (refused, throttled, an error page, or sent back to the sign-in page)
        // used to leave a wait for "/" to run out its 120 s with nothing said (a CI run of 0030748). The navigation the
        // click starts is now followed to its end, and a wrong landing fails at once with the way it went and what the
        // page says. A server error or a throttle is tried once more, as a person would; a refusal is not.
        for (var attempt = 1; ; attempt++)
        {
            await page.GotoAsync(BaseUrl + "/account/login", new PageGotoOptions { Timeout = 120_000 });
            await page.FillAsync("#Input_Email", email);
            await page.FillAsync("#Input_Password", AppFactory.Password);
            // The office's dashboard is the heaviest first page; a loaded CI machine gets 120 s, not Playwright's default 30.
            var landing = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"),
                r => r.Request.IsNavigationRequest && r.Status is not (>= 300 and < 400), new PageRunAndWaitForResponseOptions { Timeout = 120_000 });
            await page.WaitForLoadStateAsync(LoadState.Load, new PageWaitForLoadStateOptions { Timeout = 120_000 });
            if (landing.Url == BaseUrl + "/" && landing.Ok) return page;
            var way = new List<string>();
            for (var request = landing.Request; request is not null; request = request.RedirectedFrom)
                way.Insert(0, $"{request.Method} {request.Url} → {(await request.ResponseAsync())?.Status}");
            var said = await page.Locator(await page.Locator("main").CountAsync() > 0 ? "main" : "body").InnerTextAsync();
            var why = $"sign-in of {email} (attempt {attempt}) ended on {landing.Url}: {string.Join("; ", way)}. The page says: {said[..Math.Min(said.Length, 600)]}";
            if (attempt == 2 || landing.Status is not (429 or >= 500)) throw new InvalidOperationException(why);
            Console.Error.WriteLine(why + " — trying once more");
        }
    }

    public async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await App.DisposeAsync();
    }
}
