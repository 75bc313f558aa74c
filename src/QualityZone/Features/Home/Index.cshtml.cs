using QualityZone.Infrastructure;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Features.Accounts;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Settings;
using QualityZone.Features.ZoneTasks;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Home;

/// <summary>The landing page for the public; the dashboard for staff.</summary>
[RequirePermission(AccountsPermissions.Public)]
public sealed class IndexModel(TaskProgress progress, ZoneSettings settings, ZoneClock clock, EnterpriseQueries enterprises, Commitments.CommitmentService letters,
    ExportArchives.ArchiveQueries archives, ExportArchives.ArchiveSettings archiveSettings, DeskQueries desk) : PageModel
{
    /// <summary>The user's to-do list (issue 21: each role its desk), most pressing first; its sum is the desk's 待办 figure.</summary>
    public IReadOnlyList<DeskItem> ToDo { get; private set; } = [];
    public int ToDoCount => ToDo.Sum(i => i.Count);

    /// <summary>Last month's return: the enterprise's own row, or the zone's counts for staff.</summary>
    public string LastMonth { get; private set; } = "";
    public DateOnly LastMonthDue { get; private set; }
    public ExportArchives.FilingRow? OwnFiling { get; private set; }
    public (int Obliged, int Filed, int Overdue)? ZoneFiling { get; private set; }

    /// <summary>Last month's return is still to be filed, finished or corrected.</summary>
    public bool OwnFilingOpen => OwnFiling is { } f && f.Status is not (ExportArchives.FilingStatus.Submitted or ExportArchives.FilingStatus.Accepted);

    /// <summary>For an enterprise in the zone: it has not signed the current commitment letter.</summary>
    public bool LetterUnsigned { get; private set; }

    /// <summary>For an enterprise user: its own enterprise.</summary>
    public Enterprise? Own { get; private set; }
    /// <summary>Certificates expired or expiring within 60 days (the zone's for staff, its own for an enterprise).</summary>
    public IReadOnlyList<(Certificate Certificate, string EnterpriseName)> Expiring { get; private set; } = [];

    public ZoneProgress? Progress { get; private set; }
    public IReadOnlyList<TaskView> Overdue { get; private set; } = [];
    public IReadOnlyList<TaskView> Mine { get; private set; } = [];
    /// <summary>Tasks the user's department takes part in without leading them.</summary>
    public IReadOnlyList<TaskView> Cooperating { get; private set; } = [];
    public string? MyDepartmentCode { get; private set; }
    public Commitments.Coverage? LetterCoverage { get; private set; }
    public Dictionary<EnterpriseState, int> EnterpriseCounts { get; private set; } = [];
    public int Year { get; private set; }
    public DateOnly Today { get; private set; }
    public string CompletenessChart { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = clock.Today;
        var scope = EnterpriseScope.For(User);
        if (PermissionCatalog.IsGranted(User, ExportArchives.ExportArchivesPermissions.View))
        {
            LastMonth = ExportArchives.ExportReturn.PeriodOf(Today.AddMonths(-1));
            LastMonthDue = ExportArchives.ExportReturn.DueDate(LastMonth, await archiveSettings.DueDayAsync(ct));
            if (scope.All && PermissionCatalog.IsGranted(User, ExportArchives.ExportArchivesPermissions.Analyse))
            {
                ZoneFiling = await archives.FilingCountsAsync(LastMonth, ct);
            }
            else if (scope.EnterpriseId is { } mine)
                OwnFiling = (await archives.FilingAsync(LastMonth, null, null, ct, mine)).FirstOrDefault();
        }
        if (PermissionCatalog.IsGranted(User, EnterprisesPermissions.Read))
        {
            Expiring = await enterprises.ExpiringCertificatesAsync(scope, Today, 8, ct);
            if (!scope.All && scope.EnterpriseId is { } own)
            {
                Own = await enterprises.DetailAsync(scope, own, ct);
                var version = (await letters.CurrentAsync(ct)).Version;
                LetterUnsigned = Own is not null && Commitments.CommitmentService.InZone.Contains(Own.State)
                    && !(await letters.LettersAsync(own, ct)).Any(l => l.TemplateVersion == version);
            }
        }
        if (Own is not null)
            ToDo = await desk.EnterpriseAsync(User, Own.Id, OwnFilingOpen ? OwnFiling : null, LastMonth, LastMonthDue, LetterUnsigned, Expiring.Count, ct);
        else if (Roles.Staff.Any(User.IsInRole))
            ToDo = await desk.StaffAsync(User, ct);
        if (!PermissionCatalog.IsGranted(User, ZoneTasksPermissions.View)) return;
        var tasks = await progress.ListAsync(ct);
        Progress = ZoneProgress.Of(tasks);
        Overdue = tasks.Where(t => t.IsOverdue).ToList();
        Mine = tasks.Where(t => t.IsLedBy(User.DepartmentId())).ToList();
        Cooperating = tasks.Where(t => !t.IsLedBy(User.DepartmentId()) && t.Involves(User.DepartmentId())).ToList();
        MyDepartmentCode = Mine.Concat(Cooperating).SelectMany(t => t.Departments).FirstOrDefault(d => d.Id == User.DepartmentId())?.Code;
        if (PermissionCatalog.IsGranted(User, Commitments.CommitmentsPermissions.View))
        {
            LetterCoverage = await letters.CoverageFiguresAsync(ct);
            EnterpriseCounts = await enterprises.CountsAsync(scope, ct);
        }
        Year = await settings.GetConstructionYearAsync(ct);
        CompletenessChart = JsonSerializer.Serialize(new
        {
            grid = new { left = 44, right = 10, top = 36, bottom = 24 },
            tooltip = new { trigger = "axis" },
            legend = new { top = 0, data = new[] { Text.Get("档案完整度"), Text.Get("措施完成率") } },
            xAxis = new { type = "category", data = tasks.Select(t => t.Number.ToString()).ToArray() },
            yAxis = new { type = "value", max = 100, axisLabel = new { formatter = "{value}%" } },
            series = new object[]
            {
                new { name = Text.Get("档案完整度"), type = "bar", data = tasks.Select(t => Math.Round(t.Completeness * 100)).ToArray(), itemStyle = new { color = "#1456c4" } },
                new { name = Text.Get("措施完成率"), type = "bar", data = tasks.Select(t => Math.Round(100.0 * t.MeasuresDone / Math.Max(1, t.Measures.Count))).ToArray(), itemStyle = new { color = "#2e9d5b" } },
            },
        });
    }
}
