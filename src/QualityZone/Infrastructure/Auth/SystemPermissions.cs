namespace QualityZone.Infrastructure.Auth;

/// <summary>The host's own permission: what anyone may open (sign-in, language switch, health, the API description).</summary>
public sealed class SystemPermissions : IModulePermissions
{
    public const string Public = "Accounts.Public";

    public static IReadOnlyList<Permission> All { get; } = [new(Public, "公开页面：登录、语言切换、健康检查", Roles.All)];
}
