using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace QualityZone.Infrastructure.Data;

/// <summary>
/// Checkpoints off the request path (SQLite in WAL mode). By default the connection whose commit
/// takes the write-ahead log past 1,000 pages copies the log back into the database file and
/// syncs it before its commit returns: a 1,000-event EPCIS document or an MES's 18,000 trace
/// records paid 15–40 ms for it on every request (issue 20, issue 22; docs/benchmarks.md). Here
/// every connection leaves that to <see cref="WalCheckpointer"/>, which checkpoints a few times a
/// second on a connection of its own, and only checkpoints itself past <see cref="SafetyNetPages"/>
/// (the checkpointer stopped or held back by a long read). Durability is unchanged: a commit is
/// still synced to the log before it returns (synchronous=FULL, SQLite's default); what moves is
/// the copy into the database file, which SQLite never needs for a committed transaction to survive.
/// </summary>
public sealed class WalCheckpoints : DbConnectionInterceptor
{
    /// <summary>Pages (4 KiB) the log may reach before a committing connection checkpoints itself: 64 MiB.</summary>
    public const int SafetyNetPages = 16_384;

    /// <summary>What a log file is truncated back to after it was reset: a burst does not leave a large file behind.</summary>
    private const long LogSizeLimit = 64L * 1024 * 1024;

    // Set once per physical connection: pooled SqliteConnections reuse the same handle, and the setting lives on it.
    private static readonly ConditionalWeakTable<sqlite3, object> Configured = new();
    private static readonly object Done = new();

    /// <summary>Gives a SQLite connection the settings above (once per physical connection); other providers are left alone.</summary>
    public static void Configure(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } || Configured.TryGetValue(handle, out _)) return;
        raw.sqlite3_wal_autocheckpoint(handle, SafetyNetPages);
        var rc = raw.sqlite3_exec(handle, $"PRAGMA journal_size_limit={LogSizeLimit}");
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, handle);
        Configured.AddOrUpdate(handle, Done);
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Configure(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Configure(connection);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Copies the write-ahead log back into the database file in the background (PASSIVE: it never
/// waits for, nor blocks, a reader or the writer), every <see cref="Interval"/> on SQLite; nothing
/// on PostgreSQL. See <see cref="WalCheckpoints"/>.
/// </summary>
public sealed class WalCheckpointer(RawSql sql, ILogger<WalCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>One PASSIVE checkpoint: the log's frames and how many of them are now in the database file.</summary>
    public static async Task<(long Log, long Checkpointed)> CheckpointAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(1), reader.GetInt64(2));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!sql.Sqlite) return;
        using var timer = new PeriodicTimer(Interval);
        DbConnection? connection = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    connection ??= await sql.OpenAsync(stoppingToken);
                    await CheckpointAsync(connection, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Any failure is logged and retried on the next tick with a new connection (an exception leaving a
                    // background service stops the host); meanwhile commits past the safety net checkpoint themselves.
                    logger.LogWarning(e, "WAL checkpoint failed");
                    if (connection is not null) await connection.DisposeAsync();
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            if (connection is not null) await connection.DisposeAsync();
        }
    }
}
