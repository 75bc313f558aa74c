using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace QualityZone.Infrastructure.Data;

/// <summary>The last number issued in a series of official numbers (整改编号 ZG-2026-, 入区编号 FH-2026-, 风险编号 FX-2026-).</summary>
public sealed class NumberSequence
{
    public required string Key { get; set; }
    public int Last { get; set; }
}

public sealed class NumberSequenceConfiguration : IEntityTypeConfiguration<NumberSequence>
{
    public void Configure(EntityTypeBuilder<NumberSequence> builder)
    {
        builder.ToTable("NumberSequences");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(50);
    }
}

/// <summary>
/// Hands out the next number of a series with one atomic UPDATE … RETURNING, so requests made at
/// the same instant never get the same number ("highest + 1" read by two requests did). A series
/// starts from the highest number already issued the first time it is used. A number taken by a
/// command that then fails is not reused: a gap, never a duplicate.
/// </summary>
public static class NumberSequences
{
    public static async Task<int> NextAsync(AppDbContext db, string key, Func<CancellationToken, Task<int>> highestIssued, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var next = await db.Database
                .SqlQuery<int>($"UPDATE \"NumberSequences\" SET \"Last\" = \"Last\" + 1 WHERE \"Key\" = {key} RETURNING \"Last\" AS \"Value\"")
                .ToListAsync(ct);
            if (next.Count == 1) return next[0];
            var start = await highestIssued(ct);
            await db.Database.ExecuteSqlAsync($"INSERT INTO \"NumberSequences\" (\"Key\", \"Last\") VALUES ({key}, {start}) ON CONFLICT (\"Key\") DO NOTHING", ct);
        }
        throw new InvalidOperationException($"Number series {key} could not be started.");
    }

    /// <summary>The highest number of a series among existing numbers "PREFIX0042".</summary>
    public static int Highest(IEnumerable<string> numbers, string prefix) =>
        numbers.Select(n => int.TryParse(n.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : 0)
            .DefaultIfEmpty(0).Max();
}
