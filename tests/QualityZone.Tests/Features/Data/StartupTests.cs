using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Infrastructure.Modules;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Data;

/// <summary>
/// Issue 22, start-up: the seeds run when the build or the administrator settings changed since they last ran
/// (their fingerprint is kept in the zone settings), and a restart of the same build skips them.
/// </summary>
public abstract class StartupTests<TFactory>(TFactory factory) where TFactory : AppFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(string Value, DateTimeOffset At)> FingerprintAsync()
    {
        var setting = await factory.WithDbAsync(db => db.ZoneSettings.AsNoTracking().SingleAsync(s => s.Key == "system.seed-fingerprint", Ct));
        return (setting.Value, setting.UpdatedAt);
    }

    [Fact]
    public async Task Seeds_run_again_only_when_their_fingerprint_changed()
    {
        factory.RequireDatabase();
        var (value, at) = await FingerprintAsync();
        Assert.Equal(64, value.Length);

        // The same build restarting: nothing runs, the fingerprint is not rewritten.
        await using (var scope = factory.Services.CreateAsyncScope())
            await ModuleCatalog.SeedModulesAsync(scope.ServiceProvider, Ct, onlyWhenChanged: true);
        Assert.Equal((value, at), await FingerprintAsync());

        // Another build (or other administrator settings) last seeded this database: the seeds run and record this one.
        await factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""UPDATE zone_settings SET "Value" = 'another build' WHERE "Key" = 'system.seed-fingerprint'""", Ct));
        await using (var scope = factory.Services.CreateAsyncScope())
            await ModuleCatalog.SeedModulesAsync(scope.ServiceProvider, Ct, onlyWhenChanged: true);
        var (again, reseededAt) = await FingerprintAsync();
        Assert.Equal(value, again);
        Assert.True(reseededAt > at, "the seeds did not run for a changed fingerprint");
    }
}

public sealed class StartupSqliteTests(AppFactory factory) : StartupTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class StartupPostgresTests(PostgresAppFactory factory) : StartupTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
