using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Features.Admission;
using QualityZone.Features.ExportArchives;
using QualityZone.Features.Inspections;
using QualityZone.Features.Meetings;
using QualityZone.Features.Portal;
using QualityZone.Features.Testing;
using QualityZone.Features.Traceability;
using QualityZone.Features.ZoneTasks;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Home;

public enum DeskTone { Danger, Warning, Primary }

/// <summary>One line of a desk's to-do list: what waits, how many, and the page where it is done.</summary>
public sealed record DeskItem(string Id, int Count, string Text, string Href, string Action, string Icon, DeskTone Tone);

/// <summary>
/// Each role's desk (issue 21): the to-dos of the signed-in user, most pressing first, each counted and linked to the page
/// where it is done. An enterprise sees its open items; a department the measures it leads that fall due, the corrective
/// actions it owns, its meetings and inspections and the admissions awaiting its opinion; the association its opinions,
/// the portal's drafts and failing feeds; the testing center its queue; the zone office what waits for its decision.
/// Only items the user's permissions let it act on are counted, so no desk links to a page that answers 403.
/// </summary>
public sealed class DeskQueries(AppDbContext db, ZoneClock clock, TimeProvider time, TaskProgress progress)
{
    /// <summary>How far ahead a measure of a task counts as due: the last month of the task's window.</summary>
    public const int MeasureDueDays = 31;

    /// <param name="openFiling">Last month's return when it is still to be filed, finished or corrected.</param>
    public async Task<IReadOnlyList<DeskItem>> EnterpriseAsync(ClaimsPrincipal user, Guid enterprise, FilingRow? openFiling, string lastMonth, DateOnly lastMonthDue,
        bool letterUnsigned, int certificatesDue, CancellationToken ct)
    {
        var items = new List<DeskItem>();
        var today = clock.Today;
        if (PermissionCatalog.IsGranted(user, ActionsPermissions.View))
        {
            var due = await db.CorrectiveActions.AsNoTracking().Where(a => a.EnterpriseId == enterprise && (a.State == ActionState.Open || a.State == ActionState.InProgress))
                .Select(a => a.DueOn).ToListAsync(ct);
            var overdue = due.Count(d => d < today);
            Add(items, "open-actions", due.Count, overdue > 0 ? Text.Format("有 {0} 项整改事项待填写或提交（逾期 {1} 项）。", due.Count, overdue) : Text.Format("有 {0} 项整改事项待填写或提交。", due.Count), "/actions", "去整改", "bi-clipboard-check",
                overdue > 0 ? DeskTone.Danger : DeskTone.Warning);
        }
        if (openFiling is { } filing)
            Add(items, "own-filing", 1, Text.Format("{0} 出口质量月报：{1}（截止 {2}）", lastMonth, Text.Get(ArchiveLabels.Filing(filing.Status)), lastMonthDue.ToString("yyyy-MM-dd")),
                $"/archives/returns/edit?enterprise={enterprise}&period={lastMonth}", "填报月报", "bi-archive", filing.Status == FilingStatus.Overdue ? DeskTone.Danger : DeskTone.Warning);
        if (PermissionCatalog.IsGranted(user, TraceabilityPermissions.View))
        {
            var flagged = await LedgerCheck.FlaggedOnly(LedgerCheck.Rows(db).Where(r => r.Lot.EnterpriseId == enterprise)).CountAsync(r => r.Lot.Disposition == null, ct);
            Add(items, "flagged-lots", flagged, Text.Format("进货台帐有 {0} 个物料批未通过一致性核查，待处理。", flagged), "/trace/ledger?flagged=true", "查看并处置", "bi-journal-x", DeskTone.Danger);
            var requests = await db.TraceRequests.CountAsync(r => r.EnterpriseId == enterprise && r.State == TraceRequestState.Open, ct);
            Add(items, "trace-requests", requests, Text.Format("{0} 项追溯请求待查明范围并给出结论。", requests), "/trace/requests", "去处理", "bi-diagram-3", DeskTone.Danger);
        }
        if (PermissionCatalog.IsGranted(user, PortalPermissions.Alerts))
        {
            // Invited to state the impact of a foreign measure, still collecting, not yet answered.
            var invitations = await db.TbtCases.CountAsync(c => c.State == TbtCaseState.Collecting && c.Invitations.Any(i => i.EnterpriseId == enterprise)
                && !db.ImpactStatements.Any(s => s.CaseId == c.Id && s.EnterpriseId == enterprise), ct);
            Add(items, "tbt-invitations", invitations, Text.Format("{0} 项国外技术性贸易措施邀请反馈影响。", invitations), "/portal/tbt", "去反馈", "bi-globe2", DeskTone.Warning);
            var alerts = await db.NoticeAlerts.CountAsync(a => a.EnterpriseId == enterprise && a.AcknowledgedAt == null, ct);
            Add(items, "unread-alerts", alerts, Text.Format("{0} 条与本企业产品和市场相关的国外通报、召回预警未确认。", alerts), "/portal/alerts", "查看预警", "bi-bell", DeskTone.Warning);
        }
        if (PermissionCatalog.IsGranted(user, Surveys.SurveysPermissions.Answer))
        {
            var surveys = await db.SurveyResponses.CountAsync(r => r.EnterpriseId == enterprise && r.State != Surveys.ResponseState.Submitted
                && db.SurveyCampaigns.Any(s => s.Id == r.SurveyId && s.State == Surveys.SurveyState.Open), ct);
            Add(items, "surveys-pending", surveys, Text.Format("{0} 份调查问卷待填写。", surveys), "/surveys/mine", "去填写", "bi-ui-checks", DeskTone.Primary);
        }
        if (letterUnsigned)
            Add(items, "letter-unsigned", 1, Text.Get("本企业尚未签署当前版本的质量诚信承诺书。"), $"/enterprises/{enterprise}#commitment", "下载并登记签署", "bi-pen", DeskTone.Warning);
        Add(items, "certificates-due", certificatesDue, Text.Format("{0} 张证书即将到期或已过期。", certificatesDue), $"/enterprises/{enterprise}#certificates", "查看证书", "bi-patch-exclamation", DeskTone.Warning);
        return items;
    }

