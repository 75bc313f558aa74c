using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Accounts;

/// <summary>
/// "Authorization: Bearer qz_…" for API clients. The token is hashed and looked up; a revoked or
/// expired token, or a deactivated account, fails authentication and the attempt is logged.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenCache cache,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    /// <summary>On a principal signed in by token: when that token expires (round-trip format), absent for a token without expiry.</summary>
    public const string ExpiresClaim = "qz.token_expires";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!BearerToken.IsPresent(Request)) return AuthenticateResult.NoResult();
        var plain = Request.Headers.Authorization.ToString()[BearerToken.Prefix.Length..].Trim();
        var hash = ApiToken.Hash(plain);
        // A token seen within the last seconds: no query, no claims rebuilt (ApiTokenCache says how long a revocation elsewhere may take).
        if (cache.Find(hash) is { } known) return Success(known);
        // Resolved on a miss only: the claims factory brings Identity's UserManager and its dozen services, and the
        // database context, which a request answered from the cache never needs (issue 22.2: every request's fixed cost).
        var db = Context.RequestServices.GetRequiredService<AppDbContext>();
        var claimsFactory = Context.RequestServices.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        var token = await db.ApiTokens.Include(t => t.User).SingleOrDefaultAsync(t => t.TokenHash == hash, Context.RequestAborted);
        var now = clock.GetUtcNow();
        string? failure = token is null ? "unknown token"
            : token.RevokedAt is not null ? "revoked token"
            : !token.IsActiveAt(now) ? "expired token"
            : token.User is not { IsActive: true } ? "inactive account"
            : null;
        if (failure is not null)
        {
            Logger.LogWarning("API token rejected ({Reason}) for {Path} from {Ip}", failure, Request.Path, Context.Connection.RemoteIpAddress);
            return AuthenticateResult.Fail(failure);
        }

        if (token!.TouchIfStale(now)) await db.SaveChangesAsync(Context.RequestAborted);
        var principal = await claimsFactory.CreateAsync(token.User!);
        var claims = principal.Claims.ToList();
        if (token.ExpiresAt is { } expires) claims.Add(new Claim(ExpiresClaim, expires.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        cache.Remember(hash, claims, token.ExpiresAt);
        return Success(claims);
    }

    /// <summary>A fresh principal per request from the claims (never a shared, mutable one).</summary>
    private static AuthenticateResult Success(IEnumerable<Claim> claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role)), SchemeName));

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(statusCode: 401, title: QualityZone.Infrastructure.Localization.Text.Get("需要登录或有效的 API 令牌")).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(statusCode: 403, title: QualityZone.Infrastructure.Localization.Text.Get("无权执行此操作")).ExecuteAsync(Context);
    }
}

/// <summary>Adds the department, enterprise and display name to the signed-in principal.</summary>
public sealed class AppClaimsPrincipalFactory(UserManager<AppUser> userManager, RoleManager<IdentityRole> roleManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(AppClaims.DisplayName, user.DisplayName));
        if (user.DepartmentId is { } departmentId) identity.AddClaim(new Claim(AppClaims.DepartmentId, departmentId.ToString()));
        if (user.EnterpriseId is { } enterpriseId) identity.AddClaim(new Claim(AppClaims.EnterpriseId, enterpriseId.ToString()));
        return identity;
    }
}
