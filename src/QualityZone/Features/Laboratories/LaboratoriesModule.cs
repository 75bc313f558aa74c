using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Laboratories;

/// <summary>CNAS guidance for enterprise laboratories (task 18, measure 2): candidate labs, their stages and ISO/IEC 17025 evidence, accreditation.</summary>
public sealed class LaboratoriesModule : IModule
{
    public int Order => 94;

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddScopedServices(typeof(LaboratoryCommands)).AddScoped<ZoneTasks.ITaskEvidenceSource, LaboratoryTaskEvidence>()
            .AddScoped<Enterprises.IEnterprisePanel, EnterpriseLabPanel>();

    public void MapEndpoints(WebApplication app) => app.MapLaboratoriesApi();

    public IReadOnlyList<NavigationEntry> Navigation =>
    [
        new("portal", 72, "/laboratories", "CNAS 认可辅导", LaboratoriesPermissions.Read, EnterpriseLabel: "实验室认可"),
    ];
}

/// <summary>Task 18, measure 2, from the platform: each lab accredited through the zone's guidance, with its certificate.</summary>
public sealed class LaboratoryTaskEvidence(Infrastructure.Data.AppDbContext db, Infrastructure.ZoneClock clock) : ZoneTasks.ITaskEvidenceSource
{
    public const int Task = 18;

    public async Task<IReadOnlyList<ZoneTasks.PlatformEvidence>> ForTaskAsync(int taskNumber, CancellationToken ct)
    {
        if (taskNumber != Task) return [];
        var accredited = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            from l in db.CandidateLabs
            join e in db.Enterprises on l.EnterpriseId equals e.Id
            where l.Stage == CnasStage.Accredited
            orderby l.AccreditedOn
            select new { l.Id, l.Name, e.NameZh, l.CertificateNumber, l.AccreditedOn }, ct);
        return accredited.Select(l => new ZoneTasks.PlatformEvidence(Task, 2,
            Text.Format("{0} {1} 获得 CNAS 认可（{2}）", l.NameZh, l.Name, l.CertificateNumber ?? ""), $"/laboratories/{l.Id}",
            clock.StartOf(l.AccreditedOn!.Value), Text.Get("CNAS 认可辅导"))).ToList();
    }
}
