using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Training;

/// <summary>The public training platform (task 18): sessions, registrations with quotas and a waiting list, QR check-in, attendance and hours, assessments and feedback, certificates, targeted invitations.</summary>
public sealed class TrainingModule : IModule
{
    public int Order => 93;

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddScopedServices(typeof(TrainingCommands), typeof(TrainingAssessment), typeof(TrainingCertificates), typeof(TrainingInvitations)).AddScoped<ZoneTasks.ITaskEvidenceSource, TrainingTaskEvidence>();

    public void MapEndpoints(WebApplication app) => app.MapTrainingApi();

    public IReadOnlyList<NavigationEntry> Navigation =>
    [
        new("portal", 70, "/training", "培训服务", TrainingPermissions.Read, EnterpriseLabel: "培训报名"),
        new("portal", 71, "/training/open", "培训日程", TrainingPermissions.Browse),
    ];
}

/// <summary>
/// Task 18's yardstick from the platform: each year's sessions held (started, not cancelled, someone
/// attended) against the founding document's "每年至少组织 2 次培训", and each session with its attendance
/// list as evidence of measure 1 — without anyone uploading a file.
/// </summary>
public sealed class TrainingTaskEvidence(TrainingCommands training, Infrastructure.ZoneClock clock) : ZoneTasks.ITaskEvidenceSource
{
    public const int Task = 18;
    public const int PerYear = 2;

    public async Task<IReadOnlyList<ZoneTasks.PlatformEvidence>> ForTaskAsync(int taskNumber, CancellationToken ct)
    {
        if (taskNumber != Task) return [];
        var held = await training.HeldAsync(ct);
        var evidence = held.Select(s => new ZoneTasks.PlatformEvidence(Task, 1,
            Infrastructure.Localization.Text.Format("{0}（{1}，签到 {2} 人）", s.Title, clock.Format(s.StartsAt, "yyyy-MM-dd"), s.Attended),
            $"/training/{s.Id}", s.StartsAt, Infrastructure.Localization.Text.Get("培训服务"))).ToList();
        return evidence;
    }
}
