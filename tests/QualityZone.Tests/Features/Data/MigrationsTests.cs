using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Infrastructure.Data;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Data;

/// <summary>Each provider's migrations must produce exactly the current model.</summary>
public sealed class MigrationsTests
{
    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var db = new SqliteDesignTimeFactoryAccessor().Create();
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changed since the last SQLite migration: run scripts/add-migration.sh");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void Postgres_migrations_match_the_model()
    {
        using var db = new PostgresDesignTimeFactoryAccessor().Create();
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changed since the last PostgreSQL migration: run scripts/add-migration.sh");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void Both_providers_have_the_same_migrations()
    {
        using var sqlite = new SqliteDesignTimeFactoryAccessor().Create();
        using var postgres = new PostgresDesignTimeFactoryAccessor().Create();
        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_') + 1)..]);
        Assert.Equal(Names(sqlite), Names(postgres));
    }

    [Fact]
    public async Task The_epcis_identifier_table_is_rebuilt_without_rowid_on_sqlite_and_keeps_its_rows()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(Path.GetTempPath(), $"qz-migration-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = new SqliteAppDbContext((DbContextOptions<SqliteAppDbContext>)DatabaseSetup.ConfigureSqlite(
                new DbContextOptionsBuilder<SqliteAppDbContext>(), $"Data Source={path}").Options);
            var migrator = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
            async Task<(string Sql, List<long> Rows)> TableAsync() => (
                await db.Database.SqlQueryRaw<string>("""SELECT sql AS "Value" FROM sqlite_master WHERE name = 'epcis_event_epcs'""").SingleAsync(ct),
                await db.Database.SqlQueryRaw<long>("""SELECT "EventRowId" AS "Value" FROM epcis_event_epcs WHERE "Epc" = 'urn:epc:id:sgtin:0614141.107346.1'""").ToListAsync(ct));

            await migrator.MigrateAsync("PartialIndexesForOptionalKeys", ct);
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO epcis_event_epcs ("Epc", "EnterpriseId", "EventRowId", "Role") VALUES ('urn:epc:id:sgtin:0614141.107346.1', 'E1', 7, 0)""", ct);
            Assert.DoesNotContain("WITHOUT ROWID", (await TableAsync()).Sql);

            await migrator.MigrateAsync(cancellationToken: ct);
            var (sql, rows) = await TableAsync();
            Assert.Contains("WITHOUT ROWID", sql);
            Assert.Equal([7L], rows);

            await migrator.MigrateAsync("PartialIndexesForOptionalKeys", ct); // and back, the row kept
            (sql, rows) = await TableAsync();
            Assert.DoesNotContain("WITHOUT ROWID", sql);
            Assert.Equal([7L], rows);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
        }
    }

    private sealed class SqliteDesignTimeFactoryAccessor
    {
        public SqliteAppDbContext Create() => (SqliteAppDbContext)Activator.CreateInstance(
            typeof(SqliteAppDbContext).Assembly.GetType("QualityZone.Infrastructure.Data.SqliteDesignTimeFactory")!)!
            .GetType().GetMethod("CreateDbContext")!.Invoke(Activator.CreateInstance(typeof(SqliteAppDbContext).Assembly.GetType("QualityZone.Infrastructure.Data.SqliteDesignTimeFactory")!), [Array.Empty<string>()])!;
    }

    private sealed class PostgresDesignTimeFactoryAccessor
    {
        public PostgresAppDbContext Create() => new PostgresDesignTimeFactory().CreateDbContext([]);
    }
}

/// <summary>The migrations really run on a real PostgreSQL server, not only compile.</summary>
public sealed class PostgresDatabaseTests(PostgresAppFactory factory) : IClassFixture<PostgresAppFactory>
{
    [Fact]
    public async Task Migrations_apply_and_seed_on_a_real_postgres_server()
    {
        factory.RequireDatabase();
        var (applied, tasks, departments) = await factory.WithDbAsync(async db => (
            (await db.Database.GetAppliedMigrationsAsync()).Count(),
            await db.ZoneTasks.CountAsync(),
            await db.Departments.CountAsync()));
        Assert.True(applied >= 1);
        Assert.Equal(23, tasks);
        Assert.Equal(15, departments);
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", await factory.WithDbAsync(db => Task.FromResult(db.Database.ProviderName)));
    }

    /// <summary>The demo generator, which the benchmarks also use, runs on PostgreSQL too.</summary>
    [Fact]
    public async Task The_demo_zone_seeds_on_postgres_and_a_non_utc_instant_is_stored_as_utc()
    {
        factory.RequireDatabase();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var seeder = ActivatorUtilities.CreateInstance<QualityZone.Infrastructure.Demo.DemoSeeder>(scope.ServiceProvider);
            var accounts = await seeder.SeedAsync(new QualityZone.Infrastructure.Demo.DemoSeeder.Options(Password: AppFactory.Password, Enterprises: 40), TestContext.Current.CancellationToken);
            Assert.NotEmpty(accounts);
        }
        Assert.True(await factory.WithDbAsync(db => db.Enterprises.CountAsync()) >= 40);
        Assert.True(await factory.WithDbAsync(db => db.EvidenceFiles.CountAsync()) > 0);

        var beijing = new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.FromHours(8));
        var id = await factory.CreateEnterpriseAsync("时区测试公司");
        await factory.WithDbAsync(async db =>
        {
            var e = await db.Enterprises.SingleAsync(x => x.Id == id);
            e.CreatedAt = beijing;
            await db.SaveChangesAsync();
        });
        Assert.Equal(beijing, await factory.WithDbAsync(db => db.Enterprises.Where(e => e.Id == id).Select(e => e.CreatedAt).SingleAsync()));
    }
}
