using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Settings;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Enterprises;

/// <summary>Register an enterprise (office) or edit a profile (office, or the enterprise itself).</summary>
[RequirePermission(EnterprisesPermissions.Edit)]
public sealed class EditModel(AppDbContext db, EnterpriseCommands commands) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }
    [BindProperty] public EnterpriseInput Input { get; set; } = new();
    [BindProperty] public string? ProductsText { get; set; }
    [BindProperty] public int? Version { get; set; }
    public IReadOnlyList<CodeListItem> Tiers { get; private set; } = [];
    public bool IsOffice => PermissionCatalog.IsGranted(User, EnterprisesPermissions.Manage);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!CanEdit()) return Refused();
        if (Id is { } id)
        {
            var enterprise = await db.Enterprises.AsNoTracking().ForScope(EnterpriseScope.For(User)).Include(e => e.Products).Include(e => e.Markets).SingleOrDefaultAsync(e => e.Id == id, ct);
            if (enterprise is null) return NotFound();
            Input = EnterpriseInput.From(enterprise);
            ProductsText = string.Join("\n", Input.Products.Select(p => $"{p.HsCode}:{p.Name}"));
            Version = enterprise.Version;
        }
        Tiers = await db.ItemsAsync(CodeLists.CustomsCreditTiers, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!CanEdit()) return Refused();
        Tiers = await db.ItemsAsync(CodeLists.CustomsCreditTiers, ct);
        if (!ModelState.IsValid) return Page();
        Input.Products = EnterpriseInput.ParseProducts(ProductsText);
        var result = Id is { } id ? await commands.UpdateAsync(User, id, Input, Version, ct) : await commands.CreateAsync(User, Input, ct);
        if (!result.Succeeded)
        {
            foreach (var (field, message) in result.Errors) ModelState.AddModelError(field, message);
            return Page();
        }
        TempData["Success"] = Text.Get("企业资料已保存");
        return Redirect($"/enterprises/{result.Id}");
    }

    /// <summary>The office registers and edits any enterprise; an enterprise user edits only its own.</summary>
    private bool CanEdit() => IsOffice || (Id is { } id && EnterpriseScope.For(User).Allows(id));

    /// <summary>Another enterprise's profile does not exist for an enterprise user; registering is the office's.</summary>
    private IActionResult Refused() => Id is null ? StatusCode(StatusCodes.Status403Forbidden) : NotFound();
}
