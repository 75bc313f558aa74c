using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Commitments;
using QualityZone.Features.Risks;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Testing;

public sealed record SamplingProposal(Guid EnterpriseId, string Name, RiskLevel Level, int Score, DateTimeOffset? LastSampled, string Reason);

/// <summary>
/// Supervision sampling proposed by the early warning, as the inspection rounds are: enterprises of the
/// zone at medium risk or above with no sampling under way, the higher level and score first, then the
/// longest since last sampled (never sampled first). Sampling where the risk is follows the zone's
/// risk-based supervision (task 11: 风险分级、分类监管).
/// </summary>
public sealed class SamplingProposals(AppDbContext db, ZoneClock clock)
{
    public async Task<IReadOnlyList<SamplingProposal>> ProposeAsync(int count, CancellationToken ct)
    {
        var sampling = db.TestRequests.Where(r => r.Kind == RequestKind.Supervision);
        var candidates = await (from e in db.Enterprises.AsNoTracking()
                                where CommitmentService.InZone.Contains(e.State)
                                join s in db.EnterpriseRiskScores.AsNoTracking() on e.Id equals s.EnterpriseId
                                where s.Level != RiskLevel.Low
                                   && !sampling.Any(r => r.EnterpriseId == e.Id && r.IssuedAt == null && r.State != RequestState.Cancelled && r.State != RequestState.SampleRefused)
                                select new { e.Id, e.NameZh, e.NameEn, s.Level, s.Score, Last = sampling.Where(r => r.EnterpriseId == e.Id).Max(r => (DateTimeOffset?)r.RequestedAt) })
                               .ToListAsync(ct);
        return candidates.OrderByDescending(c => c.Level).ThenByDescending(c => c.Score).ThenBy(c => c.Last ?? DateTimeOffset.MinValue).Take(count)
            .Select(c => new SamplingProposal(c.Id, Text.Pick(c.NameZh, c.NameEn), c.Level, c.Score, c.Last,
                Text.Format("风险等级 {0}（{1} 分）", RiskLabels.Level(c.Level), c.Score) + Text.ListSeparator
                + (c.Last is { } last ? Text.Format("上次抽检 {0:yyyy-MM-dd}", clock.ToZoneTime(last)) : Text.Get("从未抽检"))))
            .ToList();
    }
}
