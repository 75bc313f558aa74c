using QualityZone.Features.Audit;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Features.Accounts;
using QualityZone.Infrastructure.Auth;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Security;

/// <summary>Counts password-hash checks: every failed sign-in must cost one, whatever the reason.</summary>
public sealed class CountingPasswordHasher : IPasswordHasher<AppUser>
{
    private readonly PasswordHasher<AppUser> inner = new();
    private int verifications;
    public int Verifications => Volatile.Read(ref verifications);
    public string HashPassword(AppUser user, string password) => inner.HashPassword(user, password);
    public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref verifications);
        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock : TimeProvider
{
    private long ticks = DateTimeOffset.UtcNow.UtcTicks;
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);
    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}

/// <summary>Counts password-hash checks, and runs the security-stamp check on a clock the test moves.</summary>
public sealed class SessionSecurityFactory : AppFactory
{
    public CountingPasswordHasher Hasher { get; } = new();
    public ManualClock StampClock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IPasswordHasher<AppUser>>(Hasher)
            .Configure<SecurityStampValidatorOptions>(o => o.TimeProvider = StampClock));
    }
}

/// <summary>Issue 19, findings 4 to 7: sessions, tokens, sign-in answers, cookie uploads, score fields, links.</summary>
public sealed class SessionSecurityTests(SessionSecurityFactory factory) : IClassFixture<SessionSecurityFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Signs in without a cookie container: returns the Cookie header a browser would send afterwards.</summary>
    private async Task<string> SignInCookieAsync(string email)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var page = await client.GetAsync("/account/login", Ct);
        var antiforgery = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = Regex.Match(await page.Content.ReadAsStringAsync(Ct), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = AppFactory.Password, ["__RequestVerificationToken"] = token }),
        };
        request.Headers.Add("Cookie", antiforgery);
        var signedIn = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return antiforgery + "; " + signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("qz.auth=")).Split(';')[0];
    }

    private async Task<HttpStatusCode> MeAsync(string cookie)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(request, Ct)).StatusCode;
    }

    [Fact]
    public async Task Signing_out_ends_the_session_on_the_server_and_a_copied_cookie_stops_working_at_once()
    {
        var email = await factory.CreateUserAsync(Roles.AssociationStaff, "association");
        var cookie = await SignInCookieAsync(email);
        var elsewhere = await SignInCookieAsync(email); // the same person on a second computer
        Assert.Equal(HttpStatusCode.OK, await MeAsync(cookie));

        // Sign out with the browser's cookie (the form posts the antiforgery token of the signed-in page).
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, "/account/logout");
        pageRequest.Headers.Add("Cookie", cookie);
        var page = await (await client.SendAsync(pageRequest, Ct)).Content.ReadAsStringAsync(Ct);
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/account/logout") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }) };
        logout.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SendAsync(logout, Ct)).StatusCode);

        // A copy of the cookie taken before signing out is refused now, not at its expiry; the other computer stays signed in.
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(cookie));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(elsewhere));

        // Issue 21: the sign-ins and the sign-out are in the security log, a wrong password too; the audit trail of business
        // data has only the account's creation (a sign-in's bookkeeping on the user record is not a business change).
        var wrong = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var loginPage = await wrong.GetStringAsync("/account/login", Ct);
        var loginToken = Regex.Match(loginPage, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        await wrong.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["Input.Email"] = email, ["Input.Password"] = "wrong-password-1", ["__RequestVerificationToken"] = loginToken }), Ct);
        var events = await factory.WithDbAsync(db => db.SecurityEvents.Where(e => e.Account == email).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync(Ct));
        Assert.Equal([SecurityEventKind.SignedIn, SecurityEventKind.SignedIn, SecurityEventKind.SignedOut, SecurityEventKind.SignInFailed], events);
        var user = await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email, Ct));
        Assert.Equal([AuditAction.Created], await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == "AppUser" && a.EntityId == user.Id).Select(a => a.Action).ToListAsync(Ct)));
        var admin = await factory.SignInAsync(AppFactory.AdminEmail);
        var log = await AppFactory.GetDocumentAsync(admin, "/admin/security-log?account=" + Uri.EscapeDataString(email));
        var rows = log.QuerySelectorAll("[data-testid=security-log] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(4, rows.Count);
        Assert.Contains(rows, r => r.Contains("登录失败"));
        // The audit log names the record in words, not by class.
        var audit = await AppFactory.GetDocumentAsync(admin, "/admin/audit?entity=AppUser");
        Assert.Contains("用户账号", audit.QuerySelector("[data-testid=audit-table] tbody")!.TextContent);
        Assert.DoesNotContain(">AppUser<", audit.QuerySelector("[data-testid=audit-table] tbody")!.InnerHtml);

        // Deactivating the account ends every session at once.
        var deactivated = await AppFactory.PostFormAsync(admin, $"/admin/users/edit/{user.Id}", new()
        {
            ["Input.Email"] = email, ["Input.DisplayName"] = user.DisplayName, ["Input.Role"] = Roles.AssociationStaff,
            ["Input.DepartmentId"] = user.DepartmentId.ToString()!, ["Input.IsActive"] = "false",
        });
        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(elsewhere));
    }

    /// <summary>
    /// Issue 22: the session check is answered from memory while the sessions' stamp stands. Another instance that ends a
    /// session only changes the database (the session and the stamp); this instance must refuse the cookie at its next request.
    /// </summary>
    [Fact]
    public async Task A_session_ended_by_another_instance_is_refused_at_the_next_request()
    {
        var email = await factory.CreateUserAsync(Roles.AssociationStaff, "association");
        var cookie = await SignInCookieAsync(email);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(cookie));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(cookie)); // now remembered as open

        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct));
        await factory.WithDbAsync(db => UserSessions.EndAllAsync(db, userId, DateTimeOffset.UtcNow, Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(cookie));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(await SignInCookieAsync(email))); // a new sign-in is a new session
    }

    /// <summary>
    /// A changed role ends the user's sessions at the next security-stamp check, due a minute after the cookie was issued;
    /// before it is due no request builds the validator (issue 22), after it every request is checked.
    /// </summary>
    [Fact]
    public async Task A_changed_role_ends_the_session_when_the_stamp_check_falls_due()
    {
        var email = await factory.CreateUserAsync(Roles.AssociationStaff, "association");
        var cookie = await SignInCookieAsync(email);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(cookie));

        var user = await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email, Ct));
        var admin = await factory.SignInAsync(AppFactory.AdminEmail);
        var changed = await AppFactory.PostFormAsync(admin, $"/admin/users/edit/{user.Id}", new()
        {
            ["Input.Email"] = email, ["Input.DisplayName"] = user.DisplayName, ["Input.Role"] = Roles.DepartmentStaff,
            ["Input.DepartmentId"] = (await factory.DepartmentIdAsync("market-supervision")).ToString(), ["Input.IsActive"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(cookie)); // not due yet: the old cookie still reads as before

        factory.StampClock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(cookie));
    }

    [Fact]
    public async Task A_token_cannot_create_a_token_that_outlives_it()
    {
        var email = await factory.CreateUserAsync(Roles.AssociationStaff, "association");
        string parent;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
            parent = (await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(user!.Id, "短期令牌", 5, Ct)).PlainText!;
        }
        var client = factory.CreateTokenClient(parent);

        var longer = await client.PostAsJsonAsync("/api/me/tokens", new { name = "永久", expiresInDays = 365 }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, longer.StatusCode);
        Assert.Contains("不能晚于该令牌的到期时间", await longer.Content.ReadAsStringAsync(Ct));

        var unlimited = await client.PostAsJsonAsync("/api/me/tokens", new { name = "未指定有效期" }, Ct);
        Assert.Equal(HttpStatusCode.OK, unlimited.StatusCode);
        var expires = (await unlimited.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expires, DateTimeOffset.UtcNow.AddDays(4.9), DateTimeOffset.UtcNow.AddDays(5.1));

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/me/tokens", new { name = "两天", expiresInDays = 2 }, Ct)).StatusCode);
        // Signed in by cookie, the person chooses freely.
        var browser = await factory.SignInAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsJsonAsync("/api/me/tokens", new { name = "一年", expiresInDays = 365 }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Sign_in_answers_the_same_for_unknown_inactive_wrong_and_locked_accounts_and_checks_one_hash_each()
    {
        var known = await factory.CreateUserAsync(Roles.AssociationStaff, "association");
        var inactive = await factory.CreateUserAsync(Roles.AssociationStaff, "association");
        var locked = await factory.CreateUserAsync(Roles.AssociationStaff, "association");
        await factory.WithDbAsync(async db =>
        {
            await db.Users.Where(u => u.Email == inactive).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false), Ct);
            await db.Users.Where(u => u.Email == locked).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, DateTimeOffset.UtcNow.AddMinutes(15)), Ct);
        });

        async Task<(string Message, int Hashes)> AttemptAsync(string email, string password)
        {
            var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var before = factory.Hasher.Verifications;
            var response = await AppFactory.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(Ct));
            return (page.QuerySelector(".validation-summary-errors, [data-valmsg-summary]")!.TextContent.Trim(), factory.Hasher.Verifications - before);
        }

        var answers = new[]
        {
            await AttemptAsync("nobody-" + Guid.NewGuid().ToString("N") + "@test.qz", "Wrong-password-1"),
            await AttemptAsync(inactive, AppFactory.Password),
            await AttemptAsync(known, "Wrong-password-1"),
            await AttemptAsync(locked, AppFactory.Password), // even the right password: the account is locked
        };
        Assert.All(answers, a => Assert.Equal(answers[0].Message, a.Message));
        Assert.Contains("邮箱或密码不正确", answers[0].Message);
        Assert.All(answers, a => Assert.Equal(1, a.Hashes));
    }

    [Fact]
    public async Task Pages_ask_a_cookie_session_for_the_antiforgery_token_but_not_a_bearer_token()
    {
        // A browser session: a page sets the antiforgery cookie and a form without the token is refused.
        var email = await factory.CreateUserAsync(Roles.DepartmentStaff, "ciq");
        var browser = await factory.SignInAsync(email);
        var forged = await browser.PostAsync("/notifications", new FormUrlEncodedContent(new Dictionary<string, string>()), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.True((await AppFactory.PostFormAsync(browser, "/notifications", [])).StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK);

        // A client with an API token keeps no cookies: its page reads make no antiforgery cookie or token (issue 22: two
        // encryptions a request), and its form posts are not asked for one — a browser never adds an Authorization header on its own.
        var api = factory.CreateTokenClient(await factory.CreateTokenAsync(email));
        var page = await api.GetAsync("/tasks", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain(page.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.Contains("Antiforgery", StringComparison.Ordinal));
        Assert.Contains("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"\"", await page.Content.ReadAsStringAsync(Ct));
        var posted = await api.PostAsync("/notifications", new FormUrlEncodedContent(new Dictionary<string, string>()), Ct);
        Assert.True(posted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"a bearer post answered {(int)posted.StatusCode}");

        // A made-up bearer token does not fall back to the session cookie: it is not signed in at all.
        using var junk = new HttpRequestMessage(HttpMethod.Post, "/notifications") { Content = new FormUrlEncodedContent(new Dictionary<string, string>()) };
        junk.Headers.Authorization = new("Bearer", "qz_not-a-token");
        Assert.True((await browser.SendAsync(junk, Ct)).StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Cookie_uploads_need_the_antiforgery_token_and_a_refused_upload_stores_nothing()
    {
        var staffEmail = await factory.CreateUserAsync(Roles.AssociationStaff, "association");
        var browser = await factory.SignInAsync(staffEmail);
        var feed = "[]"u8.ToArray();
        var forged = await browser.PostAsync("/api/notices/import", new ByteArrayContent(feed), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("防伪令牌", await forged.Content.ReadAsStringAsync(Ct));
        // The page's own header makes it a request of the platform's pages; a bearer token is never sent by a browser on its own.
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/notices/import") { Content = new ByteArrayContent(feed) })
        {
            request.Headers.Add("RequestVerificationToken", await AppFactory.AntiforgeryTokenAsync(browser, "/portal/manage"));
            Assert.NotEqual("防伪令牌", await (await browser.SendAsync(request, Ct)).Content.ReadAsStringAsync(Ct) is var body && body.Contains("防伪令牌") ? "防伪令牌" : body);
        }

        // An upload to an action the user may not answer: refused, and no file is kept.
        var enterprise = await factory.CreateEnterpriseAsync("孤儿文件测试气动有限公司");
        var office = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.ZoneAdmin)));
        var created = await office.PostAsJsonAsync("/api/actions", new
        {
            source = "TestFailure", enterpriseId = enterprise, title = "证据上传测试", severity = "Minor", dueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)),
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var stranger = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: await factory.CreateEnterpriseAsync("他家气动"))));
        var files = Path.Combine(factory.DataDirectory, "files");
        int Stored() => Directory.Exists(files) ? Directory.EnumerateFiles(files, "*", SearchOption.AllDirectories).Count() : 0;
        var before = Stored();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(QualityZone.Infrastructure.Demo.DemoSeeder.MinimalPdf("orphan " + Guid.NewGuid())), "file", "x.pdf" }, { new StringContent("0"), "version" } };
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/actions/{id}/evidence", form, Ct)).StatusCode);
        Assert.Equal(before, Stored());
    }

    [Fact]
    public async Task An_enterprise_cannot_raise_its_own_score_fields_and_asks_the_office_instead()
    {
        var enterprise = await factory.CreateEnterpriseAsync("评分字段测试气动有限公司");
        var company = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise);
        var tier = await factory.WithDbAsync(db => db.CodeListItems.Where(i => i.List == "customs-credit-tier" && i.IsActive).Select(i => i.Code).FirstAsync(Ct));
        var profile = await company.GetFromJsonAsync<JsonElement>($"/api/enterprises/{enterprise}", Ct);
        var saved = await company.PutAsJsonAsync($"/api/enterprises/{enterprise}", new
        {
            creditCode = profile.GetProperty("creditCode").GetString(), nameZh = "评分字段测试气动有限公司", customsCreditTier = tier,
            labCnasAccredited = true, labCnasNumber = "CNAS L99999", labCnasExpiry = "2030-01-01", qualityContact = "新负责人",
        }, Ct);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync(Ct));
        var after = await factory.WithDbAsync(db => db.Enterprises.AsNoTracking().SingleAsync(e => e.Id == enterprise, Ct));
        Assert.Equal("新负责人", after.QualityContact); // its own fields are saved
        Assert.Null(after.CustomsCreditTier);          // the score fields are not
        Assert.False(after.LabCnasAccredited);

        // Through the change request, the office decides the customs tier; the CNAS accreditation is not the enterprise's to declare
        // at all (the CNAS tracker records it from the certificate), so a request carrying it changes nothing there.
        var requested = await AppFactory.PostFormAsync(company, $"/enterprises/{enterprise}", new()
        {
            ["nameZh"] = after.NameZh, ["creditCode"] = after.CreditCode, ["customsCreditTier"] = tier, ["labCnasAccredited"] = "true",
            ["labCnasNumber"] = "CNAS L99999", ["labCnasExpiry"] = "2030-01-01", ["reason"] = "获 CNAS 认可",
        }, handler: "RequestChange");
        Assert.Equal(HttpStatusCode.Redirect, requested.StatusCode);
        var request = await factory.WithDbAsync(db => db.IdentityChangeRequests.SingleAsync(r => r.EnterpriseId == enterprise, Ct));
        var office = await factory.SignInAsync(AppFactory.AdminEmail);
        await AppFactory.PostFormAsync(office, $"/enterprises/{enterprise}", new() { ["requestId"] = request.Id.ToString(), ["approve"] = "true" }, handler: "DecideChange");
        var approved = await factory.WithDbAsync(db => db.Enterprises.AsNoTracking().SingleAsync(e => e.Id == enterprise, Ct));
        Assert.Equal((tier, false, (string?)null), (approved.CustomsCreditTier, approved.LabCnasAccredited, approved.LabCnasNumber));
        // Nor can the office type it into the profile.
        var office2 = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.ZoneAdmin)));
        var byOffice = await office2.PutAsJsonAsync($"/api/enterprises/{enterprise}", new
        {
            creditCode = approved.CreditCode, nameZh = approved.NameZh, customsCreditTier = tier, labCnasAccredited = true, labCnasNumber = "CNAS L88888", labCnasExpiry = "2030-01-01",
        }, Ct);
        Assert.True(byOffice.IsSuccessStatusCode, await byOffice.Content.ReadAsStringAsync(Ct));
        Assert.False(await factory.WithDbAsync(db => db.Enterprises.AsNoTracking().Where(e => e.Id == enterprise).Select(e => e.LabCnasAccredited).SingleAsync(Ct)));
    }

    [Theory]
    [InlineData("javascript:alert(document.cookie)", false)]
    [InlineData("JaVaScRiPt:alert(1)", false)]
    [InlineData("data:text/html,<script>alert(1)</script>", false)]
    [InlineData("vbscript:msgbox(1)", false)]
    [InlineData("//evil.example/x", false)]
    [InlineData("https://ec.europa.eu/safety-gate-alerts/screen/webReport/alertDetail/10000000", true)]
    [InlineData("http://www.cpsc.gov/Recalls/2026/x", true)]
    public async Task Notice_addresses_are_links_only_when_they_are_web_addresses(string url, bool link)
    {
        var staff = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.AssociationStaff, "association")));
        var reference = "LINK-" + Guid.NewGuid().ToString("N")[..8];
        var feed = JsonSerializer.SerializeToUtf8Bytes(new[] { new { RecallNumber = reference, RecallID = Random.Shared.Next(1_000_000, 9_000_000), Title = "Link test", RecallDate = "2026-01-05", URL = url } });
        var imported = await staff.PostAsync("/api/notices/import", new ByteArrayContent(feed), Ct);
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync(Ct));
        var id = await factory.WithDbAsync(db => db.Set<QualityZone.Features.Portal.Notice>().Where(n => n.Reference!.Contains(reference)).Select(n => n.Id).SingleAsync(Ct));
        var page = await AppFactory.GetDocumentAsync(factory.CreateClient(), $"/portal/notices/{id}");
        var cell = page.QuerySelector("[data-testid=notice-url]")!;
        Assert.Contains(url, cell.TextContent);
        Assert.Equal(link, cell.QuerySelector("a") is not null);
        Assert.DoesNotContain(page.QuerySelectorAll("a[href]"), a => (a.GetAttribute("href") ?? "").Trim().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase));
    }
}
