using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Modules;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Portal;

/// <summary>The information portal (质量安全信息服务平台, task 14): notices, feeds, alerts, TBT responses.</summary>
public sealed class PortalModule : IModule
{
    public int Order => 100;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScopedServices(typeof(NoticeMatcher), typeof(NoticeCommands), typeof(TbtCommands), typeof(NoticeFeedFetcher));
        services.AddHttpClient(NoticeFeedFetcher.HttpClientName, client =>
        {
            client.Timeout = TimeSpan.FromMinutes(5);
            client.DefaultRequestHeaders.UserAgent.ParseAdd("QualityZone/1.0 (+feed importer)");
        }).ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<OutboundAddresses>().CreateHandler());
        services.AddJob<NoticeFeedJob>(configuration);
    }

    public void MapEndpoints(WebApplication app) => app.MapPortalApi();

    public Task SeedAsync(IServiceProvider services, CancellationToken ct) => PortalSeed.EnsureAsync(services.GetRequiredService<AppDbContext>(), ct);

    public IReadOnlyList<NavigationMenu> Menus => [new("portal", 60, "信息服务", "bi-globe2")];
    public IReadOnlyList<NavigationEntry> Navigation =>
    [
        new("portal", 0, "/portal", "质量安全信息服务平台", PortalPermissions.Read),
        new("portal", 10, "/portal/alerts", "信息预警", PortalPermissions.Alerts),
        new("portal", 20, "/portal/tbt", "TBT 通报应对", PortalPermissions.Alerts),
        new("portal", 30, "/portal/manage", "信息发布管理", PortalPermissions.Edit),
        new("portal", 40, "/portal/participation", "标准制修订参与登记", PortalPermissions.Respond),
    ];
}
