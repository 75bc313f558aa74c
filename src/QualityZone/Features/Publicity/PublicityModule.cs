using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Publicity;

/// <summary>Experience and publicity (tasks 23, 22): best-practice cases on the portal after review, and the media coverage register.</summary>
public sealed class PublicityModule : IModule
{
    public int Order => 96;

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddScopedServices(typeof(PublicityCommands)).AddScoped<ZoneTasks.ITaskEvidenceSource, PublicityTaskEvidence>();

    public void MapEndpoints(WebApplication app) => app.MapPublicityApi();

    public IReadOnlyList<NavigationEntry> Navigation =>
    [
        new("portal", 75, "/cases", "经验案例", PublicityPermissions.Browse),
        new("portal", 76, "/media", "媒体报道", PublicityPermissions.Browse),
    ];
}

/// <summary>Tasks 23 and 22 from the platform: each published case spreads experience (task 23); each media report is publicity (task 22).</summary>
public sealed class PublicityTaskEvidence(Infrastructure.Data.AppDbContext db, Infrastructure.ZoneClock clock) : ZoneTasks.ITaskEvidenceSource
{
    public async Task<IReadOnlyList<ZoneTasks.PlatformEvidence>> ForTaskAsync(int taskNumber, CancellationToken ct)
    {
        if (taskNumber == 23)
            return (await db.PracticeCases.AsNoTracking().Where(c => c.State == CaseState.Published).OrderBy(c => c.PublishedAt).Select(c => new { c.Id, c.Title, c.PublishedAt }).ToListAsync(ct))
                .Select(c => new ZoneTasks.PlatformEvidence(23, 1, Text.Format("经验案例：{0}", c.Title), $"/cases/{c.Id}", c.PublishedAt!.Value, Text.Get("经验案例"))).ToList();
        if (taskNumber == 22)
            return (await db.MediaItems.AsNoTracking().OrderBy(m => m.PublishedOn).ToListAsync(ct))
                .Select(m => new ZoneTasks.PlatformEvidence(22, 1, $"{m.Outlet} · {m.Title}", m.Url ?? "/media", clock.StartOf(m.PublishedOn), Text.Get("媒体报道"))).ToList();
        return [];
    }
}
