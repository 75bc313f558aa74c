using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Portal;

/// <summary><c>/portal/notices/{id}</c>: one notice, public once published; staff also see drafts, and the association opens a TBT response from here.</summary>
[RequirePermission(PortalPermissions.Read)]
public sealed class NoticeModel(AppDbContext db, TbtCommands tbt, ZoneClock clock) : PageModel
{
    public Notice Notice { get; private set; } = null!;
    public Notice? Parent { get; private set; }
    public List<Notice> Children { get; private set; } = [];
    public Guid? CaseId { get; private set; }
    public List<NoticeAttachment> Attachments { get; private set; } = [];
    public string? Error { get; private set; }
    public bool CanEdit => PermissionCatalog.IsGranted(User, PortalPermissions.Edit);
    public bool CanRespond => PermissionCatalog.IsGranted(User, PortalPermissions.Respond);
    [BindProperty] public DateOnly? ImpactDeadline { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostOpenCaseAsync(Guid id, CancellationToken ct)
    {
        if (!CanRespond) return StatusCode(403);
        var (result, caseId) = await tbt.OpenAsync(User, id, ImpactDeadline, ct);
        if (result.Succeeded) return Redirect($"/portal/tbt/{caseId}");
        if (!await LoadAsync(id, ct)) return NotFound();
        Error = result.Error;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var notice = await db.Notices.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id, ct);
        if (notice is null || (notice.Status != NoticeStatus.Published && !CanEdit)) return false;
        Notice = notice;
        Parent = notice.ParentId is { } p ? await db.Notices.AsNoTracking().SingleOrDefaultAsync(n => n.Id == p, ct) : null;
        Attachments = await db.NoticeAttachments.AsNoTracking().Where(a => a.NoticeId == id).OrderBy(a => a.UploadedAt).ToListAsync(ct);
        Children = await db.Notices.AsNoTracking().Where(n => n.ParentId == id).OrderBy(n => n.PublishedOn).ToListAsync(ct);
        CaseId = User.Identity?.IsAuthenticated == true ? await db.TbtCases.Where(c => c.NoticeId == id).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct) : null;
        ImpactDeadline ??= notice.CommentDeadline is { } d && d.AddDays(-15) > clock.Today ? d.AddDays(-15) : null;
        return true;
    }
}
