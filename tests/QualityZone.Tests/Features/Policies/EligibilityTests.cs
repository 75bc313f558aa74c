using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Features.Actions;
using QualityZone.Features.Commitments;
using QualityZone.Features.ExportArchives;
using QualityZone.Features.Policies;
using QualityZone.Infrastructure;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Policies;

/// <summary>The rule language: what it refuses at save, how it combines; the appraisal's arithmetic.</summary>
public sealed class RuleLanguageTests
{
    private static IReadOnlyDictionary<string, object?> Facts(params (string, object?)[] values) => values.ToDictionary(v => v.Item1, v => v.Item2);

    [Theory]
    [InlineData("turnover > 5", "未知的条件“turnover”")]
    [InlineData("own_brand_share >= high", "是数值，不能与“high”比较")]
    [InlineData("own_brand_share >= \"30\"", "是数值")]
    [InlineData("grade = 3", "是文字，不能与数值")]
    [InlineData("grade >= B", "不能比较大小")]
    [InlineData("cnas_lab = 2", "只能等于 true 或 false")]
    [InlineData("own_brand_share in (1, 2)", "不能用 in")]
    [InlineData("grade in ()", "in 后应为")]
    [InlineData("(grade = A", "括号没有闭合")]
    [InlineData("grade = A and", "规则不完整")]
    [InlineData("grade = A B", "无法识别")]
    [InlineData("own_brand_share", "缺少比较")]
    [InlineData("", "请填写条件规则")]
    public void A_rule_that_cannot_compute_is_refused_with_the_reason(string rule, string reason)
    {
        var ex = Assert.Throws<BusinessRuleException>(() => EligibilityRule.Parse(rule));
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void And_binds_tighter_than_or_not_negates_and_every_comparison_is_reported()
    {
        var rule = EligibilityRule.Parse("grade in (A, B) and notifications_12m = 0 or cnas_lab and not state = suspended");
        var (passed, checks) = rule.Evaluate(Facts(("grade", "C"), ("notifications_12m", 0m), ("cnas_lab", true), ("state", "admitted")));
        Assert.True(passed);
        Assert.Equal(["grade", "notifications_12m", "cnas_lab", "state"], checks.Select(c => c.Code));
        Assert.False(checks[0].Passed);
        Assert.False(rule.Evaluate(Facts(("grade", "C"), ("notifications_12m", 0m), ("cnas_lab", true), ("state", "suspended"))).Passed);
        Assert.True(rule.Evaluate(Facts(("grade", "b"), ("notifications_12m", 0m), ("cnas_lab", false), ("state", "watch"))).Passed);
    }

    [Fact]
    public void A_missing_value_fails_its_comparison_and_says_so()
    {
        var (passed, checks) = EligibilityRule.Parse("export_growth >= 10").Evaluate(Facts(("export_growth", null)));
        Assert.False(passed);
        Assert.Equal("无数据", checks.Single().Value);
        Assert.True(EligibilityRule.Parse("export_growth ≥ 10").Evaluate(Facts(("export_growth", 12.5m))).Passed);
        Assert.True(EligibilityRule.Parse("（grade = A 或 grade = B） 且 letter_signed").Evaluate(Facts(("grade", "B"), ("letter_signed", true))).Passed);
    }

    [Fact]
    public void The_appraisal_total_is_the_weighted_mean_over_the_items_that_apply()
    {
        var weights = new Dictionary<string, int> { ["a"] = 50, ["b"] = 30, ["c"] = 20 };
        // (90 × 50 + 80 × 30) / (50 + 30) = 86.25, rounded half away from zero; c has nothing due and is left out.
        Assert.Equal(86.3m, AppraisalService.Total([new("a", 9, 10, 90m, null), new("b", 8, 10, 80m, null), new("c", null, null, null, null)], weights));
        Assert.Equal(0m, AppraisalService.Total([new("c", null, null, null, null)], weights));
    }

    [Fact]
    public void Entitlements_follow_the_amount_kind_and_the_cap()
    {
        Assert.Equal(50_000m, new Policy { Title = "", IssuingUnit = "", Body = "", CreatedBy = "", AmountKind = AmountKind.Fixed, Amount = 50_000m }.Entitlement(null));
        Assert.Equal(100_000m, new Policy { Title = "", IssuingUnit = "", Body = "", CreatedBy = "", AmountKind = AmountKind.PerItem, Amount = 30_000m, CapPerEnterprise = 100_000m }.Entitlement(4));
        Assert.Equal(60_000m, new Policy { Title = "", IssuingUnit = "", Body = "", CreatedBy = "", AmountKind = AmountKind.PerItem, Amount = 30_000m, CapPerEnterprise = 100_000m }.Entitlement(2));
        Assert.Equal(1_234.57m, new Policy { Title = "", IssuingUnit = "", Body = "", CreatedBy = "", AmountKind = AmountKind.ShareOfBase, SharePercent = 30m }.Entitlement(4_115.24m));
    }
}

/// <summary>Eligibility of every demo enterprise for the demo's quality reward against an independent computation over the same records.</summary>
[Collection(DemoZoneCollection.Name)]
public sealed class DemoEligibilityTests(DemoZoneFactory factory)
{
    [Fact]
    public async Task Every_enterprise_of_the_demo_zone_is_judged_as_an_independent_computation_judges_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<QualityZone.Infrastructure.Data.AppDbContext>();
        var policy = await db.Policies.AsNoTracking().SingleAsync(p => p.Title == "出口产品质量提升奖励", ct);
        Assert.Equal("grade in (A, B) and notifications_12m = 0 and recalls_12m = 0 and overdue_actions = 0", policy.Rule);
        var judged = (await services.GetRequiredService<PolicyCommands>().EligibilityAsync(policy, null, ct)).ToDictionary(e => e.EnterpriseId);

