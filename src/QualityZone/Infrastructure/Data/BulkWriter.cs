using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace QualityZone.Infrastructure.Data;

/// <summary>A column of a bulk insert: its name, its PostgreSQL type and how to read it from a row.</summary>
public sealed record BulkColumn<T>(string Name, NpgsqlDbType Type, Func<T, object?> Value);

/// <summary>A text value already in UTF-8 (a JSON body as received): bound to SQLite as text from its bytes, never as a blob.</summary>
public sealed record Utf8Text(byte[] Bytes)
{
    public override string ToString() => System.Text.Encoding.UTF8.GetString(Bytes);
}

/// <summary>
/// Inserts many rows of one table inside the caller's transaction, past EF's change tracker: a
/// prepared INSERT stepped row by row on SQLite, binary COPY on PostgreSQL. For the hot write paths (a return's
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

    /// <summary>
    /// On SQLite one INSERT is prepared on the connection's own handle and each row bound by
    /// position and stepped through SQLitePCL, the library Microsoft.Data.Sqlite itself calls
    /// (issue 22: its command binds every value by name and builds a data reader on every execution,
    /// several times SQLite's own work per row — 18,000 trace records took 245 ms, EPCIS's 3,000 rows
    /// a document 47 ms; the figures are in docs/benchmarks.md). Values are bound as
    /// Microsoft.Data.Sqlite binds them (text as UTF-8, integers and booleans as 64-bit integers,
    /// floating-point numbers as doubles, bytes as blobs), after <see cref="SqliteValue"/> gave them
    /// the form EF stores; any other value (an enum or a date not converted by the caller) sends that
    /// row and the rest through Microsoft.Data.Sqlite's parameters, so nothing is stored otherwise
    /// than binding would store it.
    /// </summary>
    private static async Task InsertSqliteAsync<T>(AppDbContext db, IDbContextTransaction transaction, string table, string names,
        IReadOnlyList<BulkColumn<T>> columns, IReadOnlyCollection<T> rows, CancellationToken ct)
    {
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
        var sql = $"INSERT INTO {table} ({names}) VALUES ({string.Join(", ", columns.Select((_, i) => "?" + (i + 1)))})";
        var rest = InsertBound(connection.Handle!, sql, columns, rows, ct);
        if (rest is not null) await InsertRowsAsync(db, transaction, table, names, columns, rest, ct);
    }

    /// <summary>The rows bound and stepped one by one; the rows left (from the first whose value it does not bind) or null when all are in.</summary>
    private static IEnumerable<T>? InsertBound<T>(sqlite3 handle, string sql, IReadOnlyList<BulkColumn<T>> columns, IReadOnlyCollection<T> rows, CancellationToken ct)
    {
        var rc = raw.sqlite3_prepare_v2(handle, sql, out var statement);
        if (rc != raw.SQLITE_OK) Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(rc, handle);
        using (statement)
        {
            var values = new object[columns.Count];
            using var rowsLeft = rows.GetEnumerator();
            for (var n = 0; rowsLeft.MoveNext(); n++)
            {
                if (n % 1_000 == 0) ct.ThrowIfCancellationRequested();
                for (var i = 0; i < values.Length; i++) values[i] = SqliteValue(columns[i].Value(rowsLeft.Current));
                if (!Array.TrueForAll(values, Bindable)) return Rest(rowsLeft);
                for (var i = 0; i < values.Length; i++) Bind(statement, i + 1, values[i]);
                rc = raw.sqlite3_step(statement);
                raw.sqlite3_reset(statement);
                if (rc != raw.SQLITE_DONE) Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(rc, handle);
            }
        }
        return null;
    }

    private static IEnumerable<T> Rest<T>(IEnumerator<T> rows)
    {
        do yield return rows.Current; while (rows.MoveNext());
    }

    private static bool Bindable(object value) => value is DBNull or string or Utf8Text or long or int or short or byte or bool or double or float or byte[];

    private static void Bind(sqlite3_stmt statement, int index, object value)
    {
        var rc = value switch
        {
            DBNull => raw.sqlite3_bind_null(statement, index),
            string text => raw.sqlite3_bind_text(statement, index, text),
            Utf8Text text => raw.sqlite3_bind_text(statement, index, text.Bytes.AsSpan()),
            long number => raw.sqlite3_bind_int64(statement, index, number),
            int number => raw.sqlite3_bind_int64(statement, index, number),
            short number => raw.sqlite3_bind_int64(statement, index, number),
            byte number => raw.sqlite3_bind_int64(statement, index, number),
            bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0), // SQLite stores booleans as 0 / 1
            double number => raw.sqlite3_bind_double(statement, index, number),
            float number => raw.sqlite3_bind_double(statement, index, number),
            byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
            _ => throw new InvalidOperationException($"{value.GetType()} is not bound here."),
        };
        if (rc != raw.SQLITE_OK) throw new InvalidOperationException($"SQLite refused value {index} ({rc}).");
    }

    /// <summary>A prepared INSERT run once a row through Microsoft.Data.Sqlite's parameters (values bound there only).</summary>
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
            for (var i = 0; i < parameters.Length; i++)
            {
                var value = SqliteValue(columns[i].Value(row));
                parameters[i].Value = value is Utf8Text text ? text.ToString() : value;
            }
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>A value as SqliteAppDbContext's converters store it.</summary>
    public static object SqliteValue(object? value) => value switch
    {
        null => DBNull.Value,
        Guid id => UpperCase(id),
        decimal amount => (long)decimal.Round(amount * 10_000m, MidpointRounding.AwayFromZero),
        DateTimeOffset instant => instant.UtcTicks,
        DateOnly day => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };

    /// <summary>A Guid as EF's SQLite provider stores it (upper-case "D" form), made as one string, not a lower-case one and its copy.</summary>
    private static string UpperCase(Guid id) => string.Create(36, id, static (chars, value) =>
    {
        value.TryFormat(chars, out _);
        for (var i = 0; i < chars.Length; i++) chars[i] = char.ToUpperInvariant(chars[i]);
    });

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
                else if (value is Utf8Text text) await writer.WriteAsync(text.ToString(), column.Type, ct);
                else await writer.WriteAsync(value, column.Type, ct);
            }
        }
        await writer.CompleteAsync(ct);
    }
}
