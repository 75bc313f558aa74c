using Microsoft.Extensions.DependencyInjection;
using QualityZone.Infrastructure.Demo;

namespace QualityZone.Tests.Infrastructure;

/// <summary>
/// The app on SQLite with the demo zone seeded at a small scale (every module's demo data, the
/// demo accounts of every role with the tests' password), for tests that look at the platform as
/// its users do.
/// </summary>
public sealed class DemoZoneFactory : AppFactory
{
    public IReadOnlyList<DemoSeeder.DemoAccount> Accounts { get; private set; } = [];

    /// <summary>When the demo zone was seeded: what the demo's people did is dated before it, what tests do after.</summary>
    public DateTimeOffset SeededAt { get; private set; }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Services.CreateAsyncScope();
        var seeder = ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider);
        Accounts = await seeder.SeedAsync(new DemoSeeder.Options(Password, Enterprises: 24, ReturnMonths: 14, LinesPerMonth: 3,
            BatchesPerEnterprise: 4, NamedBatches: 40), CancellationToken.None);
        SeededAt = DateTimeOffset.UtcNow;
    }
}
