using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace QualityZone.Infrastructure.Auth;

/// <summary>A named permission and the roles that hold it by default.</summary>
public sealed record Permission(string Name, string Description, params string[] DefaultRoles)
{
    public bool IsPublic => DefaultRoles.Contains(Roles.Public);
    public bool IsGrantedTo(string role) => DefaultRoles.Contains(role);
}

/// <summary>Each module declares its permissions in a <c>&lt;Module&gt;Permissions</c> class implementing this.</summary>
public interface IModulePermissions
{
    static abstract IReadOnlyList<Permission> All { get; }
}

/// <summary>Every permission of every module, found by reflection over <see cref="IModulePermissions"/>.</summary>
public static class PermissionCatalog
{
    private static readonly Lazy<IReadOnlyDictionary<string, Permission>> ByName = new(() =>
        typeof(PermissionCatalog).Assembly.GetTypes()
            .Where(t => t.GetInterfaces().Contains(typeof(IModulePermissions)))
            .SelectMany(t => (IReadOnlyList<Permission>)t.GetProperty(nameof(IModulePermissions.All), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!)
            .ToDictionary(p => p.Name, StringComparer.Ordinal));

    public static IEnumerable<Permission> All => ByName.Value.Values;

    public static Permission Get(string name) =>
        ByName.Value.TryGetValue(name, out var permission) ? permission
            : throw new InvalidOperationException($"Permission '{name}' is not declared by any module.");

    public static bool IsGranted(ClaimsPrincipal user, string permissionName)
    {
        var permission = Get(permissionName);
        if (permission.IsPublic) return true;
        if (user.Identity?.IsAuthenticated != true) return false;
        return permission.DefaultRoles.Any(user.IsInRole);
    }
}

/// <summary>
/// Names the permission a page or endpoint requires. Works as [RequirePermission(...)] on a page
/// and as <c>.RequirePermission(...)</c> on a minimal API endpoint; the authorization matrix test
/// reads it from endpoint metadata.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequirePermissionAttribute : AuthorizeAttribute
{
    public const string PolicyPrefix = "permission:";

    public RequirePermissionAttribute(string permission)
    {
        Permission = permission;
        Policy = PolicyPrefix + permission;
    }

    public string Permission { get; }
}

public static class PermissionEndpointExtensions
{
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string permission) where TBuilder : IEndpointConventionBuilder
    {
        var attribute = new RequirePermissionAttribute(permission);
        builder.WithMetadata(attribute);
        return builder.RequireAuthorization(attribute);
    }
}

public sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

public sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (PermissionCatalog.IsGranted(context.User, requirement.Permission)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>Builds "permission:X" policies on demand; everything else falls back to the default provider.</summary>
public sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    /// <summary>
    /// A "permission:X" policy depends on its name only, so the authorization middleware may keep each endpoint's combined
    /// policy. The base class allows that only for itself: a derived provider had every request build its policy anew
    /// (a builder, a policy and its requirement lists, then their combination; issue 22).
    /// </summary>
    public override bool AllowsCachingPolicies => true;

    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (!policyName.StartsWith(RequirePermissionAttribute.PolicyPrefix, StringComparison.Ordinal))
            return await base.GetPolicyAsync(policyName);
        var permission = PermissionCatalog.Get(policyName[RequirePermissionAttribute.PolicyPrefix.Length..]);
        var builder = new AuthorizationPolicyBuilder();
        // A non-public permission needs a signed-in user, so an anonymous request is challenged
        // (sign-in page or 401) rather than forbidden.
        if (!permission.IsPublic) builder.RequireAuthenticatedUser();
        return builder.AddRequirements(new PermissionRequirement(permission.Name)).Build();
    }
}
