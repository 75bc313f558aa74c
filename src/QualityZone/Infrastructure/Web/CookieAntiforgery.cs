using Microsoft.AspNetCore.Antiforgery;
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
            var http = context.HttpContext;
            if (!http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest,
                    title: Text.Get("请求缺少有效的防伪令牌：请从页面提交，或使用 API 令牌（Authorization: Bearer）"));
            return await next(context);
        });
}
