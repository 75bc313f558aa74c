using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Traceability;

/// <summary><c>/trace/suppliers/{id}</c>: a supplier's certificates, standing, scorecards and lots; approve or disqualify, evaluate.</summary>
[RequirePermission(TraceabilityPermissions.View)]
public sealed class SupplierModel(AppDbContext db, SupplierCommands commands, ZoneClock clock) : PageModel
{
    public Supplier Supplier { get; private set; } = null!;
    public string Enterprise { get; private set; } = "";
    public List<SupplierEvaluation> Evaluations { get; private set; } = [];
    public List<LedgerCheck.LedgerRow> Lots { get; private set; } = [];
    public List<string> Materials { get; private set; } = [];
    public SupplierScoring Scoring { get; private set; } = SupplierScoring.Default;
    public string? Error { get; private set; }
    public DateOnly Today => clock.Today;

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var supplier = await db.Suppliers.AsNoTracking().Include(s => s.Certificates).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (supplier is null || !EnterpriseScope.For(User).Allows(supplier.EnterpriseId)) return false;
        Supplier = supplier;
        Enterprise = await TracePages.NameAsync(db, supplier.EnterpriseId, ct) ?? "";
        Evaluations = await db.SupplierEvaluations.AsNoTracking().Where(e => e.SupplierId == id).OrderByDescending(e => e.To).ThenByDescending(e => e.EvaluatedAt).ToListAsync(ct);
        Lots = await LedgerCheck.Rows(db).Where(r => r.Lot.SupplierId == id).OrderByDescending(r => r.Lot.ReceivedOn).Take(50).ToListAsync(ct);
        Materials = await (from s in db.MaterialSources join m in db.Materials on s.MaterialId equals m.Id where s.SupplierId == id select m.Code + " " + m.Name).ToListAsync(ct);
        Scoring = await commands.ScoringAsync(ct);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostStatusAsync(Guid id, SupplierStatus status, string? reason, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(User, TraceabilityPermissions.Record)) return StatusCode(403);
        var result = await commands.SetSupplierStatusAsync(User, id, status, reason, ct);
        return await After(id, result, ct);
    }

    public async Task<IActionResult> OnPostEvaluateAsync(Guid id, DateOnly? from, DateOnly? to, decimal? auditScore, string? note, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(User, TraceabilityPermissions.Record)) return StatusCode(403);
        var (result, _) = await commands.EvaluateAsync(User, id, from, to, auditScore, note, ct);
        return await After(id, result, ct);
    }

    private async Task<IActionResult> After(Guid id, CommandResult result, CancellationToken ct)
    {
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Succeeded) return Redirect($"/trace/suppliers/{id}");
        Error = result.Error;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }
}
