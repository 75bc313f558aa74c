using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.AnalysisReports;

/// <summary>The half-yearly export product quality analysis report (task 15): figures from the platform, sections by the departments, submission.</summary>
public sealed class AnalysisReportsModule : IModule
{
    public int Order => 95;

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddScopedServices(typeof(ReportFigures), typeof(ResearchFigures), typeof(ReportCommands))
            .AddSingleton<ReportComposer>()
            .AddScoped<ZoneTasks.ITaskEvidenceSource, ReportEvidence>();

    public void MapEndpoints(WebApplication app) => app.MapAnalysisReportsApi();

    public IReadOnlyList<NavigationEntry> Navigation => [new("tasks", 10, "/reports", "质量分析报告", AnalysisReportsPermissions.View)];
}

/// <summary>
/// Submitted reports are evidence: an analysis report of task 15's second measure ("每半年至少形成1份出口
/// 产品质量分析报告，报地方政府"), a research report of task 2's third ("形成产业发展研究报告").
/// </summary>
public sealed class ReportEvidence(ReportCommands commands) : ZoneTasks.ITaskEvidenceSource
{
    public const int Task = 15, Measure = 2, ResearchTask = 2, ResearchMeasure = 3;

    public async Task<IReadOnlyList<ZoneTasks.PlatformEvidence>> ForTaskAsync(int taskNumber, CancellationToken ct)
    {
        if (taskNumber is not (Task or ResearchTask)) return [];
        var kind = taskNumber == Task ? ReportKind.Analysis : ReportKind.Research;
        var submitted = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            commands.Reports.Where(r => r.State == ReportState.Submitted && r.Kind == kind).OrderBy(r => r.FromPeriod), ct);
        return submitted.Select(r => new ZoneTasks.PlatformEvidence(taskNumber, taskNumber == Task ? Measure : ResearchMeasure,
            Infrastructure.Localization.Text.Format("{0}（{1} 报送{2}）", r.Title, r.SubmittedOn?.ToString("yyyy-MM-dd"), r.SubmittedTo),
            $"/reports/{r.Id}", new DateTimeOffset(r.SubmittedOn!.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            Infrastructure.Localization.Text.Get(kind == ReportKind.Analysis ? "质量分析报告" : "产业发展研究报告"))).ToList();
    }
}
