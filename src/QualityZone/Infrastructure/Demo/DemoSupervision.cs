using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Features.Inspections;
using QualityZone.Features.Meetings;
using QualityZone.Features.Risks;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Infrastructure.Demo;

/// <summary>
/// Supervision demo data: a year of joint meetings with resolutions, last year's and this year's joint
/// inspections (records scored from the default checklist, findings with photos, actions in every state),
/// actions from test failures, complaints and foreign notices, and a risk register with reviews.
/// Written through the domain's own methods, back-dated, so histories read as they would have happened.
/// </summary>
public sealed class DemoSupervision(AppDbContext db, FileStore files, Documents.DocumentFonts? fonts = null)
{
    /// <summary>A 1 × 1 PNG: the smallest valid image, for tests that upload a photo (the demo's own photos are DemoPhotos).</summary>
    public static readonly byte[] SitePhoto = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /// <summary>What an inspector notes when a checklist item fails, fitting the item (issue 21: not one note for every finding).</summary>
    public static string FindingNote(string item) => item switch
    {
        // <data>
        _ when item.Contains("设计输入") => "设计输入未识别目标市场的 EN ISO 4414 安全要求，未见适用标准清单",
        _ when item.Contains("型式试验") => "新开发的薄型气缸系列未见型式试验报告",
        _ when item.Contains("进货检验") => "抽查 3 批密封圈，其中 1 批无进货检验记录",
        _ when item.Contains("合格供方") => "合格供方名录未更新，2 家供应商超过一年未评价",
        _ when item.Contains("作业指导书") => "装配工序作业指导书为旧版本，拧紧力矩未记录",
        _ when item.Contains("计量器具") => "2 台气密性检测仪校准证书已过期",
        _ when item.Contains("出厂检验") => "出厂检验记录缺少耐压试验项目",
        _ when item.Contains("不合格品") => "不合格品未标识，与待发货产品混放",
        _ when item.Contains("投诉") => "境外退运 1 批未做原因分析，未见纠正措施",
        _ when item.Contains("追溯到") => "抽查 1 票出口发货，无法追溯到活塞杆原材料批次",
        _ when item.Contains("进货台帐") => "进货台帐数量与生产投料记录不一致",
        _ when item.Contains("月报") => "月报出口金额与报关单不一致，差额未说明",
        _ => "检验报告和整改记录未按期归档",
        // </data>
    };

    private readonly Dictionary<int, int> numbers = [];
    private StoredFileRef evidence = null!;

