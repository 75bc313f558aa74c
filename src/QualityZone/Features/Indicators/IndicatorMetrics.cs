using Microsoft.EntityFrameworkCore;
using QualityZone.Features.ExportArchives;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Indicators;

/// <summary>
/// The yearly metrics indicator formulas are written over, each computed from the platform's own
/// records for a calendar year: the export picture of the monthly returns (effective lines and
/// incidents), and what the register holds at the year's end (admitted enterprises, commitment
/// letters, ISO 9001 / IATF 16949 certificates, provincial-or-higher brands, CNAS laboratories).
/// </summary>
public sealed class IndicatorMetrics(AppDbContext db, ZoneStatistics statistics)
{
    /// <summary>Metric name → what it counts (shown on the indicator form).</summary>
    // <data>
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["export_value_usd"] = "出口额（美元）",
        ["export_value_usd_last_year"] = "上一年出口额（美元）",
        ["own_brand_value"] = "自主品牌出口额（美元）",
        ["odm_value"] = "ODM 出口额（美元）",
        ["oem_value"] = "OEM 出口额（美元）",
        ["markets"] = "出口市场数",
        ["hhi"] = "市场集中度 HHI",
        ["batches"] = "出口批次",
        ["nonconforming_batches"] = "不合格批次",
        ["notifications"] = "国外通报（起）",
        ["recalls"] = "召回（起）",
        ["returns"] = "退运（起）",
        ["admitted_enterprises"] = "年末在册入区企业",
        ["letters_signed"] = "年末已签署承诺书的企业",
        ["qms_certified"] = "年末持有效质量管理体系认证的企业",
        ["famous_brands"] = "年末有效的省级以上名牌、著名商标",
        ["cnas_labs"] = "实验室通过 CNAS 认可的企业",
    };
    // </data>

    /// <summary>Brand levels that count as "provincial level or above" (task 21: 省级以上名牌、商标).</summary>
    public static readonly string[] ProvincialOrAbove = ["well-known-trademark", "provincial-famous-brand", "provincial-famous-trademark", "zhejiang-made"];

    public async Task<IReadOnlyDictionary<string, decimal>> ForYearAsync(int year, CancellationToken ct)
    {
        var summary = await statistics.SummaryAsync(new StatisticsFilter($"{year:D4}-01", $"{year:D4}-12"), ct);
        var t = summary.Totals;
        var yearEnd = new DateOnly(year, 12, 31);
        decimal Mode(ExportMode mode) => summary.ByMode.FirstOrDefault(m => m.Key == mode.ToString())?.ValueUsd ?? 0;

        var admitted = db.Enterprises.AsNoTracking().Where(e => e.AdmittedOn != null && e.AdmittedOn <= yearEnd && Commitments.CommitmentService.InZone.Contains(e.State));
        var admittedIds = admitted.Select(e => e.Id);
        return new Dictionary<string, decimal>
        {
            ["export_value_usd"] = t.ValueUsd,
            ["export_value_usd_last_year"] = summary.PreviousTotals.ValueUsd,
            ["own_brand_value"] = Mode(ExportMode.OwnBrand),
            ["odm_value"] = Mode(ExportMode.Odm),
            ["oem_value"] = Mode(ExportMode.Oem),
            ["markets"] = t.Markets,
            ["hhi"] = summary.MarketConcentration,
            ["batches"] = t.Batches,
            ["nonconforming_batches"] = t.NonconformingBatches,
            ["notifications"] = t.Notifications,
            ["recalls"] = t.Recalls,
            ["returns"] = t.Returns,
            ["admitted_enterprises"] = await admitted.CountAsync(ct),
            ["letters_signed"] = await db.CommitmentLetters.AsNoTracking().Where(l => l.SignedOn <= yearEnd && admittedIds.Contains(l.EnterpriseId)).Select(l => l.EnterpriseId).Distinct().CountAsync(ct),
            ["qms_certified"] = await db.Certificates.AsNoTracking().Where(c => (c.Type == "iso9001" || c.Type == "iatf16949") && c.ValidFrom <= yearEnd && c.ValidTo >= yearEnd && admittedIds.Contains(c.EnterpriseId))
                .Select(c => c.EnterpriseId).Distinct().CountAsync(ct),
            ["famous_brands"] = await db.Brands.AsNoTracking().Where(b => ProvincialOrAbove.Contains(b.Level) && (b.AwardedYear == null || b.AwardedYear <= year) && (b.ValidTo == null || b.ValidTo >= yearEnd)).CountAsync(ct),
            ["cnas_labs"] = await admitted.CountAsync(e => e.LabCnasAccredited && (e.LabCnasExpiry == null || e.LabCnasExpiry >= yearEnd), ct),
        };
    }
}
