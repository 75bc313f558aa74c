using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Features.Association;
using QualityZone.Features.Meetings;
using QualityZone.Features.Testing;
using QualityZone.Features.ZoneTasks;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Policies;

/// <summary>One figure of a party: what was counted, how many, where the records are, and who may open them.</summary>
public sealed record MechanismFigure(string Label, int Count, string Link, string Permission);

/// <summary>A party of task 20's mechanism and what the platform shows it did.</summary>
public sealed record MechanismParty(string Name, string Role, IReadOnlyList<MechanismFigure> Figures);

/// <summary>
/// Task 20's mechanism — 政府统一领导、企业主体负责、检验检疫监管、部门齐抓共管、协会协调服务、社会共同参与 — shown as
/// what each party did in a year according to the platform's own records, each count linked to its records.
/// </summary>
public sealed class MechanismView(AppDbContext db, ZoneClock clock)
{
    public async Task<IReadOnlyList<MechanismParty>> ForYearAsync(int year, CancellationToken ct)
    {
        var (from, to) = (clock.StartOf(new DateOnly(year, 1, 1)), clock.StartOf(new DateOnly(year + 1, 1, 1)));
        var (first, last) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Id, ct);
        Guid Unit(string code) => departments.GetValueOrDefault(code);
        var inspection = new[] { Unit("ciq"), Unit("customs"), Unit("market-supervision") };
        var association = Unit("association");
        var (yearFrom, yearTo) = ($"{year:D4}-01", $"{year:D4}-12");

        return
        [
            new("政府统一领导", "区政府及建设办统筹推进、出台政策、召开联席会议",
            [
                new("召开联席会议", await db.JointMeetings.CountAsync(m => m.State == MeetingState.Held && m.ScheduledAt >= from && m.ScheduledAt < to, ct), "/meetings", Meetings.MeetingsPermissions.View),
                new("印发政策文件", await db.Policies.CountAsync(p => p.Published && p.IssuedOn >= first && p.IssuedOn <= last, ct), "/policies", PoliciesPermissions.Read),
                new("兑现奖励（笔）", await db.PolicyClaims.CountAsync(c => c.Year == year && (c.State == ClaimState.Approved || c.State == ClaimState.Paid), ct), "/policies/claims", PoliciesPermissions.Read),
                new("报送质量分析报告", await db.AnalysisReports.CountAsync(r => r.SubmittedOn >= first && r.SubmittedOn <= last, ct), "/reports", AnalysisReports.AnalysisReportsPermissions.View),
            ]),
            new("企业主体负责", "企业落实质量安全主体责任，签署承诺、报送档案、闭环整改",
            [
                new("签署质量安全承诺书", await db.CommitmentLetters.CountAsync(l => l.SignedOn >= first && l.SignedOn <= last, ct), "/commitments", Commitments.CommitmentsPermissions.View),
                new("报送出口质量档案（月份）", await db.ExportReturns.CountAsync(r => r.EffectiveVersion != null && string.Compare(r.Period, yearFrom) >= 0 && string.Compare(r.Period, yearTo) <= 0, ct), "/archives/completeness", ExportArchives.ExportArchivesPermissions.Analyse),
                new("企业关闭整改事项", await db.CorrectiveActions.CountAsync(a => a.EnterpriseId != null && a.ClosedAt >= from && a.ClosedAt < to, ct), "/actions", ActionsPermissions.View),
            ]),
            new("检验检疫监管", "检验检疫、海关、市场监管部门检查、抽检、服务",
            [
                new("联合检查记录", await db.InspectionRecords.CountAsync(r => r.SubmittedAt >= from && r.SubmittedAt < to, ct), "/inspections", Inspections.InspectionsPermissions.View),
                new("监督抽检委托", await db.TestRequests.CountAsync(r => r.Kind == RequestKind.Supervision && r.RequestedAt >= from && r.RequestedAt < to, ct), "/testing", TestingPermissions.Read),
                new("负责的整改事项（已关闭）", await db.CorrectiveActions.CountAsync(a => a.OwnerDepartmentId != null && inspection.Contains(a.OwnerDepartmentId.Value) && a.ClosedAt >= from && a.ClosedAt < to, ct), "/actions", ActionsPermissions.View),
            ]),
            new("部门齐抓共管", "成员单位按分工牵头和配合推进建设任务",
            [
                new("完成的任务措施", await db.TaskMeasures.CountAsync(m => m.Status == MeasureStatus.Done && m.StatusChangedAt >= from && m.StatusChangedAt < to, ct), "/tasks", ZoneTasksPermissions.View),
                new("任务进展记录", await db.MeasureNotes.CountAsync(n => n.CreatedAt >= from && n.CreatedAt < to, ct), "/tasks/timeline", ZoneTasksPermissions.View),
                new("便利化措施惠及企业", await db.MeasureGrants.CountAsync(g => g.State != GrantState.Withdrawn, ct), "/policies", PoliciesPermissions.Read),
                new("举办培训", await db.TrainingSessions.CountAsync(s => s.CancelledAt == null && s.OrganizerDepartmentId != association && s.StartsAt >= from && s.StartsAt < to, ct), "/training", Training.TrainingPermissions.Read),
            ]),
            new("协会协调服务", "气动协会开展行业自律、培训服务、投诉处理",
            [
                new("自律公约签署", await db.ConventionSignatures.CountAsync(s => s.SignedAt >= from && s.SignedAt < to, ct), "/association/convention", AssociationPermissions.Convention),
                new("协会举办培训", await db.TrainingSessions.CountAsync(s => s.CancelledAt == null && s.OrganizerDepartmentId == association && s.StartsAt >= from && s.StartsAt < to, ct), "/training", Training.TrainingPermissions.Read),
                new("办结投诉举报", await db.Complaints.CountAsync(c => (c.State == ComplaintState.Concluded || c.State == ComplaintState.Dismissed) && c.ConcludedAt >= from && c.ConcludedAt < to, ct), "/association/complaints", AssociationPermissions.Read),
            ]),
            new("社会共同参与", "公众和采购商投诉举报、媒体宣传、门户信息公开",
            [
                new("公众和采购商投诉举报", await db.Complaints.CountAsync(c => c.Source != ComplaintSource.Enterprise && c.ReceivedAt >= from && c.ReceivedAt < to, ct), "/association/complaints", AssociationPermissions.Read),
                new("媒体报道", await db.MediaItems.CountAsync(m => m.PublishedOn >= first && m.PublishedOn <= last, ct), "/media", Publicity.PublicityPermissions.Browse),
                new("公开政策文件", await db.Policies.CountAsync(p => p.Published && p.IsPublic, ct), "/policies/public", PoliciesPermissions.Browse),
            ]),
        ];
    }
}
