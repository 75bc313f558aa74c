using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Traceability;

/// <summary>
/// <c>/trace</c>: where a complaint starts. A shipment, batch, serial or lot number finds the record
/// (one exact hit opens its trace at once); the enterprise's figures and the lots to act on beside it.
/// </summary>
[RequirePermission(TraceabilityPermissions.View)]
public sealed class IndexModel(AppDbContext db, TraceFinder finder) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public IReadOnlyList<TraceHit> Hits { get; private set; } = [];
    public (int Suppliers, int Lots, int Flagged, int Batches, int Shipments)? Figures { get; private set; }
    public int OpenRequests { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Q))
        {
            Hits = await finder.FindAsync(User, Q, ct);
            var exact = Hits.Where(h => h.Number == Q.Trim() || h.Kind == TraceHitKind.Serial).ToList();
            if (exact.Count == 1) return Redirect(Link(exact[0]));
        }
        OpenRequests = await TraceRequests.Visible(db, User).CountAsync(r => r.State == TraceRequestState.Open, ct);
        // An enterprise's own figures; staff work across 100 enterprises and millions of rows, so they search.
        if (User.EnterpriseId() is { } own && !EnterpriseScope.For(User).All)
        {
            Figures = (await db.Suppliers.CountAsync(s => s.EnterpriseId == own, ct), await db.MaterialLots.CountAsync(l => l.EnterpriseId == own, ct),
                await LedgerCheck.FlaggedOnly(LedgerCheck.Rows(db).Where(r => r.Lot.EnterpriseId == own)).CountAsync(r => r.Lot.Disposition == null, ct),
                await db.ProductionBatches.CountAsync(b => b.EnterpriseId == own, ct), await db.Shipments.CountAsync(s => s.EnterpriseId == own, ct));
        }
        return Page();
    }

    public static string Link(TraceHit hit) => hit.Kind switch
    {
        TraceHitKind.Shipment => $"/trace/backward?shipment={hit.Id}",
        TraceHitKind.Lot => $"/trace/forward?lot={hit.Id}",
        _ => $"/trace/backward?batch={hit.Id}",
    };
}
