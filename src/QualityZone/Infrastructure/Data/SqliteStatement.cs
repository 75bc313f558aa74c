using System.Collections;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace QualityZone.Infrastructure.Data;

/// <summary>
/// A statement kept prepared on one of RawSql's kept SQLite connections, bound and stepped through
/// SQLite's own API (the trace's reads; issue 22). Why not Microsoft.Data.Sqlite's reader: on this
/// kind of machine a call into SQLite costs ~70 ns, and its getters make three for each value
/// (the row's width, the value's type, the value: ~200 ns for an integer, ~450 ns for a string,
/// measured in docs/benchmarks.md), which for a trace of a few thousand values was a third of the
/// request. Here a value is one call (two when it may be NULL). Values are read as EF's SQLite
/// provider stores them: keys as upper-case text, dates as "yyyy-MM-dd", amounts and instants as
/// integers (SqliteAppDbContext), booleans as 0/1.
/// </summary>
public sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 database;
    // A text may hold several statements, read one after the other (NextResult), as Microsoft.Data.Sqlite reads them.
    private readonly List<sqlite3_stmt> statements = [];
    private readonly Dictionary<string, int[]> parameterIndexes = new(StringComparer.Ordinal);
    private StatementReader? open;

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        database = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        try
        {
            for (var rest = sql; !string.IsNullOrWhiteSpace(rest);)
            {
                Check(raw.sqlite3_prepare_v2(database, rest, out var statement, out rest));
                if (statement.IsInvalid) statement.Dispose(); // only a comment or white space
                else statements.Add(statement);
            }
            if (statements.Count == 0) throw new ArgumentException("The text holds no statement.", nameof(sql));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>False once a step failed: the caller closes the connection rather than keeping it.</summary>
    public bool Failed { get; private set; }

    /// <summary>Binds the values, stored as EF stores them (BulkWriter.SqliteValue), to every statement that names them, and steps to the first row.</summary>
    public DbDataReader Execute(IReadOnlyList<(string Name, object Value)> parameters)
    {
        if (open is { IsClosed: false }) throw new InvalidOperationException("This statement's previous reader is still open.");
        foreach (var (name, value) in parameters)
        {
            if (!parameterIndexes.TryGetValue(name, out var indexes))
            {
                // Looked up once per name and statement text: later executions only bind.
                indexes = statements.Select(statement => raw.sqlite3_bind_parameter_index(statement, name)).ToArray();
                if (indexes.All(index => index == 0)) throw new ArgumentException($"The statement has no parameter {name}.", nameof(parameters));
                parameterIndexes[name] = indexes;
            }
            var stored = BulkWriter.SqliteValue(value);
            for (var i = 0; i < statements.Count; i++)
                if (indexes[i] != 0) Check(Bind(statements[i], indexes[i], stored));
        }
        open = new StatementReader(this);
        open.StepFirst();
        return open;
    }

    private static int Bind(sqlite3_stmt statement, int index, object value) => value switch
    {
        DBNull => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
        double number => raw.sqlite3_bind_double(statement, index, number),
        byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
        var other => throw new NotSupportedException($"A {other.GetType().Name} parameter is not bound by SqliteStatement."),
    };

    public void Dispose()
    {
        foreach (var statement in statements) statement.Dispose();
        statements.Clear();
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) throw Error(rc);
    }

    private SqliteException Error(int rc) => new(raw.sqlite3_errmsg(database).utf8_to_string(), rc, raw.sqlite3_extended_errcode(database));

    /// <summary>
    /// The rows of one execution, statement after statement. Disposing resets the statements, which ends their read
    /// transaction (a reader left open would keep the WAL from being checkpointed past it) and clears their values.
    /// </summary>
    private sealed class StatementReader(SqliteStatement owner) : DbDataReader
    {
        private int current;
        private sqlite3_stmt statement = owner.statements[0];
        private bool closed;
        private bool firstRowPending;
        private bool hasRows;
        private bool done;

        /// <summary>
        /// Steps to the first row, waiting while another connection holds a lock SQLite cannot read past (rare in WAL mode:
        /// a checkpoint restarting the log), as Microsoft.Data.Sqlite's command waits up to its 30 s timeout.
        /// </summary>
        internal void StepFirst()
        {
            var deadline = Environment.TickCount64 + 30_000;
            int rc;
            while ((rc = raw.sqlite3_step(statement)) is raw.SQLITE_BUSY or raw.SQLITE_LOCKED && Environment.TickCount64 < deadline)
            {
                raw.sqlite3_reset(statement);
                Thread.Sleep(1);
            }
            done = false;
            hasRows = firstRowPending = Stepped(rc);
        }

        public override bool NextResult()
        {
            if (closed || current + 1 >= owner.statements.Count) return false;
            raw.sqlite3_reset(statement);
            statement = owner.statements[++current];
            StepFirst();
            return true;
        }

        public override Task<bool> NextResultAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return NextResult() ? TrueTask : FalseTask;
        }

        private bool Stepped(int rc)
        {
            if (rc == raw.SQLITE_ROW) return true;
            done = true;
            if (rc == raw.SQLITE_DONE) return false;
            owner.Failed = true;
            var error = owner.Error(rc);
            raw.sqlite3_reset(statement);
            throw error;
        }

        public override bool Read()
        {
            if (closed) throw new InvalidOperationException("The reader is closed.");
            if (firstRowPending)
            {
                firstRowPending = false;
                return true;
            }
            return !done && Stepped(raw.sqlite3_step(statement));
        }

        public override Task<bool> ReadAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Read() ? TrueTask : FalseTask;
        }

        private static readonly Task<bool> TrueTask = Task.FromResult(true), FalseTask = Task.FromResult(false);

        public override void Close()
        {
            if (closed) return;
            closed = true;
            foreach (var each in owner.statements)
            {
                raw.sqlite3_reset(each);
                raw.sqlite3_clear_bindings(each);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) Close();
            base.Dispose(disposing);
        }

        public override bool IsDBNull(int ordinal) => raw.sqlite3_column_type(statement, ordinal) == raw.SQLITE_NULL;
        public override long GetInt64(int ordinal) => raw.sqlite3_column_int64(statement, ordinal);
        public override int GetInt32(int ordinal) => checked((int)raw.sqlite3_column_int64(statement, ordinal));
        public override short GetInt16(int ordinal) => checked((short)raw.sqlite3_column_int64(statement, ordinal));
        public override byte GetByte(int ordinal) => checked((byte)raw.sqlite3_column_int64(statement, ordinal));
        public override bool GetBoolean(int ordinal) => raw.sqlite3_column_int64(statement, ordinal) != 0;
        public override double GetDouble(int ordinal) => raw.sqlite3_column_double(statement, ordinal);
        public override float GetFloat(int ordinal) => (float)raw.sqlite3_column_double(statement, ordinal);
        public override decimal GetDecimal(int ordinal) => raw.sqlite3_column_type(statement, ordinal) == raw.SQLITE_TEXT
            ? decimal.Parse(GetString(ordinal), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture)
            : (decimal)raw.sqlite3_column_double(statement, ordinal);
        public override string GetString(int ordinal) => raw.sqlite3_column_text(statement, ordinal).utf8_to_string();

        /// <summary>A TEXT value's UTF-8 bytes without a copy (SQLite hands text out as a blob unchanged).</summary>
        private ReadOnlySpan<byte> Utf8(int ordinal) => raw.sqlite3_column_blob(statement, ordinal);

        /// <summary>Upper-case "D" text as EF stores keys; a 16-byte blob as Microsoft.Data.Sqlite also reads them.</summary>
        public override Guid GetGuid(int ordinal) => raw.sqlite3_column_type(statement, ordinal) == raw.SQLITE_BLOB
            ? new Guid(raw.sqlite3_column_blob(statement, ordinal))
            : Guid.Parse(Utf8(ordinal));

        /// <summary>"yyyy-MM-dd", as EF stores a DateOnly.</summary>
        private DateOnly GetDate(int ordinal)
        {
            var text = Utf8(ordinal);
            static int Digits(ReadOnlySpan<byte> digits)
            {
                var value = 0;
                foreach (var digit in digits)
                    value = digit is >= (byte)'0' and <= (byte)'9' ? value * 10 + digit - '0' : throw new FormatException("Not a date stored as yyyy-MM-dd.");
                return value;
            }
            return text.Length == 10 && text[4] == '-' && text[7] == '-'
                ? new DateOnly(Digits(text[..4]), Digits(text[5..7]), Digits(text[8..]))
                : throw new FormatException("Not a date stored as yyyy-MM-dd.");
        }

        public override DateTime GetDateTime(int ordinal) => DateTime.Parse(GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

        public override T GetFieldValue<T>(int ordinal)
        {
            if (typeof(T) == typeof(DateOnly)) return (T)(object)GetDate(ordinal);
            if (typeof(T) == typeof(Guid)) return (T)(object)GetGuid(ordinal);
            if (typeof(T) == typeof(string)) return (T)(object)GetString(ordinal);
            if (typeof(T) == typeof(long)) return (T)(object)GetInt64(ordinal);
            if (typeof(T) == typeof(int)) return (T)(object)GetInt32(ordinal);
            if (typeof(T) == typeof(bool)) return (T)(object)GetBoolean(ordinal);
            return (T)GetValue(ordinal);
        }

        public override object GetValue(int ordinal) => raw.sqlite3_column_type(statement, ordinal) switch
        {
            raw.SQLITE_INTEGER => raw.sqlite3_column_int64(statement, ordinal),
            raw.SQLITE_FLOAT => raw.sqlite3_column_double(statement, ordinal),
            raw.SQLITE_TEXT => GetString(ordinal),
            raw.SQLITE_BLOB => raw.sqlite3_column_blob(statement, ordinal).ToArray(),
            _ => DBNull.Value,
        };

        public override int GetValues(object[] values)
        {
            var count = Math.Min(values.Length, FieldCount);
            for (var i = 0; i < count; i++) values[i] = GetValue(i);
            return count;
        }

        public override int FieldCount => raw.sqlite3_column_count(statement);
        public override string GetName(int ordinal) => raw.sqlite3_column_name(statement, ordinal).utf8_to_string();

        public override int GetOrdinal(string name)
        {
            for (var i = 0; i < FieldCount; i++)
                if (string.Equals(GetName(i), name, StringComparison.OrdinalIgnoreCase)) return i;
            throw new IndexOutOfRangeException(name);
        }

        public override Type GetFieldType(int ordinal) => raw.sqlite3_column_type(statement, ordinal) switch
        {
            raw.SQLITE_INTEGER => typeof(long),
            raw.SQLITE_FLOAT => typeof(double),
            raw.SQLITE_BLOB => typeof(byte[]),
            _ => typeof(string),
        };

        public override string GetDataTypeName(int ordinal) => raw.sqlite3_column_decltype(statement, ordinal).utf8_to_string() ?? "";
        public override object this[int ordinal] => GetValue(ordinal);
        public override object this[string name] => GetValue(GetOrdinal(name));
        public override bool HasRows => hasRows;
        public override bool IsClosed => closed;
        public override int RecordsAffected => -1;
        public override int Depth => 0;
        public override IEnumerator GetEnumerator() => new DbEnumerator(this);
        public override char GetChar(int ordinal) => GetString(ordinal)[0];

        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
            throw new NotSupportedException("SqliteStatement does not stream blobs.");

        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
            throw new NotSupportedException("SqliteStatement does not stream text.");
    }
}
