using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Accounts;

public sealed class AccountsPermissions : IModulePermissions
{
    /// <summary>Sign-in, sign-out, language switch, the public landing page and health checks (declared by the host).</summary>
    public const string Public = SystemPermissions.Public;
    public const string Self = "Accounts.Self";
    public const string ManageUsers = "Accounts.ManageUsers";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(Self, "个人设置：修改密码、个人 API 令牌", Roles.Assignable),
        new(ManageUsers, "管理用户账号与角色", Roles.ZoneAdmin),
    ];
}
