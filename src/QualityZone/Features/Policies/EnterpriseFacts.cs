using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Features.Commitments;
using QualityZone.Features.Enterprises;
using QualityZone.Features.ExportArchives;
using QualityZone.Features.Indicators;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Policies;

/// <summary>An enterprise of the zone as the rules see it: name, state and the value of each criterion a rule asked for.</summary>
public sealed record EnterpriseFactSheet(Guid Id, string Name, EnterpriseState State, IReadOnlyDictionary<string, object?> Values);

/// <summary>
/// The criteria rules are written over, each computed from records the zone already keeps — the register, the
/// yearly evaluation, the monthly export quality returns, the standards participation record, the corrective
/// actions, the commitment letters, the testing service and the early warning. Only the criteria a rule uses are
/// read, each with one grouped query over every enterprise of the zone, so eligibility for a whole policy is a
/// handful of statements whatever the number of enterprises.
/// </summary>
public sealed class EnterpriseFacts(AppDbContext db, ZoneClock clock)
{
    // <data>
    public static readonly IReadOnlyList<Criterion> Criteria =
    [
        new("grade", CriterionType.Text, "最近一次年度评价等级（A/B/C/D）", "年度评价"),
        new("state", CriterionType.Text, "在区状态（admitted 正常 / watch 警示 / suspended 暂停）", "企业名录"),
        new("risk_level", CriterionType.Text, "风险等级（low / medium / high / extreme）", "风险预警"),
        new("notifications_12m", CriterionType.Number, "近 12 个月国外通报（起）", "出口质量档案"),
        new("recalls_12m", CriterionType.Number, "近 12 个月召回（起）", "出口质量档案"),
        new("returns_12m", CriterionType.Number, "近 12 个月退运（起）", "出口质量档案"),
        new("famous_brands", CriterionType.Number, "有效的省级以上名牌、著名商标（个）", "企业名录（品牌）"),
        new("famous_brands_new", CriterionType.Number, "本年度获得的省级以上名牌、著名商标（个）", "企业名录（品牌）"),
        new("cnas_lab", CriterionType.Bool, "实验室通过 CNAS 认可（证书有效）", "CNAS 认可辅导"),
        new("standards_drafted", CriterionType.Number, "本年度和上年度主持或参与起草的标准（项）", "标准参与记录"),
        new("export_value", CriterionType.Number, "上年度出口额（万美元）", "出口质量档案"),
        new("export_growth", CriterionType.Number, "上年度出口额同比增长（%）", "出口质量档案"),
        new("own_brand_share", CriterionType.Number, "上年度自主品牌出口占比（%）", "出口质量档案"),
        new("odm_share", CriterionType.Number, "上年度 ODM 出口占比（%）", "出口质量档案"),
        new("overdue_actions", CriterionType.Number, "逾期未关闭的整改事项（项）", "整改闭环"),
        new("letter_signed", CriterionType.Bool, "已签署质量安全承诺书", "承诺书"),
        new("qms_certified", CriterionType.Bool, "持有效的 ISO 9001 / IATF 16949 认证", "企业名录（证书）"),
        new("testing_fees", CriterionType.Number, "本年度在公共检测服务平台自付的检测费（元）", "公共检测服务"),
    ];
    // </data>

