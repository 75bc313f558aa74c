using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.ZoneTasks;

/// <summary>The 23 construction tasks (目标任务分解表) with measures, progress and evidence.</summary>
public sealed class ZoneTasksModule : IModule
{
    public int Order => 20;

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddScopedServices(typeof(TaskProgress), typeof(MeasureCommands), typeof(LeadingGroupCommands))
            .AddScoped<Departments.IDepartmentFigure, LeadTasksFigure>()
            .AddScoped<Departments.IDepartmentFigure, TasksFigure>();

    public void MapEndpoints(WebApplication app)
    {
        app.MapZoneTasksApi();
        app.MapTaskDownloads();
    }

    public Task SeedAsync(IServiceProvider services, CancellationToken ct) => TaskSeed.EnsureAsync(services.GetRequiredService<AppDbContext>(), ct);

    public IReadOnlyList<NavigationMenu> Menus => [new("tasks", 10, "建设任务", "bi-list-check")];
    public IReadOnlyList<NavigationEntry> Navigation =>
    [
        new("tasks", 0, "/tasks", "任务清单", ZoneTasksPermissions.View),
        new("tasks", 1, "/tasks/matrix", "部门责任矩阵", ZoneTasksPermissions.View),
        new("tasks", 2, "/tasks/timeline", "时间进度表", ZoneTasksPermissions.View),
        new("tasks", 3, "/tasks/governance", "领导小组与建设方案", ZoneTasksPermissions.View),
    ];
}
