using System.Security.Claims;

namespace QualityZone.Infrastructure.Auth;

public static class ClaimsPrincipalExtensions
{
    public static Guid? DepartmentId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(AppClaims.DepartmentId), out var id) ? id : null;

    public static Guid? EnterpriseId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(AppClaims.EnterpriseId), out var id) ? id : null;

    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(AppClaims.DisplayName) ?? user.Identity?.Name ?? "";

    public static string? UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);
}
