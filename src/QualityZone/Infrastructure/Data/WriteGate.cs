using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace QualityZone.Infrastructure.Data;

/// <summary>
/// The large writers (an EPCIS document, an MES's batch of trace records) queue for SQLite's one
/// write lock inside the process, first come first served, instead of each asking SQLite for it:
/// a transaction that finds the lock taken is retried by Microsoft.Data.Sqlite after a sleep, so
/// four senders at once spent more time asleep than writing (issue 20: 11,000 events/s from four
/// senders against 9,000 from one; docs/benchmarks.md). Only these writers take the gate; any
/// other write still waits on SQLite's busy timeout as before. On PostgreSQL writers do not
/// exclude each other, except those that name a turn: one enterprise's EPCIS captures, which read
/// which eventIDs are already kept and must not both find a new one unknown, take turns on a
/// transaction-scoped advisory lock of that enterprise (other enterprises still write at once).
/// </summary>
public sealed class WriteGate
{
    /// <summary>The first key of the gate's PostgreSQL advisory locks (the second is the enterprise's), so they meet no other lock's keys.</summary>
    private const int PostgresLockClass = 0x515A_4757; // "QZGW"

    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>The Guid folded into the lock's 32-bit key, the same in every instance (two enterprises sharing one only take turns needlessly).</summary>
    private static int LockKey(Guid key)
    {
        Span<byte> bytes = stackalloc byte[16];
        key.TryWriteBytes(bytes);
        return BitConverter.ToInt32(bytes) ^ BitConverter.ToInt32(bytes[4..]) ^ BitConverter.ToInt32(bytes[8..]) ^ BitConverter.ToInt32(bytes[12..]);
    }

    /// <summary>
    /// Begins a transaction on <paramref name="db"/>, on SQLite after its turn at the gate, on PostgreSQL after
    /// <paramref name="turnsFor"/>'s earlier writers (when given); disposing the result ends both.
    /// </summary>
    public async Task<GatedTransaction> BeginTransactionAsync(AppDbContext db, CancellationToken ct, Guid? turnsFor = null)
    {
        var sqlite = db.Database.IsSqlite();
        if (sqlite) await gate.WaitAsync(ct);
        try
        {
            var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                if (!sqlite && turnsFor is { } key)
                    await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({PostgresLockClass}, {LockKey(key)})", ct);
            }
            catch
            {
                await transaction.DisposeAsync();
                throw;
            }
            return new GatedTransaction(transaction, sqlite ? gate : null);
        }
        catch
        {
            if (sqlite) gate.Release();
            throw;
        }
    }
}

/// <summary>A transaction begun at the <see cref="WriteGate"/>: the gate opens for the next writer when it is disposed.</summary>
public sealed class GatedTransaction(IDbContextTransaction transaction, SemaphoreSlim? gate) : IAsyncDisposable
{
    public Task CommitAsync(CancellationToken ct) => transaction.CommitAsync(ct);

    public Task RollbackAsync(CancellationToken ct) => transaction.RollbackAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try { await transaction.DisposeAsync(); }
        finally { gate?.Release(); }
    }
}
