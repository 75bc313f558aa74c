using System.Diagnostics;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Telemetry;

namespace QualityZone.Infrastructure.Jobs;

/// <summary>
/// A background job that runs every <see cref="Interval"/>, once across all instances on the same database (the
/// lease of <see cref="JobLeases"/>), as the "system" actor, in a scope of its own; a failed run is logged and
/// counted, and the next one comes at the next tick. Registered with <c>AddJob&lt;T&gt;</c>, off when Jobs:Enabled is false.
/// </summary>
public abstract class ScheduledJob(IServiceScopeFactory scopes, JobLeases leases, ILogger logger) : BackgroundService
{
    /// <summary>For jobs that need a scope of their own per item.</summary>
    protected IServiceScopeFactory Scopes => scopes;

    public abstract string Name { get; }
    protected abstract TimeSpan Interval { get; }
    /// <summary>Start-up (migrations, seeding) finishes first.</summary>
    protected virtual TimeSpan FirstRunAfter => TimeSpan.FromMinutes(1);
    protected virtual bool Enabled => true;

    protected abstract Task RunAsync(IServiceProvider services, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled) return;
        var interval = leases.IntervalOf(Name, Interval);
        var firstRunAfter = leases.FirstRunOf(Name, FirstRunAfter);
        leases.Heartbeats.Beat(Name, firstRunAfter + interval * 2);
        try { await Task.Delay(firstRunAfter, stoppingToken); } catch (OperationCanceledException) { return; }
        using var timer = new PeriodicTimer(interval);
        do
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                // Held a little longer than the interval: the holder renews it at each tick, another instance
                // takes over only when the holder has stopped ticking.
                if (!await leases.TryAcquireAsync(Name, interval * 1.5, stoppingToken))
                {
                    AppMetrics.JobRun(Name, "skipped", Stopwatch.GetElapsedTime(started));
                    continue;
                }
                using var activity = AppMetrics.Activities.StartActivity("job " + Name);
                await using var scope = scopes.CreateAsyncScope();
                using var actor = AuditActor.Use("system");
                await RunAsync(scope.ServiceProvider, stoppingToken);
                AppMetrics.JobRun(Name, "succeeded", Stopwatch.GetElapsedTime(started));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                AppMetrics.JobRun(Name, "failed", Stopwatch.GetElapsedTime(started));
                logger.LogError(ex, "Job {Job} failed", Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
