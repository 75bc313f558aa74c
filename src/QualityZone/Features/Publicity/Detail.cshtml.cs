using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Publicity;

/// <summary><c>/cases/{id}</c>: a case with its documents and photos; its writers attach files and send it for review; the reviewers publish it or send it back.</summary>
[RequirePermission(PublicityPermissions.Browse)]
public sealed class DetailModel(PublicityCommands publicity, AppDbContext db, ZoneClock clock) : PageModel
{
    public PracticeCase Case { get; private set; } = null!;
    public string Enterprise { get; private set; } = "";
    public bool CanWrite => PermissionCatalog.IsGranted(User, PublicityPermissions.Write) && (User.EnterpriseId() is not { } own || own == Case.EnterpriseId);
    public bool Reviews => PermissionCatalog.IsGranted(User, PublicityPermissions.Review);
    public string? Error { get; private set; }
    public string Format(DateTimeOffset at) => clock.Format(at, "yyyy-MM-dd");

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostFileAsync(Guid id, IFormFile? file, CancellationToken ct)
    {
        if (file is not { Length: > 0 }) return await RunAsync(id, () => Task.FromResult(CommandResult.Invalid(Infrastructure.Localization.Text.Get("请选择文件"))), ct);
        await using var content = file.OpenReadStream();
        return await RunAsync(id, () => publicity.AttachAsync(User, id, content, file.FileName, ct), ct);
    }

    public Task<IActionResult> OnPostSubmitAsync(Guid id, CancellationToken ct) => RunAsync(id, () => publicity.SubmitAsync(User, id, ct), ct);

    public Task<IActionResult> OnPostReviewAsync(Guid id, bool publish, string? note, CancellationToken ct) =>
        Reviews ? RunAsync(id, () => publicity.ReviewAsync(User, id, publish, note, ct), ct) : Task.FromResult<IActionResult>(StatusCode(StatusCodes.Status403Forbidden));

    private async Task<IActionResult> RunAsync(Guid id, Func<Task<CommandResult>> command, CancellationToken ct)
    {
        var result = await command();
        if (result.Succeeded) return Redirect($"/cases/{id}");
        db.ChangeTracker.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await publicity.Readable(User).Include(c => c.Files.OrderBy(f => f.UploadedAt)).SingleOrDefaultAsync(c => c.Id == id, ct) is not { } c) return false;
        Case = c;
        Enterprise = await db.Enterprises.AsNoTracking().Where(e => e.Id == c.EnterpriseId).Select(e => e.NameZh).SingleAsync(ct);
        return true;
    }
}
