using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Traceability;

/// <summary>What the module's pages share: which enterprise a page is about, and the choice staff have.</summary>
public static class TracePages
{
    /// <summary>Enterprises a staff user may pick (an enterprise user acts for itself and gets none).</summary>
    public static async Task<List<(Guid Id, string Name)>> ChoicesAsync(ClaimsPrincipal user, AppDbContext db, CancellationToken ct) =>
        EnterpriseScope.For(user).All ? await EnterpriseQueries.ChoicesAsync(db, ct) : [];

    /// <summary>The enterprise a list shows: an enterprise user's own (whatever was asked), or the one staff picked (null: all).</summary>
    public static Guid? EnterpriseFor(ClaimsPrincipal user, Guid? requested) =>
        EnterpriseScope.For(user).All ? requested : user.EnterpriseId() ?? Guid.Empty;

    public static Task<string?> NameAsync(AppDbContext db, Guid? enterpriseId, CancellationToken ct) => enterpriseId is { } id
        ? db.Enterprises.AsNoTracking().Where(e => e.Id == id).Select(e => Text.Pick(e.NameZh, e.NameEn)).SingleOrDefaultAsync(ct)
        : Task.FromResult<string?>(null);
}
