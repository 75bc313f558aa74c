using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Traceability;

/// <summary>Suppliers, purchase ledger, production batches, shipments and the trace (质量追溯, tasks 9.3 and 10).</summary>
public sealed class TraceabilityModule : IModule
{
    public int Order => 70;

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddScopedServices(typeof(TraceIngest), typeof(TraceQueries), typeof(SupplierCommands), typeof(TraceFinder), typeof(TraceRequests),
            typeof(TraceImport), typeof(ShipmentReturns), typeof(BatchEvidenceLookup))
            .AddScoped<Actions.IActionPanel, TraceRequestActionPanel>();

    public void MapEndpoints(WebApplication app) => app.MapTraceabilityApi();

    public IReadOnlyList<NavigationMenu> Menus => [new("trace", 40, "质量追溯", "bi-diagram-3")];
    public IReadOnlyList<NavigationEntry> Navigation => [new("trace", 0, "/trace", "质量追溯", TraceabilityPermissions.View)];
}
