using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Settings;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Enterprises;

/// <summary>One enterprise: profile, products, markets, the management timeline and the office's actions.</summary>
[RequirePermission(EnterprisesPermissions.Read)]
public sealed class DetailModel(EnterpriseQueries queries, EnterpriseCommands commands, CertificateCommands certificates,
    IdentityChangeService identityChanges, IEnumerable<IEnterprisePanel> panels, AppDbContext db, ZoneClock clock) : PageModel
{
    public IReadOnlyList<IdentityChangeRequest> ChangeRequests { get; private set; } = [];

    public IReadOnlyList<Certificate> Certificates { get; private set; } = [];
    /// <summary>The sections other modules contribute (early warning, evaluations…), in their order.</summary>
    public IReadOnlyList<EnterprisePanel> Panels { get; private set; } = [];
    public IReadOnlyList<Brand> Brands { get; private set; } = [];
    public IReadOnlyList<CodeListItem> CertificateTypes { get; private set; } = [];
    public IReadOnlyList<CodeListItem> BrandLevels { get; private set; } = [];
    public DateOnly Today => clock.Today;
    public string CertificateTypeName(string code) => CertificateTypes.FirstOrDefault(t => t.Code == code)?.Name ?? code;
    public string BrandLevelName(string code) => BrandLevels.FirstOrDefault(t => t.Code == code)?.Name ?? code;

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public Enterprise Enterprise { get; private set; } = null!;
    public string TierName { get; private set; } = "—";
    public IReadOnlyList<CodeListItem> Tiers { get; private set; } = [];
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
        Certificates = await db.Certificates.AsNoTracking().Where(c => c.EnterpriseId == Id).OrderBy(c => c.ValidTo).ToListAsync(ct);
        Brands = await db.Brands.AsNoTracking().Where(b => b.EnterpriseId == Id).OrderBy(b => b.Name).ToListAsync(ct);
        CertificateTypes = await db.ItemsAsync(CodeLists.CertificateTypes, ct);
        ChangeRequests = await db.IdentityChangeRequests.AsNoTracking().Where(r => r.EnterpriseId == Id).OrderByDescending(r => r.RequestedAt).Take(10).ToListAsync(ct);
        var contributed = new List<EnterprisePanel>();
        foreach (var panel in panels.OrderBy(p => p.Order))
            if (await panel.LoadAsync(enterprise, User, ct) is { } loaded) contributed.Add(loaded);
        Panels = contributed;
        BrandLevels = await db.ItemsAsync(CodeLists.BrandLevels, ct);
        Tiers = await db.ItemsAsync(CodeLists.CustomsCreditTiers, ct);
        if (enterprise.CustomsCreditTier is { } tier)
            TierName = Tiers.FirstOrDefault(i => i.Code == tier)?.Name ?? tier;
        return Page();
    }

    public async Task<IActionResult> OnPostCertificateAsync(CertificateInput input, IFormFile? scan, CancellationToken ct)
    {
        await using var stream = scan?.OpenReadStream();
        return Done(await certificates.AddCertificateAsync(User, Id, input, stream, scan?.FileName, ct), "证书已登记");
    }

    public async Task<IActionResult> OnPostRequestChangeAsync(string? nameZh, string? nameEn, string? creditCode, string? customsCode, string? customsCreditTier,
        bool labCnasAccredited, string? labCnasNumber, DateOnly? labCnasExpiry, string? reason, CancellationToken ct) =>
        Done(await identityChanges.RequestAsync(User, Id, new IdentityChangeInput(nameZh, nameEn, creditCode, customsCode, customsCreditTier, labCnasAccredited, labCnasNumber, labCnasExpiry, reason), ct),
            "变更申请已提交建设办审批");

    public async Task<IActionResult> OnPostDecideChangeAsync(Guid requestId, bool approve, string? note, CancellationToken ct)
    {
        var result = await identityChanges.DecideAsync(User, Id, requestId, approve, note, ct);
        if (result.Status == StatusCodes.Status403Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        return Done(result, approve ? "已批准变更" : "已驳回变更申请");
    }

    public async Task<IActionResult> OnPostBrandAsync(BrandInput brand, CancellationToken ct) =>
        Done(await certificates.AddBrandAsync(User, Id, brand, ct), "品牌已登记");

    public async Task<IActionResult> OnPostWithdrawAsync(Guid itemId, CancellationToken ct) =>
        Done(await certificates.WithdrawAsync(User, Id, itemId, ct), "已撤销该记录");

    private IActionResult Done(CommandResult result, string success)
    {
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        TempData[result.Succeeded ? "Success" : "Error"] = result.Succeeded ? Text.Get(success) : result.Error;
        return Redirect($"/enterprises/{Id}#certificates");
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
