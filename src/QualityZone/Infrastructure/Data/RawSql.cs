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
    private readonly Lazy<Npgsql.NpgsqlDataSource> postgres = new(() => Npgsql.NpgsqlDataSource.Create(DatabaseSetup.GetConnectionString(configuration, DatabaseProvider.Postgres)));

    public bool Sqlite => target.Value.Sqlite;

    /// <summary>A new, open connection to the platform's database (pooled by the provider).</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (!Sqlite) return await postgres.Value.OpenConnectionAsync(ct);
        var connection = new Microsoft.Data.Sqlite.SqliteConnection(target.Value.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (postgres.IsValueCreated) await postgres.Value.DisposeAsync();
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
