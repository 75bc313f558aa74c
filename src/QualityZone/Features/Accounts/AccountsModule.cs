using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Accounts;

/// <summary>Accounts, roles, personal API tokens; the first administrator is created at the first start.</summary>
public sealed class AccountsModule : IModule
{
    // Last: the bootstrap account may be bound to reference data seeded before it.
    public int Order => 1000;

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddAccounts().AddSingleton<ApiTokenCache>().AddScoped<ApiTokenService>().AddScoped<Departments.IDepartmentFigure, AccountsDepartmentFigure>();

    public void MapEndpoints(WebApplication app) => app.MapAccountsApi();

    public Task SeedAsync(IServiceProvider services, CancellationToken ct) =>
        AccountBootstrap.EnsureAsync(services, services.GetRequiredService<IConfiguration>(), services.GetRequiredService<ILoggerFactory>().CreateLogger("QualityZone.Accounts"), ct);

    public IReadOnlyList<NavigationMenu> Menus => [new("admin", 80, "系统管理", "bi-gear")];
    public IReadOnlyList<NavigationEntry> Navigation => [new("admin", 0, "/admin/users", "用户管理", AccountsPermissions.ManageUsers)];
}
