using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using QualityZone.Features.Actions;
using QualityZone.Features.AnalysisReports;
using QualityZone.Features.Meetings;
using QualityZone.Features.ZoneTasks;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Policies;

/// <summary>An item of the appraisal: its code, what it measures, its default weight, and whether it is scored by hand.</summary>
public sealed record AppraisalItem(string Code, string Name, string Basis, int DefaultWeight, bool Manual);

/// <summary>One unit's figure for one item: what was counted (done of due), the score 0–100, or none when nothing was due.</summary>
public sealed record ItemScore(string Code, int? Done, int? Due, decimal? Score, string? Note);

public sealed record UnitAppraisal(Guid DepartmentId, string Code, string Name, IReadOnlyList<ItemScore> Items, decimal Total, int Rank);

/// <summary>
/// The yearly appraisal of the member units (task 1.2: 将出口产品质量安全工作纳入政府绩效考核), from what the platform
/// records of each unit — measures of the tasks it leads done on time, evidence behind the measures it marked
/// done, corrective actions it owns closed by their due date, joint meetings attended, inspection rounds taken
/// part in, report sections handed in — plus a manual item the district office scores. An item with nothing due
/// for a unit is left out of its total, which is the weighted mean over the items that apply (so a unit is not
/// rewarded or punished for work it was never given). Weights are set by the district office and add up to 100.
/// </summary>
public sealed class AppraisalService(AppDbContext db, ZoneClock clock, TimeProvider time)
{
    public const string DistrictOffice = "district-office";

    // <data>
    public static readonly IReadOnlyList<AppraisalItem> Items =
    [
        new("tasks_on_time", "牵头任务措施按期完成", "牵头任务中到期的措施，在任务时限内标为完成的比例", 25, false),
        new("evidence", "佐证材料完整", "已完成的牵头措施中附有佐证材料的比例", 15, false),
        new("actions_on_time", "整改事项按期关闭", "本单位负责、当年到期的整改事项在期限内关闭的比例", 15, false),
        new("meetings", "联席会议出席", "当年已召开的联席会议中本单位出席的比例", 15, false),
        new("inspections", "参加联合检查", "当年联合检查轮次中本单位派员参加的比例", 10, false),
        new("reports", "报告章节按时提交", "当年质量分析报告中分配给本单位的章节已提交审核或审定的比例", 10, false),
        new("manual", "工作创新与综合评价", "区府办人工评定（0–100 分）", 10, true),
    ];
    // </data>

    public static AppraisalItem? Item(string code) => Items.FirstOrDefault(i => i.Code == code);

    public static bool Manages(ClaimsPrincipal user, string? departmentCode) =>
        PermissionCatalog.IsGranted(user, PoliciesPermissions.AppraisalManage) && (user.IsInRole(Roles.ZoneAdmin) || departmentCode == DistrictOffice);

    public async Task<bool> ManagesAsync(ClaimsPrincipal user, CancellationToken ct) =>
        Manages(user, user.DepartmentId() is { } d ? await db.Departments.Where(x => x.Id == d).Select(x => x.Code).SingleOrDefaultAsync(ct) : null);

    /// <summary>The year's appraisal as the user may see it: every unit for the district office and the zone office, its own row for a unit.</summary>
    public async Task<(IReadOnlyList<UnitAppraisal> Units, bool Manages)> VisibleToAsync(ClaimsPrincipal user, int year, CancellationToken ct)
    {
        var manages = await ManagesAsync(user, ct);
        var all = await ForYearAsync(year, ct);
        return (manages ? all : all.Where(u => u.DepartmentId == user.DepartmentId()).ToList(), manages);
    }

    public async Task<IReadOnlyDictionary<string, int>> WeightsAsync(int year, CancellationToken ct)
    {
        var saved = await db.AppraisalWeights.AsNoTracking().Where(w => w.Year == year).ToDictionaryAsync(w => w.Code, w => w.Weight, ct);
        return Items.ToDictionary(i => i.Code, i => saved.TryGetValue(i.Code, out var w) ? w : i.DefaultWeight);
    }

