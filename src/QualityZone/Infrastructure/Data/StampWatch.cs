using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace QualityZone.Infrastructure.Data;

/// <summary>
/// On PostgreSQL, tells this instance when a cache stamp moved, so that a signed-in request need not
/// read the stamps (issue 22: it was the one query left on every page). Every bump notifies
/// <see cref="Channel"/> in its own transaction; PostgreSQL delivers a notification to every
/// listening session once the transaction has committed, and never for one rolled back. A
/// connection of this instance's own listens, and each notification moves <see cref="Generation"/>,
/// which retires the stamps <see cref="ReadCache"/> read under an earlier one.
/// <para>
/// A commit made through this instance moves the generation itself, at the commit
/// (<see cref="StampCommits"/>), before its own notification comes back: a user's next request sees
/// the change they just made. Another instance's change is seen as soon as its notification
/// arrives (milliseconds). While the listener is not connected — starting, the server restarting, a
/// connection that stopped answering — nothing is trusted and every request reads the stamps, as on
/// SQLite, where there is one process per database file and no listener at all. The channel is
/// trusted only while it is proved to deliver: after LISTEN, and whenever it has been quiet for a
/// <see cref="Heartbeat"/>, the listener sends itself a notification that must come back within
/// one (a pooler in transaction mode, which does not carry LISTEN, is found so; a connection that
/// dies without a word too), so a change goes unseen for at most about two heartbeats.
/// </para>
/// </summary>
public sealed class StampWatch(IConfiguration configuration, ILogger<StampWatch> logger) : BackgroundService
{
    public const string Channel = "qz_cache_stamps";
    /// <summary>Sent in the transaction of every bump (PostgreSQL folds the same notification sent twice in one transaction into one).</summary>
    public const string NotifySql = $"NOTIFY {Channel}";
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);
    /// <summary>The payload of the notification that proves the channel; it retires nothing.</summary>
    private const string HeartbeatPayload = "heartbeat";
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private long generation;
    private volatile bool listening;

    /// <summary>Moves on every notification, every commit through this instance that bumped a stamp, and every (re)connection.</summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <summary>True while notifications arrive: stamps read under the current generation may be reused.</summary>
    public bool Listening => listening;

    /// <summary>Stamps read before this call are no longer trusted.</summary>
    public void Invalidate() => Interlocked.Increment(ref generation);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (DatabaseSetup.GetProvider(configuration) != DatabaseProvider.Postgres) return;
        // A connection outside the pool: LISTEN belongs to one session, and a pooled connection is reset when given back.
        var connectionString = new NpgsqlConnectionStringBuilder(DatabaseSetup.GetConnectionString(configuration, DatabaseProvider.Postgres))
        {
            Pooling = false, CommandTimeout = (int)Heartbeat.TotalSeconds, Timeout = (int)Heartbeat.TotalSeconds, ApplicationName = "QualityZone cache stamps",
        }.ConnectionString;
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                var heard = false;
                connection.Notification += (_, e) =>
                {
                    heard = true;
                    if (e.Payload != HeartbeatPayload) Invalidate();
                };
                await connection.OpenAsync(stop);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection)) await listen.ExecuteNonQueryAsync(stop);
                await using var heartbeat = new NpgsqlCommand($"NOTIFY {Channel}, '{HeartbeatPayload}'", connection);
                // Trusted only once a notification has come back: behind a pooler in transaction mode LISTEN "succeeds"
                // and nothing ever arrives. Anything read before this moment may have missed a notification.
                async Task ProveAsync()
                {
                    heard = false;
                    await heartbeat.ExecuteNonQueryAsync(stop);
                    var deadline = DateTime.UtcNow + Heartbeat;
                    while (!heard)
                        if (deadline - DateTime.UtcNow is not { Ticks: > 0 } left || !await connection.WaitAsync(left, stop))
                            throw new TimeoutException($"No notification on {Channel} within {Heartbeat.TotalSeconds:0} s of sending one.");
                }
                await ProveAsync();
                Invalidate();
                listening = true;
                if (failures > 0) logger.LogInformation("Listening for cache stamp changes again after {Failures} failed attempts", failures);
                failures = 0;
                // Quiet for a heartbeat: the channel is proved again (any instance's notification proves it too).
                while (true)
                    if (!await connection.WaitAsync(Heartbeat, stop)) await ProveAsync();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                if (failures++ == 0) logger.LogWarning(ex, "Not listening for cache stamp changes; every request reads the stamps until the connection is back");
            }
            finally
            {
                listening = false;
                Invalidate();
            }
            try { await Task.Delay(RetryAfter, stop); }
            catch (OperationCanceledException) { break; }
        }
    }
}

/// <summary>
/// Retires this instance's stamps when a transaction that raised one commits (<see cref="ReadCache.BumpAsync"/> marks
/// its context), before the transaction's notification comes back to <see cref="StampWatch"/>.
/// </summary>
public sealed class StampCommits(StampWatch watch) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData);
        return Task.CompletedTask;
    }

    private void Committed(TransactionEndEventData eventData)
    {
        if (eventData.Context is not AppDbContext { StampsBumped: true } db) return;
        db.StampsBumped = false;
        watch.Invalidate();
    }

    private static void Forget(TransactionEndEventData eventData)
    {
        if (eventData.Context is AppDbContext db) db.StampsBumped = false;
    }
}
