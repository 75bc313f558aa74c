using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Association;

/// <summary>The industry association's self-discipline (task 7): members, the self-discipline convention, complaints and reports.</summary>
public sealed class AssociationModule : IModule
{
    public int Order => 95;

    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddScopedServices(typeof(AssociationCommands));

    public void MapEndpoints(WebApplication app) => app.MapAssociationApi();

    public IReadOnlyList<NavigationEntry> Navigation =>
    [
        new("portal", 73, "/association", "行业自律", AssociationPermissions.Desk, EnterpriseLabel: "协会会员"),
        new("portal", 74, "/complaints/new", "投诉举报", AssociationPermissions.Complain),
    ];
}
