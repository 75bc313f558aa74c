using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Actions;

/// <summary>Corrective and preventive actions (整改措施), with escalation of overdue ones; owner of the supervision menu.</summary>
public sealed class ActionsModule : IModule
{
    public int Order => 80;

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddScopedServices(typeof(ActionCommands), typeof(ActionQueries), typeof(ActionEscalation));

    public void MapEndpoints(WebApplication app) => app.MapActionsApi();

    public IReadOnlyList<NavigationMenu> Menus => [new("supervision", 50, "监督管理", "bi-clipboard-check")];
    public IReadOnlyList<NavigationEntry> Navigation => [new("supervision", 20, "/actions", "整改措施", ActionsPermissions.View)];
}
