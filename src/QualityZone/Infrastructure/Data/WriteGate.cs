using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace QualityZone.Infrastructure.Data;

/// <summary>
/// The large writers (an EPCIS document, an MES's batch of trace records) queue for SQLite's one
/// write lock inside the process, first come first served, instead of each asking SQLite for it:
/// a transaction that finds the lock taken is retried by Microsoft.Data.Sqlite after a sleep, so
/// four senders at once spent more time asleep than writing (issue 20: 11,000 events/s from four
/// senders against 9,000 from one; docs/benchmarks.md). Only these writers take the gate; any
/// other write still waits on SQLite's busy timeout as before. Nothing on PostgreSQL, whose writers
/// do not exclude each other.
/// </summary>
public sealed class WriteGate
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Begins a transaction on <paramref name="db"/>, on SQLite after its turn at the gate; disposing the result ends both.</summary>
    public async Task<GatedTransaction> BeginTransactionAsync(AppDbContext db, CancellationToken ct)
    {
        var sqlite = db.Database.IsSqlite();
        if (sqlite) await gate.WaitAsync(ct);
        try { return new GatedTransaction(await db.Database.BeginTransactionAsync(ct), sqlite ? gate : null); }
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
