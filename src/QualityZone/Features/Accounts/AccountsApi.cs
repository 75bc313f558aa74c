using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Accounts;

/// <summary><c>/api/me</c> and the caller's own API tokens.</summary>
public static class AccountsApi
{
    public sealed record MeDto(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, Guid? DepartmentId, Guid? EnterpriseId);
    public sealed record TokenDto(Guid Id, string Name, string Hint, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);
    public sealed record CreateTokenRequest(string? Name, int? ExpiresInDays);
    public sealed record CreatedTokenDto(Guid Id, string Name, string Token, DateTimeOffset? ExpiresAt);

    public static void MapAccountsApi(this WebApplication app)
    {
        var api = app.MapGroup("/api").WithTags("Accounts");

        api.MapGet("/me", (ClaimsPrincipal user) => new MeDto(
                user.UserId()!, user.Identity!.Name!, user.DisplayName(),
                user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList(), user.DepartmentId(), user.EnterpriseId()))
            .RequirePermission(AccountsPermissions.Self)
            .WithSummary("当前账号 / The signed-in account: name, role, department or enterprise");

        api.MapGet("/me/tokens", async (ClaimsPrincipal user, AppDbContext db, CancellationToken ct) =>
                await db.ApiTokens.AsNoTracking().Where(t => t.UserId == user.UserId()).OrderByDescending(t => t.CreatedAt)
                    .Select(t => new TokenDto(t.Id, t.Name, t.Hint, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt)).ToListAsync(ct))
            .RequirePermission(AccountsPermissions.Self)
            .WithSummary("我的 API 令牌 / My API tokens (never the secret), with last use");

        api.MapPost("/me/tokens", async Task<Results<Ok<CreatedTokenDto>, ProblemHttpResult>> ([FromBody] CreateTokenRequest request, ClaimsPrincipal user, ApiTokenService tokens, CancellationToken ct) =>
            {
                var result = await tokens.CreateAsync(user.UserId()!, request.Name, request.ExpiresInDays, ct, ApiTokenService.NotAfter(user));
                return result.Error is not null
                    ? TypedResults.Problem(statusCode: 400, title: result.Error)
                    : TypedResults.Ok(new CreatedTokenDto(result.Token!.Id, result.Token.Name, result.PlainText!, result.Token.ExpiresAt));
            })
            .RequirePermission(AccountsPermissions.Self)
            .WithSummary("创建 API 令牌 / Create an API token; the secret is shown in this answer only");

        api.MapDelete("/me/tokens/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, ApiTokenService tokens, CancellationToken ct) =>
                await tokens.RevokeAsync(user.UserId()!, id, ct) ? TypedResults.NoContent() : TypedResults.Problem(statusCode: 404, title: Text.Get("令牌不存在")))
            .RequirePermission(AccountsPermissions.Self)
            .WithSummary("吊销 API 令牌 / Revoke one of my API tokens");
    }
}

/// <summary>Creates and revokes personal API tokens (pages, API and the CLI verb share it).</summary>
public sealed class ApiTokenService(AppDbContext db, ApiTokenCache cache, TimeProvider clock)
{
    public sealed record Created(ApiToken? Token, string? PlainText, string? Error);

    /// <summary>The expiry of the token the request was signed in with; null for a cookie or a token without expiry.</summary>
    public static DateTimeOffset? NotAfter(ClaimsPrincipal user) =>
        user.FindFirst(ApiTokenAuthenticationHandler.ExpiresClaim)?.Value is { } value
            ? DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind)
            : null;

    /// <summary>
    /// Creates a token. <paramref name="notAfter"/> is the expiry of the token making the request: a token cannot
    /// make one that outlives it (a leaked short-lived token would otherwise mint a permanent one). Without an
    /// expiry asked for, the new token expires with its parent.
    /// </summary>
    public async Task<Created> CreateAsync(string userId, string? name, int? expiresInDays, CancellationToken ct, DateTimeOffset? notAfter = null)
    {
        name = string.IsNullOrWhiteSpace(name) ? "API" : name.Trim();
        if (name.Length > 100) return new(null, null, Text.Get("令牌名称不能超过 100 个字"));
        if (expiresInDays is < 1 or > 3650) return new(null, null, Text.Get("有效期须在 1 到 3650 天之间"));
        var now = clock.GetUtcNow();
        var expiresAt = expiresInDays is { } days ? now.AddDays(days) : notAfter;
        if (notAfter is { } limit && expiresAt > limit)
            return new(null, null, Text.Format("用令牌创建的令牌不能晚于该令牌的到期时间（{0:yyyy-MM-dd HH:mm} UTC）", limit));
        var (token, plain) = ApiToken.Create(userId, name, now, expiresAt);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new(token, plain, null);
    }

    public async Task<bool> RevokeAsync(string userId, Guid tokenId, CancellationToken ct)
    {
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, ct);
        if (token is null) return false;
        token.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        cache.Clear();
        return true;
    }
}
