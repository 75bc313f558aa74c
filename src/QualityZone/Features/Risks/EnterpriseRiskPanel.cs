using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Risks;

/// <summary>The enterprise page's early-warning section: score, level, signals with their evidence, and its open corrective actions.</summary>
public sealed class EnterpriseRiskPanel(AppDbContext db, ZoneClock clock) : IEnterprisePanel
{
    public sealed record View(Guid EnterpriseId, EnterpriseRiskScore? Score, IReadOnlyList<WarningSignal> Signals, int OpenActions, int OverdueActions);

    public int Order => 10;

    public async Task<EnterprisePanel?> LoadAsync(Enterprise enterprise, ClaimsPrincipal user, CancellationToken ct)
    {
        var id = enterprise.Id;
        var score = await db.EnterpriseRiskScores.AsNoTracking().SingleOrDefaultAsync(r => r.EnterpriseId == id, ct);
        var signals = await db.WarningSignals.AsNoTracking().Where(s => s.EnterpriseId == id).OrderByDescending(s => s.Points).ToListAsync(ct);
        var open = await db.CorrectiveActions.AsNoTracking().Where(a => a.EnterpriseId == id && a.State != ActionState.Closed && a.State != ActionState.Cancelled)
            .Select(a => a.DueOn).ToListAsync(ct);
        var today = clock.Today;
        return new EnterprisePanel("/Features/Risks/_EnterpriseRiskPanel.cshtml", new View(id, score, signals, open.Count, open.Count(d => d < today)));
    }
}
