using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Enterprises;

/// <summary>The enterprise register (企业名录) and its dynamic management, certificates and brands.</summary>
public sealed class EnterprisesModule : IModule
{
    public int Order => 30;

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddScopedServices(typeof(EnterpriseQueries), typeof(EnterpriseCommands), typeof(EnterpriseImport), typeof(CertificateCommands), typeof(IdentityChangeService));

    public void MapEndpoints(WebApplication app) => app.MapEnterprisesApi();

    public IReadOnlyList<NavigationMenu> Menus => [new("enterprises", 20, "企业名录", "bi-buildings", EnterpriseLabel: "本企业")];
    public IReadOnlyList<NavigationEntry> Navigation => [new("enterprises", 0, "/enterprises", "企业名录", EnterprisesPermissions.Read, EnterpriseLabel: "本企业")];
}
