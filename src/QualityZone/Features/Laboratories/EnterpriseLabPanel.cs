using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Laboratories;

/// <summary>The enterprise page's laboratory section: its candidate labs, the stage each has reached, the certificate, an overdue stage.</summary>
public sealed class EnterpriseLabPanel(AppDbContext db, ZoneClock clock) : IEnterprisePanel
{
    public sealed record Row(Guid Id, string Name, CnasStage Stage, string? CertificateNumber, DateOnly? CertificateExpiry, bool Overdue);

    public int Order => 45;

    public async Task<EnterprisePanel?> LoadAsync(Enterprise enterprise, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(user, LaboratoriesPermissions.Read)) return null;
        var today = clock.Today;
        var rows = await db.CandidateLabs.AsNoTracking().Where(l => l.EnterpriseId == enterprise.Id).OrderBy(l => l.Name)
            .Select(l => new Row(l.Id, l.Name, l.Stage, l.CertificateNumber, l.CertificateExpiry, l.Stages.Any(s => s.CompletedOn == null && s.PlannedOn < today)))
            .ToListAsync(ct);
        return rows.Count == 0 ? null : new EnterprisePanel("/Features/Laboratories/_EnterpriseLabPanel.cshtml", rows);
    }
}
