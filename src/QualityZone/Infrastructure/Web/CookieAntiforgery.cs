using Microsoft.AspNetCore.Antiforgery;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Infrastructure.Web;

/// <summary>
/// For API operations a browser form could reach from another site (multipart uploads, raw bodies): a request
/// signed in by cookie must carry the antiforgery token (the RequestVerificationToken header every page sets for
/// htmx, or the form field); a request with a bearer token is not sent by a browser on its own and needs none.
/// </summary>
public static class CookieAntiforgery
{
    public static RouteHandlerBuilder RequireAntiforgeryForCookies(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            // A request with a bearer token passes: the registered antiforgery is BearerExemptAntiforgery.
            var http = context.HttpContext;
            if (!await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest,
                    title: Text.Get("请求缺少有效的防伪令牌：请从页面提交，或使用 API 令牌（Authorization: Bearer）"));
            return await next(context);
        });
}

/// <summary>
/// Antiforgery for the pages, as <see cref="CookieAntiforgery"/> does for the API: a request that
/// carries a bearer token is not one a browser sends on its own (a form or a link cannot add an
/// Authorization header, and a script on another site cannot without CORS), so it is not asked for
/// a token and none is made for it — a client with an API token keeps no antiforgery cookie, and
/// making one for every page it reads cost two encryptions a request (issue 22: /tasks ≤ 500 µs CPU).
/// Cookie-authenticated requests are checked by ASP.NET Core's own antiforgery as before. The same
/// header chooses the API-token scheme (AccountsSetup), so a request that has it is never signed in
/// by its cookie: a made-up bearer token is not signed in at all.
/// </summary>
public sealed class BearerExemptAntiforgery(IAntiforgery inner, AntiforgeryOptions options) : IAntiforgery
{
    private static bool Bearer(HttpContext http) => BearerToken.IsPresent(http.Request);

    private AntiforgeryTokenSet Empty => new("", null, options.FormFieldName, options.HeaderName);

    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext) => Bearer(httpContext) ? Empty : inner.GetAndStoreTokens(httpContext);

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) => Bearer(httpContext) ? Empty : inner.GetTokens(httpContext);

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => Bearer(httpContext) ? Task.FromResult(true) : inner.IsRequestValidAsync(httpContext);

    public Task ValidateRequestAsync(HttpContext httpContext) => Bearer(httpContext) ? Task.CompletedTask : inner.ValidateRequestAsync(httpContext);

    public void SetCookieTokenAndHeader(HttpContext httpContext)
    {
        if (!Bearer(httpContext)) inner.SetCookieTokenAndHeader(httpContext);
    }
}

public static class BearerExemptAntiforgeryRegistration
{
    /// <summary>Wraps the registered antiforgery service (call after AddAntiforgery / AddRazorPages).</summary>
    public static IServiceCollection AddBearerExemptAntiforgery(this IServiceCollection services) =>
        services.DecorateSingleton<IAntiforgery>((sp, inner) =>
            new BearerExemptAntiforgery(inner, sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AntiforgeryOptions>>().Value));
}
