using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Accounts;
using QualityZone.Infrastructure.Auth;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Accounts;

public sealed class AccountsTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_the_answer_says_so_without_telling_accounts_apart()
    {
        var email = await factory.CreateUserAsync(Roles.DepartmentStaff, "finance");
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 0; i < 5; i++)
            await AppFactory.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = email, ["Input.Password"] = "wrong-password-1" });

        // Even the right password is refused now; the message names the rule, as it does for any failure
        // (the same words for an unknown account: SessionSecurityTests).
        var response = await AppFactory.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = email, ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("连续失败 5 次后账号将临时锁定 15 分钟", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True((await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email))).LockoutEnd > DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// A saved form's message reaches the next page once, in a cookie; pages read without one set no cookie at all
    /// (ASP.NET Core's provider used to delete a cookie the browser never had on every page: issue 22).
    /// </summary>
    [Fact]
    public async Task A_saved_forms_message_is_shown_once_and_pages_without_one_set_no_cookie()
    {
        var email = await factory.CreateUserAsync(Roles.EnterpriseUser);
        var client = await factory.SignInAsync(email);
        static IEnumerable<string> TempDataCookies(HttpResponseMessage response) =>
            response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Where(c => c.StartsWith(".AspNetCore.Mvc.CookieTempDataProvider", StringComparison.Ordinal)) : [];

        using (var quiet = await client.GetAsync("/", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, quiet.StatusCode);
            Assert.Empty(TempDataCookies(quiet));
        }
        using (var saved = await AppFactory.PostFormAsync(client, "/account/password",
                   new() { ["Input.Current"] = AppFactory.Password, ["Input.New"] = "Test-password-2", ["Input.Confirm"] = "Test-password-2" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            Assert.Single(TempDataCookies(saved));
        }
        using (var shown = await client.GetAsync("/", TestContext.Current.CancellationToken))
        {
            Assert.Contains("密码已修改", await shown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Contains("expires=Thu, 01 Jan 1970", Assert.Single(TempDataCookies(shown)));
        }
        using var after = await client.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("密码已修改", await after.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Empty(TempDataCookies(after));
    }

    [Fact]
    public async Task Missing_fields_on_sign_in_get_localized_messages()
    {
        var client = factory.CreateClient();
        var response = await AppFactory.PostFormAsync(client, "/account/login?culture=en", new() { ["Input.Email"] = "", ["Input.Password"] = "" }, formPage: "/account/login");
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("Enter your email", html);
        Assert.Contains("Enter your password", html);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var email = await factory.CreateUserAsync(Roles.DepartmentStaff, "finance");
        var token = await factory.CreateTokenAsync(email);
        var hash = ApiToken.Hash(token);
        await factory.WithDbAsync(db => db.ApiTokens.Where(t => t.TokenHash == hash)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)), TestContext.Current.CancellationToken));

        var response = await factory.CreateTokenClient(token).GetAsync("/api/tasks", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_deactivated_account_cannot_use_its_token()
    {
        var email = await factory.CreateUserAsync(Roles.DepartmentStaff, "finance");
        var token = await factory.CreateTokenAsync(email);
        await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.IsActive, false), TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateTokenClient(token).GetAsync("/api/tasks", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Tokens_are_created_and_listed_through_the_api_and_the_plain_value_is_shown_once()
    {
        var email = await factory.CreateUserAsync(Roles.AssociationStaff, "association");
        var client = await factory.SignInAsync(email);
        var created = await client.PostAsJsonAsync("/api/me/tokens", new { name = "ERP 对接", expiresInDays = 30 }, TestContext.Current.CancellationToken);
        var body = await created.Content.ReadFromJsonAsync<AccountsApi.CreatedTokenDto>(TestContext.Current.CancellationToken);
        Assert.StartsWith("qz_", body!.Token);

        var list = await client.GetFromJsonAsync<List<AccountsApi.TokenDto>>("/api/me/tokens", TestContext.Current.CancellationToken);
        var listed = Assert.Single(list!);
        Assert.Equal("ERP 对接", listed.Name);
        Assert.DoesNotContain(body.Token, await client.GetStringAsync("/api/me/tokens", TestContext.Current.CancellationToken));

        var me = await factory.CreateTokenClient(body.Token).GetFromJsonAsync<AccountsApi.MeDto>("/api/me", TestContext.Current.CancellationToken);
        Assert.Equal(email, me!.Email);
        Assert.Contains(Roles.AssociationStaff, me.Roles);

        var bad = await client.PostAsJsonAsync("/api/me/tokens", new { name = "x", expiresInDays = 0 }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("有效期须在 1 到 3650 天之间", await bad.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_administrator_creates_a_bound_user_who_can_then_sign_in_and_the_change_is_audited()
    {
        var admin = await factory.SignInAsync(AppFactory.AdminEmail);
        var ciq = (await factory.DepartmentIdAsync("ciq")).ToString();

        // An enterprise user without an enterprise is refused, and nothing is saved.
        var refused = await AppFactory.PostFormAsync(admin, "/admin/users/edit", new()
        {
            ["Input.Email"] = "refused@test.qz", ["Input.DisplayName"] = "无企业", ["Input.Role"] = Roles.EnterpriseUser,
        });
        Assert.Contains("企业用户必须选择所属企业", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.False(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "refused@test.qz")));

        // A weak password is refused with Identity's reason, in Chinese.
        var weak = await AppFactory.PostFormAsync(admin, "/admin/users/edit", new()
        {
            ["Input.Email"] = "weak@test.qz", ["Input.DisplayName"] = "弱密码", ["Input.Role"] = Roles.DepartmentStaff,
            ["Input.DepartmentId"] = ciq, ["Input.Password"] = "short",
        });
        Assert.Contains("密码至少需要 10 个字符", await weak.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.False(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "weak@test.qz")));

        var created = await AppFactory.PostFormAsync(admin, "/admin/users/edit", new()
        {
            ["Input.Email"] = "zhang@test.qz", ["Input.DisplayName"] = "张科长", ["Input.Role"] = Roles.DepartmentStaff,
            ["Input.DepartmentId"] = ciq, ["Input.Password"] = "Ciq-password-2026",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        var user = await factory.SignInAsync("zhang@test.qz", "Ciq-password-2026");
        var me = await user.GetFromJsonAsync<AccountsApi.MeDto>("/api/me", TestContext.Current.CancellationToken);
        Assert.Equal(Guid.Parse(ciq), me!.DepartmentId);
        Assert.Equal([Roles.DepartmentStaff], me.Roles);

        // The edit form shows the user's role and department chosen (marked by the page itself, not a tag helper).
        var form = await AppFactory.GetDocumentAsync(admin, $"/admin/users/edit/{me.Id}");
        Assert.Equal(Roles.DepartmentStaff, form.QuerySelector("select[name='Input.Role'] option[selected]")?.GetAttribute("value"));
        Assert.Equal(ciq, form.QuerySelector("select[name='Input.DepartmentId'] option[selected]")?.GetAttribute("value"));
        Assert.Null(form.QuerySelector("select[name='Input.EnterpriseId'] option[selected]"));

        var audit = await AppFactory.GetDocumentAsync(admin, "/admin/audit?entity=AppUser");
        Assert.Contains("zhang@test.qz", audit.QuerySelector("[data-testid=audit-table]")!.TextContent);
        Assert.DoesNotContain("AQAAAA", audit.Body!.InnerHtml); // no password hash in the audit trail
        // A field pointing to another record shows that record's name in the reader's language, not its id.
        var (ciqZh, ciqEn) = await factory.WithDbAsync(db => db.Departments.Where(d => d.Id == Guid.Parse(ciq)).Select(d => new ValueTuple<string, string?>(d.NameZh, d.NameEn)).SingleAsync());
        var zhangRow = audit.QuerySelectorAll("[data-testid=audit-table] tbody tr").First(r => r.TextContent.Contains("zhang@test.qz"));
        Assert.Contains(ciqZh, zhangRow.TextContent);
        Assert.DoesNotContain(ciq, zhangRow.Children[5].TextContent, StringComparison.OrdinalIgnoreCase);
        // An account (Identity's text key) by its display name too: an API token names its user.
        var tokenOwner = await factory.CreateUserAsync(Roles.DepartmentStaff, "ciq");
        await factory.CreateTokenAsync(tokenOwner);
        var (ownerId, ownerName) = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == tokenOwner).Select(u => new ValueTuple<string, string>(u.Id, u.DisplayName)).SingleAsync());
        var tokenId = (await factory.WithDbAsync(db => db.ApiTokens.Where(t => t.UserId == ownerId).Select(t => t.Id).SingleAsync())).ToString();
        var tokenRow = (await AppFactory.GetDocumentAsync(admin, "/admin/audit?entity=ApiToken")).QuerySelectorAll("[data-testid=audit-table] tbody tr")
            .First(r => r.Children[2].TextContent.Contains("新增") && r.Children[4].TextContent.Trim().Equals(tokenId, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(ownerName, tokenRow.Children[5].TextContent);
        Assert.DoesNotContain(ownerId, tokenRow.Children[5].TextContent, StringComparison.OrdinalIgnoreCase);
        // On a page with both entries, the account's own entry still shows its id as the id (only references are named).
        var ownerRow = (await AppFactory.GetDocumentAsync(admin, "/admin/audit")).QuerySelectorAll("[data-testid=audit-table] tbody tr")
            .First(r => r.Children[4].TextContent.Trim().Equals(ownerId, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(ownerId, ownerRow.Children[5].TextContent, StringComparison.OrdinalIgnoreCase);
        var english = await AppFactory.GetDocumentAsync(admin, "/admin/audit?entity=AppUser&culture=en");
        Assert.Contains(ciqEn!, english.QuerySelectorAll("[data-testid=audit-table] tbody tr").First(r => r.TextContent.Contains("zhang@test.qz")).TextContent);

        // A bulk write's entry (an MES ingest) records a summary of plain values, not [before, after]: the log shows it.
        await factory.WithDbAsync(async db =>
        {
            db.AuditEntries.Add(new QualityZone.Features.Audit.AuditEntry
            {
                At = DateTimeOffset.UtcNow, UserName = "mes@test.qz", EntityType = "ProductionBatch", EntityId = Guid.NewGuid().ToString(),
                Action = QualityZone.Features.Audit.AuditAction.Created, Changes = """{"batches":2000,"first":"BENCH-00001"}""",
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        var bulk = await AppFactory.GetDocumentAsync(admin, "/admin/audit?entity=ProductionBatch");
        Assert.Contains("BENCH-00001", bulk.QuerySelector("[data-testid=audit-table]")!.TextContent);
        // A change the platform made itself (a scheduled job, recorded as "system") is shown as such in the reader's language.
        var operators = bulk.QuerySelectorAll("[data-testid=audit-table] tbody tr").Select(r => r.Children[1].TextContent.Trim()).ToList();
        Assert.Contains("mes@test.qz", operators);
        await factory.WithDbAsync(async db =>
        {
            db.AuditEntries.Add(new QualityZone.Features.Audit.AuditEntry
            {
                At = DateTimeOffset.UtcNow, UserName = "system", EntityType = "ProductionBatch", EntityId = Guid.NewGuid().ToString(),
                Action = QualityZone.Features.Audit.AuditAction.Created, Changes = """{"batches":1,"first":"JOB-00001"}""",
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        var byJob = (await AppFactory.GetDocumentAsync(admin, "/admin/audit?entity=ProductionBatch")).QuerySelectorAll("[data-testid=audit-table] tbody tr")
            .Single(r => r.TextContent.Contains("JOB-00001"));
        Assert.Equal("系统（自动任务）", byJob.Children[1].TextContent.Trim());
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var client = await factory.SignInAsNewUserAsync(Roles.TestingCenterStaff, "testing-center");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/tasks", TestContext.Current.CancellationToken)).StatusCode);
        var token = await AppFactory.AntiforgeryTokenAsync(client, "/account/logout");
        await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), TestContext.Current.CancellationToken);
        var after = await client.GetAsync("/tasks", TestContext.Current.CancellationToken);
        Assert.Contains("/account/login", after.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Openapi_document_and_browser_are_served_and_health_checks_the_database()
    {
        var client = factory.CreateClient();
        var openapi = await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Contains("/api/tasks", openapi);
        Assert.Contains("/api/tasks/{number}", openapi);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api-docs/index.html", TestContext.Current.CancellationToken)).StatusCode);
        // The API documentation links back to the platform (issue 21): its script is injected and served.
        Assert.Contains("/js/api-docs.js", await client.GetStringAsync("/api-docs/index.html", TestContext.Current.CancellationToken));
        Assert.Contains("href = \"/\"", await client.GetStringAsync("/js/api-docs.js", TestContext.Current.CancellationToken));
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Responses_carry_security_headers()
    {
        var response = await factory.CreateClient().GetAsync("/account/login", TestContext.Current.CancellationToken);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
    }
}

/// <summary>The CLI verbs, run as a real process on the built host against a temporary database.</summary>
public sealed class CliTests
{
    private static ChildProcess.Result Run(string dataDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "QualityZone.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["Database__DataDirectory"] = dataDirectory;
        info.Environment["Database__Provider"] = "Sqlite";
        info.Environment["ConnectionStrings__Main"] = "";
        info.Environment.Remove("Admin__Email");
        info.Environment.Remove("Admin__Password");
        // seed-demo takes about 50 s on a quiet machine (51 s, 63 s of CPU, measured 2026-12-06); eight minutes allows for a
        // loaded one (it passed 300 s once while the CI suite shared two cores with a build).
        return ChildProcess.RunAsync(info, TimeSpan.FromMinutes(8), "qualityzone " + string.Join(' ', args)).GetAwaiter().GetResult();
    }

    [Fact]
    public void Seed_demo_prints_the_accounts_and_token_create_prints_a_token()
    {
        var data = Directory.CreateTempSubdirectory("qz-cli-").FullName;
        try
        {
            var seed = Run(data, "seed-demo", "--password", "Demo-password-1");
            Assert.True(seed.ExitCode == 0, seed.Stderr);
            Assert.Contains("office@demo.qz", seed.Stdout);
            // The first administrator got a generated password, printed once.
            Assert.Contains("admin@qualityzone.local", seed.Stdout);
            Assert.Matches(@"初始密码 / Initial password:\s+Qz-\S{18}", seed.Stdout);

            var again = Run(data, "seed-demo");
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("seed-demo fills an empty database only", again.Stderr);

            var token = Run(data, "token", "create", "--email", "ciq@demo.qz");
            Assert.True(token.ExitCode == 0, token.Stderr);
            Assert.Matches("^qz_[A-Za-z0-9_-]{43}$", token.Stdout.Trim());

            var unknown = Run(data, "token", "create", "--email", "nobody@demo.qz");
            Assert.Equal(1, unknown.ExitCode);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}

public sealed class SignInLimitFactory : AppFactory
{
    protected override int SignInPerMinute => 4;
}

/// <summary>Sign-in is rate-limited per address: password guessing slows to a crawl.</summary>
public sealed class SignInRateLimitTests(SignInLimitFactory factory) : IClassFixture<SignInLimitFactory>
{
    [Fact]
    public async Task Sign_in_requests_beyond_the_limit_get_429()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var statuses = new List<System.Net.HttpStatusCode>();
        for (var i = 0; i < 6; i++) statuses.Add((await client.GetAsync("/account/login", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(4, statuses.Count(s => s == System.Net.HttpStatusCode.OK));
        Assert.Equal(2, statuses.Count(s => s == System.Net.HttpStatusCode.TooManyRequests));
    }
}
