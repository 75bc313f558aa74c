using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Traceability;

/// <summary><c>/trace/ledger</c>: the purchase ledger (进货台帐) with the consistency check, the lots to act on, and a lot entered by hand.</summary>
[RequirePermission(TraceabilityPermissions.View)]
public sealed class LedgerModel(AppDbContext db, TraceIngest ingest, ZoneClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Enterprise { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public bool Flagged { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    public List<(Guid Id, string Name)> Choices { get; private set; } = [];
    public Paged<LedgerCheck.LedgerRow> Lots { get; private set; } = null!;
    public Guid? EnterpriseId { get; private set; }
    public List<(string Code, string Name)> Materials { get; private set; } = [];
    public List<string> Suppliers { get; private set; } = [];
    public IReadOnlyList<TraceError> Errors { get; private set; } = [];
    public DateOnly Today => clock.Today;

    private async Task LoadAsync(CancellationToken ct)
    {
        Choices = await TracePages.ChoicesAsync(User, db, ct);
        EnterpriseId = TracePages.EnterpriseFor(User, Enterprise);
        var rows = LedgerCheck.Rows(db);
        // Staff pick an enterprise first: the zone's ledgers hold hundreds of thousands of lots.
        if (EnterpriseId is null)
        {
            Lots = new Paged<LedgerCheck.LedgerRow>([], 1, 50, 0);
            return;
        }
        if (EnterpriseId is { } e)
        {
            rows = rows.Where(r => r.Lot.EnterpriseId == e);
            Materials = (await db.Materials.AsNoTracking().Where(m => m.EnterpriseId == e).OrderBy(m => m.Code).Select(m => new { m.Code, m.Name }).ToListAsync(ct)).Select(m => (m.Code, m.Name)).ToList();
            Suppliers = await db.Suppliers.AsNoTracking().Where(s => s.EnterpriseId == e && s.Status != SupplierStatus.Disqualified).OrderBy(s => s.Name).Select(s => s.Name).ToListAsync(ct);
        }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            rows = rows.Where(r => r.Lot.LotNumber.StartsWith(q) || r.MaterialCode == q || r.Supplier.Contains(q));
        }
        // The lots to act on: flagged and not yet disposed of.
        if (Flagged) rows = LedgerCheck.FlaggedOnly(rows).Where(r => r.Lot.Disposition == null);
        Lots = await Paged<LedgerCheck.LedgerRow>.CreateAsync(rows.OrderByDescending(r => r.Lot.ReceivedOn).ThenBy(r => r.Lot.LotNumber), PageNumber, 50, ct);
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? supplier, string? material, string? lotNumber, string? spec, decimal? quantity, string? unit,
        DateOnly? receivedOn, DateOnly? dueOn, string? inspection, string? inspectionReport, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(User, TraceabilityPermissions.Record)) return StatusCode(403);
        var enterprise = TracePages.EnterpriseFor(User, Enterprise);
        if (enterprise is null)
        {
            await LoadAsync(ct);
            Errors = [new TraceError(0, null, null, "", Text.Get("请选择企业"))];
            return Page();
        }
        var result = await ingest.LotsAsync(User, enterprise.Value, [new LotRecord(supplier, material, lotNumber, spec, quantity, unit, receivedOn, dueOn, inspection, inspectionReport)], ct);
        if (result is null) return NotFound();
        if (result.Succeeded) return Redirect($"/trace/ledger?enterprise={enterprise}");
        await LoadAsync(ct);
        Errors = result.Errors;
        return Page();
    }

    public string Link(int page) => $"/trace/ledger?enterprise={Enterprise}&q={Uri.EscapeDataString(Q ?? "")}&flagged={Flagged}&page={page}";
}
