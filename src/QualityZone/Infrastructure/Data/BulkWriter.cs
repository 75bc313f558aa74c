using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace QualityZone.Infrastructure.Data;

/// <summary>A column of a bulk insert: its name, its PostgreSQL type and how to read it from a row.</summary>
public sealed record BulkColumn<T>(string Name, NpgsqlDbType Type, Func<T, object?> Value);

/// <summary>
/// Inserts many rows of one table inside the caller's transaction, past EF's change tracker: a
/// prepared INSERT on SQLite, binary COPY on PostgreSQL. For the hot write paths (a return's
/// 100,000 lines, an MES sending 50,000 trace records a second; docs/benchmarks.md), where
/// tracking the entities would cost several times the insert itself. Values are written the way
/// EF stores them on each provider (SqliteAppDbContext: Guid as upper-case text, instants as UTC
/// ticks, amounts as integer ten-thousandths, dates as yyyy-MM-dd text); enums are given as their
/// names by the caller, as the configurations store them.
/// </summary>
public static class BulkWriter
{
    public static async Task InsertAsync<T>(AppDbContext db, string table, IReadOnlyList<BulkColumn<T>> columns, IReadOnlyCollection<T> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("A bulk insert runs inside the caller's transaction.");
        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        if (db.Database.IsNpgsql()) await CopyAsync(db, table, names, columns, rows, ct);
        else await InsertSqliteAsync(db, transaction, table, names, columns, rows, ct);
    }

    /// <summary>Rows in statements of <see cref="RowsPerStatement"/> (fewer statements to step through: 2–3× faster than one row each), the rest one by one; both prepared once.</summary>
    private static async Task InsertSqliteAsync<T>(AppDbContext db, IDbContextTransaction transaction, string table, string names,
        IReadOnlyList<BulkColumn<T>> columns, IReadOnlyCollection<T> rows, CancellationToken ct)
    {
        var perStatement = Math.Max(1, Math.Min(RowsPerStatement, 30_000 / columns.Count));
        var list = rows as IReadOnlyList<T> ?? rows.ToList();
        var full = list.Count / perStatement * perStatement;
        if (full > 0)
        {
            await using var many = Prepare(db, transaction, table, names, columns.Count, perStatement);
            await many.Command.PrepareAsync(ct);
            for (var start = 0; start < full; start += perStatement)
            {
                for (var r = 0; r < perStatement; r++)
                    for (var c = 0; c < columns.Count; c++) many.Parameters[r * columns.Count + c].Value = SqliteValue(columns[c].Value(list[start + r]));
                await many.Command.ExecuteNonQueryAsync(ct);
            }
        }
        if (full == list.Count) return;
        await using var one = Prepare(db, transaction, table, names, columns.Count, 1);
        await one.Command.PrepareAsync(ct);
        for (var i = full; i < list.Count; i++)
        {
            for (var c = 0; c < columns.Count; c++) one.Parameters[c].Value = SqliteValue(columns[c].Value(list[i]));
            await one.Command.ExecuteNonQueryAsync(ct);
        }
    }

    private const int RowsPerStatement = 64;

    private sealed record Statement(System.Data.Common.DbCommand Command, System.Data.Common.DbParameter[] Parameters) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Command.DisposeAsync();
    }

    private static Statement Prepare(AppDbContext db, IDbContextTransaction transaction, string table, string names, int columns, int rows)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        var values = Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", Enumerable.Range(0, columns).Select(c => $"@p{r * columns + c}")) + ")");
        command.CommandText = $"INSERT INTO {table} ({names}) VALUES {string.Join(", ", values)}";
        var parameters = new System.Data.Common.DbParameter[rows * columns];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = command.CreateParameter();
            parameters[i].ParameterName = "@p" + i;
            command.Parameters.Add(parameters[i]);
        }
        return new Statement(command, parameters);
    }

    /// <summary>A value as SqliteAppDbContext's converters store it.</summary>
    public static object SqliteValue(object? value) => value switch
    {
        null => DBNull.Value,
        Guid id => id.ToString().ToUpperInvariant(),
        decimal amount => (long)decimal.Round(amount * 10_000m, MidpointRounding.AwayFromZero),
        DateTimeOffset instant => instant.UtcTicks,
        DateOnly day => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };

    private static async Task CopyAsync<T>(AppDbContext db, string table, string names, IReadOnlyList<BulkColumn<T>> columns, IReadOnlyCollection<T> rows, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(ct);
            foreach (var column in columns)
            {
                var value = column.Value(row);
                if (value is null) await writer.WriteNullAsync(ct);
                else if (value is DateTimeOffset instant) await writer.WriteAsync(instant.ToUniversalTime(), column.Type, ct);
                else await writer.WriteAsync(value, column.Type, ct);
            }
        }
        await writer.CompleteAsync(ct);
    }
}
