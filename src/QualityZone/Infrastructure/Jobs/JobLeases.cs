using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Infrastructure.Jobs;

/// <summary>Who runs a background job for now: one row per job, held until <see cref="ExpiresAt"/>.</summary>
public sealed class JobLease
{
    public string Name { get; set; } = "";
    public string Holder { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
}

public sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> builder)
    {
        builder.ToTable("job_leases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(100);
        builder.Property(l => l.Holder).HasMaxLength(200);
    }
}

/// <summary>
/// Runs each scheduled job once across instances that share a database: before a run, an instance takes the
/// job's lease with one conditional UPDATE (or the first INSERT); the other instances find it held and skip that
/// run. A lease outlives its run by a margin and expires by itself, so a crashed instance blocks no one for long.
/// Works the same on SQLite (one instance, trivially) and on PostgreSQL (row lock of the UPDATE).
/// </summary>
public sealed class JobLeases(IServiceScopeFactory scopes, TimeProvider clock, JobHeartbeats heartbeats, IConfiguration configuration)
{
    /// <summary>A job's interval, unless the operator sets <c>Jobs:{name}:IntervalSeconds</c> (also how the two-instance check runs jobs every few seconds).</summary>
    public TimeSpan IntervalOf(string job, TimeSpan standard) =>
        configuration.GetValue<double?>($"Jobs:{job}:IntervalSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : standard;

    /// <summary>The wait before a job's first run, unless set by <c>Jobs:{name}:FirstRunSeconds</c>.</summary>
    public TimeSpan FirstRunOf(string job, TimeSpan standard) =>
        configuration.GetValue<double?>($"Jobs:{job}:FirstRunSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : standard;

    /// <summary>This process: host name and process id, so the operator can tell instances apart in the table.</summary>
    public static readonly string Instance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    public JobHeartbeats Heartbeats => heartbeats;

    public async Task<bool> TryAcquireAsync(string job, TimeSpan holdFor, CancellationToken ct)
    {
        heartbeats.Beat(job, holdFor * 2);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow();
        var until = now + holdFor;
        var taken = await db.JobLeases.Where(l => l.Name == job && (l.ExpiresAt < now || l.Holder == Instance))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, Instance).SetProperty(l => l.ExpiresAt, until), ct);
        if (taken == 1) return true;
        // The first run of this job anywhere: one instance inserts the row, the others find it there (no error to log).
        var expires = db.Database.IsSqlite() ? BulkWriter.SqliteValue(until) : until;
        return await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO job_leases (\"Name\", \"Holder\", \"ExpiresAt\") VALUES ({0}, {1}, {2}) ON CONFLICT (\"Name\") DO NOTHING", [job, Instance, expires], ct) == 1;
    }
}

/// <summary>
/// When each job of this process must wake up next at the latest: readiness turns false when a job loop has died
/// (an exception escaped it, or it hangs), instead of the job silently never running again.
/// </summary>
public sealed class JobHeartbeats(TimeProvider clock)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> dueBy = new();

    /// <summary>The job is alive now and will wake again within <paramref name="within"/>.</summary>
    public void Beat(string job, TimeSpan within) => dueBy[job] = clock.GetUtcNow() + within;

    /// <summary>Jobs that should have woken up by now and have not.</summary>
    public IReadOnlyList<string> Overdue() => dueBy.Where(j => j.Value < clock.GetUtcNow()).Select(j => j.Key).Order().ToList();
}
