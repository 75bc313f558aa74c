using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.ExportArchives;

/// <summary>Monthly export quality archives (出口产品质量档案, tasks 11, 15, 21), with reminders of overdue returns.</summary>
public sealed class ExportArchivesModule : IModule
{
    public int Order => 60;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScopedServices(typeof(ArchiveSettings), typeof(ReturnCommands), typeof(ReturnImport), typeof(CustomsDeclarationImport),
            typeof(ArchiveQueries), typeof(ZoneStatistics), typeof(ReturnReminders));
        services.AddJob<ReturnReminderJob>(configuration);
    }

    public void MapEndpoints(WebApplication app) => app.MapExportArchivesApi();

    public IReadOnlyList<NavigationMenu> Menus => [new("archives", 30, "质量档案", "bi-archive")];
    public IReadOnlyList<NavigationEntry> Navigation => [new("archives", 0, "/archives", "质量档案", ExportArchivesPermissions.View)];
}
