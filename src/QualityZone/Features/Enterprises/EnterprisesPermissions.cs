using System.Security.Claims;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Enterprises;

public sealed class EnterprisesPermissions : IModulePermissions
{
    /// <summary>Read enterprises: staff read all, an enterprise user only its own (EnterpriseScope).</summary>
    public const string Read = "Enterprises.Read";
    /// <summary>Register, edit, import and manage enterprises dynamically: the zone office.</summary>
    public const string Manage = "Enterprises.Manage";
    /// <summary>Edit a profile: the office any, an enterprise its own (identity fields stay with the office).</summary>
    public const string Edit = "Enterprises.Edit";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(Read, "查看企业名录与档案（企业用户仅限本企业）", [.. Roles.Staff, Roles.EnterpriseUser]),
        new(Manage, "登记、编辑、导入企业，动态管理（警示、暂停、移出）", Roles.ZoneAdmin),
        new(Edit, "维护企业资料（企业用户仅限本企业，名称与代码除外）", Roles.ZoneAdmin, Roles.EnterpriseUser),
    ];
}

/// <summary>
/// Which enterprises a user may see. Staff see all; an enterprise user sees only the enterprise it
/// is bound to; anyone else (an enterprise user without a binding) sees none: fail closed.
/// </summary>
public sealed record EnterpriseScope(bool All, Guid? EnterpriseId)
{
    public static EnterpriseScope For(ClaimsPrincipal user) =>
        Roles.Staff.Any(user.IsInRole) ? new(true, null) : new(false, user.EnterpriseId());

    public bool Allows(Guid enterpriseId) => All || EnterpriseId == enterpriseId;
}

public static class EnterpriseScopeExtensions
{
    public static IQueryable<Enterprise> ForScope(this IQueryable<Enterprise> query, EnterpriseScope scope) =>
        scope.All ? query : query.Where(e => scope.EnterpriseId != null && e.Id == scope.EnterpriseId);
}
