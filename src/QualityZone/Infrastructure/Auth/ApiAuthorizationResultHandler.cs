using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Infrastructure.Auth;

/// <summary>
/// API clients get a localized ProblemDetails for 401 and 403, whichever scheme they used; pages
/// keep the usual sign-in and access-denied redirects.
/// </summary>
public sealed class ApiAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (Errors.ErrorContract.IsApi(context) && !authorizeResult.Succeeded)
        {
            var status = authorizeResult.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
            if (status == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "Bearer";
            await Results.Problem(statusCode: status,
                title: Text.Get(status == StatusCodes.Status403Forbidden ? "无权执行此操作" : "需要登录或有效的 API 令牌")).ExecuteAsync(context);
            return;
        }
        await fallback.HandleAsync(next, context, policy, authorizeResult);
    }
}
