using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Traceability;

/// <summary><c>/trace/batches</c> and <c>/trace/shipments</c>: an enterprise's production batches and shipments, newest first.</summary>
[RequirePermission(TraceabilityPermissions.View)]
public sealed class BatchesModel(AppDbContext db, ShipmentReturns feeder) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Enterprise { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    public List<(Guid Id, string Name)> Choices { get; private set; } = [];
    public Guid? EnterpriseId { get; private set; }
    public Paged<ProductionBatch>? Batches { get; private set; }
    public Paged<Shipment>? Shipments { get; private set; }
    public Dictionary<Guid, int> LinesPerShipment { get; private set; } = [];
    public bool ShowsShipments => Request.Path.StartsWithSegments("/trace/shipments");

    public async Task OnGetAsync(CancellationToken ct)
    {
        Choices = await TracePages.ChoicesAsync(User, db, ct);
        // Staff pick an enterprise first: a zone holds millions of batches.
        if (TracePages.EnterpriseFor(User, Enterprise) is not { } e) return;
        EnterpriseId = e;
        var q = Q?.Trim();
        if (ShowsShipments)
        {
            var shipments = db.Shipments.AsNoTracking().Where(s => s.EnterpriseId == e);
            if (!string.IsNullOrEmpty(q)) shipments = shipments.Where(s => s.DeclarationNumber.StartsWith(q) || s.Buyer.Contains(q) || s.CountryCode == q.ToUpper());
            Shipments = await Paged<Shipment>.CreateAsync(shipments.OrderByDescending(s => s.ShippedOn).ThenByDescending(s => s.DeclarationNumber), PageNumber, 50, ct);
            var ids = Shipments.Items.Select(s => s.Id).ToList();
            LinesPerShipment = await db.ShipmentLines.Where(l => ids.Contains(l.ShipmentId)).GroupBy(l => l.ShipmentId).ToDictionaryAsync(g => g.Key, g => g.Count(), ct);
        }
        else
        {
            var batches = db.ProductionBatches.AsNoTracking().Where(b => b.EnterpriseId == e);
            if (!string.IsNullOrEmpty(q)) batches = batches.Where(b => b.BatchNumber.StartsWith(q) || b.ProductModel == q);
            Batches = await Paged<ProductionBatch>.CreateAsync(batches.OrderByDescending(b => b.CompletedOn).ThenByDescending(b => b.BatchNumber), PageNumber, 50, ct);
        }
    }

    public ShipmentReturns.Outcome? Fed { get; private set; }

    /// <summary>Sums a month's shipments into the monthly export return (as customs declaration data).</summary>
    public async Task<IActionResult> OnPostFeedAsync(string? period, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(User, TraceabilityPermissions.Record)) return StatusCode(403);
        if (TracePages.EnterpriseFor(User, Enterprise) is not { } e) return NotFound();
        Fed = await feeder.FeedAsync(User, e, period, ct);
        if (Fed is null) return NotFound();
        await OnGetAsync(ct);
        return Page();
    }

    public string Link(int page) => $"{Request.Path}?enterprise={Enterprise}&q={Uri.EscapeDataString(Q ?? "")}&page={page}";
}
