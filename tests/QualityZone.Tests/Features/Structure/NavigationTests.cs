using System.Security.Claims;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Modules;

namespace QualityZone.Tests.Features.Structure;

/// <summary>The top bar is kept per set of roles (issue 22.2); each user must still get exactly the entries their roles grant.</summary>
public sealed class NavigationTests
{
    private static ClaimsPrincipal As(params string[] roles) => new(new ClaimsIdentity(roles.Select(r => new Claim(ClaimTypes.Role, r)), "test"));

    private static List<string> Granted(ClaimsPrincipal user) =>
        ModuleCatalog.All.SelectMany(m => m.Navigation).Where(e => PermissionCatalog.IsGranted(user, e.Permission)).Select(e => e.Href).Order().ToList();

    private static List<string> Shown(ClaimsPrincipal user) =>
        ModuleCatalog.NavigationFor(user).SelectMany(m => m.Entries).Select(e => e.Href).Order().ToList();

    [Fact]
    public void Each_set_of_roles_gets_the_entries_it_is_granted_whatever_was_asked_before()
    {
        ClaimsPrincipal[] users =
        [
            .. Roles.Assignable.Select(r => As(r)), As(Roles.DepartmentStaff, Roles.ZoneAdmin), As(),
            new ClaimsPrincipal(new ClaimsIdentity()), // a visitor
        ];
        // Twice round, in both orders: a bar kept under the wrong key would show one user's entries to another.
        foreach (var user in users.Concat(users.Reverse()))
            Assert.Equal(Granted(user), Shown(user));
        Assert.NotEqual(Shown(As(Roles.ZoneAdmin)), Shown(As(Roles.EnterpriseUser)));
        Assert.NotEqual(Shown(As(Roles.EnterpriseUser)), Shown(new ClaimsPrincipal(new ClaimsIdentity())));
    }

    [Fact]
    public void A_menu_is_active_on_the_pages_under_its_entries_first_segment()
    {
        Assert.Equal("/", new NavigationEntry("home", 0, "/", "工作台", "p").Section);
        Assert.Equal("/archives", new NavigationEntry("archives", 0, "/archives/zone", "示范区统计", "p").Section);
        Assert.Equal("/tasks", new NavigationEntry("tasks", 0, "/tasks", "建设任务清单", "p").Section);
    }
}
