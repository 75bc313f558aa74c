using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Data;

using QualityZone.Features.ExportArchives;

namespace QualityZone.Infrastructure.Demo;

/// <summary>
/// Plausible monthly returns for the demo zone and the benchmarks: each enterprise's exports grow a
/// little each year, dip at the Spring Festival and peak before Christmas, go to its own markets
/// and products, and carry a nonconformity rate that goes with its grade; notifications, recalls
/// and returns are rare. Recent months show every filing state (late, missing, returned, amended).
/// </summary>
/// <param name="clock">The seeding's clock (DemoSeeder runs it at the last working moment); the system's when not given.</param>
public sealed class DemoReturns(AppDbContext db, TimeProvider? clock = null)
{
    // Unit prices in USD by HS heading: cylinders and valves cost more than fittings and tubes.
    private static readonly Dictionary<string, (double Low, double High, string Unit)> Prices = new()
    {
        ["8412"] = (18, 85, "个"), ["8481"] = (6, 45, "个"), ["8421"] = (12, 60, "套"), ["7412"] = (0.4, 2.5, "个"), ["3917"] = (0.3, 3, "米"), ["8467"] = (35, 120, "台"),
    };

    private static readonly string[] NonconformityReasons =
    [
        "外观划伤，返工后合格", "标识不清，重新打标", "泄漏量超标，已隔离返修", "说明书版本错误，已更换", "螺纹尺寸超差，挑选剔除", "包装破损，重新包装",
    ];

