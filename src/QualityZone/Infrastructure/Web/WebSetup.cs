using Microsoft.Extensions.Options;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.WebEncoders;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Errors;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Modules;
using QualityZone.Infrastructure.Telemetry;

namespace QualityZone.Infrastructure.Web;

/// <summary>Program.cs in three calls: services, middleware, endpoints.</summary>
public static class WebSetup
{
    public static WebApplicationBuilder AddQualityZone(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<TimeProvider>(AppTime.Instance);
        services.AddHttpContextAccessor();
        services.AddAppDatabase();
        services.AddSingleton<FileStore>();
        services.AddSingleton<Documents.DocumentFonts>().AddSingleton<Documents.Charts>().AddHttpContextAccessor().AddScoped<Documents.VerificationStrip>();
        services.AddSingleton<OutboundAddresses>();
        services.AddTelemetry(builder.Configuration);
        // Structured logs for a log shipper: one JSON object per line (Logging:Format = json).
        if (string.Equals(builder.Configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.UseUtcTimestamp = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ"; });
        }
        // Keys that sign cookies and antiforgery tokens live in the database: they survive restarts, every
        // instance on the same database shares them (a session signed in on one works on the other), and a backup holds them.
        services.AddDataProtection().SetApplicationName("QualityZone");
        services.AddSingleton<IConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>(sp =>
            new ConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o => o.XmlRepository = new SqlKeyRepository(sp.GetRequiredService<RawSql>())));
        services.AddSingleton<QualityZone.Infrastructure.Jobs.JobHeartbeats>();
        services.AddSingleton<QualityZone.Infrastructure.Jobs.JobLeases>();
        services.AddSingleton<ZoneClock>();
        services.AddSingleton<RawSql>();
        services.AddSingleton<ReadCache>();
        services.AddMemoryCache();
        // Every feature module's services and jobs (Infrastructure/Modules).
        services.AddModules(builder.Configuration);

        // Chinese must be written as text, not as &#x..; entities.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddSingleton<IStringLocalizerFactory, TextLocalizerFactory>();
        services.AddSingleton<IStringLocalizer, TextLocalizer>();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Text.Chinese);
            o.SupportedCultures = o.SupportedUICultures = Text.Supported;
            // Chinese is the default whatever the browser says; the user switches explicitly.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>();
        // Fail closed: an endpoint that names no permission still needs a signed-in user
        // (and the authorization matrix test fails the build for it).
        services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddReverseProxySupport(builder.Configuration);
        services.AddRazorPages(o => o.RootDirectory = "/Features")
            .AddDataAnnotationsLocalization()
            .AddMvcOptions(o =>
            {
                ModelBindingMessages.Localize(o.ModelBindingMessageProvider);
                // Required fields say so with a localized [Required(ErrorMessage = …)]; a non-nullable
                // property must not add an implicit, English "field is required".
                o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
            });
        services.AddBearerExemptAntiforgery();
        services.AddQuietCookieTempData();
        services.AddErrorContract();
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddApiContract();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Sign-in requests per minute and address (Security:SignInPerMinute, 30 by default).
            var signInPerMinute = builder.Configuration.GetValue("Security:SignInPerMinute", 30);
            o.AddPolicy("sign-in", ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = signInPerMinute, Window = TimeSpan.FromMinutes(1) }));
            // Report verifications per minute and address (Security:VerifyPerMinute, 20 by default): a code cannot be guessed by trying.
            var verifyPerMinute = builder.Configuration.GetValue("Security:VerifyPerMinute", 20);
            o.AddPolicy("verify", ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = verifyPerMinute, Window = TimeSpan.FromMinutes(1) }));
        });
        return builder;
    }

    /// <summary>Migrates the configured database and seeds the reference data and the first administrator.</summary>
    public static async Task InitializeAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        using var actor = AuditActor.Use("system");
        // EF's model of ~150 entity types takes about two seconds to build and cannot be compiled
        // ahead of time (EF 10 refuses compiled models with query filters, which soft delete uses).
        // It is built on another core once the host listens and its route table is built (see
        // MapQualityZone); the first request that needs it waits for it (EF builds a model once,
        // under a lock). Meanwhile the other core discovers the Razor pages, which mapping them
        // needs (0.5 s). A restart reads the migration history and the seed fingerprint without the
        // model (issue 22: start-up).
        _ = Task.Run(() => app.Services.GetRequiredService<Microsoft.AspNetCore.Mvc.Infrastructure.IActionDescriptorCollectionProvider>().ActionDescriptors, cancellationToken);
        await DatabaseSetup.MigrateAsync(app.Services, cancellationToken);
        await using var scope = app.Services.CreateAsyncScope();
        await ModuleCatalog.SeedModulesAsync(scope.ServiceProvider, cancellationToken, onlyWhenChanged: true);
    }

    public static WebApplication UseQualityZone(this WebApplication app)
    {
        // First: every later step (rate limits, cookies, HSTS, links) sees the client's address and scheme, not the proxy's.
        app.UseForwardedHeaders();
        app.UseErrorContract();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseRequestLocalization();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(FindWebRoot(app)) });
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api-docs";
            o.SwaggerEndpoint("/openapi/v1.json", "QualityZone API v1");
            o.DocumentTitle = "QualityZone API";
            o.InjectJavascript("/js/api-docs.js"); // a way back to the platform
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapQualityZone(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapOpenApi().RequirePermission(SystemPermissions.Public);
        app.MapSystemEndpoints();
        app.MapMetrics();
        app.MapModules();
        // The route table of ~240 pages and the API is built on first use (the first request's wait);
        // it is built here on another thread while Kestrel starts, and EF's model after it once the host listens.
        var sources = ((IEndpointRouteBuilder)app).DataSources.ToList();
        var routes = Task.Run(() =>
        {
            foreach (var source in sources) _ = source.Endpoints;
        });
        app.Lifetime.ApplicationStarted.Register(() => routes.ContinueWith(built =>
        {
            using var scope = app.Services.CreateScope();
            _ = scope.ServiceProvider.GetRequiredService<AppDbContext>().Model;
        }, TaskScheduler.Default));
        return app;
    }

    /// <summary>
    /// wwwroot is read from the content root when it has the restored front-end packages (dotnet run,
    /// tests), else from the build output (published or run from bin).
    /// </summary>
    private static string FindWebRoot(WebApplication app)
    {
        string[] candidates = [Path.Combine(app.Environment.ContentRootPath, "wwwroot"), Path.Combine(AppContext.BaseDirectory, "wwwroot")];
        return candidates.FirstOrDefault(c => Directory.Exists(Path.Combine(c, "lib", "bootstrap"))) ?? candidates[^1];
    }
}
