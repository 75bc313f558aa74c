using System.Collections.Concurrent;
using System.Data.Common;

namespace QualityZone.Infrastructure.Data;

/// <summary>
/// What the hot paths that leave EF (ZoneStatistics, TraceQueries; architecture.md) share: a
/// connection of their own to the same database, commands with parameters written the way EF
/// stores values on the provider, and amounts read back from either provider's storage. One for
/// the process: the provider and connection string are read once from configuration (not found
/// through a database context made for each request, issue 22), and on PostgreSQL connections
/// come from one data source, whose pool keeps prepared statements across requests.
/// </summary>
public sealed class RawSql(IConfiguration configuration) : IAsyncDisposable
{
    private readonly Lazy<(bool Sqlite, string ConnectionString)> target = new(() =>
    {
        var provider = DatabaseSetup.GetProvider(configuration);
        return (provider == DatabaseProvider.Sqlite, DatabaseSetup.GetConnectionString(configuration, provider));
    });
    // Statements used twice on a physical connection are prepared on it and kept (Npgsql's automatic preparation):
    // the trace's statements are parsed and planned once per pooled connection, not per request (issue 22).
    private readonly Lazy<Npgsql.NpgsqlDataSource> postgres = new(() => Npgsql.NpgsqlDataSource.Create(
        new Npgsql.NpgsqlConnectionStringBuilder(DatabaseSetup.GetConnectionString(configuration, DatabaseProvider.Postgres)) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 }.ConnectionString));
    private readonly ConcurrentBag<Session> idle = [];
    private int idleCount;
    private bool disposed;

    public bool Sqlite => target.Value.Sqlite;

    /// <summary>A new, open connection to the platform's database (pooled by the provider).</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (!Sqlite) return await postgres.Value.OpenConnectionAsync(ct);
        var connection = new Microsoft.Data.Sqlite.SqliteConnection(target.Value.ConnectionString);
        await connection.OpenAsync(ct);
        WalCheckpoints.Configure(connection);
        return connection;
    }

    /// <summary>
    /// A connection lent for one read (a trace), with the statements it has run kept prepared: on
    /// SQLite a command is parsed and planned once per kept connection and afterwards only bound
    /// and stepped (Microsoft.Data.Sqlite keeps a command's statements while the command lives;
    /// issue 22: the trace code within 1.5× its raw statements). Disposing the session gives it
    /// back; a few sessions are kept, the rest closed. On PostgreSQL a pooled connection, whose
    /// statements Npgsql prepares itself.
    /// </summary>
    public async Task<Session> SessionAsync(CancellationToken ct)
    {
        if (Sqlite && idle.TryTake(out var kept))
        {
            Interlocked.Decrement(ref idleCount);
            return kept;
        }
        return new Session(this, await OpenAsync(ct));
    }

    /// <summary>Sessions kept open for the next read: one per core and a few for requests waiting on the disk.</summary>
    private static readonly int KeptSessions = Environment.ProcessorCount + 4;

    private async ValueTask ReturnAsync(Session session)
    {
        if (Sqlite && !Volatile.Read(ref disposed) && session.Reusable && Interlocked.Increment(ref idleCount) <= KeptSessions)
        {
            idle.Add(session);
            return;
        }
        if (Sqlite && session.Reusable) Interlocked.Decrement(ref idleCount);
        await session.CloseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref disposed, true);
        while (idle.TryTake(out var session)) await session.CloseAsync();
        if (postgres.IsValueCreated) await postgres.Value.DisposeAsync();
    }

    /// <summary>See <see cref="SessionAsync"/>.</summary>
    public sealed class Session(RawSql owner, DbConnection connection) : IAsyncDisposable
    {
        // SQLite: statements kept prepared and read through SQLite's own API (SqliteStatement); PostgreSQL: commands, which
        // Npgsql prepares on the physical connection.
        private readonly Dictionary<string, SqliteStatement> statements = new(StringComparer.Ordinal);
        private readonly Dictionary<string, DbCommand> commands = new(StringComparer.Ordinal);
        private bool failed;

        /// <summary>False once a statement failed: its state is unknown, so the connection is closed rather than kept.</summary>
        internal bool Reusable => !failed && statements.Values.All(s => !s.Failed);

        /// <summary>Runs <paramref name="sql"/> with these parameter values (the same names for the same text), prepared on first use.</summary>
        public async Task<DbDataReader> ReadAsync(string sql, IReadOnlyList<(string Name, object Value)> parameters, CancellationToken ct)
        {
            try
            {
                if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
                {
                    if (!statements.TryGetValue(sql, out var statement))
                        statements[sql] = statement = new SqliteStatement(sqlite, sql);
                    return statement.Execute(parameters);
                }
                if (commands.TryGetValue(sql, out var command) && command.Parameters.Count == parameters.Count)
                    for (var i = 0; i < parameters.Count; i++) command.Parameters[i].Value = parameters[i].Value;
                else
                {
                    if (command is not null) await command.DisposeAsync();
                    commands[sql] = command = owner.Command(connection, sql, parameters);
                }
                return await command.ExecuteReaderAsync(ct);
            }
            catch
            {
                failed = true;
                throw;
            }
        }

        public ValueTask DisposeAsync() => owner.ReturnAsync(this);

        internal async ValueTask CloseAsync()
        {
            foreach (var statement in statements.Values) statement.Dispose();
            statements.Clear();
            foreach (var command in commands.Values) await command.DisposeAsync();
            commands.Clear();
            await connection.DisposeAsync();
        }
    }

    /// <summary>A command with named parameters; values as SqliteAppDbContext stores them on SQLite (BulkWriter.SqliteValue).</summary>
    public DbCommand Command(DbConnection connection, string sql, IEnumerable<(string Name, object Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = Sqlite ? BulkWriter.SqliteValue(value) : value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>
    /// A list of keys as one parameter, so that a statement has one text whatever the list's length
    /// and is parsed and planned once (issue 22): a JSON array on SQLite (keys as EF stores them,
    /// upper-case text), a uuid[] on PostgreSQL. Tested with <see cref="InIds"/>.
    /// </summary>
    public object IdList(IEnumerable<Guid> ids) =>
        Sqlite ? System.Text.Json.JsonSerializer.Serialize(ids.Select(id => id.ToString().ToUpperInvariant())) : ids.ToArray();

    /// <summary>The condition "column is one of the keys in <paramref name="parameter"/>" (an <see cref="IdList"/>).</summary>
    public string InIds(string column, string parameter) =>
        Sqlite ? $"{column} IN (SELECT value FROM json_each({parameter}))" : $"{column} = ANY({parameter})";

    /// <summary>An amount column: integer ten-thousandths on SQLite, numeric on PostgreSQL; NULL reads as 0.</summary>
    public decimal Amount(DbDataReader reader, int i) => reader.IsDBNull(i) ? 0 : Sqlite ? reader.GetInt64(i) / 10_000m : reader.GetDecimal(i);

    /// <summary>An instant column: UTC ticks on SQLite, timestamptz on PostgreSQL.</summary>
    public DateTimeOffset Instant(DbDataReader reader, int i) => Sqlite ? new DateTimeOffset(reader.GetInt64(i), TimeSpan.Zero) : reader.GetFieldValue<DateTimeOffset>(i);
}
