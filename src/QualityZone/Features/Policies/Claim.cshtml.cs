using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;

namespace QualityZone.Features.Policies;

/// <summary><c>/policies/claims/{id}</c>: one claim with the criteria as they stood, and the step that is due: review, decision or payment.</summary>
[RequirePermission(PoliciesPermissions.Read)]
public sealed class ClaimModel(ClaimCommands claims, AppDbContext db, FileStore files, ZoneClock clock) : PageModel
{
    public PolicyClaim Item { get; private set; } = null!;
    public Policy Policy { get; private set; } = null!;
    public string Enterprise { get; private set; } = "";
    public bool Finance { get; private set; }
    public string? Error { get; private set; }
    public string Format(DateTimeOffset? at) => at is { } a ? clock.Format(a) : "";
    public DateOnly Today => clock.Today;
    public bool Reviews => Item.State == ClaimState.Submitted && PermissionCatalog.IsGranted(User, PoliciesPermissions.Review)
        && PolicyCommands.ActsFor(User, Policy);
    public bool Decides => Item.State == ClaimState.Reviewed && PermissionCatalog.IsGranted(User, PoliciesPermissions.Decide);
    public bool Pays => Item.State == ClaimState.Approved && Finance;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReviewAsync(Guid id, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(User, PoliciesPermissions.Review)) return Forbid();
        // The form is read only after the permission check: an unauthorized upload is never buffered.
        var form = await Request.ReadFormAsync(ct);
        var file = form.Files.GetFile("document");
        await using var stream = file is { Length: > 0 } ? file.OpenReadStream() : null;
        int? version = int.TryParse(form["version"], out var v) ? v : null;
        return await DoneAsync(id, await claims.ReviewAsync(User, id, form["opinion"], stream, file?.FileName, version, ct), ct);
    }

    public async Task<IActionResult> OnPostDecideAsync(Guid id, bool approve, decimal? amount, string? reason, int? version, CancellationToken ct) =>
        !PermissionCatalog.IsGranted(User, PoliciesPermissions.Decide) ? Forbid() : await DoneAsync(id, await claims.DecideAsync(User, id, new ClaimDecision(approve, amount, reason, version), ct), ct);

    public async Task<IActionResult> OnPostPayAsync(Guid id, DateOnly? paidOn, decimal? amount, string? voucherNumber, int? version, CancellationToken ct) =>
        !PermissionCatalog.IsGranted(User, PoliciesPermissions.Pay) ? Forbid() : await DoneAsync(id, await claims.PayAsync(User, id, new ClaimPayment(paidOn, amount, voucherNumber, version), ct), ct);

    public async Task<IActionResult> OnGetDocumentAsync(Guid id, CancellationToken ct)
    {
        if (await claims.FindAsync(User, id, ct) is not { ReviewFileSha256: { } sha } claim || !files.Exists(sha)) return NotFound();
        return File(files.OpenRead(sha), claim.ReviewFileContentType ?? "application/octet-stream", claim.ReviewFileName);
    }

    private async Task<IActionResult> DoneAsync(Guid id, CommandResult result, CancellationToken ct)
    {
        if (result.Succeeded) return Redirect($"/policies/claims/{id}");
        db.ChangeTracker.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await claims.FindAsync(User, id, ct) is not { } claim) return false;
        Item = claim;
        Policy = await db.Policies.AsNoTracking().SingleAsync(p => p.Id == claim.PolicyId, ct);
        Enterprise = await db.Enterprises.AsNoTracking().Where(e => e.Id == claim.EnterpriseId).Select(e => e.NameZh).SingleAsync(ct);
        Finance = await claims.IsFinanceAsync(User, ct);
        return true;
    }
}
