using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Notifications;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Jobs;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.ExportArchives;

public sealed record ReminderResult(string Period, int Enterprises, int Users);

/// <summary>
/// Reminds enterprises whose return is overdue (missing after the due day) and tells the office
/// who they are. Each enterprise is reminded once per month by the job; the office can remind again
/// by hand. In-app notifications; email is for when SMTP is configured (not built yet).
/// </summary>
public sealed class ReturnReminders(AppDbContext db, ArchiveQueries queries, ArchiveSettings settings, NotificationService notifications, ZoneClock clock, TimeProvider time)
{
    /// <summary>The latest month whose due date has passed: the one to chase.</summary>
    public async Task<string> LatestDuePeriodAsync(CancellationToken ct)
    {
        var dueDay = await settings.DueDayAsync(ct);
        var period = ExportReturn.PeriodOf(clock.Today.AddMonths(-1));
        return clock.Today > ExportReturn.DueDate(period, dueDay) ? period : ExportReturn.PeriodOf(clock.Today.AddMonths(-2));
    }

    public async Task<ReminderResult> RemindAsync(string period, bool force, CancellationToken ct)
    {
        var overdue = (await queries.FilingAsync(period, null, null, ct)).Where(r => r.Status == FilingStatus.Overdue).Select(r => r.EnterpriseId).ToList();
        if (!force)
        {
            var reminded = await db.ReturnReminders.AsNoTracking().Where(r => r.Period == period).Select(r => r.EnterpriseId).ToListAsync(ct);
            overdue = overdue.Except(reminded).ToList();
        }
        if (overdue.Count == 0) return new ReminderResult(period, 0, 0);

        var users = await notifications.NotifyEnterprisesAsync(overdue, Msg.Of("请尽快报送 {0} 出口质量月报", period),
            Msg.Of("本月报已超过截止日期，请登录平台填报或导入；本月无出口也请提交“本月无出口”月报。").Store(), id => $"/archives/returns/edit?enterprise={id}&period={period}", ct);
        var now = time.GetUtcNow();
        var known = await db.ReturnReminders.Where(r => r.Period == period && overdue.Contains(r.EnterpriseId)).ToListAsync(ct);
        foreach (var enterpriseId in overdue)
        {
            if (known.FirstOrDefault(r => r.EnterpriseId == enterpriseId) is { } reminder) reminder.SentAt = now;
            else db.ReturnReminders.Add(new ReturnReminder { EnterpriseId = enterpriseId, Period = period, SentAt = now });
        }
        // The office hears once who is missing.
        await notifications.NotifyRoleAsync(Roles.ZoneAdmin, Msg.Of("{0} 月报：{1} 家企业逾期未报", period, overdue.Count),
            Msg.Of("已向这些企业发送催报提醒。").Store(), $"/archives?period={period}&status=Overdue", ct);
        await db.SaveChangesAsync(ct);
        return new ReminderResult(period, overdue.Count, users);
    }
}

/// <summary>Runs the reminders once a day (checked hourly), for the latest month whose due day has passed.</summary>
public sealed class ReturnReminderJob(IServiceScopeFactory scopes, JobLeases leases, ILogger<ReturnReminderJob> logger) : ScheduledJob(scopes, leases, logger)
{
    public override string Name => "return-reminders";
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var reminders = services.GetRequiredService<ReturnReminders>();
        var result = await reminders.RemindAsync(await reminders.LatestDuePeriodAsync(ct), force: false, ct);
        if (result.Enterprises > 0) logger.LogInformation("Reminded {Enterprises} enterprises of their {Period} return", result.Enterprises, result.Period);
    }
}
