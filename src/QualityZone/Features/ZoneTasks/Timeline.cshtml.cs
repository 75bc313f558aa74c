using QualityZone.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Features.Settings;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.ZoneTasks;

/// <summary>The 23 tasks over the months of the construction year, which the zone office sets here.</summary>
[RequirePermission(ZoneTasksPermissions.View)]
public sealed class TimelineModel(TaskProgress progress, ZoneSettings settings, ZoneClock clock) : PageModel
{
    public IReadOnlyList<TaskView> Tasks { get; private set; } = [];
    public int Year { get; private set; }
    public DateOnly Today { get; private set; }
    public bool CanConfigure => PermissionCatalog.IsGranted(User, ZoneTasksPermissions.Configure);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Tasks = await progress.ListAsync(ct);
        Year = await settings.GetConstructionYearAsync(ct);
        Today = clock.Today;
    }

    public async Task<IActionResult> OnPostAsync(int year, CancellationToken ct)
    {
        if (!CanConfigure) return Forbid();
        if (year is < 2000 or > 2100)
        {
            TempData["Error"] = Text.Get("建设年度须在 2000 到 2100 之间");
            return RedirectToPage();
        }
        await settings.SetConstructionYearAsync(year, ct);
        TempData["Success"] = Text.Format("建设年度已设为 {0}", year);
        return RedirectToPage();
    }
}
