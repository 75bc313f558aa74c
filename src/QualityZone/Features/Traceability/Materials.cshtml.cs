using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Traceability;

/// <summary><c>/trace/materials</c>: the key material list of an enterprise — approved spec and approved suppliers, what each ledger lot is checked against.</summary>
[RequirePermission(TraceabilityPermissions.View)]
public sealed class MaterialsModel(AppDbContext db, SupplierCommands commands) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Enterprise { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Edit { get; set; }
    public List<(Guid Id, string Name)> Choices { get; private set; } = [];
    public List<Material> Materials { get; private set; } = [];
    public Dictionary<Guid, string> Suppliers { get; private set; } = [];
    public Material? Editing { get; private set; }
    public string? Error { get; private set; }
    public Guid? EnterpriseId { get; private set; }

    private async Task LoadAsync(CancellationToken ct)
    {
        Choices = await TracePages.ChoicesAsync(User, db, ct);
        EnterpriseId = TracePages.EnterpriseFor(User, Enterprise);
        if (EnterpriseId is not { } e) return;
        Materials = await db.Materials.AsNoTracking().Include(m => m.ApprovedSuppliers).Where(m => m.EnterpriseId == e).OrderBy(m => m.Code).ToListAsync(ct);
        Suppliers = await db.Suppliers.AsNoTracking().Where(s => s.EnterpriseId == e).OrderBy(s => s.Name).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        Editing = Materials.FirstOrDefault(m => m.Id == Edit);
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(Guid? id, string? code, string? name, string? spec, string? unit, List<Guid>? approved, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(User, TraceabilityPermissions.Record)) return StatusCode(403);
        var enterprise = TracePages.EnterpriseFor(User, Enterprise);
        if (enterprise is null) { await LoadAsync(ct); Error = Text.Get("请选择企业"); return Page(); }
        var (result, _) = await commands.SaveMaterialAsync(User, enterprise.Value, id, new MaterialInput(code, name, spec, unit, approved), ct);
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Succeeded) return Redirect($"/trace/materials?enterprise={enterprise}");
        Edit = id;
        await LoadAsync(ct);
        Error = result.Error;
        return Page();
    }
}
