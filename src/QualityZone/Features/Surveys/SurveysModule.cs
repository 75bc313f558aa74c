using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Jobs;
using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Surveys;

/// <summary>The industry survey (task 2): questionnaires, campaigns to the zone's enterprises, answers pre-filled from the platform, results.</summary>
public sealed class SurveysModule : IModule
{
    public int Order => 93;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScopedServices(typeof(SurveyCommands), typeof(AnswerCommands), typeof(SurveyPrefill), typeof(SurveyResults), typeof(SurveyExport));
        services.AddJob<SurveyReminderJob>(configuration);
    }

    public void MapEndpoints(WebApplication app)
    {
        app.MapSurveysApi();
        app.MapSurveyFiles();
    }

    public IReadOnlyList<NavigationEntry> Navigation =>
    [
        new("tasks", 13, "/surveys", "行业调查", SurveysPermissions.View),
        new("enterprises", 30, "/surveys/mine", "调查问卷", SurveysPermissions.Answer),
    ];
}

/// <summary>Reminds the enterprises that have not submitted, on each open campaign's reminder days (checked hourly).</summary>
public sealed class SurveyReminderJob(IServiceScopeFactory scopes, JobLeases leases, ILogger<SurveyReminderJob> logger) : ScheduledJob(scopes, leases, logger)
{
    public override string Name => "survey-reminders";
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var today = services.GetRequiredService<ZoneClock>().Today;
        var commands = services.GetRequiredService<SurveyCommands>();
        var open = await services.GetRequiredService<AppDbContext>().SurveyCampaigns.AsNoTracking().Where(s => s.State == SurveyState.Open).ToListAsync(ct);
        foreach (var campaign in open.Where(c => SurveyCommands.ReminderDue(c, today)))
        {
            var (_, reminded) = await commands.RemindAsync(campaign.Id, ct);
            logger.LogInformation("Reminded {Enterprises} enterprises of survey {Survey}", reminded, campaign.Id);
        }
    }
}
