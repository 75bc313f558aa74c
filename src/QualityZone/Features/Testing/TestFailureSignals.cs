using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Risks;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Testing;

/// <summary>
/// Failed test reports feed the early warning (task 17 tied into the risk system of task 11): per
/// enterprise, the valid reports of the window with at least one failed item, whoever ordered the test;
/// and the failures not followed in time by a passing report on the same product (复检逾期).
/// </summary>
public sealed class TestFailureSignals(AppDbContext db) : IWarningSignalSource
{
    /// <summary>
    /// Days after a failed report by which a passing retest is expected: the due date of the corrective
    /// action the failure opened (shorter for supervision sampling, see TestingCommands.ReviewAsync).
    /// </summary>
    public static int RetestDays(RequestKind kind) => kind == RequestKind.Supervision ? 15 : 30;

    public async Task<IReadOnlyList<SourcedSignal>> SignalsAsync(DateOnly today, int windowDays, CancellationToken ct)
    {
        var since = new DateTimeOffset(today.AddDays(-windowDays).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var valid = db.TestRequests.AsNoTracking().Where(r => r.IssuedAt >= since && r.WithdrawnAt == null);
        var failed = await valid.Where(r => r.ReportFailed)
            .Select(r => new { r.EnterpriseId, r.Kind, r.ProductName, r.Model, r.ReportNumber, IssuedAt = r.IssuedAt!.Value }).ToListAsync(ct);
        if (failed.Count == 0) return [];
        var enterprises = failed.Select(f => f.EnterpriseId).Distinct().ToList();
        var passed = (await valid.Where(r => enterprises.Contains(r.EnterpriseId) && !r.ReportFailed)
            .Select(r => new { r.EnterpriseId, r.ProductName, r.Model, IssuedAt = r.IssuedAt!.Value }).ToListAsync(ct))
            .ToLookup(r => (r.EnterpriseId, r.ProductName, r.Model));

        var signals = failed.GroupBy(r => r.EnterpriseId).Select(g =>
        {
            var latest = g.MaxBy(r => r.IssuedAt)!;
            return new SourcedSignal(g.Key, SignalKind.TestFailure, g.Count(),
                Msg.Of("近一年 {0} 份检测报告有不合格项目（最近：{1}）", g.Count(), latest.ReportNumber), $"/testing?enterprise={g.Key}");
        }).ToList();

        // A failure is retested when a later valid report on the same product and model passed.
        var overdue = failed.Where(f => DateOnly.FromDateTime(f.IssuedAt.UtcDateTime).AddDays(RetestDays(f.Kind)) < today
            && !passed[(f.EnterpriseId, f.ProductName, f.Model)].Any(p => p.IssuedAt > f.IssuedAt)).ToList();
        signals.AddRange(overdue.GroupBy(f => f.EnterpriseId).Select(g => new SourcedSignal(g.Key, SignalKind.RetestOverdue, g.Count(),
            Msg.Of("{0} 份不合格检测报告逾期未复检：{1}", g.Count(), Msg.List(g.OrderBy(f => f.IssuedAt).Select(f => (object?)f.ReportNumber))),
            $"/testing?enterprise={g.Key}")));
        return signals;
    }
}
