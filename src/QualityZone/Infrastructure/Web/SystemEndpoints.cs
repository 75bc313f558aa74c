using Microsoft.AspNetCore.Localization;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Infrastructure.Web;

public static class SystemEndpoints
{
    public static void MapSystemEndpoints(this WebApplication app)
    {
        // Liveness: the process serves requests (a supervisor restarts it when this fails).
        app.MapGet("/healthz/live", () => Results.Text("Healthy"))
            .RequirePermission(SystemPermissions.Public)
            .ExcludeFromDescription();
        // Readiness: the database answers, the data directory takes files, no job loop has died (a proxy sends no
        // traffic to an instance that is not ready). /healthz is the same check, kept for existing monitors.
        app.MapGet("/healthz/ready", Readiness.CheckAsync).RequirePermission(SystemPermissions.Public).ExcludeFromDescription();
        app.MapGet("/healthz", Readiness.CheckAsync).RequirePermission(SystemPermissions.Public).ExcludeFromDescription();

        // The floor for page benchmarks: the same server's plainest possible response.
        app.MapGet("/ping", () => "pong")
            .RequirePermission(SystemPermissions.Public)
            .ExcludeFromDescription();

        // Language switch: remembers the choice in a cookie for a year and goes back.
        app.MapGet("/culture/{culture}", (string culture, string? returnUrl, HttpContext ctx) =>
            {
                var chosen = Text.Supported.FirstOrDefault(c => string.Equals(c.Name, culture, StringComparison.OrdinalIgnoreCase)) ?? Text.Chinese;
                ctx.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true, Secure = ctx.Request.IsHttps });
                return Results.LocalRedirect(string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') || returnUrl.StartsWith("//") ? "/" : returnUrl);
            })
            .RequirePermission(SystemPermissions.Public)
            .ExcludeFromDescription();
    }
}
