using QualityZone.Infrastructure;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.WebEncoders;
using QualityZone.Features.Accounts;
using QualityZone.Features.Admission;
using QualityZone.Features.Commitments;
using QualityZone.Features.Departments;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Settings;
using QualityZone.Features.ZoneTasks;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Errors;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Infrastructure.Web;

/// <summary>Program.cs in three calls: services, middleware, endpoints.</summary>
public static class WebSetup
{
    public const string SmartScheme = "CookieOrToken";

    public static WebApplicationBuilder AddQualityZone(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddAppDatabase();
        services.AddSingleton<FileStore>();
        // Keys that sign cookies and antiforgery tokens survive restarts (kept beside the data).
        services.AddDataProtection().SetApplicationName("QualityZone");
        services.AddOptions<KeyManagementOptions>().Configure<IConfiguration, ILoggerFactory>((o, configuration, loggers) =>
            o.XmlRepository = new FileSystemXmlRepository(
                new DirectoryInfo(configuration["DataProtection:KeysDirectory"] ?? Path.Combine(DatabaseSetup.GetDataDirectory(configuration), "keys")), loggers));
        services.AddScoped<ZoneSettings>();
        services.AddSingleton<ZoneClock>();
        services.AddScoped<TaskProgress>();
        services.AddScoped<MeasureCommands>();
        services.AddScoped<ApiTokenService>();
        services.AddScoped<EnterpriseQueries>();
        services.AddScoped<EnterpriseCommands>();
        services.AddScoped<EnterpriseImport>();
        services.AddScoped<CertificateCommands>();
        services.AddScoped<IdentityChangeService>();
        services.AddScoped<QualityZone.Features.Notifications.NotificationService>();
        services.AddScoped<QualityZone.Features.Commitments.CommitmentService>();
        services.AddScoped<QualityZone.Features.Admission.AdmissionService>();
        services.AddScoped<QualityZone.Features.Evaluations.EvaluationService>();
        services.AddScoped<QualityZone.Features.ExportArchives.ArchiveSettings>();
        services.AddScoped<QualityZone.Features.ExportArchives.ReturnCommands>();
        services.AddScoped<QualityZone.Features.ExportArchives.ReturnImport>();
        services.AddScoped<QualityZone.Features.ExportArchives.CustomsDeclarationImport>();
        services.AddScoped<QualityZone.Features.ExportArchives.ArchiveQueries>();
        services.AddScoped<QualityZone.Infrastructure.Data.RawSql>();
        services.AddScoped<QualityZone.Features.ExportArchives.ZoneStatistics>();
        services.AddScoped<QualityZone.Features.ExportArchives.ReturnReminders>();
        services.AddScoped<QualityZone.Features.Traceability.TraceIngest>();
        services.AddScoped<QualityZone.Features.Traceability.TraceQueries>();
        services.AddScoped<QualityZone.Features.Traceability.SupplierCommands>();
        services.AddScoped<QualityZone.Features.Traceability.TraceFinder>();
        services.AddScoped<QualityZone.Features.Traceability.TraceRequests>();
        services.AddScoped<QualityZone.Features.Traceability.TraceImport>();
        services.AddScoped<QualityZone.Features.Traceability.ShipmentReturns>();
        services.AddScoped<QualityZone.Features.Actions.ActionCommands>();
        services.AddScoped<QualityZone.Features.Actions.ActionQueries>();
        services.AddScoped<QualityZone.Features.Actions.ActionEscalation>();
        services.AddScoped<QualityZone.Features.Meetings.MeetingCommands>();
        services.AddScoped<QualityZone.Features.Inspections.Checklists>();
        services.AddScoped<QualityZone.Features.Inspections.InspectionCommands>();
        services.AddScoped<QualityZone.Features.Risks.RiskCommands>();
        services.AddScoped<QualityZone.Features.Risks.EarlyWarning>();
        services.AddScoped<QualityZone.Features.Portal.NoticeMatcher>();
        services.AddScoped<QualityZone.Features.Portal.NoticeCommands>();
        services.AddScoped<QualityZone.Features.Portal.TbtCommands>();
        services.AddScoped<QualityZone.Features.Portal.NoticeFeedFetcher>();
        services.AddMemoryCache();
        services.AddHttpClient(QualityZone.Features.Portal.NoticeFeedFetcher.HttpClientName, client =>
        {
            client.Timeout = TimeSpan.FromMinutes(5);
            client.DefaultRequestHeaders.UserAgent.ParseAdd("QualityZone/1.0 (+feed importer)");
        });
        services.AddSingleton<QualityZone.Features.Notifications.EmailSettings>();
        services.AddSingleton<QualityZone.Features.Notifications.EmailDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<QualityZone.Features.Notifications.EmailDispatcher>());
        // Scheduled jobs; tests and one-off CLI runs switch them off with Jobs:Enabled=false.
        if (builder.Configuration.GetValue("Jobs:Enabled", true))
        {
            services.AddHostedService<QualityZone.Features.ExportArchives.ReturnReminderJob>();
            services.AddHostedService<QualityZone.Features.Risks.EarlyWarningJob>();
            services.AddHostedService<QualityZone.Features.Portal.NoticeFeedJob>();
        }

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

        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "qz.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/access-denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized, "需要登录或有效的 API 令牌");
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden, "无权执行此操作");
        });
        // A deactivated account loses its session at the next security-stamp check.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultAuthenticateScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
                o.DefaultForbidScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or API token", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);

        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>();
        // Fail closed: an endpoint that names no permission still needs a signed-in user
        // (and the authorization matrix test fails the build for it).
        services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddAntiforgery(o => o.HeaderName = "RequestVerificationToken");
        services.AddRazorPages(o => o.RootDirectory = "/Features")
            .AddDataAnnotationsLocalization()
            .AddMvcOptions(o =>
            {
                ModelBindingMessages.Localize(o.ModelBindingMessageProvider);
                // Required fields say so with a localized [Required(ErrorMessage = …)]; a non-nullable
                // property must not add an implicit, English "field is required".
                o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
            });
        services.AddErrorContract();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            // Chinese as text in JSON too, not \uXXXX escapes.
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        });
        services.AddOpenApi();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Sign-in requests per minute and address (Security:SignInPerMinute, 30 by default).
            var signInPerMinute = builder.Configuration.GetValue("Security:SignInPerMinute", 30);
            o.AddPolicy("sign-in", ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = signInPerMinute, Window = TimeSpan.FromMinutes(1) }));
        });
        return builder;
    }

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status, string title)
    {
        if (!ctx.Request.Path.StartsWithSegments("/api") && !ctx.Request.Path.StartsWithSegments("/openapi"))
        {
            ctx.Response.Redirect(ctx.RedirectUri);
            return Task.CompletedTask;
        }
        ctx.Response.StatusCode = status;
        return Results.Problem(statusCode: status, title: Text.Get(title)).ExecuteAsync(ctx.HttpContext);
    }

    /// <summary>Migrates the configured database and seeds the reference data and the first administrator.</summary>
    public static async Task InitializeAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        using var actor = AuditActor.Use("system");
        await DatabaseSetup.MigrateAsync(app.Services, cancellationToken);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await DepartmentSeed.EnsureAsync(db, cancellationToken);
        await TaskSeed.EnsureAsync(db, cancellationToken);
        await CodeLists.EnsureAsync(db, cancellationToken);
        await QualityZone.Features.Commitments.CommitmentService.EnsureTemplateAsync(db, cancellationToken);
        await QualityZone.Features.Admission.AdmissionService.EnsureCriteriaAsync(db, cancellationToken);
        await QualityZone.Features.Evaluations.EvaluationService.EnsureCriteriaAsync(db, cancellationToken);
        await QualityZone.Features.Inspections.Checklists.EnsureDefaultAsync(db, cancellationToken);
        await QualityZone.Features.Portal.PortalSeed.EnsureAsync(db, cancellationToken);
        await AccountBootstrap.EnsureAsync(scope.ServiceProvider, app.Configuration, app.Logger, cancellationToken);
    }

    public static WebApplication UseQualityZone(this WebApplication app)
    {
        app.UseErrorContract();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseRequestLocalization();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(FindWebRoot(app)) });
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api-docs";
            o.SwaggerEndpoint("/openapi/v1.json", "QualityZone API v1");
            o.DocumentTitle = "QualityZone API";
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
        app.MapOpenApi().RequirePermission(AccountsPermissions.Public);
        app.MapSystemEndpoints();
        app.MapAccountsApi();
        app.MapZoneTasksApi();
        app.MapTaskDownloads();
        app.MapEnterprisesApi();
        app.MapCommitments();
        app.MapAdmission();
        QualityZone.Features.ExportArchives.ExportArchivesApi.MapExportArchivesApi(app);
        QualityZone.Features.Traceability.TraceabilityApi.MapTraceabilityApi(app);
        QualityZone.Features.Actions.ActionsApi.MapActionsApi(app);
        QualityZone.Features.Inspections.InspectionsApi.MapInspectionsApi(app);
        QualityZone.Features.Risks.RisksApi.MapRisksApi(app);
        QualityZone.Features.Portal.PortalApi.MapPortalApi(app);
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