        // The same rule, read straight from the tables and evaluated in memory.
        var today = services.GetRequiredService<ZoneClock>().Today;
        var from = today.AddMonths(-11).ToString("yyyy-MM");
        var enterprises = await db.Enterprises.AsNoTracking().Where(e => CommitmentService.InZone.Contains(e.State)).Select(e => new { e.Id, e.Grade }).ToListAsync(ct);
        var incidents = (await db.ExportReturnIncidents.AsNoTracking().Where(i => i.Effective).Select(i => new { i.EnterpriseId, i.Period, i.Kind }).ToListAsync(ct))
            .Where(i => string.CompareOrdinal(i.Period, from) >= 0).ToList();
        var overdue = (await db.CorrectiveActions.AsNoTracking().Where(a => a.EnterpriseId != null).Select(a => new { a.EnterpriseId, a.State, a.DueOn }).ToListAsync(ct))
            .Where(a => a.State is ActionState.Open or ActionState.InProgress or ActionState.PendingVerification && a.DueOn < today).Select(a => a.EnterpriseId!.Value).ToHashSet();
        var expected = enterprises.ToDictionary(e => e.Id, e => e.Grade is "A" or "B"
            && !incidents.Any(i => i.EnterpriseId == e.Id && i.Kind == IncidentKind.Notification)
            && !incidents.Any(i => i.EnterpriseId == e.Id && i.Kind == IncidentKind.Recall)
            && !overdue.Contains(e.Id));

        Assert.Equal(expected.Keys.Order(), judged.Keys.Order());
        var disagreements = expected.Where(e => judged[e.Key].Eligible != e.Value).Select(e => e.Key).ToList();
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} enterprises judged differently");
        // The demo is a real test: some qualify, some do not, and for each criterion some miss it.
        Assert.Contains(expected.Values, v => v);
        Assert.Contains(expected.Values, v => !v);
        var missed = judged.Values.SelectMany(e => e.Checks.Where(c => !c.Passed).Select(c => c.Code)).ToHashSet();
        Assert.True(missed.Contains("grade") && missed.Count >= 2, "criteria missed by someone: " + string.Join(", ", missed));
        // A rule over the exports: last year's value from the returns' totals and the own-brand share from the lines, against the lines alone.
        var exportRule = new Policy { Type = PolicyType.Reward, Title = "", IssuingUnit = "", Body = "", CreatedBy = "", Rule = "export_value >= 0 and own_brand_share >= 20" };
        var byExports = (await services.GetRequiredService<PolicyCommands>().EligibilityAsync(exportRule, null, ct)).ToDictionary(e => e.EnterpriseId);
        var lastYear = $"{today.Year - 1}-";
        var lines = (await db.ExportReturnLines.AsNoTracking().Where(l => l.Effective).Select(l => new { l.EnterpriseId, l.Period, l.Mode, l.ValueUsd }).ToListAsync(ct))
            .Where(l => l.Period.StartsWith(lastYear, StringComparison.Ordinal)).ToList();
        foreach (var e in enterprises)
        {
            var last = lines.Where(l => l.EnterpriseId == e.Id).ToList();
            var total = last.Sum(l => l.ValueUsd);
            var shareOk = total != 0 && Math.Round(last.Where(l => l.Mode == ExportMode.OwnBrand).Sum(l => l.ValueUsd) * 100m / total, 1) >= 20;
            var value = byExports[e.Id].Checks.Single(c => c.Code == "export_value").Value;
            Assert.Equal(Math.Round(total / 10000m, 1).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), value);
            Assert.True(byExports[e.Id].Eligible == shareOk, $"{e.Id}: share {shareOk}, judged {byExports[e.Id].Eligible}");
        }
        Assert.Contains(byExports.Values, e => e.Eligible);
        Assert.Contains(byExports.Values, e => !e.Eligible);
        // The monthly totals by mode kept with each return (amended ones included) equal its effective lines.
        var kept = await db.ExportReturns.AsNoTracking().Where(r => r.EffectiveVersion != null).Select(r => new { r.Id, r.ValueUsd, r.OwnBrandValueUsd, r.OdmValueUsd }).ToListAsync(ct);
        var fromLines = (await db.ExportReturnLines.AsNoTracking().Where(l => l.Effective).Select(l => new { l.ReturnId, l.Mode, l.ValueUsd }).ToListAsync(ct))
            .GroupBy(l => l.ReturnId).ToDictionary(g => g.Key, g => (All: g.Sum(l => l.ValueUsd), Own: g.Where(l => l.Mode == ExportMode.OwnBrand).Sum(l => l.ValueUsd), Odm: g.Where(l => l.Mode == ExportMode.Odm).Sum(l => l.ValueUsd)));
        Assert.All(kept, r => Assert.Equal(fromLines.GetValueOrDefault(r.Id), (r.ValueUsd, r.OwnBrandValueUsd, r.OdmValueUsd)));
        Assert.Contains(kept, r => r.OwnBrandValueUsd > 0 && r.OdmValueUsd > 0);

        // The measure flagged after a grade drop is in the demo.
        Assert.True(await db.MeasureGrants.AnyAsync(g => g.State == GrantState.FlaggedForWithdrawal, ct));
    }
}