    public static Criterion? Find(string code) => Criteria.FirstOrDefault(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase));

    private static readonly ActionState[] OpenActions = [ActionState.Open, ActionState.InProgress, ActionState.PendingVerification];

    /// <summary>The fact sheets of the zone's enterprises (or of one), holding the criteria asked for.</summary>
    public async Task<IReadOnlyList<EnterpriseFactSheet>> ForAsync(IEnumerable<string> criteria, Guid? onlyEnterprise, CancellationToken ct)
    {
        var today = clock.Today;
        var year = today.Year;
        var wanted = criteria.Select(c => c.ToLowerInvariant()).ToHashSet();
        var enterprises = db.Enterprises.AsNoTracking().Where(e => CommitmentService.InZone.Contains(e.State));
        if (onlyEnterprise is { } only) enterprises = enterprises.Where(e => e.Id == only);
        var rows = await enterprises.Select(e => new { e.Id, e.NameZh, e.State, e.Grade, e.LabCnasAccredited, e.LabCnasExpiry }).ToListAsync(ct);
        var scope = onlyEnterprise;
        var values = rows.ToDictionary(r => r.Id, _ => new Dictionary<string, object?>());

        void Put<T>(string code, IReadOnlyDictionary<Guid, T> found, Func<T, object?> map, object? otherwise)
        {
            foreach (var (id, v) in values) v[code] = found.TryGetValue(id, out var x) ? map(x) : otherwise;
        }

        foreach (var r in rows)
        {
            if (wanted.Contains("grade")) values[r.Id]["grade"] = r.Grade;
            if (wanted.Contains("state")) values[r.Id]["state"] = r.State.ToString().ToLowerInvariant();
            if (wanted.Contains("cnas_lab")) values[r.Id]["cnas_lab"] = r.LabCnasAccredited && (r.LabCnasExpiry is null || r.LabCnasExpiry >= today);
        }

        if (wanted.Overlaps(["notifications_12m", "recalls_12m", "returns_12m"]))
        {
            // The twelve months up to and including this one, by the month the return reports.
            var from = today.AddMonths(-11).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
            var counts = await db.ExportReturnIncidents.AsNoTracking()
                .Where(i => i.Effective && string.Compare(i.Period, from) >= 0 && (scope == null || i.EnterpriseId == scope))
                .GroupBy(i => new { i.EnterpriseId, i.Kind }).Select(g => new { g.Key.EnterpriseId, g.Key.Kind, Count = g.Count() }).ToListAsync(ct);
            foreach (var (code, kind) in new[] { ("notifications_12m", IncidentKind.Notification), ("recalls_12m", IncidentKind.Recall), ("returns_12m", IncidentKind.Return) })
                if (wanted.Contains(code)) Put(code, counts.Where(c => c.Kind == kind).ToDictionary(c => c.EnterpriseId, c => c.Count), c => (decimal)c, 0m);
        }

        if (wanted.Overlaps(["famous_brands", "famous_brands_new"]))
        {
            var brands = await db.Brands.AsNoTracking()
                .Where(b => IndicatorMetrics.ProvincialOrAbove.Contains(b.Level) && (b.ValidTo == null || b.ValidTo >= today) && (scope == null || b.EnterpriseId == scope))
                .GroupBy(b => b.EnterpriseId).Select(g => new { Id = g.Key, Valid = g.Count(), New = g.Count(b => b.AwardedYear == year) }).ToDictionaryAsync(g => g.Id, ct);
            if (wanted.Contains("famous_brands")) Put("famous_brands", brands, b => (decimal)b.Valid, 0m);
            if (wanted.Contains("famous_brands_new")) Put("famous_brands_new", brands, b => (decimal)b.New, 0m);
        }

        if (wanted.Contains("standards_drafted"))
            Put("standards_drafted", await db.StandardParticipations.AsNoTracking().Where(s => s.Year >= year - 1 && (scope == null || s.EnterpriseId == scope))
                .GroupBy(s => s.EnterpriseId).Select(g => new { Id = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Id, g => g.Count, ct), c => (decimal)c, 0m);

        // The last full year against the one before.
        var (lastFrom, lastTo, beforeFrom) = ($"{year - 1:D4}-01", $"{year - 1:D4}-12", $"{year - 2:D4}-01");
        if (wanted.Overlaps(["export_value", "export_growth", "own_brand_share", "odm_share"]))
        {
            // From each month's return totals, kept with the return's effective version (total, own-brand, ODM): a row
            // per enterprise and month instead of every line (the lines took 215 ms at 2,000 enterprises, these 45).
            var totals = (await db.ExportReturns.AsNoTracking()
                    .Where(r => r.EffectiveVersion != null && string.Compare(r.Period, beforeFrom) >= 0 && string.Compare(r.Period, lastTo) <= 0 && (scope == null || r.EnterpriseId == scope))
                    .GroupBy(r => new { r.EnterpriseId, Last = string.Compare(r.Period, lastFrom) >= 0 })
                    .Select(g => new { g.Key.EnterpriseId, g.Key.Last, Value = g.Sum(r => r.ValueUsd), Own = g.Sum(r => r.OwnBrandValueUsd), Odm = g.Sum(r => r.OdmValueUsd) }).ToListAsync(ct))
                .GroupBy(t => t.EnterpriseId).ToDictionary(g => g.Key, g =>
                {
                    var last = g.SingleOrDefault(t => t.Last);
                    var before = g.Where(t => !t.Last).Sum(t => t.Value);
                    var value = last?.Value ?? 0;
                    decimal? Share(decimal? part) => value == 0 ? null : Math.Round((part ?? 0) * 100m / value, 1);
                    return (Value: Math.Round(value / 10000m, 1), Growth: before == 0 ? (decimal?)null : Math.Round((value - before) * 100m / before, 1),
                        Own: Share(last?.Own), Odm: Share(last?.Odm));
                });
            if (wanted.Contains("export_value")) Put("export_value", totals, e => e.Value, 0m);
            if (wanted.Contains("export_growth")) Put("export_growth", totals, e => e.Growth, null);
            if (wanted.Contains("own_brand_share")) Put("own_brand_share", totals, e => e.Own, null);
            if (wanted.Contains("odm_share")) Put("odm_share", totals, e => e.Odm, null);
        }

        if (wanted.Contains("overdue_actions"))
            Put("overdue_actions", await db.CorrectiveActions.AsNoTracking().Where(a => a.EnterpriseId != null && OpenActions.Contains(a.State) && a.DueOn < today && (scope == null || a.EnterpriseId == scope))
                .GroupBy(a => a.EnterpriseId!.Value).Select(g => new { Id = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Id, g => g.Count, ct), c => (decimal)c, 0m);

        if (wanted.Contains("letter_signed"))
        {
            var signed = (await db.CommitmentLetters.AsNoTracking().Where(l => scope == null || l.EnterpriseId == scope).Select(l => l.EnterpriseId).Distinct().ToListAsync(ct)).ToDictionary(x => x, _ => true);
            Put("letter_signed", signed, b => b, false);
        }

        if (wanted.Contains("qms_certified"))
        {
            var certified = (await db.Certificates.AsNoTracking().Where(c => (c.Type == "iso9001" || c.Type == "iatf16949") && c.ValidFrom <= today && c.ValidTo >= today && (scope == null || c.EnterpriseId == scope))
                .Select(c => c.EnterpriseId).Distinct().ToListAsync(ct)).ToDictionary(x => x, _ => true);
            Put("qms_certified", certified, b => b, false);
        }

        if (wanted.Contains("testing_fees"))
        {
            var (start, end) = (clock.StartOf(new DateOnly(year, 1, 1)), clock.StartOf(new DateOnly(year + 1, 1, 1)));
            Put("testing_fees", await db.TestRequests.AsNoTracking()
                .Where(r => r.IssuedAt >= start && r.IssuedAt < end && r.WithdrawnAt == null && (scope == null || r.EnterpriseId == scope))
                .GroupBy(r => r.EnterpriseId).Select(g => new { Id = g.Key, Fees = g.Sum(r => r.EnterpriseShare) }).ToDictionaryAsync(g => g.Id, g => g.Fees, ct), f => f, 0m);
        }

        if (wanted.Contains("risk_level"))
            Put("risk_level", await db.EnterpriseRiskScores.AsNoTracking().Where(s => scope == null || s.EnterpriseId == scope)
                .ToDictionaryAsync(s => s.EnterpriseId, s => s.Level, ct), l => l.ToString().ToLowerInvariant(), "low");

        return rows.Select(r => new EnterpriseFactSheet(r.Id, r.NameZh, r.State, values[r.Id])).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
    }
}
