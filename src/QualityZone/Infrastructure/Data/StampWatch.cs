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
/// A commit made through this instance moves the generation itself, at the commit (this is also an
/// EF transaction interceptor), before its own notification comes back: a user's next request sees
/// the change they just made. Another instance's change is seen as soon as its notification
/// arrives (milliseconds). While the listener is not connected — starting, the server restarting, a
/// connection that stopped answering — nothing is trusted and every request reads the stamps, as on
/// SQLite, where there is one process per database file and no listener at all. A connection that
/// dies without a word is found by a query every <see cref="Heartbeat"/> that must answer within
/// it, so a silent network partition stales the cache for at most about twice that.
/// </para>
/// </summary>
public sealed class StampWatch(IConfiguration configuration, ILogger<StampWatch> logger) : DbTransactionInterceptor, IHostedService, IAsyncDisposable
{
    public const string Channel = "qz_cache_stamps";
    /// <summary>Sent in the transaction of every bump (PostgreSQL folds the same notification sent twice in one transaction into one).</summary>
    public const string NotifySql = $"NOTIFY {Channel}";
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private long generation;
    private volatile bool listening;
    private CancellationTokenSource? stopping;
    private Task? loop;

    /// <summary>Moves on every notification, every commit through this instance that bumped a stamp, and every (re)connection.</summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <summary>True while notifications arrive: stamps read under the current generation may be reused.</summary>
    public bool Listening => listening;

    /// <summary>Stamps read before this call are no longer trusted.</summary>
    public void Invalidate() => Interlocked.Increment(ref generation);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (DatabaseSetup.GetProvider(configuration) != DatabaseProvider.Postgres) return Task.CompletedTask;
        stopping = new CancellationTokenSource();
        loop = Task.Run(() => ListenAsync(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (stopping is null || loop is null) return;
        await stopping.CancelAsync();
        await loop.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref stopping, null) is not { } cancel) return;
        await cancel.CancelAsync();
        if (loop is not null) await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancel.Dispose();
    }

    private async Task ListenAsync(CancellationToken stop)
    {
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
                connection.Notification += (_, _) => Invalidate();
                await connection.OpenAsync(stop);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection)) await listen.ExecuteNonQueryAsync(stop);
                // Anything read before LISTEN took effect may have missed a notification.
                Invalidate();
                listening = true;
                if (failures > 0) logger.LogInformation("Listening for cache stamp changes again after {Failures} failed attempts", failures);
                failures = 0;
                await using var heartbeat = new NpgsqlCommand("SELECT 1", connection);
                while (true)
                    if (!await connection.WaitAsync(Heartbeat, stop)) await heartbeat.ExecuteScalarAsync(stop);
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

    /// <summary>Marks a context whose transaction raised a stamp (<see cref="ReadCache.BumpAsync"/>); its commit moves the generation.</summary>
    internal static void Bumped(AppDbContext db) => db.StampsBumped = true;

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
        Invalidate();
    }

    private static void Forget(TransactionEndEventData eventData)
    {
        if (eventData.Context is AppDbContext db) db.StampsBumped = false;
    }
}