    public async Task SeedAsync(Random random, DateOnly today, IReadOnlyList<Guid> enterprises, IReadOnlyDictionary<string, Guid> departments,
        IReadOnlyDictionary<string, (string Id, string Name)> staff, CancellationToken ct)
    {
        var report = await files.SaveAsync(new MemoryStream(DemoSeeder.MinimalPdf("corrective action report")), "整改报告.pdf", ct);
        evidence = new StoredFileRef(report.Sha256, report.FileName, report.ContentType);
        var zone = departments["zone-office"];
        DateTimeOffset At(DateOnly day, int hour = 10) => new(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.FromHours(8));

        // <data>
        // Joint meetings: quarterly over the past year, one to come; each resolution is an action of its owner department.
        (string Title, int MonthsAgo, (string Owner, string Task, int DueDays)[] Resolutions)[] meetings =
        [
            ("示范区建设联席会议第一次会议", 11, [("market-supervision", "制定出口气动元件企业质量安全主体责任清单", 60), ("ciq", "建立出口产品质量追溯体系建设指南", 90), ("economy-it", "组织企业申报技术改造专项资金", 45)]),
            ("示范区建设联席会议第二次会议", 8, [("commerce", "汇总主要市场技术性贸易措施并发布", 30), ("testing-center", "公共检测平台增加 ISO 6358 流量特性检测能力", 120)]),
            ("示范区建设联席会议第三次会议", 5, [("association", "组织 EN ISO 4414 标准宣贯培训", 45), ("finance", "落实示范区建设专项经费", 60), ("ciq", "开展出口气缸质量专项抽查", 40)]),
            ("示范区建设联席会议第四次会议", 2, [("zone-office", "完成年度联合检查并通报结果", 75), ("market-supervision", "对警示企业开展帮扶指导", 50)]),
        ];
        string[] members = ["district-office", "market-supervision", "economy-it", "ciq", "commerce", "finance", "association", "testing-center", "zone-office"];
        // </data>
        foreach (var (title, monthsAgo, resolutions) in meetings)
        {
            var day = today.AddMonths(-monthsAgo);
            var meeting = new JointMeeting
            {
                Title = title, ScheduledAt = At(day, 14), Location = "奉化区行政中心 3 楼会议室", Agenda = "1. 通报示范区建设进展\n2. 研究解决存在问题\n3. 部署下阶段工作",
                Minutes = "会议听取了建设办关于示范区建设进展的汇报，各成员单位交流了牵头任务落实情况，研究了存在的问题并形成决议。",
                State = MeetingState.Held, CreatedBy = "建设办 王主任", CreatedAt = At(day.AddDays(-14)),
            };
            meeting.Attendees.AddRange(members.Select(code => new MeetingAttendee { MeetingId = meeting.Id, DepartmentId = departments[code], Attended = random.NextDouble() < 0.9 || code == "zone-office", Representative = "分管负责人" }));
            db.JointMeetings.Add(meeting);
            foreach (var (owner, task, dueDays) in resolutions)
            {
                var action = NewAction(ActionSource.Meeting, title, null, departments[owner], task, ActionSeverity.Major, day.AddDays(dueDays), At(day, 16));
                action.MeetingId = meeting.Id;
                Progress(action, random, today, staff["office"].Name, departmentAnswer: true);
            }
        }
        var next = new JointMeeting { Title = "示范区建设联席会议第五次会议", ScheduledAt = At(today.AddDays(12), 14), Location = "奉化区行政中心 3 楼会议室", Agenda = "1. 年度联合检查结果通报\n2. 风险预警企业处置\n3. 下一年度工作计划", CreatedBy = "建设办 王主任", CreatedAt = At(today.AddDays(-3)) };
        next.Attendees.AddRange(members.Select(code => new MeetingAttendee { MeetingId = next.Id, DepartmentId = departments[code] }));
        db.JointMeetings.Add(next);

        // Joint inspections: last year's two rounds and this year's first, all from the default checklist.
        var template = await db.ChecklistTemplates.Include(t => t.Items).OrderBy(t => t.Name).FirstAsync(t => t.Name == Checklists.DefaultName, ct);
        (string Title, DateOnly Start, string[] Team, int Count, bool Done)[] rounds =
        [
            ($"{today.Year - 1} 年上半年联合检查", new DateOnly(today.Year - 1, 5, 10), ["office", "ciq", "market"], 10, true),
            ($"{today.Year - 1} 年下半年联合检查", new DateOnly(today.Year - 1, 10, 15), ["office", "ciq", "economy"], 10, true),
            ($"{today.Year} 年上半年联合检查", new DateOnly(today.Year, 5, 12), ["office", "ciq", "market"], 12, true),
            ($"{today.Year} 年下半年联合检查", today.AddDays(-10), ["office", "ciq", "commerce"], 8, false),
        ];
        var offset = 0;
        foreach (var (title, start, team, count, done) in rounds)
        {
            var round = new InspectionRound { Year = start.Year, Title = title, StartOn = start, EndOn = start.AddDays(30), TemplateId = template.Id, CreatedBy = "建设办 王主任", CreatedAt = At(start.AddDays(-20)) };
            round.Team.AddRange(team.Select(key => new InspectionTeamMember { RoundId = round.Id, UserId = staff[key].Id, Name = staff[key].Name, DepartmentId = key == "office" ? zone : departments[StaffDepartment(key)] }));
            db.InspectionRounds.Add(round);
            // Named enterprises first (they have accounts), then others across the register.
            var visited = enterprises.Take(8).Concat(enterprises.Skip(8 + offset).Take(count)).Distinct().Take(count).ToList();
            offset += count;
            for (var i = 0; i < visited.Count; i++)
            {
                var record = new InspectionRecord { RoundId = round.Id, EnterpriseId = visited[i], SelectionReason = i % 5 == 4 ? Msg.Of("随机抽取").Store() : null };
                var position = 0;
                foreach (var item in template.Items.OrderBy(x => x.Position))
                    record.Answers.Add(new InspectionAnswer { RecordId = record.Id, Position = ++position, Section = item.Section, Text = item.Text, Kind = item.Kind, MaxPoints = item.MaxPoints,
                        FailRequiresNote = item.FailRequiresNote, FailRequiresPhoto = item.FailRequiresPhoto, FailRaisesFinding = item.FailRaisesFinding });
                db.InspectionRecords.Add(record);
                var visitDay = start.AddDays(i * 2);
                if (!done && (i >= 2 || visitDay > today)) continue;
                record.VisitedOn = visitDay;
                foreach (var answer in record.Answers)
                {
                    var fail = random.NextDouble() < 0.12;
                    answer.Result = fail ? ItemResult.Fail : ItemResult.Pass;
                    answer.Points = answer.Kind == ItemKind.Points ? (fail ? random.Next(0, answer.MaxPoints / 2) : random.Next(answer.MaxPoints * 7 / 10, answer.MaxPoints + 1)) : null;
                    if (fail)
                    {
                        answer.Note = FindingNote(answer.Text);
                        var jpeg = DemoPhotos.ShopFloor(random.Next(), $"{visitDay:yyyy-MM-dd} {9 + random.Next(7)}:{random.Next(60):D2}", $"{answer.Position}. {answer.Note}", fonts);
                        var photo = await files.SaveAsync(new MemoryStream(jpeg), $"现场照片-{answer.Position}.jpg", ct);
                        (answer.PhotoSha256, answer.PhotoFileName, answer.PhotoContentType) = (photo.Sha256, photo.FileName, photo.ContentType);
                    }
                }
                if (!done)
                {
                    record.State = RecordState.InProgress;
                    continue;
                }
                var applicable = record.Answers.ToList();
                record.MaxScore = applicable.Sum(a => a.MaxPoints);
                record.Score = applicable.Sum(a => a.Kind == ItemKind.Points ? a.Points ?? 0 : a.Result == ItemResult.Pass ? a.MaxPoints : 0);
                var failed = record.Answers.Count(a => a.Result == ItemResult.Fail);
                // <data>
                record.Conclusion = failed == 0 ? "企业质量控制体系运行正常，本次检查未发现问题。" : $"企业质量控制体系总体运行正常，发现问题 {failed} 项，已现场反馈，限期整改。";
                // </data>
                (record.State, record.SubmittedBy, record.SubmittedAt) = (RecordState.Signed, staff[team[1]].Name, At(visitDay, 17));
                foreach (var key in team)
                    record.Signatures.Add(new InspectionSignature { RecordId = record.Id, UserId = staff[key].Id, Name = staff[key].Name, Department = key == "office" ? "建设办" : StaffDepartmentName(key), SignedAt = At(visitDay, 18) });
                foreach (var answer in record.Answers.Where(a => a.Result == ItemResult.Fail && a.FailRaisesFinding))
                {
                    var severity = random.NextDouble() < 0.2 ? ActionSeverity.Major : ActionSeverity.Minor;
                    var finding = new InspectionFinding { RecordId = record.Id, EnterpriseId = record.EnterpriseId, AnswerId = answer.Id, Description = $"{answer.Section}：{answer.Text} —— {answer.Note}", Severity = severity, CreatedAt = At(visitDay, 17) };
                    var action = NewAction(ActionSource.InspectionFinding, title, record.EnterpriseId, departments["ciq"], QualityZone.Infrastructure.Localization.Text.Shorten(finding.Description, 300), severity, visitDay.AddDays(ActionLabels.DefaultDays(severity)), At(visitDay, 17));
                    action.FindingId = finding.Id;
                    finding.ActionId = action.Id;
                    record.Findings.Add(finding);
                    Progress(action, random, today, staff["ciq"].Name, departmentAnswer: false);
                }
            }
        }

        // <data>
        // Actions from other sources: a failed test at the public testing center, a buyer's complaint, a foreign notice.
        (ActionSource Source, string Reference, int Enterprise, string Title, ActionSeverity Severity, int DaysAgo, int DueDays)[] others =
        [
            (ActionSource.TestFailure, "FHQT-2026-0412", 1, "SC 系列标准气缸耐压试验不合格（ISO 10099）", ActionSeverity.Major, 40, 30),
            (ActionSource.Complaint, "客户投诉 DE-2026-07", 2, "德国客户反映电磁阀线圈温升过高", ActionSeverity.Minor, 75, 30),
            (ActionSource.ForeignNotice, "Safety Gate A12/00231/26", 3, "欧盟 Safety Gate 通报：气动工具缺少 CE 标志", ActionSeverity.Critical, 20, 15),
            (ActionSource.TestFailure, "FHQT-2026-0518", 5, "接头螺纹尺寸不符合 ISO 228-1", ActionSeverity.Minor, 10, 60),
        ];
        // </data>
        foreach (var (source, reference, index, title, severity, daysAgo, dueDays) in others)
        {
            if (index >= enterprises.Count) continue;
            var raised = today.AddDays(-daysAgo);
            var action = NewAction(source, reference, enterprises[index], departments[source == ActionSource.TestFailure ? "market-supervision" : "ciq"], title, severity, raised.AddDays(dueDays), At(raised));
            Progress(action, random, today, staff["market"].Name, departmentAnswer: false);
        }

        SeedRisks(random, today, enterprises, departments, At);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Volume for the benchmarks: <paramref name="actions"/> more actions spread over five years and
    /// the enterprises (every source and state), and a tenth as many enterprise risks.
    /// </summary>
    public async Task SeedVolumeAsync(Random random, DateOnly today, IReadOnlyList<Guid> enterprises, IReadOnlyDictionary<string, Guid> departments, int actions, CancellationToken ct)
    {
        var owners = departments.Values.ToList();
        var sources = Enum.GetValues<ActionSource>();
        for (var i = 0; i < actions; i++)
        {
            var raised = today.AddDays(-random.Next(0, 5 * 365));
            var severity = (ActionSeverity)random.Next(0, 3);
            var action = NewAction(sources[random.Next(sources.Length)], "bench", enterprises[random.Next(enterprises.Count)], owners[random.Next(owners.Count)],
                "批量演示整改事项", severity, raised.AddDays(ActionLabels.DefaultDays(severity)), new DateTimeOffset(raised.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)));
            Progress(action, random, today, "建设办 王主任", departmentAnswer: false);
            if (i % 5000 == 4999)
            {
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
        for (var i = 0; i < actions / 10; i++)
        {
            int l = random.Next(1, 6), s = random.Next(1, 6);
            db.RiskItems.Add(new RiskItem
            {
                Number = $"FX-B-{i + 1:D6}", EnterpriseId = enterprises[random.Next(enterprises.Count)], Category = (RiskCategory)random.Next(0, 4), Title = "批量演示风险",
                InherentLikelihood = l, InherentSeverity = s, ResidualLikelihood = Math.Max(1, l - random.Next(0, 2)), ResidualSeverity = s,
                NextReviewOn = today.AddDays(random.Next(-30, 180)), CreatedBy = "bench", CreatedAt = DateTimeOffset.UtcNow,
            });
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private CorrectiveAction NewAction(ActionSource source, string reference, Guid? enterprise, Guid owner, string title, ActionSeverity severity, DateOnly due, DateTimeOffset at)
    {
        var year = at.Year;
        numbers[year] = numbers.GetValueOrDefault(year) + 1;
        var action = new CorrectiveAction
        {
            Number = $"ZG-{year}-{numbers[year]:D4}", Source = source, SourceReference = reference, EnterpriseId = enterprise, OwnerDepartmentId = owner,
            Title = title, Description = title, Severity = severity, DueOn = due, CreatedBy = "建设办 王主任", CreatedAt = at,
        };
        action.Record(action.CreatedBy, at);
        db.CorrectiveActions.Add(action);
        return action;
    }

    /// <summary>Moves an action along as far as its age makes likely: old ones closed, recent ones open or awaiting verification; a few overdue.</summary>
    private void Progress(CorrectiveAction action, Random random, DateOnly today, string verifier, bool departmentAnswer)
    {
        var raised = DateOnly.FromDateTime(action.CreatedAt.DateTime);
        var age = today.DayNumber - raised.DayNumber;
        var roll = random.NextDouble();
        var answerer = departmentAnswer ? "责任部门联络员" : "企业质量负责人";
        var response = new ActionResponse("已隔离相关批次并暂停发货", "作业指导书未覆盖该检验项目，检验员培训不到位", "补充检验规程，对库存产品全数复检", "修订进货和出厂检验规程，纳入年度内审和培训计划");
        if (age < 1 || (age < 20 && roll < 0.5)) return;            // 待整改
        // Each step by the end of yesterday's working day at the latest: nothing is done in the future.
        var latest = new DateTimeOffset(today.AddDays(-1).ToDateTime(new TimeOnly(17, 30)), TimeSpan.FromHours(8));
        DateTimeOffset By(DateTimeOffset at) => at < latest ? at : latest;
        var answeredAt = action.CreatedAt.AddDays(Math.Min(age, 7 + random.Next(10)));
        action.Respond(response with { Prevention = null }, null, submit: false, answerer, By(answeredAt));
        if (age < 30 && roll < 0.8) return;                         // 整改中
        if (roll < 0.08) return;                                    // still in progress, likely overdue
        action.Respond(response, evidence, submit: true, answerer, By(answeredAt.AddDays(3)));
        if (age < 45 && roll < 0.9) return;                         // 待验证
        if (roll < 0.15)
        {
            action.Verify(false, "证据不足，请补充复检报告", verifier, By(answeredAt.AddDays(8)));
            return;                                                 // back to 整改中
        }
        if (roll > 0.97)
        {
            action.Cancel("问题已在其他整改事项中一并处理", "建设办 王主任", By(answeredAt.AddDays(8)));
            return;
        }
        action.Verify(true, "现场复查，整改措施有效", verifier, By(answeredAt.AddDays(10)));
    }

    private void SeedRisks(Random random, DateOnly today, IReadOnlyList<Guid> enterprises, IReadOnlyDictionary<string, Guid> departments, Func<DateOnly, int, DateTimeOffset> at)
    {
        // <data>
        (RiskCategory Category, string Title, string Owner, int L, int S, int RL, int RS, string Controls)[] zoneRisks =
        [
            (RiskCategory.Market, "欧盟机械法规 (EU) 2023/1230 2027 年实施，企业合规准备不足", "commerce", 4, 4, 3, 4, "发布法规解读，组织专题培训，建立企业合规自查清单"),
            (RiskCategory.Market, "美国对华气动元件加征关税及反规避调查", "commerce", 3, 4, 3, 3, "跟踪贸易救济动态，指导企业开拓多元市场"),
            (RiskCategory.Product, "气缸耐压与密封性能不达标导致境外召回", "ciq", 3, 5, 2, 4, "联合检查覆盖出厂检验，公共检测平台开展比对试验"),
            (RiskCategory.Supplier, "密封件等关键外购件质量波动", "market-supervision", 4, 3, 3, 3, "推动合格供方评价，进货台帐一致性核查"),
            (RiskCategory.Process, "中小企业出厂检验能力不足", "testing-center", 4, 3, 3, 2, "公共检测平台开放共享，检验员培训"),
            (RiskCategory.Market, "俄罗斯 EAC 认证规则调整", "commerce", 3, 3, 2, 3, "发布认证指南，协会组织集中办理"),
            (RiskCategory.Product, "电磁阀电气安全（EN 60730 / UL 429）不符合", "ciq", 3, 4, 2, 3, "重点企业送检，检测中心增项"),
            (RiskCategory.Process, "企业质量追溯记录不完整，召回时无法界定范围", "ciq", 4, 4, 2, 3, "推行追溯系统和批次管理，联合检查抽查追溯演练"),
        ];
        string[] enterpriseRisks = ["主要出口市场单一（欧盟占比超 60%）", "关键密封件依赖单一供应商", "出厂检验设备超期未校准", "新产品未做型式试验即出口", "境外客户投诉增多"];
        // </data>
        var number = 0;
        RiskItem Add(Guid? enterprise, RiskCategory category, string title, Guid owner, int l, int s, int rl, int rs, string controls)
        {
            var risk = new RiskItem
            {
                Number = $"FX-{today.Year}-{++number:D3}", EnterpriseId = enterprise, Category = category, Title = title, Description = title,
                InherentLikelihood = l, InherentSeverity = s, ResidualLikelihood = rl, ResidualSeverity = rs, Controls = controls, OwnerDepartmentId = owner,
                Owner = "分管科长", NextReviewOn = today.AddDays(random.Next(-20, 150)), CreatedBy = "建设办 王主任", CreatedAt = at(today.AddMonths(-9), 10),
            };
            var reviewed = today.AddMonths(-random.Next(1, 5));
            risk.Reviews.Add(new RiskReview { RiskId = risk.Id, ReviewedOn = reviewed, Outcome = rl * rs < l * s ? ReviewOutcome.Reduced : ReviewOutcome.Unchanged, Likelihood = rl, Severity = rs, Note = "控制措施已落实，继续跟踪", Reviewer = "建设办 王主任", At = at(reviewed, 15) });
            db.RiskItems.Add(risk);
            return risk;
        }
        foreach (var r in zoneRisks) Add(null, r.Category, r.Title, departments[r.Owner], r.L, r.S, r.RL, r.RS, r.Controls);
        for (var i = 0; i < Math.Min(30, enterprises.Count); i++)
        {
            var title = enterpriseRisks[i % enterpriseRisks.Length];
            var l = random.Next(2, 6);
            var s = random.Next(2, 6);
            Add(enterprises[i], (RiskCategory)(i % 4), title, departments["ciq"], l, s, Math.Max(1, l - random.Next(0, 2)), Math.Max(1, s - random.Next(0, 2)), "企业制定控制措施，纳入内审");
        }
    }

    private static string StaffDepartment(string key) => key switch { "ciq" => "ciq", "market" => "market-supervision", "economy" => "economy-it", "commerce" => "commerce", _ => "zone-office" };
    private static string StaffDepartmentName(string key) => key switch { "ciq" => "检验检疫局", "market" => "市场监管局", "economy" => "经信局", "commerce" => "商务局", _ => "建设办" };
}
