using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Acceptance;

/// <summary><c>/acceptance</c>: readiness overall and per block, every item with its evidence and scores, the gaps as a to-do list (mine only with ?gaps=mine).</summary>
[RequirePermission(AcceptancePermissions.View)]
public sealed class IndexModel(AcceptanceCommands commands, AppDbContext db) : PageModel
{
    public SheetStatus Sheet { get; private set; } = null!;
    public Dictionary<Guid, string> Departments { get; private set; } = [];
    public List<ItemStatus> Gaps { get; private set; } = [];
    public bool CanManage => PermissionCatalog.IsGranted(User, AcceptancePermissions.Manage);
    public string? Done { get; private set; }
    [BindProperty(SupportsGet = true, Name = "gaps")] public string? GapFilter { get; set; }

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done == "notified" ? Text.Get("已通知各责任部门补充佐证") : null;
        Sheet = await commands.SheetAsync(ct);
        Departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var mine = User.DepartmentId();
        Gaps = Sheet.Gaps.Where(g => GapFilter != "mine" || g.Item.DepartmentId == mine).ToList();
    }

    public async Task<IActionResult> OnPostNotifyAsync(CancellationToken ct)
    {
        if (!CanManage) return StatusCode(403);
        await commands.NotifyGapsAsync(ct);
        return Redirect("/acceptance?done=notified");
    }
}
