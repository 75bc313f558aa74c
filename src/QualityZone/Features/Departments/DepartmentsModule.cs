using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Departments;

/// <summary>The member units (成员单位) of the zone's joint work: seeded first, everything else refers to them.</summary>
public sealed class DepartmentsModule : IModule
{
    public int Order => 10;

    public Task SeedAsync(IServiceProvider services, CancellationToken ct) => DepartmentSeed.EnsureAsync(services.GetRequiredService<AppDbContext>(), ct);

    public IReadOnlyList<NavigationMenu> Menus => [new("departments", 70, "成员单位", "bi-building")];
    public IReadOnlyList<NavigationEntry> Navigation => [new("departments", 0, "/departments", "成员单位", DepartmentsPermissions.View)];
}
