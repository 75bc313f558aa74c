using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Commitments;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Evaluations;

/// <summary>The enterprise page's yearly-evaluation section: the grade history, and the office's link to evaluate an enterprise in the zone.</summary>
public sealed class EnterpriseEvaluationPanel(AppDbContext db, ZoneClock clock) : IEnterprisePanel
{
    public sealed record Row(int Year, decimal Total, string Grade, string EvaluatedBy, string EvaluatedAt);
    public sealed record View(Guid EnterpriseId, bool CanEvaluate, IReadOnlyList<Row> History);

    public int Order => 20;

    public async Task<EnterprisePanel?> LoadAsync(Enterprise enterprise, ClaimsPrincipal user, CancellationToken ct)
    {
        var history = (await db.Evaluations.AsNoTracking().Where(v => v.EnterpriseId == enterprise.Id).OrderByDescending(v => v.Year).ToListAsync(ct))
            .Select(v => new Row(v.Year, v.Total, v.Grade, v.EvaluatedBy, clock.Format(v.EvaluatedAt))).ToList();
        var canEvaluate = PermissionCatalog.IsGranted(user, EvaluationsPermissions.Evaluate) && CommitmentService.InZone.Contains(enterprise.State);
        return new EnterprisePanel("/Features/Evaluations/_EnterpriseEvaluationPanel.cshtml", new View(enterprise.Id, canEvaluate, history));
    }
}
