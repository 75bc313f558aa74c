using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Features.Settings;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Enterprises;

/// <summary>One enterprise: profile, products, markets, the management timeline and the office's actions.</summary>
[RequirePermission(EnterprisesPermissions.Read)]
public sealed class DetailModel(EnterpriseQueries queries, EnterpriseCommands commands, AppDbContext db, ZoneClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public Enterprise Enterprise { get; private set; } = null!;
    public string TierName { get; private set; } = "—";
    public bool IsStaff => EnterpriseScope.For(User).All;
    public bool CanManage => PermissionCatalog.IsGranted(User, EnterprisesPermissions.Manage);
    public bool CanEdit => PermissionCatalog.IsGranted(User, EnterprisesPermissions.Edit);
    public string Local(DateTimeOffset instant) => clock.Format(instant);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // Another enterprise's page does not exist for an enterprise user: 404, not 403, so ids are not confirmed.
        var enterprise = await queries.DetailAsync(EnterpriseScope.For(User), Id, ct);
        if (enterprise is null) return NotFound();
        Enterprise = enterprise;
        if (enterprise.CustomsCreditTier is { } tier)
            TierName = (await db.ItemsAsync(CodeLists.CustomsCreditTiers, ct)).FirstOrDefault(i => i.Code == tier)?.Name ?? tier;
        return Page();
    }

    public async Task<IActionResult> OnPostTransitionAsync(ManagementAction action, string? reason, IFormFile? evidence, CancellationToken ct)
    {
        await using var stream = evidence?.OpenReadStream();
        var result = await commands.TransitionAsync(User, Id, action, reason, stream, evidence?.FileName, ct);
        if (result.Status == StatusCodes.Status403Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        TempData[result.Succeeded ? "Success" : "Error"] = result.Succeeded ? Text.Format("已执行：{0}", Text.Get(EnterpriseLabels.Action(action))) : result.Error;
        return Redirect($"/enterprises/{Id}");
    }
}
