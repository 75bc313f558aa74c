using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Association;

/// <summary>
/// The enterprise page's association section: membership level, this year's fee, the current convention signed,
/// model enterprise; for the member units also the complaints about it and how many were substantiated.
/// </summary>
public sealed class EnterpriseMembershipPanel(AppDbContext db, ZoneClock clock) : IEnterprisePanel
{
    public sealed record View(Membership? Member, bool FeePaid, bool SignedCurrent, int? Complaints, int? Substantiated);

    public int Order => 46;

    public async Task<EnterprisePanel?> LoadAsync(Enterprise enterprise, ClaimsPrincipal user, CancellationToken ct)
    {
        var staff = PermissionCatalog.IsGranted(user, AssociationPermissions.Read);
        if (!staff && !PermissionCatalog.IsGranted(user, AssociationPermissions.Member)) return null;
        var member = await db.Memberships.AsNoTracking().SingleOrDefaultAsync(m => m.EnterpriseId == enterprise.Id, ct);
        var year = clock.Today.Year;
        var feePaid = member is not null && await db.MembershipFees.AnyAsync(f => f.MembershipId == member.Id && f.Year == year, ct);
        var current = await db.ConventionVersions.MaxAsync(c => (int?)c.Version, ct);
        var signed = current is { } v && await db.ConventionSignatures.AnyAsync(s => s.EnterpriseId == enterprise.Id && s.Version == v, ct);
        // The enterprise itself never learns from here that complaints were made about it: only the member units see the counts.
        int? complaints = staff ? await db.Complaints.CountAsync(c => c.EnterpriseId == enterprise.Id, ct) : null;
        int? substantiated = staff ? await db.Complaints.CountAsync(c => c.EnterpriseId == enterprise.Id && c.Substantiated == true, ct) : null;
        if (member is null && complaints is null or 0) return null;
        return new EnterprisePanel("/Features/Association/_EnterpriseMembershipPanel.cshtml", new View(member, feePaid, signed, complaints, substantiated));
    }
}
