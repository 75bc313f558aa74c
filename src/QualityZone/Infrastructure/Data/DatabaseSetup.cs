using Microsoft.Data.Sqlite;
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
        return new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "qualityzone.db"), Pooling = true }.ToString();
    }

    /// <summary>
    /// Registers both provider contexts with options read lazily from configuration, and resolves
    /// <see cref="AppDbContext"/> to the configured one; so tests and tools can set the provider
    /// and connection string through any configuration source, however late it is added.
    /// </summary>
    public static IServiceCollection AddAppDatabase(this IServiceCollection services)
    {
        services.AddSingleton<AuditInterceptor>();
        services.AddDbContext<SqliteAppDbContext>((sp, options) =>
            ConfigureSqlite(options, GetConnectionString(sp.GetRequiredService<IConfiguration>(), DatabaseProvider.Sqlite))
                .AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), SqlitePragmas.Instance));
        services.AddDbContext<PostgresAppDbContext>((sp, options) =>
            ConfigurePostgres(options, GetConnectionString(sp.GetRequiredService<IConfiguration>(), DatabaseProvider.Postgres))
                .AddInterceptors(sp.GetRequiredService<AuditInterceptor>()));
        services.AddScoped<AppDbContext>(sp => GetProvider(sp.GetRequiredService<IConfiguration>()) == DatabaseProvider.Postgres
            ? sp.GetRequiredService<PostgresAppDbContext>()
            : sp.GetRequiredService<SqliteAppDbContext>());
        return services;
    }

    public static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("__ef_migrations"));

    public static DbContextOptionsBuilder ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, pg => pg.MigrationsHistoryTable("__ef_migrations"));

    /// <summary>Applies pending migrations of the configured provider. Never EnsureCreated.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
    }
}

/// <summary>WAL journal and a busy timeout so readers never block the writer on SQLite.</summary>
internal sealed class SqlitePragmas : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;";
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;";
        await command.ExecuteNonQueryAsync(cancellationToken);
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
