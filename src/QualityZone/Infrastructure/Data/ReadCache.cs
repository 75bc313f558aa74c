using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace QualityZone.Infrastructure.Data;

/// <summary>
/// Marks an entity whose changes make the cached reads of an area stale (the task tracker's
/// structure, the departments, the unread counts…). AppDbContext bumps the area's stamp in the
/// same transaction as the change.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class CachedInAttribute(string area) : Attribute
{
    public string Area { get; } = area;
}

/// <summary>A counter per cached area, raised by every change to it; one small table that every instance reads.</summary>
public sealed class CacheStamp
{
    public required string Area { get; set; }
    public long Version { get; set; }
}

public sealed class CacheStampConfiguration : IEntityTypeConfiguration<CacheStamp>
{
    public void Configure(EntityTypeBuilder<CacheStamp> builder)
    {
        builder.ToTable("cache_stamps");
        builder.HasKey(s => s.Area);
        builder.Property(s => s.Area).HasMaxLength(50);
    }
}

/// <summary>
/// Reads that every page repeats (reference data, the task tracker's structure, the unread count
/// in the header) kept in memory and served while their areas' stamps have not moved (issue 22).
/// A cached value is reused when the stamps of its areas are those it was loaded under. Stamps are
/// read before the value is loaded, so a change that commits in between leaves the value marked
/// older than it is, never newer: it is reloaded on the next request. Every instance reads the same
/// stamps, so a change made through one instance is seen by the others. On SQLite a request reads
/// all stamps once, in one query; on PostgreSQL the stamps read are kept while no notification has
/// come (<see cref="StampWatch"/>), and a request reads none. Writes that bypass SaveChanges
/// (ExecuteUpdate, raw SQL) call <see cref="BumpAsync"/> themselves.
/// </summary>
public sealed class ReadCache(RawSql sql, IHttpContextAccessor http, StampWatch watch)
{
    private static readonly object StampsKey = new();
    private static readonly ConcurrentDictionary<Type, string[]> AreasOfType = new();
    private readonly ConcurrentDictionary<string, (long[] Stamps, object? Value)> entries = new();
    /// <summary>The stamps last read and the watch's generation before that read; never changed after it is set.</summary>
    private volatile SharedStamps? shared;
    private sealed record SharedStamps(long Generation, Dictionary<string, long> Stamps);
    /// <summary>Room for every user's unread count of a large zone and a few hundred zone summaries.</summary>
    private const int MaxEntries = 10_000;

    /// <summary>The value under <paramref name="key"/>, loaded again when a stamp of its areas moved since.</summary>
    public async Task<T> GetAsync<T>(string key, string[] areas, Func<CancellationToken, Task<T>> load, CancellationToken ct)
    {
        var all = await StampsAsync(ct);
        var stamps = areas.Select(a => all.GetValueOrDefault(a)).ToArray();
        if (entries.TryGetValue(key, out var entry) && entry.Stamps.AsSpan().SequenceEqual(stamps)) return (T)entry.Value!;
        var value = await load(ct);
        // Keys can come from a query string (the zone view's filters): past a bound, start again
        // rather than let any signed-in user grow the process's memory without limit.
        if (entries.Count >= MaxEntries) entries.Clear();
        entries[key] = (stamps, value);
        return value;
    }

    /// <summary>Forgets every value and the stamps read (tests; after a restore).</summary>
    public void Clear()
    {
        shared = null;
        entries.Clear();
    }

    private async Task<Dictionary<string, long>> StampsAsync(CancellationToken ct)
    {
        var context = http.HttpContext;
        if (context?.Items[StampsKey] is Dictionary<string, long> read) return read;
        // The generation is taken before the read: a notification that arrives during it retires what is read.
        var generation = watch.Generation;
        if (watch.Listening && shared is { } kept && kept.Generation == generation)
        {
            if (context is not null) context.Items[StampsKey] = kept.Stamps;
            return kept.Stamps;
        }
        var stamps = new Dictionary<string, long>(StringComparer.Ordinal);
        // On a kept session: every signed-in request reads the stamps, and a connection opened and a command prepared for
        // each was a tenth of a plain request's CPU (issue 22).
        await using (var session = await sql.SessionAsync(ct))
        await using (var reader = await session.ReadAsync("""SELECT "Area", "Version" FROM cache_stamps""", [], ct))
            while (await reader.ReadAsync(ct)) stamps[reader.GetString(0)] = reader.GetInt64(1);
        if (context is not null) context.Items[StampsKey] = stamps;
        if (watch.Listening) shared = new SharedStamps(generation, stamps);
        return stamps;
    }

    /// <summary>The areas the saved entries touch (from <see cref="CachedInAttribute"/> on their types).</summary>
    public static HashSet<string> AreasOf(IEnumerable<EntityEntry> changed)
    {
        var areas = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in changed)
            areas.UnionWith(AreasOfType.GetOrAdd(entry.Metadata.ClrType, t => t.GetCustomAttributes<CachedInAttribute>().Select(a => a.Area).ToArray()));
        return areas;
    }

    /// <summary>
    /// A write that bypasses SaveChanges (ExecuteUpdate, raw SQL) and the stamps of the areas it changes, in one
    /// transaction: the caller's, or one of its own. No instance goes on serving a value the write made stale.
    /// </summary>
    public static async Task WriteAsync(AppDbContext db, string[] areas, Func<CancellationToken, Task> write, CancellationToken ct)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await write(ct);
        await BumpAsync(db, areas, ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
    }

    /// <summary>Raises the stamps of the areas, inside the caller's transaction (or on its own when there is none).</summary>
    public static async Task BumpAsync(AppDbContext db, IEnumerable<string> areas, CancellationToken ct)
    {
        // In a transaction even alone: its commit is what tells this instance (StampWatch), the notification the others.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        foreach (var area in areas.Order(StringComparer.Ordinal))
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO cache_stamps ("Area", "Version") VALUES ({0}, 1)
                ON CONFLICT ("Area") DO UPDATE SET "Version" = cache_stamps."Version" + 1
                """, [area], ct);
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync(StampWatch.NotifySql, ct);
        db.StampsBumped = true;
        if (transaction is not null) await transaction.CommitAsync(ct);
    }
}
