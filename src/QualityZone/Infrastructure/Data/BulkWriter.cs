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

    private static async Task InsertSqliteAsync<T>(AppDbContext db, IDbContextTransaction transaction, string table, string names,
        IReadOnlyList<BulkColumn<T>> columns, IReadOnlyCollection<T> rows, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = $"INSERT INTO {table} ({names}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
        var parameters = columns.Select((_, i) =>
        {
            var p = command.CreateParameter();
            p.ParameterName = "@p" + i;
            command.Parameters.Add(p);
            return p;
        }).ToArray();
        await command.PrepareAsync(ct);
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++) parameters[i].Value = SqliteValue(columns[i].Value(row));
            await command.ExecuteNonQueryAsync(ct);
        }
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
