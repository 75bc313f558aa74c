using QualityZone.Infrastructure.Auth;

namespace QualityZone.Infrastructure.Modules;

/// <summary>
/// What a feature module brings to the host: its services, endpoints, navigation entries and the
/// reference data it seeds at start. The host finds every implementation in the assembly (as it
/// finds the permissions of <see cref="IModulePermissions"/>) and names none of them: adding a
/// module is adding a folder with a <c>&lt;Module&gt;Module.cs</c>. Razor pages under the folder are
/// found by Razor Pages itself.
/// </summary>
public interface IModule
{
    /// <summary>Where the module's seed runs and its menu stands: lower first (reference data before what refers to it).</summary>
    int Order { get; }

    /// <summary>Services, and background jobs through <see cref="ModuleServices.AddJob{TJob}"/>.</summary>
    void AddServices(IServiceCollection services, IConfiguration configuration) { }

    /// <summary>The module's minimal-API endpoints (each naming its permission).</summary>
    void MapEndpoints(WebApplication app) { }

    /// <summary>Reference data the module needs at every start (idempotent: it adds only what is missing).</summary>
    Task SeedAsync(IServiceProvider services, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The module's menus of the top bar and its entries in them (its own or another module's menu).</summary>
    IReadOnlyList<NavigationMenu> Menus => [];
    IReadOnlyList<NavigationEntry> Navigation => [];
}

/// <summary>A menu of the top bar; shown as a plain link when the user can open only one of its entries.</summary>
/// <param name="EnterpriseLabel">The label an enterprise user sees instead (本企业 rather than 企业名录).</param>
public sealed record NavigationMenu(string Key, int Order, string Label, string Icon, string? EnterpriseLabel = null);

/// <summary>An entry of a menu, shown to users who hold its permission.</summary>
public sealed record NavigationEntry(string Menu, int Order, string Href, string Label, string Permission, string? EnterpriseLabel = null)
{
    /// <summary>The first segment of the entry's path ("/archives"), "/" for the home page: a page under it marks the menu active.</summary>
    public string Section { get; } = Href.Split('/', StringSplitOptions.RemoveEmptyEntries) is [var first, ..] ? "/" + first : "/";
}

/// <summary>Every module of the assembly, found by reflection, in their order.</summary>
public static class ModuleCatalog
{
    private static readonly Lazy<IReadOnlyList<IModule>> Modules = new(() =>
        typeof(ModuleCatalog).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IModule).IsAssignableFrom(t))
            .Select(t => (IModule)Activator.CreateInstance(t)!)
            .OrderBy(m => m.Order).ThenBy(m => m.GetType().FullName, StringComparer.Ordinal)
            .ToList());

    public static IReadOnlyList<IModule> All => Modules.Value;

    /// <summary>The name of a module: its folder under Features.</summary>
    public static string NameOf(IModule module) => module.GetType().Namespace!.Split('.').Last();

    public static IServiceCollection AddModules(this IServiceCollection services, IConfiguration configuration)
    {
        foreach (var module in All) module.AddServices(services, configuration);
        return services;
    }

    public static WebApplication MapModules(this WebApplication app)
    {
        foreach (var module in All) module.MapEndpoints(app);
        return app;
    }

    /// <summary>
    /// Runs every module's seed (reference data, code lists, the 23 tasks, the first administrator).
    /// With <paramref name="onlyWhenChanged"/>, skipped when nothing they read has changed since
    /// they last ran: the build (the embedded seed files are in it) and the administrator settings,
    /// fingerprinted in the zone's settings — a restart does not re-check nine seeds (issue 22: start-up).
    /// </summary>
    public static async Task SeedModulesAsync(IServiceProvider services, CancellationToken ct, bool onlyWhenChanged = false)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join('\n', typeof(ModuleCatalog).Assembly.ManifestModule.ModuleVersionId, configuration["Admin:Email"], configuration["Admin:Password"]))));
        // Read past EF: on a restart this is the only read before the host listens, and EF's model is still being built (WebSetup.InitializeAsync).
        var sql = services.GetRequiredService<Data.RawSql>();
        string? stored;
        await using (var connection = await sql.OpenAsync(ct))
        await using (var command = sql.Command(connection, """SELECT "Value" FROM zone_settings WHERE "Key" = @key""", [("@key", SeedFingerprintKey)]))
            stored = await command.ExecuteScalarAsync(ct) as string;
        if (onlyWhenChanged && stored == fingerprint) return;
        foreach (var module in All) await module.SeedAsync(services, ct);
        await using (var connection = await sql.OpenAsync(ct))
        await using (var command = sql.Command(connection, """
            INSERT INTO zone_settings ("Key", "Value", "UpdatedAt") VALUES (@key, @value, @at)
            ON CONFLICT ("Key") DO UPDATE SET "Value" = excluded."Value", "UpdatedAt" = excluded."UpdatedAt"
            """, [("@key", SeedFingerprintKey), ("@value", fingerprint), ("@at", DateTimeOffset.UtcNow)]))
            await command.ExecuteNonQueryAsync(ct);
    }

    private const string SeedFingerprintKey = "system.seed-fingerprint";

    /// <summary>
    /// The top bar for a user: the menus with the entries the user may open, in order. What a user may open depends on
    /// nothing but being signed in and the roles (<see cref="PermissionCatalog.IsGranted"/>), so the bar is made once for
    /// each set of roles rather than on every page (issue 22.2: every request's fixed cost).
    /// </summary>
    public static IReadOnlyList<(NavigationMenu Menu, IReadOnlyList<NavigationEntry> Entries)> NavigationFor(System.Security.Claims.ClaimsPrincipal user) =>
        NavigationByRoles.GetOrAdd(RolesKey(user), static (_, user) => BuildNavigation(user), user);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<(NavigationMenu, IReadOnlyList<NavigationEntry>)>> NavigationByRoles = new();

    /// <summary>The roles as <see cref="System.Security.Claims.ClaimsPrincipal.IsInRole"/> reads them (each identity's role claim type); "-" for a visitor.</summary>
    private static string RolesKey(System.Security.Claims.ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated != true ? "-"
            : string.Join(',', user.Identities.SelectMany(i => i.FindAll(i.RoleClaimType)).Select(c => c.Value).Distinct().Order(StringComparer.Ordinal));

    private static IReadOnlyList<(NavigationMenu Menu, IReadOnlyList<NavigationEntry> Entries)> BuildNavigation(System.Security.Claims.ClaimsPrincipal user)
    {
        var entries = All.SelectMany(m => m.Navigation).Where(e => PermissionCatalog.IsGranted(user, e.Permission)).ToList();
        return All.SelectMany(m => m.Menus).OrderBy(m => m.Order)
            .Select(menu => (menu, (IReadOnlyList<NavigationEntry>)entries.Where(e => e.Menu == menu.Key).OrderBy(e => e.Order).ToList()))
            .Where(m => m.Item2.Count > 0)
            .ToList();
    }
}

public static class ModuleServices
{
    /// <summary>A scheduled job; tests and one-off CLI runs switch all of them off with Jobs:Enabled=false.</summary>
    public static IServiceCollection AddJob<TJob>(this IServiceCollection services, IConfiguration configuration) where TJob : class, IHostedService
    {
        if (configuration.GetValue("Jobs:Enabled", true)) services.AddHostedService<TJob>();
        return services;
    }

    /// <summary>Scoped services of a module, in one line each.</summary>
    public static IServiceCollection AddScopedServices(this IServiceCollection services, params Type[] types)
    {
        foreach (var type in types) ServiceCollectionServiceExtensions.AddScoped(services, type);
        return services;
    }
}
