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

    /// <summary>Rows per statement on SQLite: one JSON text of a few megabytes at most.</summary>
    private const int RowsPerStatement = 5_000;

    /// <summary>
    /// On SQLite the rows travel as one JSON array per statement and SQLite unpacks them
    /// (<c>INSERT … SELECT value->>0, value->>1 … FROM json_each(@rows)</c>): a prepared INSERT run
    /// once a row spent more time binding each value by name and stepping than SQLite spent
    /// inserting (issue 22: 18,000 trace records 245 ms → see docs/benchmarks.md). Values are
    /// written as <see cref="SqliteValue"/> gives them, so SQLite stores the same text and integers;
    /// any other value (bytes, floating-point numbers, enums and dates not converted by the caller)
    /// falls back to a row at a time, bound as before.
    /// </summary>
    private static async Task InsertSqliteAsync<T>(AppDbContext db, IDbContextTransaction transaction, string table, string names,
        IReadOnlyList<BulkColumn<T>> columns, IReadOnlyCollection<T> rows, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = $"INSERT INTO {table} ({names}) SELECT {string.Join(", ", columns.Select((_, i) => $"value->>{i}"))} FROM json_each(@rows)";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@rows";
        command.Parameters.Add(parameter);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 16);
        var options = new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var values = new object[columns.Count];
        using var rowsLeft = rows.GetEnumerator();
        var more = rowsLeft.MoveNext();
        while (more)
        {
            buffer.ResetWrittenCount();
            await using (var json = new System.Text.Json.Utf8JsonWriter(buffer, options))
            {
                json.WriteStartArray();
                for (var n = 0; more && n < RowsPerStatement; n++, more = rowsLeft.MoveNext())
                {
                    for (var i = 0; i < values.Length; i++) values[i] = SqliteValue(columns[i].Value(rowsLeft.Current));
                    if (!Array.TrueForAll(values, CarriedByJson))
                    {
                        // Not carried exactly by JSON: this and the remaining rows one at a time, after the ones gathered so far.
                        json.WriteEndArray();
                        await json.FlushAsync(ct);
                        await RunAsync(command, parameter, buffer, n, ct);
                        await InsertRowsAsync(db, transaction, table, names, columns, Rest(rowsLeft), ct);
                        return;
                    }
                    json.WriteStartArray();
                    foreach (var value in values) Write(json, value);
                    json.WriteEndArray();
                }
                json.WriteEndArray();
            }
            await RunAsync(command, parameter, buffer, 1, ct);
        }
    }

    private static async Task RunAsync(System.Data.Common.DbCommand command, System.Data.Common.DbParameter parameter, System.Buffers.ArrayBufferWriter<byte> buffer, int rows, CancellationToken ct)
    {
        if (rows == 0) return;
        parameter.Value = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static IEnumerable<T> Rest<T>(IEnumerator<T> rows)
    {
        do yield return rows.Current; while (rows.MoveNext());
    }

    private static bool CarriedByJson(object value) => value is DBNull or string or long or int or short or byte or bool;

    private static void Write(System.Text.Json.Utf8JsonWriter json, object value)
    {
        switch (value)
        {
            case DBNull: json.WriteNullValue(); break;
            case string text: json.WriteStringValue(text); break;
            case long number: json.WriteNumberValue(number); break;
            case int number: json.WriteNumberValue(number); break;
            case short number: json.WriteNumberValue(number); break;
            case byte number: json.WriteNumberValue(number); break;
            case bool flag: json.WriteNumberValue(flag ? 1 : 0); break; // SQLite stores booleans as 0 / 1
            default: throw new InvalidOperationException($"{value.GetType()} is not written as JSON.");
        }
    }

    /// <summary>A prepared INSERT run once a row (values JSON cannot carry exactly).</summary>
    private static async Task InsertRowsAsync<T>(AppDbContext db, IDbContextTransaction transaction, string table, string names,
        IReadOnlyList<BulkColumn<T>> columns, IEnumerable<T> rows, CancellationToken ct)
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
