using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Indicators;

/// <summary>The zone's indicators (task 21): formulas over the platform's data or values with evidence, yearly targets, approval, publication.</summary>
public sealed class IndicatorsModule : IModule
{
    public int Order => 96;

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddScopedServices(typeof(IndicatorMetrics), typeof(IndicatorCommands));

    public void MapEndpoints(WebApplication app) => app.MapIndicatorsApi();

    /// <summary>The indicators task 21 names and those officials report for such zones, added when missing (the office may edit them).</summary>
    public async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var existing = await db.ZoneIndicators.Select(i => i.Code).ToListAsync(ct);
        var clock = services.GetRequiredService<Infrastructure.ZoneClock>();
        var position = existing.Count;
        foreach (var entry in SeedFile.Read<Entry>(typeof(IndicatorsModule), "indicators.seed.json").Where(e => !existing.Contains(e.Code)))
            db.ZoneIndicators.Add(new ZoneIndicator
            {
                Code = entry.Code, NameZh = entry.NameZh, NameEn = entry.NameEn, Unit = entry.Unit, Formula = entry.Formula,
                Direction = entry.Direction, BaselineYear = clock.Today.Year - 2, Position = ++position,
            });
        await db.SaveChangesAsync(ct);
    }

    private sealed record Entry(string Code, string NameZh, string? NameEn, string Unit, string? Formula, IndicatorDirection Direction);

    public IReadOnlyList<NavigationEntry> Navigation =>
    [
        new("tasks", 11, "/indicators", "建设成效指标", IndicatorsPermissions.View),
        new("portal", 50, "/portal/indicators", "示范区建设成效", IndicatorsPermissions.Published),
    ];
}
