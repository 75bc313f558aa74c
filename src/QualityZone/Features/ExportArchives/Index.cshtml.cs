using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MiniExcelLibs;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Localization;

using QualityZone.Infrastructure.Documents;

namespace QualityZone.Features.ExportArchives;

/// <summary>
/// The office's view of one month's filing: who has filed, who is late, who is missing; review and
/// remind from here. An enterprise user is sent to its own archive.
/// </summary>
[RequirePermission(ExportArchivesPermissions.View)]
public sealed class IndexModel(ArchiveQueries queries, ReturnReminders reminders, ArchiveSettings settings, ZoneClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public string? Grade { get; set; }
    [BindProperty(SupportsGet = true)] public FilingStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public List<FilingRow> Rows { get; private set; } = [];
    public Dictionary<FilingStatus, int> Counts { get; private set; } = [];
    public int LateCount { get; private set; }
    public DateOnly DueOn { get; private set; }
    public bool CanRemind => PermissionCatalog.IsGranted(User, ExportArchivesPermissions.Configure);
    public bool CanAnalyse => PermissionCatalog.IsGranted(User, ExportArchivesPermissions.Analyse);
    public bool CanImportCustoms => PermissionCatalog.IsGranted(User, ExportArchivesPermissions.ImportCustoms);
    public string Format(DateTimeOffset? instant) => clock.Format(instant);

    public async Task<IActionResult> OnGetAsync(bool export, CancellationToken ct)
    {
        var scope = EnterpriseScope.For(User);
        if (!scope.All) return scope.EnterpriseId is { } own ? Redirect($"/archives/enterprises/{own}") : NotFound();
        await LoadAsync(ct);
        if (!export) return Page();
        var stream = new MemoryStream();
        await stream.SaveAsAsync(Rows.Select(r => new Dictionary<string, object?>
        {
            [Text.Get("企业名称")] = r.Name, [Text.Get("等级")] = r.Grade, [Text.Get("月份")] = Period, [Text.Get("状态")] = Text.Get(ArchiveLabels.Filing(r.Status)),
            [Text.Get("逾期报送")] = r.Late ? Text.Get("是") : "", [Text.Get("首次提交")] = clock.Format(r.FirstSubmittedAt), [Text.Get("货值（美元）")] = r.ValueUsd,
            [Text.Get("明细行数")] = r.Lines, [Text.Get("本月无出口")] = r.NoExports ? Text.Get("是") : "",
        }), cancellationToken: ct);
        stream.Position = 0;
        return File(stream, ExcelFiles.ContentType, $"{Text.Get("月报报送情况")}-{Period}.xlsx");
    }

    public async Task<IActionResult> OnPostRemindAsync(CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(User, ExportArchivesPermissions.Configure)) return StatusCode(403);
        var period = ExportReturn.TryParsePeriod(Period, out _) ? Period! : ExportReturn.PeriodOf(clock.Today.AddMonths(-1));
        var result = await reminders.RemindAsync(period, force: true, ct);
        TempData["Success"] = Text.Format("已提醒 {0} 家未报送企业（{1} 个用户）。", result.Enterprises, result.Users);
        return Redirect($"/archives?period={period}");
    }

    private static int ActionOrder(FilingStatus status) => status switch
    {
        FilingStatus.Overdue => 0,
        FilingStatus.Submitted => 1,
        FilingStatus.Returned => 2,
        FilingStatus.Draft => 3,
        FilingStatus.NotDue => 4,
        _ => 5,
    };

    private async Task LoadAsync(CancellationToken ct)
    {
        if (!ExportReturn.TryParsePeriod(Period, out _)) Period = ExportReturn.PeriodOf(clock.Today.AddMonths(-1));
        DueOn = ExportReturn.DueDate(Period!, await settings.DueDayAsync(ct));
        var all = await queries.FilingAsync(Period!, Grade, Q, ct);
        Counts = all.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
        LateCount = all.Count(r => r.Late);
        // Unfiltered, the list leads with what needs action (issue 21): missing and overdue first, then submitted and
        // waiting for review, returned, drafts, not yet due; accepted last; late filers before punctual ones.
        Rows = Status is { } status ? all.Where(r => r.Status == status).ToList()
            : all.OrderBy(r => ActionOrder(r.Status)).ThenByDescending(r => r.Late).ToList();
    }
}
