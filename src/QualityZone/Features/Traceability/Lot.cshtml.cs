using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Traceability;

/// <summary><c>/trace/ledger/{id}</c>: one lot of the ledger — its check, its incoming inspection, what was done about a flag.</summary>
[RequirePermission(TraceabilityPermissions.View)]
public sealed class LotModel(AppDbContext db, SupplierCommands commands) : PageModel
{
    public LedgerCheck.LedgerRow Row { get; private set; } = null!;
    public string Enterprise { get; private set; } = "";
    public string? Error { get; private set; }
    public int Batches { get; private set; }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var row = await LedgerCheck.Rows(db).SingleOrDefaultAsync(r => r.Lot.Id == id, ct);
        if (row is null || !EnterpriseScope.For(User).Allows(row.Lot.EnterpriseId)) return false;
        Row = row;
        Enterprise = await TracePages.NameAsync(db, row.Lot.EnterpriseId, ct) ?? "";
        Batches = await db.BatchComponents.CountAsync(c => c.MaterialLotId == id, ct);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostInspectAsync(Guid id, InspectionResult result, string? report, int? revision, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(User, TraceabilityPermissions.Record)) return StatusCode(403);
        return await After(id, await commands.InspectLotAsync(User, id, result, report, revision, ct), ct);
    }

    public async Task<IActionResult> OnPostDisposeAsync(Guid id, string? disposition, int? revision, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(User, TraceabilityPermissions.Record)) return StatusCode(403);
        return await After(id, await commands.DisposeLotAsync(User, id, disposition, revision, ct), ct);
    }

    private async Task<IActionResult> After(Guid id, CommandResult result, CancellationToken ct)
    {
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Succeeded) return Redirect($"/trace/ledger/{id}");
        Error = result.Error;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }
}
