using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using QualityZone.Features.Accounts;

using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Tests.Infrastructure;

/// <summary>
/// The whole app over HTTP on a database of its own: a temporary SQLite file, or a fresh database
/// on the PostgreSQL server the test script starts (QZ_TEST_POSTGRES). Migrations and seeding run
/// exactly as at a real start.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@test.qz";
    public const string Password = "Test-password-1";

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "qz-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The server's data directory (SQLite file, uploaded files).</summary>
    public string DataDirectory => dataDirectory;
    private string? postgresDatabase;

    public AppFactory() : this(DatabaseProvider.Sqlite) { }

    protected AppFactory(DatabaseProvider provider) => Provider = provider;

    public DatabaseProvider Provider { get; }

    protected virtual int SignInPerMinute => 10_000;

    /// <summary>The tests' own feed servers listen on 127.0.0.1, which the platform refuses unless allow-listed.</summary>
    protected virtual string[] AllowedPrivateAddresses => ["127.0.0.1"];

    public static string? PostgresServer => Environment.GetEnvironmentVariable("QZ_TEST_POSTGRES");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(dataDirectory);
        builder.UseEnvironment("Testing");
        // Every module's services must resolve (a registration mistake fails at start, not at the first request).
        builder.UseDefaultServiceProvider(o => { o.ValidateOnBuild = true; o.ValidateScopes = true; });
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("Database:DataDirectory", dataDirectory);
        builder.UseSetting("Admin:Email", AdminEmail);
        builder.UseSetting("Admin:Password", Password);
        builder.UseSetting("Files:MaxBytes", (1024 * 1024).ToString());
        // Scheduled jobs would act on the tests' data at unpredictable moments; the tests call them directly.
        builder.UseSetting("Jobs:Enabled", "false");
        // Every test signs in from the same address; the limit itself is tested with its own factory.
        builder.UseSetting("Security:SignInPerMinute", SignInPerMinute.ToString());
        // The host names the test server answers to (TestServer's own, and one the proxy tests use); any other is refused.
        builder.UseSetting("AllowedHosts", "localhost;127.0.0.1;qz.test");
        for (var i = 0; i < AllowedPrivateAddresses.Length; i++) builder.UseSetting($"Outbound:AllowedPrivate:{i}", AllowedPrivateAddresses[i]);
        // Unhandled exceptions of the server under test, kept where a failing test can be explained (server-errors.log beside the test assembly).
        builder.ConfigureLogging(logging => logging.AddProvider(new ServerErrorLog()));
        if (Provider == DatabaseProvider.Postgres)
        {
            var server = PostgresServer ?? throw new InvalidOperationException("QZ_TEST_POSTGRES is not set: run the tests with scripts/test.sh");
            postgresDatabase = "qz_test_" + Guid.NewGuid().ToString("N")[..16];
            builder.UseSetting("ConnectionStrings:Main", new NpgsqlConnectionStringBuilder(server) { Database = postgresDatabase }.ToString());
        }
    }

    public virtual ValueTask InitializeAsync()
    {
        if (Provider == DatabaseProvider.Postgres && PostgresServer is null) return ValueTask.CompletedTask;
        _ = Server; // starts the host: migrations and seeding run here
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// PostgreSQL tests need the server that scripts/test.sh starts. Without it they are skipped
    /// on a developer's machine, and fail in CI, where skipping would hide a missing server.
    /// </summary>
    public void RequireDatabase()
    {
        if (Provider != DatabaseProvider.Postgres || PostgresServer is not null) return;
        if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail("QZ_TEST_POSTGRES is not set in CI");
        Assert.Skip("QZ_TEST_POSTGRES is not set: run scripts/test.sh for the PostgreSQL tests");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(PostgresServer);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{postgresDatabase}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public Task WithDbAsync(Func<AppDbContext, Task> action) => WithDbAsync(async db => { await action(db); return 0; });

    /// <summary>
    /// Makes the database refuse to insert into <paramref name="table"/> a row whose <paramref name="column"/> is
    /// <paramref name="value"/> (a trigger; a full disk or a concurrent insert in life) until the result is disposed:
    /// a save that fails half-way through.
    /// </summary>
    public async Task<IAsyncDisposable> RefuseInsertAsync(string table, string column, string value)
    {
        var postgres = Provider == DatabaseProvider.Postgres;
        string[] refuse = postgres
            ? ["CREATE OR REPLACE FUNCTION qz_test_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql",
               $"CREATE TRIGGER qz_test_refuse BEFORE INSERT ON {table} FOR EACH ROW WHEN (NEW.\"{column}\" = '{value}') EXECUTE FUNCTION qz_test_refuse()"]
            : [$"CREATE TRIGGER qz_test_refuse BEFORE INSERT ON {table} WHEN NEW.\"{column}\" = '{value}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"];
        string[] allow = postgres ? [$"DROP TRIGGER qz_test_refuse ON {table}", "DROP FUNCTION qz_test_refuse()"] : ["DROP TRIGGER qz_test_refuse"];
        await WithDbAsync(async db => { foreach (var sql in refuse) await db.Database.ExecuteSqlRawAsync(sql); });
        return new Refusal(() => WithDbAsync(async db => { foreach (var sql in allow) await db.Database.ExecuteSqlRawAsync(sql); }));
    }

    private sealed class Refusal(Func<Task> allow) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await allow();
    }

    public async Task<Guid> DepartmentIdAsync(string code) =>
        await WithDbAsync(db => db.Departments.Where(d => d.Code == code).Select(d => d.Id).SingleAsync());

    public async Task<Guid> CreateEnterpriseAsync(string name)
    {
        var enterprise = new Enterprise { CreditCode = CreditCode.Complete("9133028" + Random.Shared.Next(1000000, 9999999) + "MA"), NameZh = name, CreatedAt = DateTimeOffset.UtcNow };
        await WithDbAsync(async db => { db.Enterprises.Add(enterprise); await db.SaveChangesAsync(); });
        return enterprise.Id;
    }

    /// <summary>Creates an account with the role and binding given; returns its email.</summary>
    public async Task<string> CreateUserAsync(string role, string? departmentCode = null, Guid? enterpriseId = null)
    {
        var email = $"{role}-{Guid.NewGuid():N}@test.qz";
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = $"测试 {role}",
            DepartmentId = departmentCode is null ? null : await DepartmentIdAsync(departmentCode),
            EnterpriseId = enterpriseId,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        AccountBootstrap.Check(await users.CreateAsync(user, Password));
        AccountBootstrap.Check(await users.AddToRoleAsync(user, role));
        return email;
    }

    /// <summary>A client signed in through the real login form (cookie, antiforgery).</summary>
    public async Task<HttpClient> SignInAsync(string email, string password = Password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await PostFormAsync(client, "/account/login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"sign-in as {email} failed: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>Signs in a new user of the given role (bound as given).</summary>
    public async Task<HttpClient> SignInAsNewUserAsync(string role, string? departmentCode = null, Guid? enterpriseId = null) =>
        await SignInAsync(await CreateUserAsync(role, departmentCode, enterpriseId));

    public async Task<string> CreateTokenAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
        var result = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(user!.Id, "test", null, CancellationToken.None);
        return result.PlainText!;
    }

    public HttpClient CreateTokenClient(string token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>GETs the page the form is on, then posts the form with its antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> fields, string? formPage = null, string? handler = null)
    {
        var token = await AntiforgeryTokenAsync(client, formPage ?? url);
        fields["__RequestVerificationToken"] = token;
        var target = handler is null ? url : $"{url}?handler={handler}";
        return await client.PostAsync(target, new FormUrlEncodedContent(fields));
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string pageUrl)
    {
        var html = await client.GetStringAsync(pageUrl);
        var match = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        if (!match.Success) throw new InvalidOperationException($"no antiforgery token on {pageUrl}");
        return match.Groups[1].Value;
    }

    public static async Task<IHtmlDocument> GetDocumentAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode}");
        return new HtmlParser().ParseDocument(html);
    }
}

public sealed class PostgresAppFactory() : AppFactory(DatabaseProvider.Postgres);

/// <summary>Appends the server's errors (with their exceptions) to server-errors.log beside the test assembly: a test sees a redirect to /error, the log says why.</summary>
public sealed class ServerErrorLog : ILoggerProvider
{
    private static readonly string File = Path.Combine(AppContext.BaseDirectory, "server-errors.log");
    private static readonly Lock Gate = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);
    public void Dispose() { }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            lock (Gate) System.IO.File.AppendAllText(File, $"{DateTime.UtcNow:O} {category}: {formatter(state, exception)}\n{exception}\n\n");
        }
    }
}
