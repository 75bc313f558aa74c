using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Portal;

/// <summary><c>/portal/manage</c>: the editorial desk — notices by status, review and publish, and feed imports with their report.</summary>
[RequirePermission(PortalPermissions.Edit)]
[RequestSizeLimit(NoticeFeedFetcher.MaxBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = NoticeFeedFetcher.MaxBytes)]
public sealed class ManageModel(AppDbContext db, NoticeCommands commands) : PageModel
{
    [BindProperty(SupportsGet = true)] public NoticeStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public NoticeSource? Source { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    [BindProperty] public IFormFile? Upload { get; set; }
    public Paged<Notice> Notices { get; private set; } = null!;
    public Dictionary<NoticeStatus, int> Counts { get; private set; } = [];
    public ImportReport? Report { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        if (Upload is not { Length: > 0 }) Error = Text.Get("请选择要导入的文件");
        else
        {
            using var buffer = new MemoryStream();
            await Upload.CopyToAsync(buffer, ct);
            Report = await commands.ImportAsync(User, buffer.ToArray(), ct);
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostMoveAsync(Guid id, NoticeStatus to, CancellationToken ct)
    {
        var result = await commands.MoveAsync(User, id, to, ct);
        if (!result.Succeeded) Error = result.Error;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var query = db.Notices.AsNoTracking();
        if (Status is { } status) query = query.Where(n => n.Status == status);
        if (Source is { } source) query = query.Where(n => n.Source == source);
        Notices = await Paged<Notice>.CreateAsync(query.OrderByDescending(n => n.UpdatedAt), PageNumber, 50, ct);
        Counts = await db.Notices.AsNoTracking().GroupBy(n => n.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }

    public string Link(int page) => $"/portal/manage?status={Status}&source={Source}&page={page}";
}