    public async Task<int> SeedAsync(Random random, DateOnly today, int months, int linesPerMonth, CancellationToken ct)
    {
        var enterprises = await db.Enterprises.AsNoTracking().Include(e => e.Products).Include(e => e.Markets).AsSplitQuery()
            .Where(e => e.State == EnterpriseState.Admitted || e.State == EnterpriseState.Watch || e.State == EnterpriseState.Suspended)
            .OrderBy(e => e.CreatedAt).ToListAsync(ct);
        var rates = new Dictionary<string, decimal>();
        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        for (var m = 0; m < months; m++)
        {
            var period = ExportReturn.PeriodOf(lastMonth.AddMonths(-m));
            // The office's CNY rate drifts between 6.3 and 7.3.
            var rate = Math.Round(6.8m + (decimal)Math.Sin(m / 9.0) * 0.4m + (decimal)(random.NextDouble() * 0.1), 4);
            rates[period] = rate;
            if (!await db.ExchangeRates.AnyAsync(r => r.Period == period && r.Currency == "CNY", ct))
                db.ExchangeRates.Add(new ExchangeRate { Period = period, Currency = "CNY", PerUsd = rate, SetBy = "建设办", SetAt = DateTimeOffset.UtcNow });
            if (!await db.ExchangeRates.AnyAsync(r => r.Period == period && r.Currency == "EUR", ct))
                db.ExchangeRates.Add(new ExchangeRate { Period = period, Currency = "EUR", PerUsd = Math.Round(0.92m + (decimal)(random.NextDouble() * 0.05), 4), SetBy = "建设办", SetAt = DateTimeOffset.UtcNow });
        }
        await db.SaveChangesAsync(ct);

        var lines = 0;
        var batch = 0;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var enterprise in enterprises)
            {
                lines += Generate(random, enterprise, today, lastMonth, months, linesPerMonth, rates);
                if (++batch % 20 == 0)
                {
                    await ExportLineStore.SaveAsync(db, ct);
                    db.ChangeTracker.Clear();
                }
            }
            await ExportLineStore.SaveAsync(db, ct);
            db.ChangeTracker.Clear();
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }
        return lines;
    }

    private int Generate(Random random, Enterprise enterprise, DateOnly today, DateOnly lastMonth, int months, int linesPerMonth, Dictionary<string, decimal> rates)
    {
        var products = enterprise.Products.Count > 0 ? enterprise.Products.Select(p => (p.HsCode, p.Name)).ToList() : [("8412310000", "标准气缸")];
        var markets = enterprise.Markets.Select(m => m.CountryCode).DefaultIfEmpty("US").ToList();
        var weights = markets.Select(_ => 0.3 + random.NextDouble()).ToList();
        var monthlyUsd = (double)(enterprise.AnnualExportWanUsd ?? 300) * 10_000 / 12;
        // Grade A enterprises rarely ship a nonconforming batch, grade D ones more often.
        var defectRate = enterprise.Grade switch { "A" => 0.004, "B" => 0.012, "C" => 0.03, "D" => 0.06, _ => 0.015 };
        var lines = 0;
        // Now, or the end of the demo's today when it is seeded for a day in the past.
        var now = new[] { (clock ?? TimeProvider.System).GetUtcNow(), new DateTimeOffset(today.ToDateTime(new TimeOnly(23, 59)), TimeSpan.FromHours(8)) }.Min();
        for (var m = months - 1; m >= 0; m--)
        {
            var first = lastMonth.AddMonths(-m);
            var period = ExportReturn.PeriodOf(first);
            var due = ExportReturn.DueDate(period, ArchiveSettings.DefaultDueDay);
            var recent = m == 0;
            if (recent && random.NextDouble() < 0.12) continue; // missing: not filed yet
            var submittedOn = due.AddDays(random.NextDouble() < 0.1 ? random.Next(1, 12) : -random.Next(0, 14));
            if (submittedOn > today) submittedOn = today;
            var submittedAt = new DateTimeOffset(submittedOn.ToDateTime(new TimeOnly(9 + random.Next(0, 8), random.Next(0, 60))), TimeSpan.FromHours(8));
            // Every timestamp in the past (issue 21): a return filed today was filed before now, and nothing is reviewed ahead of
            // time. Filed by hand, so in working hours: between 08:30 and now (the seeding's clock stands at a working moment;
            // "now less up to 90 minutes" fell before 08:00 when the demo was seeded soon after the day began). Before 08:30
            // (a test's system clock) it was filed now: never after now.
            if (submittedAt > now)
            {
                var dayStart = new DateTimeOffset(DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime).ToDateTime(new TimeOnly(8, 30)), TimeSpan.FromHours(8));
                submittedAt = dayStart < now ? now - (now - dayStart) * random.NextDouble() : now;
            }
            var report = ExportReturn.Create(enterprise.Id, period, due, random.NextDouble() < 0.3 ? ReturnSource.Excel : ReturnSource.Form, enterprise.QualityContact ?? "质量负责人", submittedAt.AddDays(-2));

            var growth = Math.Pow(1.06, (months - m) / 12.0);
            var season = first.Month switch { 2 => 0.6, 1 => 0.85, 10 or 11 => 1.15, 12 => 1.1, _ => 1.0 };
            var total = monthlyUsd * growth * season * (0.8 + random.NextDouble() * 0.4);
            var noExports = random.NextDouble() < 0.01;
            var built = new List<ExportReturnLine>();
            var count = noExports ? 0 : Math.Max(1, linesPerMonth + random.Next(-linesPerMonth / 3, linesPerMonth / 3 + 1));
            var weightSum = 0.0;
            var shares = new List<(int Product, int Market, double Weight)>();
            for (var k = 0; k < count; k++)
            {
                var market = k < markets.Count ? k : random.Next(markets.Count);
                var w = weights[market] * (0.5 + random.NextDouble());
                shares.Add((random.Next(products.Count), market, w));
                weightSum += w;
            }
            foreach (var (productIndex, marketIndex, weight) in shares)
            {
                var (hs, name) = products[productIndex];
                var price = Prices.GetValueOrDefault(hs[..4], (10, 50, "个"));
                var value = Math.Round((decimal)(total * weight / weightSum), 2);
                if (value <= 0) value = 100;
                var unitPrice = price.Low + random.NextDouble() * (price.High - price.Low);
                var quantity = Math.Max(1, Math.Round((decimal)((double)value / unitPrice)));
                var batches = random.Next(1, 6);
                var bad = 0;
                for (var b = 0; b < batches; b++) if (random.NextDouble() < defectRate) bad++;
                var inCny = random.NextDouble() < 0.2;
                var mode = random.Next(100) < (enterprise.OwnBrandShare ?? 30) ? ExportMode.OwnBrand
                    : random.Next(100) < (enterprise.OdmShare ?? 30) * 100 / Math.Max(1, 100 - (enterprise.OwnBrandShare ?? 30)) ? ExportMode.Odm : ExportMode.Oem;
                built.Add(new ExportReturnLine
                {
                    ProductName = name, Model = $"{(char)('A' + random.Next(6))}{random.Next(10, 99)}-{random.Next(16, 125)}", HsCode = hs, CountryCode = markets[marketIndex],
                    Quantity = quantity, Unit = price.Unit, ValueUsd = value, ValueCny = inCny ? Math.Round(value * rates[period], 2) : null, CnyPerUsd = inCny ? rates[period] : null,
                    Mode = mode, Batches = batches, NonconformingBatches = bad, NonconformingQuantity = bad == 0 ? 0 : Math.Min(quantity, random.Next(5, 200)),
                    NonconformityDescription = bad == 0 ? null : NonconformityReasons[random.Next(NonconformityReasons.Length)],
                });
            }
            var incidents = new List<ExportReturnIncident>();
            var roll = random.NextDouble();
            if (!noExports && roll < 0.006)
                incidents.Add(new ExportReturnIncident { Kind = IncidentKind.Notification, Reference = $"A12/{random.Next(10000, 99999):D5}/{first.Year % 100:D2}", Countries = built[0].CountryCode,
                    Date = first.AddDays(random.Next(0, 27)), ProductName = built[0].ProductName, HsCode = built[0].HsCode, Summary = "产品说明书缺少进口国语言的安全警示" });
            else if (!noExports && roll < 0.009)
                incidents.Add(new ExportReturnIncident { Kind = IncidentKind.Recall, Countries = built[0].CountryCode, Date = first.AddDays(random.Next(0, 27)), ProductName = built[0].ProductName,
                    HsCode = built[0].HsCode, Quantity = random.Next(50, 2000), Summary = "密封件在低温下失效，存在漏气风险，主动召回" });
            else if (!noExports && roll < 0.016)
                incidents.Add(new ExportReturnIncident { Kind = IncidentKind.Return, Countries = built[0].CountryCode, Date = first.AddDays(random.Next(0, 27)), ProductName = built[0].ProductName,
                    HsCode = built[0].HsCode, Quantity = random.Next(20, 800), ValueUsd = random.Next(500, 20000), Summary = "客户验货尺寸不符，整批退运" });

            var actor = enterprise.QualityContact ?? "质量负责人";
            report.WriteDraft(noExports, built, incidents, report.Latest.Source, actor, submittedAt.AddDays(-1));
            lines += built.Count;
            if (recent && random.NextDouble() < 0.1) { db.ExportReturns.Add(report); continue; } // still a draft
            report.Submit(actor, submittedAt, submittedOn);
            if (random.NextDouble() < 0.03 && !noExports && submittedAt.AddDays(3) < now)
            {
                // Returned for correction and amended: two versions, the second counted.
                report.ReturnForCorrection("货值与报关数据不一致，请核对", "建设办", submittedAt.AddDays(2));
                report.Amend(actor, submittedAt.AddDays(3), "按报关数据更正货值");
                var corrected = built.Select(l => { var c = l.Copy(); c.ValueUsd = Math.Round(l.ValueUsd * 0.97m, 2); c.ValueCny = null; c.CnyPerUsd = null; return c; }).ToList();
                report.WriteDraft(false, corrected, incidents.Select(i => i.Copy()).ToList(), ReturnSource.Form, actor, submittedAt.AddDays(3));
                lines += corrected.Count;
                report.Submit(actor, submittedAt.AddDays(3), submittedOn.AddDays(3));
            }
            var acceptedAt = submittedAt.AddDays(random.Next(4, 9));
            if ((!recent || random.NextDouble() < 0.3) && acceptedAt < now) report.Accept("建设办", acceptedAt);
            db.ExportReturns.Add(report);
        }
        return lines;
    }
}
