using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Indicators;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Infrastructure.Demo;

/// <summary>
/// The indicators of the demo: three years computed from the demo's data, targets a step better than
/// each year's value, the two past years approved and published, this year still open; the manual
/// indicator entered with its evidence.
/// </summary>
public sealed class DemoIndicators(AppDbContext db, IndicatorCommands commands)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        var office = DemoSeeder.Office;
        var years = commands.Years;
        await commands.ComputeAsync(years, ct);
        var indicators = await db.ZoneIndicators.AsNoTracking().Include(i => i.Years).ToListAsync(ct);
        foreach (var indicator in indicators)
        {
            foreach (var year in years)
            {
                var value = indicator.Years.SingleOrDefault(y => y.Year == year)?.Value;
                if (indicator.Manual)
                {
                    await using var evidence = new MemoryStream(DemoSeeder.MinimalPdf($"statistics bulletin {year}"));
                    await commands.SetYearAsync(indicator.Id, year, new IndicatorYearInput(0, 0, "区市场监管局年度统计"), evidence, $"{year}年质量安全事件统计.pdf", ct);
                    continue;
                }
                // Past years' targets were met (3 % short of the value); this year's asks 5 % more, in the indicator's good direction.
                var better = year == years[^1] ? 0.05m : -0.03m;
                var target = value is { } v ? Math.Round(v * (indicator.Direction == IndicatorDirection.Up ? 1 + better : 1 - better), 2) : (decimal?)null;
                await commands.SetYearAsync(indicator.Id, year, new IndicatorYearInput(target, null, null), null, null, ct);
            }
            foreach (var year in years.Take(2)) await commands.ApproveAsync(office, indicator.Id, year, ct);
        }
        db.ChangeTracker.Clear();
    }
}
