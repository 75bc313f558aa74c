using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.AnalysisReports;

/// <summary>The half-yearly export product quality analysis report (task 15): figures from the platform, sections by the departments, submission.</summary>
public sealed class AnalysisReportsModule : IModule
{
    public int Order => 95;

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddScopedServices(typeof(ReportFigures), typeof(ReportCommands))
            .AddSingleton<ReportComposer>()
            .AddScoped<ZoneTasks.ITaskEvidenceSource, ReportEvidence>();

    public void MapEndpoints(WebApplication app) => app.MapAnalysisReportsApi();

    public IReadOnlyList<NavigationEntry> Navigation => [new("tasks", 10, "/reports", "质量分析报告", AnalysisReportsPermissions.View)];
}

/// <summary>Submitted reports are the evidence of task 15's second measure ("每半年至少形成1份出口产品质量分析报告，报地方政府").</summary>
public sealed class ReportEvidence(ReportCommands commands) : ZoneTasks.ITaskEvidenceSource
{
    public const int Task = 15, Measure = 2;

    public async Task<IReadOnlyList<ZoneTasks.PlatformEvidence>> ForTaskAsync(int taskNumber, CancellationToken ct)
    {
        if (taskNumber != Task) return [];
        var submitted = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            commands.Reports.Where(r => r.State == ReportState.Submitted).OrderBy(r => r.FromPeriod), ct);
        return submitted.Select(r => new ZoneTasks.PlatformEvidence(Task, Measure,
            Infrastructure.Localization.Text.Format("{0}（{1} 报送{2}）", r.Title, r.SubmittedOn?.ToString("yyyy-MM-dd"), r.SubmittedTo),
            $"/reports/{r.Id}", new DateTimeOffset(r.SubmittedOn!.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            Infrastructure.Localization.Text.Get("质量分析报告"))).ToList();
    }
}
