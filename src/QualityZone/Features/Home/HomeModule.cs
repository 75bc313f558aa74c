using QualityZone.Features.Accounts;
using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Home;

/// <summary>The dashboard (工作台) of every signed-in user.</summary>
public sealed class HomeModule : IModule
{
    public int Order => 0;

    public IReadOnlyList<NavigationMenu> Menus => [new("home", 0, "工作台", "bi-speedometer2")];
    public IReadOnlyList<NavigationEntry> Navigation => [new("home", 0, "/", "工作台", AccountsPermissions.Self)];

    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddScoped<DeskQueries>();
}