    /// <summary>The desk of the zone office, a department, the association or the testing center.</summary>
    public async Task<IReadOnlyList<DeskItem>> StaffAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var items = new List<DeskItem>();
        var today = clock.Today;
        var office = user.IsInRole(Roles.ZoneAdmin);
        var departmentId = user.DepartmentId();
        var department = departmentId is { } d ? await db.Departments.AsNoTracking().Where(x => x.Id == d).Select(x => x.Code).SingleOrDefaultAsync(ct) : null;

        if (PermissionCatalog.IsGranted(user, ZoneTasksPermissions.View) && departmentId is { } led && !office)
        {
            // The measures of the tasks it leads that are not done while the task's window closes within a month or has closed (任务书的完成时限).
            var measures = (await progress.ListAsync(ct)).Where(t => t.IsLedBy(led) && t.WindowEnd <= today.AddDays(MeasureDueDays))
                .SelectMany(t => t.Measures.Where(m => m.Status != MeasureStatus.Done).Select(m => t.IsOverdue)).ToList();
            var late = measures.Count(overdue => overdue);
            Add(items, "measures-due", measures.Count, late > 0 ? Text.Format("本部门牵头任务中 {0} 项措施临近或已过完成时限（已逾期 {1} 项）。", measures.Count, late) : Text.Format("本部门牵头任务中 {0} 项措施临近完成时限。", measures.Count),
                $"/tasks?dept={department}", "推进措施", "bi-flag", late > 0 ? DeskTone.Danger : DeskTone.Warning);
        }
        if (PermissionCatalog.IsGranted(user, ActionsPermissions.View) && departmentId is { } owner && !office)
        {
            var open = await db.CorrectiveActions.AsNoTracking().Where(a => a.OwnerDepartmentId == owner && (a.State == ActionState.Open || a.State == ActionState.InProgress))
                .Select(a => a.DueOn).ToListAsync(ct);
            var overdue = open.Count(due => due < today);
            Add(items, "owned-actions", open.Count, overdue > 0 ? Text.Format("本部门负责跟踪的 {0} 项整改事项未完成（逾期 {1} 项）。", open.Count, overdue) : Text.Format("本部门负责跟踪的 {0} 项整改事项未完成。", open.Count), "/actions?mine=true", "跟进整改",
                "bi-clipboard-check", overdue > 0 ? DeskTone.Danger : DeskTone.Warning);
        }
        if (PermissionCatalog.IsGranted(user, ActionsPermissions.Verify))
        {
            // 责任部门或建设办 verify (ActionCommands.CanVerify): the office sees every submitted action, a department its own.
            var toVerify = await db.CorrectiveActions.CountAsync(a => a.State == ActionState.PendingVerification && (office || a.OwnerDepartmentId == departmentId), ct);
            Add(items, "actions-to-verify", toVerify, Text.Format("{0} 项整改已提交，待验证效果。", toVerify), office ? "/actions?state=PendingVerification" : "/actions?mine=true&state=PendingVerification",
                "去验证", "bi-patch-check", DeskTone.Warning);
        }
        if (PermissionCatalog.IsGranted(user, MeetingsPermissions.View) && departmentId is { } attendee)
        {
            var now = time.GetUtcNow();
            var meetings = await db.JointMeetings.AsNoTracking().Where(m => m.State == MeetingState.Scheduled && m.ScheduledAt >= now && (office || m.Attendees.Any(a => a.DepartmentId == attendee)))
                .OrderBy(m => m.ScheduledAt).Select(m => new { m.Id, m.ScheduledAt }).ToListAsync(ct);
            if (meetings.Count > 0)
                Add(items, "meetings", meetings.Count, Text.Format("{0} 次联席会议待参加，最近一次 {1}。", meetings.Count, clock.Format(meetings[0].ScheduledAt)),
                    meetings.Count == 1 ? $"/meetings/{meetings[0].Id}" : "/meetings", "查看会议", "bi-people", DeskTone.Primary);
        }
        if (PermissionCatalog.IsGranted(user, InspectionsPermissions.Inspect) && user.UserId() is { } me)
        {
            // Records of the rounds it inspects in that are still to fill in, or submitted and waiting for its signature (会签).
            var records = await db.InspectionRecords.AsNoTracking()
                .Where(r => db.InspectionRounds.Any(round => round.Id == r.RoundId && round.Team.Any(t => t.UserId == me))
                    && (r.State == RecordState.Planned || r.State == RecordState.InProgress || (r.State == RecordState.Submitted && !r.Signatures.Any(s => s.UserId == me))))
                .Select(r => r.RoundId).ToListAsync(ct);
            var rounds = records.Distinct().ToList();
            Add(items, "inspections", records.Count, Text.Format("联合检查中 {0} 份检查记录待填写或会签。", records.Count),
                rounds.Count == 1 ? $"/inspections/rounds/{rounds[0]}" : "/inspections", "去检查", "bi-clipboard2-pulse", DeskTone.Warning);
        }
        if (PermissionCatalog.IsGranted(user, AdmissionPermissions.Review) && department is not null && AdmissionApplication.Reviewers.Contains(department))
        {
            var opinions = await db.AdmissionApplications.CountAsync(a => a.State == ApplicationState.Submitted && !a.Reviews.Any(r => r.Reviewer == department), ct);
            Add(items, "admission-opinions", opinions, Text.Format("{0} 份入区申请待本单位提出审核意见。", opinions), "/admission", "提出意见", "bi-door-open", DeskTone.Warning);
        }
        if (PermissionCatalog.IsGranted(user, AdmissionPermissions.Decide))
        {
            var reviewers = AdmissionApplication.Reviewers;
            var decisions = await db.AdmissionApplications.CountAsync(a => a.State == ApplicationState.Submitted && a.Reviews.Select(r => r.Reviewer).Distinct().Count(r => reviewers.Contains(r)) == reviewers.Length, ct);
            Add(items, "admission-decisions", decisions, Text.Format("{0} 份入区申请已有审核意见，待建设办决定。", decisions), "/admission", "去决定", "bi-door-open", DeskTone.Warning);
        }
        if (PermissionCatalog.IsGranted(user, ExportArchivesPermissions.Review) && office)
        {
            var lastMonth = ExportReturn.PeriodOf(today.AddMonths(-1));
            var returns = await db.ExportReturns.CountAsync(r => r.Period == lastMonth && r.State == ReturnState.Submitted, ct);
            Add(items, "returns-to-review", returns, Text.Format("{0} 份 {1} 出口质量月报已报送，待审核。", returns, lastMonth), $"/archives?period={lastMonth}&status=Submitted", "去审核", "bi-archive", DeskTone.Primary);
        }
        if (PermissionCatalog.IsGranted(user, PortalPermissions.Edit) && (office || user.IsInRole(Roles.AssociationStaff)))
        {
            var drafts = await db.Notices.CountAsync(n => n.Status == NoticeStatus.InReview, ct);
            Add(items, "notices-in-review", drafts, Text.Format("{0} 条信息稿件待审核发布。", drafts), "/portal/manage?status=InReview", "去审核", "bi-journal-text", DeskTone.Primary);
            var failing = await db.NoticeFeedSources.CountAsync(f => f.Enabled && f.LastSucceeded == false, ct);
            Add(items, "feed-failures", failing, Text.Format("{0} 个境外数据源最近一次导入失败。", failing), "/portal/feeds", "查看数据源", "bi-cloud-slash", DeskTone.Danger);
        }
        if (PermissionCatalog.IsGranted(user, PortalPermissions.Respond))
        {
            var collecting = await db.TbtCases.CountAsync(c => c.State == TbtCaseState.Collecting && c.ImpactDeadline >= today, ct);
            Add(items, "tbt-collecting", collecting, Text.Format("{0} 项 TBT 通报正在征集企业影响反馈。", collecting), "/portal/tbt", "查看应对", "bi-globe2", DeskTone.Primary);
        }
        if (PermissionCatalog.IsGranted(user, TestingPermissions.Operate))
        {
            // The testing center's queue, in the order a request moves through it (GB/T 27025 / ISO/IEC 17025 7.4 sample handling, 7.8 reports).
            var queue = await db.TestRequests.AsNoTracking().Where(r => r.State == RequestState.Submitted || r.State == RequestState.SampleReceived || r.State == RequestState.InTest || r.State == RequestState.InReview)
                .Select(r => new { r.State, r.DueOn }).ToListAsync(ct);
            var late = queue.Count(r => r.DueOn < today);
            Add(items, "testing-late", late, Text.Format("{0} 项检测委托已超过承诺完成日期。", late), "/testing", "查看检测", "bi-hourglass-bottom", DeskTone.Danger);
            foreach (var (state, id, text, action, icon) in new[]
            {
                (RequestState.Submitted, "samples-to-receive", "{0} 项委托待收样。", "去收样", "bi-box-seam"),
                (RequestState.SampleReceived, "samples-to-test", "{0} 项已收样，待安排检测。", "安排检测", "bi-box-seam"),
                (RequestState.InTest, "results-to-enter", "{0} 项检测中，待录入结果。", "去录入结果", "bi-speedometer"),
                (RequestState.InReview, "reports-to-review", "{0} 份检测报告待审核签发。", "去审核", "bi-file-earmark-check"),
            })
            {
                var count = queue.Count(r => r.State == state);
                Add(items, id, count, Text.Format(text, count), $"/testing?state={state}", action, icon, DeskTone.Warning);
            }
        }
        return items;
    }

    private static void Add(List<DeskItem> items, string id, int count, string text, string href, string action, string icon, DeskTone tone)
    {
        if (count > 0) items.Add(new DeskItem(id, count, text, href, Text.Get(action), icon, tone));
    }
}
