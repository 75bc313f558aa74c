using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Departments;

public sealed class DepartmentsPermissions : IModulePermissions
{
    public const string View = "Departments.View";
    public const string Manage = "Departments.Manage";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(View, "查看成员单位", Roles.Staff),
        new(Manage, "管理成员单位", Roles.ZoneAdmin),
    ];
}
