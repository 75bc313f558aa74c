using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Policies;

/// <summary>
/// <c>/policies/{id}</c>: one document with its full text and attachments; for a reward its rule, amount, budget and
/// the eligible enterprises with reasons (an enterprise: its own standing and the claim form); for a facilitation
/// measure the enterprises enjoying it, the ones flagged for withdrawal, and the grant form.
/// </summary>
[RequirePermission(PoliciesPermissions.Read)]
public sealed class DetailModel(PolicyCommands policies, ClaimCommands claims, AppDbContext db, ZoneClock clock) : PageModel
{
    public Policy Item { get; private set; } = null!;
    public string? Responsible { get; private set; }
    public IReadOnlyList<Eligibility> Eligibility { get; private set; } = [];
    public Budget? Budget { get; private set; }
    public List<GrantRow> Grants { get; private set; } = [];
    public List<ClaimRow> Claims { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Done { get; private set; }
    public bool Enterprise => User.EnterpriseId() is not null;
    public bool Staff => PermissionCatalog.IsGranted(User, PoliciesPermissions.Eligibility);
    public bool Manages => PermissionCatalog.IsGranted(User, PoliciesPermissions.Manage);
    public bool Decides => PermissionCatalog.IsGranted(User, PoliciesPermissions.Decide);
    public bool MayGrant => PermissionCatalog.IsGranted(User, PoliciesPermissions.Grant) && PolicyCommands.ActsFor(User, Item);
    public bool InForce => Item.InForce(clock.Today);
    public Eligibility? Mine => Enterprise ? Eligibility.SingleOrDefault() : null;

    public async Task<IActionResult> OnGetAsync(Guid id, string? done, CancellationToken ct)
    {
        Done = done;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostApplyAsync(Guid id, string? item, string? statement, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(User, PoliciesPermissions.Apply)) return Forbid();
        var (result, claimId) = await claims.ApplyAsync(User, id, new ClaimInput(item, statement), ct);
        return result.Succeeded ? Redirect($"/policies/claims/{claimId}") : await FailAsync(id, result, ct);
    }

    public async Task<IActionResult> OnPostGrantEligibleAsync(Guid id, CancellationToken ct)
    {
        if (!Decides) return Forbid();
        var (result, granted) = await claims.GrantToEligibleAsync(User, id, ct);
        return result.Succeeded ? Redirect($"/policies/{id}?done=granted-{granted}") : await FailAsync(id, result, ct);
    }

    public async Task<IActionResult> OnPostGrantAsync(Guid id, Guid[] enterpriseIds, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(User, PoliciesPermissions.Grant)) return Forbid();
        var result = await policies.GrantAsync(User, id, enterpriseIds, ct);
        return result.Succeeded ? Redirect($"/policies/{id}") : await FailAsync(id, result, ct);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, Guid enterpriseId, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(User, PoliciesPermissions.Grant)) return Forbid();
        var result = await policies.WithdrawAsync(User, id, enterpriseId, ct);
        return result.Succeeded ? Redirect($"/policies/{id}") : await FailAsync(id, result, ct);
    }

    public async Task<IActionResult> OnPostReviewAsync(Guid id, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(User, PoliciesPermissions.Grant)) return Forbid();
        await policies.ReviewGrantsAsync(null, ct);
        return Redirect($"/policies/{id}");
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid id, CancellationToken ct)
    {
        if (!Manages) return Forbid();
        // Read only after the permission check: an unauthorized upload is never buffered.
        var file = (await Request.ReadFormAsync(ct)).Files.GetFile("file");
        if (file is not { Length: > 0 }) return await FailAsync(id, CommandResult.Invalid(Infrastructure.Localization.Text.Get("请选择文件")), ct);
        await using var stream = file.OpenReadStream();
        var result = await policies.AttachAsync(id, stream, file.FileName, ct);
        return result.Succeeded ? Redirect($"/policies/{id}") : await FailAsync(id, result, ct);
    }

    private async Task<IActionResult> FailAsync(Guid id, CommandResult result, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await policies.FindAsync(User, id, ct) is not { } policy) return false;
        Item = policy;
        Responsible = policy.ResponsibleDepartmentId is { } d ? await db.Departments.AsNoTracking().Where(x => x.Id == d).Select(x => x.NameZh).SingleOrDefaultAsync(ct) : null;
        if (!policy.HasRule) return true;
        if (Staff) Eligibility = await policies.EligibilityAsync(policy, null, ct);
        else if (User.EnterpriseId() is { } own) Eligibility = await policies.EligibilityAsync(policy, own, ct);
        if (policy.Type == PolicyType.Reward)
        {
            if (Staff) Budget = await claims.BudgetAsync(policy, ct);
            Claims = await claims.ListAsync(User, policy.Id, null, ct);
        }
        else Grants = await policies.GrantsAsync(policy.Id, User.EnterpriseId(), ct);
        return true;
    }
}
