using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.ExportArchives;

/// <summary>
/// The zone's exports of one month to one market under one HS heading in one export mode, summed
/// over the enterprises' effective return lines (issue 22): the zone view reads a half-year from a
/// few thousand of these instead of grouping 700,000 lines on every request. Kept by delta in the
/// same transaction as the submission that changes the effective lines (ExportReturn.Submit,
/// AppDbContext.SaveChangesAsync), rebuilt from the lines by the <c>rebuild-rollups</c> verb.
/// </summary>
public sealed class ExportRollupCell
{
    public required string Period { get; set; }
    public required string CountryCode { get; set; }
    public required string HsHeading { get; set; }
    public ExportMode Mode { get; set; }
    public decimal ValueUsd { get; set; }
    public long Batches { get; set; }
    public long NonconformingBatches { get; set; }

    public static readonly RollupTable Table = new("export_rollup_cells",
        ["Period", "CountryCode", "HsHeading", "Mode"], ["ValueUsd", "Batches", "NonconformingBatches"]);

    /// <summary>
    /// What the lines add to (sign 1) or take from (sign −1) the rollup: one delta per cell, not per line (a month of
    /// 10,000 lines falls into a few hundred cells; issue 22, memory of a 100,000-line import).
    /// </summary>
    public static IEnumerable<RollupDelta> Deltas(IEnumerable<ExportReturnLine> lines, int sign) =>
        lines.GroupBy(l => (l.Period, l.CountryCode, l.HsHeading, l.Mode))
            .Select(cell => new RollupDelta(Table, [cell.Key.Period, cell.Key.CountryCode, cell.Key.HsHeading, cell.Key.Mode.ToString()],
                [sign * cell.Sum(l => l.ValueUsd), (long)sign * cell.Sum(l => (long)l.Batches), (long)sign * cell.Sum(l => (long)l.NonconformingBatches)]));

    /// <summary>Recomputes the whole rollup from the effective lines (the CLI verb; after a restore or a bulk fix in SQL).</summary>
    public static async Task<int> RebuildAsync(AppDbContext db, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.ExportRollupCells.ExecuteDeleteAsync(ct);
        var rows = await db.Database.ExecuteSqlRawAsync(RebuildSql, ct);
        // Past SaveChanges: the zone summaries cached by running instances are told here.
        await ReadCache.BumpAsync(db, ["returns"], ct);
        await transaction.CommitAsync(ct);
        return rows;
    }

    /// <summary>The same on both databases ("Effective" = TRUE reads the statistics index in order); also the migration's backfill.</summary>
    public const string RebuildSql = """
        INSERT INTO export_rollup_cells ("Period", "CountryCode", "HsHeading", "Mode", "ValueUsd", "Batches", "NonconformingBatches")
        SELECT "Period", "CountryCode", "HsHeading", "Mode", SUM("ValueUsd"), SUM("Batches"), SUM("NonconformingBatches")
        FROM export_return_lines WHERE "Effective" = TRUE
        GROUP BY "Period", "CountryCode", "HsHeading", "Mode"
        """;
}

public sealed class ExportRollupCellConfiguration : IEntityTypeConfiguration<ExportRollupCell>
{
    public void Configure(EntityTypeBuilder<ExportRollupCell> builder)
    {
        builder.ToTable("export_rollup_cells");
        builder.HasKey(c => new { c.Period, c.CountryCode, c.HsHeading, c.Mode });
        builder.Property(c => c.Period).HasMaxLength(7);
        builder.Property(c => c.CountryCode).HasMaxLength(2);
        builder.Property(c => c.HsHeading).HasMaxLength(4);
        builder.Property(c => c.Mode).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.ValueUsd).HasPrecision(18, 2);
    }
}
