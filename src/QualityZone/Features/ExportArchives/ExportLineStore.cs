using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NpgsqlTypes;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.ExportArchives;

/// <summary>
/// Saves returns whose versions carry many lines (an Excel file of 100,000 lines, the demo's five
/// years): the returns and versions go through EF (audited, concurrency-checked), the new lines by
/// bulk insert in the same transaction (BulkWriter) —
/// because EF's change tracking of 100,000 entities costs several times the insert itself
/// (docs/benchmarks.md). Lines are version content, not audited one by one (IVersionContent).
/// </summary>
public static class ExportLineStore
{
    private static readonly BulkColumn<ExportReturnLine>[] Columns =
    [
        new("Id", NpgsqlDbType.Uuid, l => l.Id), new("VersionId", NpgsqlDbType.Uuid, l => l.VersionId), new("ReturnId", NpgsqlDbType.Uuid, l => l.ReturnId),
        new("EnterpriseId", NpgsqlDbType.Uuid, l => l.EnterpriseId), new("Period", NpgsqlDbType.Varchar, l => l.Period),
        new("Effective", NpgsqlDbType.Boolean, l => l.Effective), new("Position", NpgsqlDbType.Integer, l => l.Position),
        new("ProductName", NpgsqlDbType.Varchar, l => l.ProductName), new("Model", NpgsqlDbType.Varchar, l => l.Model),
        new("HsCode", NpgsqlDbType.Varchar, l => l.HsCode), new("HsHeading", NpgsqlDbType.Varchar, l => l.HsHeading),
        new("CountryCode", NpgsqlDbType.Varchar, l => l.CountryCode), new("Quantity", NpgsqlDbType.Numeric, l => l.Quantity),
        new("Unit", NpgsqlDbType.Varchar, l => l.Unit), new("ValueUsd", NpgsqlDbType.Numeric, l => l.ValueUsd),
        new("ValueCny", NpgsqlDbType.Numeric, l => l.ValueCny), new("CnyPerUsd", NpgsqlDbType.Numeric, l => l.CnyPerUsd),
        new("Mode", NpgsqlDbType.Varchar, l => l.Mode.ToString()), new("Batches", NpgsqlDbType.Integer, l => l.Batches),
        new("NonconformingBatches", NpgsqlDbType.Integer, l => l.NonconformingBatches),
        new("NonconformingQuantity", NpgsqlDbType.Numeric, l => l.NonconformingQuantity),
        new("NonconformityDescription", NpgsqlDbType.Varchar, l => l.NonconformityDescription),
    ];

    /// <summary>
    /// SaveChanges, with the lines added since the last save written in bulk and a submit's flip of <c>Effective</c>
    /// written as one UPDATE per version (not one per line); all in one transaction.
    /// </summary>
    public static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        // The new lines are found and, when many, taken out of EF's hands (out of their versions' collections) before
        // anything detects changes: EF would otherwise start tracking each of 100,000 lines — an entry and a snapshot
        // per line, about 250 MiB for an import of that size (issue 22: memory at full scale) — only to be told to stop.
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        List<ExportReturnLine> bulk;
        try
        {
            var fresh = NewLines(db);
            bulk = fresh.Count >= 1000 ? fresh : [];
            var taken = bulk.ToHashSet(ReferenceEqualityComparer.Instance);
            if (taken.Count > 0)
            {
                foreach (var version in db.ChangeTracker.Entries<ExportReturn>().SelectMany(e => e.Entity.Versions))
                    version.Lines.RemoveAll(taken.Contains);
                foreach (var entry in db.ChangeTracker.Entries<ExportReturnLine>().Where(e => taken.Contains(e.Entity)).ToList())
                    entry.State = EntityState.Detached;
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
        var flipped = db.ChangeTracker.Entries<ExportReturnLine>().Where(e => e.State == EntityState.Modified && OnlyEffectiveChanged(e)).ToList();
        if (bulk.Count == 0 && flipped.Count < 1000)
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        // The flipped lines are written below, one UPDATE per version (see Flips): EF takes their values as saved.
        var flips = Flips(flipped);
        foreach (var entry in flipped) entry.State = EntityState.Unchanged;

        var owned = db.Database.CurrentTransaction is null;
        var transaction = db.Database.CurrentTransaction ?? await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
            await BulkWriter.InsertAsync(db, "export_return_lines", Columns, bulk, ct);
            foreach (var (version, effective) in flips)
                await db.ExportReturnLines.Where(l => l.VersionId == version).ExecuteUpdateAsync(set => set.SetProperty(l => l.Effective, effective), ct);
            if (owned) await transaction.CommitAsync(ct);
        }
        finally
        {
            if (owned) await transaction.DisposeAsync();
        }
    }