    public async Task<CommandResult> SetWeightsAsync(ClaimsPrincipal user, int year, IReadOnlyDictionary<string, int> weights, CancellationToken ct)
    {
        if (!await ManagesAsync(user, ct)) return CommandResult.Forbidden(Text.Get("只有区府办或建设办可以设置考核权重"));
        if (weights.Keys.FirstOrDefault(k => Item(k) is null) is { } unknown) return CommandResult.Invalid(Text.Format("未知的考核项目“{0}”", unknown));
        if (Items.FirstOrDefault(i => !weights.ContainsKey(i.Code)) is { } missing) return CommandResult.Invalid(Text.Format("缺少考核项目“{0}”的权重", Text.Get(missing.Name)));
        if (weights.Values.Any(w => w is < 0 or > 100)) return CommandResult.Invalid(Text.Get("每项权重应在 0 到 100 之间"));
        if (weights.Values.Sum() != 100) return CommandResult.Invalid(Text.Format("权重合计应为 100，现为 {0}", weights.Values.Sum()));
        db.AppraisalWeights.RemoveRange(await db.AppraisalWeights.Where(w => w.Year == year).ToListAsync(ct));
        db.AppraisalWeights.AddRange(weights.Select(w => new AppraisalWeight { Year = year, Code = w.Key, Weight = w.Value }));
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    public async Task<CommandResult> ScoreAsync(ClaimsPrincipal user, int year, Guid departmentId, decimal? score, string? note, CancellationToken ct)
    {
        if (!await ManagesAsync(user, ct)) return CommandResult.Forbidden(Text.Get("只有区府办或建设办可以评定人工项目"));
        if (!await db.Departments.AnyAsync(d => d.Id == departmentId, ct)) return CommandResult.NotFound(Text.Get("成员单位不存在"));
        if (score is not { } s || s < 0 || s > 100) return CommandResult.Invalid(Text.Get("评分应在 0 到 100 之间"));
        if (note?.Length > 500) return CommandResult.Invalid(Text.Get("评定说明不超过 500 字"));
        var row = await db.AppraisalManualScores.SingleOrDefaultAsync(x => x.Year == year && x.DepartmentId == departmentId && x.Code == "manual", ct);
        if (row is null) db.AppraisalManualScores.Add(row = new AppraisalManualScore { Year = year, DepartmentId = departmentId, Code = "manual", ScoredBy = "" });
        (row.Score, row.Note, row.ScoredBy, row.ScoredAt) = (s, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), user.DisplayName(), time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>Every active unit's appraisal for the year (as of today for the current year), ranked by total.</summary>
    public async Task<IReadOnlyList<UnitAppraisal>> ForYearAsync(int year, CancellationToken ct)
    {
        var today = clock.Today;
        var yearEnd = new DateOnly(year, 12, 31);
        var asOf = today < yearEnd ? today : yearEnd;
        var (yearStart, nextYear) = (clock.StartOf(new DateOnly(year, 1, 1)), clock.StartOf(new DateOnly(year + 1, 1, 1)));
        var units = await db.Departments.AsNoTracking().Where(d => d.IsActive).OrderBy(d => d.SortOrder).Select(d => new { d.Id, d.Code, d.NameZh, d.NameEn }).ToListAsync(ct);
        var weights = await WeightsAsync(year, ct);

        // Measures of the tasks each unit leads: due when the task's window of this year has closed.
        var leads = await db.TaskDepartments.AsNoTracking().Where(t => t.Role == TaskDepartmentRole.Responsible).Select(t => new { t.TaskNumber, t.DepartmentId }).ToListAsync(ct);
        var windows = await db.ZoneTasks.AsNoTracking().Select(t => new { t.Number, t.StartMonth, t.EndMonth }).ToDictionaryAsync(t => t.Number, t => TaskProgress.WindowOf(year, t.StartMonth, t.EndMonth).End, ct);
        var measures = await db.TaskMeasures.AsNoTracking().Select(m => new { m.TaskNumber, m.Status, m.StatusChangedAt, Evidence = m.Evidence.Count }).ToListAsync(ct);

        var actions = await db.CorrectiveActions.AsNoTracking().Where(a => a.OwnerDepartmentId != null && a.DueOn >= new DateOnly(year, 1, 1) && a.DueOn <= asOf && a.State != ActionState.Cancelled)
            .Select(a => new { Unit = a.OwnerDepartmentId!.Value, a.DueOn, a.ClosedAt }).ToListAsync(ct);
        var attendance = await (from a in db.MeetingAttendees.AsNoTracking()
                                join m in db.JointMeetings.AsNoTracking() on a.MeetingId equals m.Id
                                where m.State == MeetingState.Held && m.ScheduledAt >= yearStart && m.ScheduledAt < nextYear
                                group a by a.DepartmentId into g
                                select new { Unit = g.Key, Invited = g.Count(), Attended = g.Count(x => x.Attended) }).ToDictionaryAsync(x => x.Unit, ct);
        var rounds = await db.InspectionRounds.AsNoTracking().CountAsync(r => r.Year == year && r.StartOn <= asOf, ct);
        var joined = (await (from t in db.Set<Inspections.InspectionTeamMember>().AsNoTracking()
                             join r in db.InspectionRounds.AsNoTracking() on t.RoundId equals r.Id
                             where r.Year == year && r.StartOn <= asOf
                             select new { r.Id, t.DepartmentId }).Distinct().ToListAsync(ct))
            .GroupBy(x => x.DepartmentId).ToDictionary(g => g.Key, g => g.Count());
        var sections = await (from s in db.ReportSections.AsNoTracking()
                              join r in db.AnalysisReports.AsNoTracking() on s.ReportId equals r.Id
                              where r.CreatedAt >= yearStart && r.CreatedAt < nextYear
                              group s by s.DepartmentId into g
                              select new { Unit = g.Key, Assigned = g.Count(), HandedIn = g.Count(x => x.State != SectionState.Draft) }).ToDictionaryAsync(x => x.Unit, ct);
        var manual = await db.AppraisalManualScores.AsNoTracking().Where(s => s.Year == year).ToDictionaryAsync(s => s.DepartmentId, ct);

        static ItemScore Ratio(string code, int done, int due) => new(code, done, due, due == 0 ? null : Math.Round(done * 100m / due, 1), null);

        var result = units.Select(u =>
        {
            var led = leads.Where(l => l.DepartmentId == u.Id).Select(l => l.TaskNumber).ToHashSet();
            var mine = measures.Where(m => led.Contains(m.TaskNumber)).ToList();
            // Due this year: its task's window of the year has closed, and it was not already done before the year began.
            var due = mine.Where(m => windows.GetValueOrDefault(m.TaskNumber, yearEnd) <= asOf && !(m.Status == MeasureStatus.Done && m.StatusChangedAt < yearStart)).ToList();
            var onTime = due.Count(m => m.Status == MeasureStatus.Done && m.StatusChangedAt < clock.StartOf(windows[m.TaskNumber].AddDays(1)));
            var done = mine.Where(m => m.Status == MeasureStatus.Done && m.StatusChangedAt < nextYear).ToList();
            var own = actions.Where(a => a.Unit == u.Id).ToList();
            var closedInTime = own.Count(a => a.ClosedAt is { } c && c < clock.StartOf(a.DueOn.AddDays(1)));
            var meeting = attendance.GetValueOrDefault(u.Id);
            var section = sections.GetValueOrDefault(u.Id);
            var hand = manual.GetValueOrDefault(u.Id);
            var items = new List<ItemScore>
            {
                Ratio("tasks_on_time", onTime, due.Count),
                Ratio("evidence", done.Count(m => m.Evidence > 0), done.Count),
                Ratio("actions_on_time", closedInTime, own.Count),
                Ratio("meetings", meeting?.Attended ?? 0, meeting?.Invited ?? 0),
                Ratio("inspections", joined.GetValueOrDefault(u.Id), rounds),
                Ratio("reports", section?.HandedIn ?? 0, section?.Assigned ?? 0),
                new("manual", null, null, hand?.Score, hand?.Note),
            };
            return (Unit: u, Items: items, Total: Total(items, weights));
        }).ToList();

        var ranked = result.OrderByDescending(r => r.Total).ToList();
        return result.Select(r => new UnitAppraisal(r.Unit.Id, r.Unit.Code, Text.Pick(r.Unit.NameZh, r.Unit.NameEn), r.Items, r.Total,
            1 + ranked.Count(x => x.Total > r.Total))).OrderBy(r => r.Rank).ToList();
    }

    /// <summary>The weighted mean over the items that apply (that have a score), on 0–100.</summary>
    public static decimal Total(IEnumerable<ItemScore> items, IReadOnlyDictionary<string, int> weights)
    {
        var applying = items.Where(i => i.Score is not null).ToList();
        var weight = applying.Sum(i => weights.GetValueOrDefault(i.Code));
        return weight == 0 ? 0 : Math.Round(applying.Sum(i => i.Score!.Value * weights.GetValueOrDefault(i.Code)) / weight, 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>The year's appraisal as an Excel sheet for the government's performance appraisal.</summary>
    public async Task<MemoryStream> ExportAsync(int year, CancellationToken ct)
    {
        var weights = await WeightsAsync(year, ct);
        var rows = (await ForYearAsync(year, ct)).Select(u =>
        {
            var row = new Dictionary<string, object?> { [Text.Get("名次")] = u.Rank, [Text.Get("成员单位")] = u.Name, [Text.Get("综合得分")] = u.Total };
            foreach (var i in u.Items)
                row[$"{Text.Get(Item(i.Code)!.Name)}{Text.Aside(Text.Format("权重 {0}", weights[i.Code]))}"] = i.Score;
            return row;
        }).ToList();
        var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, sheetName: Text.Format("{0} 年度考核", year), cancellationToken: ct);
        stream.Position = 0;
        return stream;
    }
}
