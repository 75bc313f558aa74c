using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace QualityZone.Infrastructure.Data;

/// <summary>A table of sums kept by delta: its key columns and the columns that are added to.</summary>
public sealed record RollupTable(string Name, string[] KeyColumns, string[] ValueColumns);

/// <summary>Add <see cref="Values"/> (decimal, long or int, one per value column) to the row of <see cref="Table"/> with this key, created at zero when missing.</summary>
public sealed record RollupDelta(RollupTable Table, object[] Key, object[] Values);

/// <summary>
/// An entity whose changes move figures kept elsewhere by delta (the zone's monthly export rollup
/// moves when a return is submitted). AppDbContext asks for the pending deltas after the entity's own
/// rows are saved and writes them in the same transaction, so a rollup never disagrees with what was
/// saved (issue 22); only after the commit are they forgotten (a failed save can be retried).
/// </summary>
public interface IRollupSource
{
    bool HasPendingRollups { get; }

    /// <summary>
    /// The deltas of the changes since the last save: those known in memory, and those of rows the change did not load,
    /// read and updated here in SQL (a version of 100,000 lines that stops counting is summed by GROUP BY, not loaded).
    /// </summary>
    Task<IReadOnlyList<RollupDelta>> PendingRollupsAsync(AppDbContext db, CancellationToken ct);

    void RollupsWritten();
}

/// <summary>
/// Writes rollup deltas: summed per row first (one save of a thousand returns touches each cell
/// once), then one upsert per row that adds to what is there — atomic on both databases, so two
/// transactions adding to one row at once both count (no read-modify-write). Rows are written in
/// key order so that two transactions on PostgreSQL take their row locks in the same order.
/// </summary>
public static class Rollups
{
    public static async Task WriteAsync(AppDbContext db, IReadOnlyCollection<RollupDelta> deltas, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("Rollups are written inside the caller's transaction.");
        var sqlite = !db.Database.IsNpgsql();
        foreach (var table in deltas.GroupBy(d => d.Table))
        {
            var rows = new SortedDictionary<string, (object[] Key, object[] Values)>(StringComparer.Ordinal);
            foreach (var delta in table)
            {
                var id = string.Join('\u001f', delta.Key.Select(k => Convert.ToString(k, System.Globalization.CultureInfo.InvariantCulture)));
                rows[id] = rows.TryGetValue(id, out var row) ? (row.Key, Add(row.Values, delta.Values)) : (delta.Key, delta.Values);
            }
            await using var command = Upsert(db.Database.GetDbConnection(), transaction, table.Key);
            // Npgsql prepares only parameters with a type or value; SQLite reuses the prepared statement for every row.
            if (sqlite) await command.PrepareAsync(ct);
            foreach (var (key, values) in rows.Values)
            {
                if (values.All(IsZero)) continue;
                var parameters = key.Concat(values).ToArray();
                for (var i = 0; i < parameters.Length; i++) command.Parameters[i].Value = sqlite ? BulkWriter.SqliteValue(parameters[i]) : parameters[i];
                await command.ExecuteNonQueryAsync(ct);
            }
        }
    }

    private static DbCommand Upsert(DbConnection connection, IDbContextTransaction transaction, RollupTable table)
    {
        var columns = table.KeyColumns.Concat(table.ValueColumns).ToArray();
        var command = connection.CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = $"""
            INSERT INTO {table.Name} ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})
            ON CONFLICT ({string.Join(", ", table.KeyColumns.Select(c => $"\"{c}\""))})
            DO UPDATE SET {string.Join(", ", table.ValueColumns.Select(c => $"\"{c}\" = {table.Name}.\"{c}\" + excluded.\"{c}\""))}
            """;
        for (var i = 0; i < columns.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static object[] Add(object[] a, object[] b) => a.Zip(b, (x, y) => x switch
    {
        decimal d => (object)(d + (decimal)y),
        long l => l + Convert.ToInt64(y, System.Globalization.CultureInfo.InvariantCulture),
        int i => i + (int)y,
        _ => throw new InvalidOperationException($"A rollup adds decimals and integers, not {x.GetType().Name}."),
    }).ToArray();

    private static bool IsZero(object value) => value switch { decimal d => d == 0, long l => l == 0, int i => i == 0, _ => false };
}
