namespace QualityZone.Infrastructure.Web;

/// <summary>
/// Security headers on every response. Scripts come only from this server (no inline script, no
/// CDN); inline style attributes are allowed for widths of progress bars and charts.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "camera=(self), geolocation=()";
        // The API browser ships its own inline bootstrap script.
        if (!context.Request.Path.StartsWithSegments("/api-docs")) headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return next(context);
    }
}
