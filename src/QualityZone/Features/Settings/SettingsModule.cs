using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Settings;

/// <summary>The zone office's configurable lists (基础配置) and zone-wide settings.</summary>
public sealed class SettingsModule : IModule
{
    public int Order => 15;

    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddScoped<ZoneSettings>();

    public Task SeedAsync(IServiceProvider services, CancellationToken ct) => CodeLists.EnsureAsync(services.GetRequiredService<AppDbContext>(), ct);

    public IReadOnlyList<NavigationEntry> Navigation => [new("admin", 20, "/admin/lists", "基础配置", SettingsPermissions.Configure)];
}
