using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Risks;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Testing;

/// <summary>
/// Failed test reports feed the early warning (task 17 tied into the risk system of task 11): per
/// enterprise, the valid reports of the window with at least one failed item, whoever ordered the test.
/// </summary>
public sealed class TestFailureSignals(AppDbContext db) : IWarningSignalSource
{
    public async Task<IReadOnlyList<SourcedSignal>> SignalsAsync(DateOnly today, int windowDays, CancellationToken ct)
    {
        var since = new DateTimeOffset(today.AddDays(-windowDays).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var failed = await db.TestRequests.AsNoTracking()
            .Where(r => r.IssuedAt >= since && r.WithdrawnAt == null && r.Results.Any(x => !x.Superseded && x.Verdict == Verdict.Fail))
            .Select(r => new { r.EnterpriseId, r.ReportNumber, r.IssuedAt }).ToListAsync(ct);
        return failed.GroupBy(r => r.EnterpriseId).Select(g =>
        {
            var latest = g.MaxBy(r => r.IssuedAt)!;
            return new SourcedSignal(g.Key, SignalKind.TestFailure, g.Count(),
                Text.Format("近一年 {0} 份检测报告有不合格项目（最近：{1}）", g.Count(), latest.ReportNumber), $"/testing?enterprise={g.Key}");
        }).ToList();
    }
}
