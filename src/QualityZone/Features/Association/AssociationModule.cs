using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Association;

/// <summary>The industry association's self-discipline (task 7): members, the self-discipline convention, complaints and reports.</summary>
public sealed class AssociationModule : IModule
{
    public int Order => 95;

    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddScopedServices(typeof(AssociationCommands)).AddScoped<ZoneTasks.ITaskEvidenceSource, AssociationTaskEvidence>()
            .AddScoped<Enterprises.IEnterprisePanel, EnterpriseMembershipPanel>();

    public void MapEndpoints(WebApplication app) => app.MapAssociationApi();

    public IReadOnlyList<NavigationEntry> Navigation =>
    [
        new("portal", 73, "/association", "行业自律", AssociationPermissions.Desk, EnterpriseLabel: "协会会员"),
        new("portal", 74, "/complaints/new", "投诉举报", AssociationPermissions.Complain),
    ];
}

/// <summary>
/// Task 7, measure 2, from the platform: the association leads self-discipline — each version of the convention
/// with how many members signed it, and each model enterprise the association holds up.
/// </summary>
public sealed class AssociationTaskEvidence(Infrastructure.Data.AppDbContext db) : ZoneTasks.ITaskEvidenceSource
{
    public const int Task = 7;

    public async Task<IReadOnlyList<ZoneTasks.PlatformEvidence>> ForTaskAsync(int taskNumber, CancellationToken ct)
    {
        if (taskNumber != Task) return [];
        var versions = await db.ConventionVersions.AsNoTracking().OrderBy(c => c.Version)
            .Select(c => new { c.Version, c.Title, c.PublishedAt, Signed = db.ConventionSignatures.Count(s => s.Version == c.Version) }).ToListAsync(ct);
        return versions.Select(v => new ZoneTasks.PlatformEvidence(Task, 2, Text.Format("{0}（第 {1} 版，{2} 家会员签署）", v.Title, v.Version, v.Signed), "/association/convention",
            v.PublishedAt, Text.Get("行业自律"))).ToList();
    }
}
