using Microsoft.Data.Sqlite;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace QualityZone.Infrastructure.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// The provider is explicit configuration: <c>Database:Provider</c> = Sqlite (default, a file under
/// <c>Database:DataDirectory</c>, default ./data) or Postgres, with <c>ConnectionStrings:Main</c>.
/// </summary>
public static class DatabaseSetup
{
    public static DatabaseProvider GetProvider(IConfiguration configuration) =>
        Enum.TryParse<DatabaseProvider>(configuration["Database:Provider"] ?? "Sqlite", ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException($"Database:Provider must be Sqlite or Postgres, not '{configuration["Database:Provider"]}'.");

    public static string GetDataDirectory(IConfiguration configuration) =>
        Path.GetFullPath(configuration["Database:DataDirectory"] ?? "data");

    public static string GetConnectionString(IConfiguration configuration, DatabaseProvider provider)
    {
        var configured = configuration.GetConnectionString("Main");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        if (provider == DatabaseProvider.Postgres)
            throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Main is not set.");
        var dataDirectory = GetDataDirectory(configuration);
        Directory.CreateDirectory(dataDirectory);
        // Default Timeout is also SQLite's busy timeout: a reader waits for the writer instead of failing.
        return new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "qualityzone.db"), Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    /// <summary>
    /// Registers both provider contexts with options read lazily from configuration, and resolves
    /// <see cref="AppDbContext"/> to the configured one; so tests and tools can set the provider
    /// and connection string through any configuration source, however late it is added.
    /// </summary>
    public static IServiceCollection AddAppDatabase(this IServiceCollection services)
    {
        services.AddSingleton<AuditInterceptor>();
        services.AddSingleton<WalCheckpoints>();
        services.AddSingleton<WriteGate>();
        services.AddHostedService<WalCheckpointer>();
        services.AddSingleton<StampWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<StampWatch>());
        services.AddSingleton<StampCommits>();
        // Contexts are pooled: a request leases one instead of building its services (the context holds no per-request
        // state; the audit interceptor reads the user from the request). Building a context was most of the cost of a
        // small query, such as the session check every signed-in request makes (docs/benchmarks.md).
        services.AddDbContextPool<SqliteAppDbContext>((sp, options) =>
            ConfigureSqlite(options, GetConnectionString(sp.GetRequiredService<IConfiguration>(), DatabaseProvider.Sqlite))
                .AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), sp.GetRequiredService<WalCheckpoints>(), sp.GetRequiredService<StampCommits>()));
        services.AddDbContextPool<PostgresAppDbContext>((sp, options) =>
            ConfigurePostgres(options, GetConnectionString(sp.GetRequiredService<IConfiguration>(), DatabaseProvider.Postgres))
                .AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), sp.GetRequiredService<StampCommits>()));
        services.AddScoped<AppDbContext>(sp => GetProvider(sp.GetRequiredService<IConfiguration>()) == DatabaseProvider.Postgres
            ? sp.GetRequiredService<PostgresAppDbContext>()
            : sp.GetRequiredService<SqliteAppDbContext>());
        return services;
    }

    public static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("__ef_migrations"));

    // Batches of 100 statements instead of Npgsql's 1,000: a feed import's slice of 1,000 notices and their audit entries went
    // as two batches of tens of thousands of parameters; in tens it peaks 40 MiB lower at the same speed (issue 22.6, docs/benchmarks.md).
    public static DbContextOptionsBuilder ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, pg => pg.MigrationsHistoryTable("__ef_migrations").MaxBatchSize(100));

    /// <summary>The ids in the migration history, none when the database is new (or, on PostgreSQL, not created yet: MigrateAsync creates it).</summary>
    private static async Task<HashSet<string>> AppliedMigrationsAsync(RawSql sql, CancellationToken ct)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        System.Data.Common.DbConnection connection;
        try { connection = await sql.OpenAsync(ct); }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.InvalidCatalogName) { return applied; }
        await using var _ = connection;
        await using (var exists = sql.Command(connection, sql.Sqlite
            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '__ef_migrations'"
            // to_regclass looks the name up on the search path; information_schema.tables is a view over several catalogs (issue 22: start-up).
            : "SELECT COUNT(*) FROM (SELECT to_regclass('\"__ef_migrations\"') AS t) r WHERE r.t IS NOT NULL", []))
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0) return applied;
        await using var command = sql.Command(connection, """SELECT "MigrationId" FROM "__ef_migrations" """, []);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) applied.Add(reader.GetString(0));
        return applied;
    }

    /// <summary>Applies pending migrations of the configured provider. Never EnsureCreated.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        // Every start after the first finds nothing to apply: the history table answers that in one
        // plain query, where MigrateAsync (and EF's own history reader) would first build the model
        // and diff it with the snapshot. No database context is made unless a migration is pending:
        // making the first one builds EF's services, which the background warm-up does after the host
        // listens (issue 22: start-up).
        var sql = scope.ServiceProvider.GetRequiredService<RawSql>();
        var applied = await AppliedMigrationsAsync(sql, cancellationToken);
        var contextType = sql.Sqlite ? typeof(SqliteAppDbContext) : typeof(PostgresAppDbContext);
        var pending = typeof(AppDbContext).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<Microsoft.EntityFrameworkCore.Infrastructure.DbContextAttribute>()?.ContextType == contextType)
            .Select(t => t.GetCustomAttribute<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>()?.Id)
            .Any(id => id is not null && !applied.Contains(id));
        if (pending) await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.MigrateAsync(cancellationToken);
        // WAL lets readers run while one request writes; it is stored in the file, so set it once
        // here rather than on every connection.
        if (sql.Sqlite)
        {
            await using var connection = await sql.OpenAsync(cancellationToken);
            await using var wal = sql.Command(connection, "PRAGMA journal_mode=WAL;", []);
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

// Design-time factories: `dotnet ef migrations add` builds each provider's model from these,
// so a migration never depends on what appsettings happens to say (scripts/add-migration.sh).
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<SqliteAppDbContext>)DatabaseSetup.ConfigureSqlite(new DbContextOptionsBuilder<SqliteAppDbContext>(), "Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<PostgresAppDbContext>)DatabaseSetup.ConfigurePostgres(new DbContextOptionsBuilder<PostgresAppDbContext>(), "Host=localhost;Database=design").Options);
}
