using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Acceptance;

/// <summary><c>/acceptance/items/{id}</c>: the item's guidance, its evidence gathered and uploaded, the self-score and the office's review.</summary>
[RequirePermission(AcceptancePermissions.View)]
public sealed class ItemModel(AppDbContext db, AcceptanceEvidence evidence, AcceptanceCommands commands) : PageModel
{
    public AssessmentItem Item { get; private set; } = null!;
    public List<EvidenceEntry> Entries { get; private set; } = [];
    public string Department { get; private set; } = "";
    public string? Error { get; private set; }
    public bool CanScore => PermissionCatalog.IsGranted(User, AcceptancePermissions.Score) && (User.IsInRole(Roles.ZoneAdmin) || User.DepartmentId() == Item.DepartmentId);
    public bool CanReview => PermissionCatalog.IsGranted(User, AcceptancePermissions.Manage);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostScoreAsync(Guid id, decimal? score, int version, CancellationToken ct) =>
        await AfterAsync(id, await commands.SelfScoreAsync(User, id, new ScoreInput(score, null, version), ct), ct);

    public async Task<IActionResult> OnPostReviewAsync(Guid id, decimal? score, string? comment, int version, CancellationToken ct) =>
        CanReviewFor() ? await AfterAsync(id, await commands.ReviewAsync(User, id, new ScoreInput(score, comment, version), ct), ct) : StatusCode(403);

    public async Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? file, string? description, CancellationToken ct)
    {
        if (file is null) return await AfterAsync(id, CommandResult.Invalid(Text.Get("请选择文件")), ct);
        await using var stream = file.OpenReadStream();
        return await AfterAsync(id, await commands.UploadAsync(User, id, stream, file.FileName, description, ct), ct);
    }

    private bool CanReviewFor() => PermissionCatalog.IsGranted(User, AcceptancePermissions.Manage);

    private async Task<IActionResult> AfterAsync(Guid id, CommandResult result, CancellationToken ct)
    {
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Succeeded) return Redirect($"/acceptance/items/{id}");
        db.ChangeTracker.Clear();
        await LoadAsync(id, ct);
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var item = await db.AssessmentItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct);
        if (item is null) return false;
        Item = item;
        Department = await db.Departments.AsNoTracking().Where(d => d.Id == item.DepartmentId).Select(d => Text.Pick(d.NameZh, d.NameEn)).SingleAsync(ct);
        await foreach (var entry in evidence.EntriesAsync(item, ct))
        {
            Entries.Add(entry);
            if (Entries.Count == 500) break;
        }
        return true;
    }
}
