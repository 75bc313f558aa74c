using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Epcis;

/// <summary>GS1 EPCIS 2.0 capture and query on the traceability data (task 10: enterprises' own systems feed the zone and hand buyers the events of a shipment).</summary>
public sealed class EpcisModule : IModule
{
    public int Order => 71;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<EpcisValidator>();
        services.AddScopedServices(typeof(EpcisCapture), typeof(EpcisMapping), typeof(EpcisQuery), typeof(EpcisExport));
    }

    public void MapEndpoints(WebApplication app) => app.MapEpcisApi();

    public IReadOnlyList<NavigationMenu> Menus => [];
    public IReadOnlyList<NavigationEntry> Navigation => [];
}
