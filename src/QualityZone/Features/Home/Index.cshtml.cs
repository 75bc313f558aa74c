using Microsoft.EntityFrameworkCore;
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
    ExportArchives.ArchiveQueries archives, ExportArchives.ArchiveSettings archiveSettings, QualityZone.Infrastructure.Data.AppDbContext db) : PageModel
{
    /// <summary>The enterprise's purchase-ledger lots flagged by the consistency check and not yet disposed of.</summary>
    public int FlaggedLots { get; private set; }
    /// <summary>An enterprise's corrective actions still to answer, and how many of them are overdue.</summary>
    public int OpenActions { get; private set; }
    public int OverdueActions { get; private set; }

    /// <summary>Last month's return: the enterprise's own row, or the zone's counts for staff.</summary>
    public string LastMonth { get; private set; } = "";
    public DateOnly LastMonthDue { get; private set; }
    public ExportArchives.FilingRow? OwnFiling { get; private set; }
    public (int Obliged, int Filed, int Overdue)? ZoneFiling { get; private set; }

    /// <summary>An enterprise's other open items (issue 21: its desk counts and links every one).</summary>
    public int UnacknowledgedAlerts { get; private set; }
    public int OpenTraceRequests { get; private set; }
    public int TbtInvitationsPending { get; private set; }
    public int SurveysPending { get; private set; }

    /// <summary>Everything an enterprise has to do, as its dashboard's 待办 figure.</summary>
    public int EnterpriseToDo => OpenActions + FlaggedLots + (OwnFilingOpen ? 1 : 0) + (LetterUnsigned ? 1 : 0) + Expiring.Count
        + UnacknowledgedAlerts + OpenTraceRequests + TbtInvitationsPending + SurveysPending;

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
        if (PermissionCatalog.IsGranted(User, ExportArchives.ExportArchivesPermissions.View))
        {
            LastMonth = ExportArchives.ExportReturn.PeriodOf(Today.AddMonths(-1));
            LastMonthDue = ExportArchives.ExportReturn.DueDate(LastMonth, await archiveSettings.DueDayAsync(ct));
            var scope = EnterpriseScope.For(User);
            if (scope.All && PermissionCatalog.IsGranted(User, ExportArchives.ExportArchivesPermissions.Analyse))
            {
                var rows = await archives.FilingAsync(LastMonth, null, null, ct);
                ZoneFiling = (rows.Count, rows.Count(r => r.Status is ExportArchives.FilingStatus.Submitted or ExportArchives.FilingStatus.Accepted or ExportArchives.FilingStatus.Returned),
                    rows.Count(r => r.Status == ExportArchives.FilingStatus.Overdue));
            }
            else if (scope.EnterpriseId is { } mine)
                OwnFiling = (await archives.FilingAsync(LastMonth, null, null, ct, mine)).FirstOrDefault();
        }
        if (PermissionCatalog.IsGranted(User, Traceability.TraceabilityPermissions.View) && EnterpriseScope.For(User) is { All: false, EnterpriseId: { } ownLots })
        {
            FlaggedLots = await Traceability.LedgerCheck.FlaggedOnly(Traceability.LedgerCheck.Rows(db).Where(r => r.Lot.EnterpriseId == ownLots))
                .CountAsync(r => r.Lot.Disposition == null, ct);
        }
        if (PermissionCatalog.IsGranted(User, Actions.ActionsPermissions.View) && EnterpriseScope.For(User) is { All: false, EnterpriseId: { } ownActions })
        {
            var today = clock.Today;
            var due = await db.CorrectiveActions.AsNoTracking().Where(a => a.EnterpriseId == ownActions && (a.State == Actions.ActionState.Open || a.State == Actions.ActionState.InProgress))
                .Select(a => a.DueOn).ToListAsync(ct);
            (OpenActions, OverdueActions) = (due.Count, due.Count(d => d < today));
        }
        if (EnterpriseScope.For(User) is { All: false, EnterpriseId: { } ownItems })
        {
            if (PermissionCatalog.IsGranted(User, Portal.PortalPermissions.Alerts))
            {
                UnacknowledgedAlerts = await db.NoticeAlerts.CountAsync(a => a.EnterpriseId == ownItems && a.AcknowledgedAt == null, ct);
                // Invited to state the impact of a foreign measure, still collecting, not yet answered.
                TbtInvitationsPending = await db.TbtCases.CountAsync(c => c.State == Portal.TbtCaseState.Collecting && c.Invitations.Any(i => i.EnterpriseId == ownItems)
                    && !db.ImpactStatements.Any(s => s.CaseId == c.Id && s.EnterpriseId == ownItems), ct);
            }
            if (PermissionCatalog.IsGranted(User, Traceability.TraceabilityPermissions.View))
                OpenTraceRequests = await db.TraceRequests.CountAsync(r => r.EnterpriseId == ownItems && r.State == Traceability.TraceRequestState.Open, ct);
            if (PermissionCatalog.IsGranted(User, Surveys.SurveysPermissions.Answer))
                SurveysPending = await db.SurveyResponses.CountAsync(r => r.EnterpriseId == ownItems && r.State != Surveys.ResponseState.Submitted
                    && db.SurveyCampaigns.Any(s => s.Id == r.SurveyId && s.State == Surveys.SurveyState.Open), ct);
        }
        if (PermissionCatalog.IsGranted(User, EnterprisesPermissions.Read))
        {
            var scope = EnterpriseScope.For(User);
            Expiring = await enterprises.ExpiringCertificatesAsync(scope, Today, 8, ct);
            if (!scope.All && scope.EnterpriseId is { } own)
            {
                Own = await enterprises.DetailAsync(scope, own, ct);
                var version = (await letters.CurrentAsync(ct)).Version;
                LetterUnsigned = Own is not null && Commitments.CommitmentService.InZone.Contains(Own.State)
                    && !(await letters.LettersAsync(own, ct)).Any(l => l.TemplateVersion == version);
            }
        }
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
            EnterpriseCounts = await enterprises.CountsAsync(EnterpriseScope.For(User), ct);
        }
        Year = await settings.GetConstructionYearAsync(ct);
        Today = clock.Today;
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