    /// <summary>
    /// The lines of the returns in hand that are not yet in the database: added, or put into a version's collection and
    /// not yet found by EF (it finds them when it next detects changes; the caller has turned that off).
    /// </summary>
    private static List<ExportReturnLine> NewLines(AppDbContext db)
    {
        var stored = db.ChangeTracker.Entries<ExportReturnLine>().Where(e => e.State != EntityState.Added).Select(e => e.Entity)
            .ToHashSet(ReferenceEqualityComparer.Instance);
        return db.ChangeTracker.Entries<ExportReturn>().SelectMany(e => e.Entity.Versions).SelectMany(v => v.Lines)
            .Where(l => !stored.Contains(l)).ToList();
    }

    /// <summary>
    /// A version that stops counting without its content loaded (<see cref="ExportReturn.Submit"/>): what its lines take
    /// from the zone's rollup, summed per cell by the database, and its lines and incidents no longer effective — in the
    /// caller's transaction. Submitted content is frozen, so the sums are those of the lines that counted.
    /// </summary>
    public static async Task<IReadOnlyList<RollupDelta>> StopCountingAsync(AppDbContext db, Guid versionId, CancellationToken ct)
    {
        var sqlite = !db.Database.IsNpgsql();
        var deltas = new List<RollupDelta>();
        await using (var command = db.Database.GetDbConnection().CreateCommand())
        {
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            // Decimals are integer ten-thousandths on SQLite (DecimalTenThousandthsConverter), so the sum is exact there too.
            command.CommandText = """
                SELECT "Period", "CountryCode", "HsHeading", "Mode", SUM("ValueUsd"), SUM("Batches"), SUM("NonconformingBatches")
                FROM export_return_lines WHERE "VersionId" = @version AND "Effective" = TRUE
                GROUP BY "Period", "CountryCode", "HsHeading", "Mode"
                """;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@version";
            parameter.Value = sqlite ? BulkWriter.SqliteValue(versionId) : versionId;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var value = sqlite ? reader.GetInt64(4) / 10_000m : reader.GetDecimal(4);
                deltas.Add(new RollupDelta(ExportRollupCell.Table, [reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)],
                    [-value, -reader.GetInt64(5), -reader.GetInt64(6)]));
            }
        }
        await db.ExportReturnLines.Where(l => l.VersionId == versionId && l.Effective).ExecuteUpdateAsync(set => set.SetProperty(l => l.Effective, false), ct);
        await db.ExportReturnIncidents.Where(x => x.VersionId == versionId && x.Effective).ExecuteUpdateAsync(set => set.SetProperty(x => x.Effective, false), ct);
        return deltas;
    }

    /// <summary>
    /// The versions whose lines a submit flipped (<see cref="ExportReturn.Submit"/>: the version that counted stops, the
    /// new one starts). A version's lines are loaded whole or not at all (<see cref="ReturnCommands.LoadForChangeAsync"/>)
    /// and flipped together, so setting every line of the version in the database is the same change.
    /// </summary>
    private static List<(Guid Version, bool Effective)> Flips(IEnumerable<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<ExportReturnLine>> flipped) =>
        flipped.Select(e => (e.Entity.VersionId, e.Entity.Effective)).Distinct().ToList();

    private static bool OnlyEffectiveChanged(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<ExportReturnLine> entry) =>
        entry.Properties.Where(p => p.IsModified).All(p => p.Metadata.Name == nameof(ExportReturnLine.Effective));
}
