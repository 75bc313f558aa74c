using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace QualityZone.Infrastructure.Data;

/// <summary>
/// What the hot paths that leave EF (ZoneStatistics, TraceQueries; architecture.md) share: a
/// connection of their own to the same database, commands with parameters written the way EF
/// stores values on the provider, and amounts read back from either provider's storage.
/// </summary>
public sealed class RawSql(AppDbContext db)
{
    public bool Sqlite { get; } = !db.Database.IsNpgsql();

    /// <summary>A new, open connection of the context's provider to the same database (pooled by the provider).</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = (DbConnection)Activator.CreateInstance(db.Database.GetDbConnection().GetType())!;
        connection.ConnectionString = db.Database.GetConnectionString();
        await connection.OpenAsync(ct);
        return connection;
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

    /// <summary>An amount column: integer ten-thousandths on SQLite, numeric on PostgreSQL; NULL reads as 0.</summary>
    public decimal Amount(DbDataReader reader, int i) => reader.IsDBNull(i) ? 0 : Sqlite ? reader.GetInt64(i) / 10_000m : reader.GetDecimal(i);

    /// <summary>An instant column: UTC ticks on SQLite, timestamptz on PostgreSQL.</summary>
    public DateTimeOffset Instant(DbDataReader reader, int i) => Sqlite ? new DateTimeOffset(reader.GetInt64(i), TimeSpan.Zero) : reader.GetFieldValue<DateTimeOffset>(i);
}
