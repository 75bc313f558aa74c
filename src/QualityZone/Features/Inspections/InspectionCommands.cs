using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Risks;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Inspections;

public sealed record RoundInput(int Year, string? Title, DateOnly? StartOn, DateOnly? EndOn, Guid? TemplateId, IReadOnlyList<string> TeamUserIds);

/// <param name="ReportNumber">A test report of the enterprise cited for the item (optional).</param>
public sealed record AnswerInput(Guid AnswerId, ItemResult? Result, int? Points, string? Note, ActionSeverity? Severity, string? ReportNumber = null);

public sealed record FindingInput(string? Description, ActionSeverity? Severity);

/// <summary>A proposal to visit an enterprise, with why.</summary>
public sealed record Proposal(Guid EnterpriseId, string Name, RiskLevel? Level, int? Score, string? Grade, DateOnly? LastInspected,
    [property: System.Text.Json.Serialization.JsonIgnore] Msg Why)
{
    /// <summary>Why the enterprise is proposed, in the reader's language.</summary>
    public string Reason => Why.Render();

    /// <summary>The reason as the record keeps it (a message, shown in each reader's language).</summary>
    [System.Text.Json.Serialization.JsonIgnore] public string StoredReason => Why.Store();
}

/// <summary>Whether a year's plan meets seed task 12 ("每年至少开展一到两次联合检查"): joint rounds are those whose team spans two or more member units.</summary>
public sealed record YearSummary(int Year, int Rounds, int JointRounds, int Enterprises, int Signed, bool MeetsMinimum, bool MeetsTwo);

/// <summary>Plans rounds (team, enterprises by choice or by risk), records inspections, co-signs them, and turns findings into actions.</summary>
public sealed class InspectionCommands(AppDbContext db, ActionCommands actions, ZoneClock clock, TimeProvider time, IEnumerable<IReportReferences> reports)
{
    /// <summary>The share of a proposal drawn at random, so that every enterprise may be visited (双随机 practice).</summary>
    public const double RandomShare = 0.2;

    public async Task<YearSummary> SummaryAsync(int year, CancellationToken ct)
    {
        var rounds = await db.InspectionRounds.AsNoTracking().Where(r => r.Year == year)
            .Select(r => new { r.Id, Units = r.Team.Select(m => m.DepartmentId).Distinct().Count() }).ToListAsync(ct);
        var ids = rounds.Select(r => r.Id).ToList();
        var records = await db.InspectionRecords.AsNoTracking().Where(r => ids.Contains(r.RoundId)).Select(r => r.State).ToListAsync(ct);
        var joint = rounds.Count(r => r.Units >= 2);
        return new YearSummary(year, rounds.Count, joint, records.Count, records.Count(s => s == RecordState.Signed), joint >= 1, joint >= 2);
    }

    public async Task<(CommandResult Result, Guid? Id)> CreateRoundAsync(ClaimsPrincipal user, RoundInput input, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Length > 200) return (CommandResult.Invalid(Text.Get("请填写检查名称（不超过 200 字）")), null);
        if (input.StartOn is not { } start || input.EndOn is not { } end) return (CommandResult.Invalid(Text.Get("请填写检查起止日期")), null);
        if (end < start) return (CommandResult.Invalid(Text.Get("截止日期不能早于起始日期")), null);
        if (start.Year != input.Year) return (CommandResult.Invalid(Text.Get("检查起始日期应在计划年度内")), null);
        if (input.TemplateId is not { } templateId || !await db.ChecklistTemplates.AnyAsync(t => t.Id == templateId && t.IsActive, ct))
            return (CommandResult.Invalid(Text.Get("请选择检查表")), null);
        var zoneOffice = await ZoneOfficeAsync(ct);
        var ids = input.TeamUserIds.Distinct().ToList();
        var members = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.IsActive).Select(u => new { u.Id, u.DisplayName, u.DepartmentId, u.EnterpriseId }).ToListAsync(ct);
        if (members.Count != ids.Count || members.Any(m => m.EnterpriseId != null)) return (CommandResult.Invalid(Text.Get("检查组成员应为在职的部门或建设办工作人员")), null);
        var team = members.Select(m => new InspectionTeamMember { UserId = m.Id, Name = m.DisplayName, DepartmentId = m.DepartmentId ?? zoneOffice ?? Guid.Empty }).ToList();
        if (team.Any(m => m.DepartmentId == Guid.Empty)) return (CommandResult.Invalid(Text.Get("检查组成员应属于成员单位")), null);
        // A joint inspection is one whose team is drawn from several member units.
        if (team.Select(m => m.DepartmentId).Distinct().Count() < 2) return (CommandResult.Invalid(Text.Get("联合检查组应由两个以上成员单位的人员组成")), null);
        var round = new InspectionRound { Year = input.Year, Title = input.Title.Trim(), StartOn = start, EndOn = end, TemplateId = templateId, CreatedBy = user.DisplayName(), CreatedAt = time.GetUtcNow() };
        foreach (var member in team) member.RoundId = round.Id;
        round.Team.AddRange(team);
        db.InspectionRounds.Add(round);
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, round.Id);
    }

    /// <summary>
    /// Proposes enterprises for a round: admitted ones not yet in it, the higher risk level and score first,
    /// then the lower evaluation grade, then the longest since last inspected; a fifth drawn at random from the rest.
    /// </summary>
    public async Task<IReadOnlyList<Proposal>> ProposeAsync(Guid roundId, int count, CancellationToken ct, int? randomSeed = null)
    {
        var taken = await db.InspectionRecords.AsNoTracking().Where(r => r.RoundId == roundId).Select(r => r.EnterpriseId).ToListAsync(ct);
        var candidates = await (from e in db.Enterprises.AsNoTracking()
                                where (e.State == EnterpriseState.Admitted || e.State == EnterpriseState.Watch) && !taken.Contains(e.Id)
                                join s in db.EnterpriseRiskScores on e.Id equals s.EnterpriseId into scores
                                from s in scores.DefaultIfEmpty()
                                select new { e.Id, e.NameZh, e.NameEn, e.Grade, e.State, Level = (RiskLevel?)s.Level, Score = (int?)s.Score }).ToListAsync(ct);
        var lastVisits = await db.InspectionRecords.AsNoTracking().Where(r => r.VisitedOn != null).GroupBy(r => r.EnterpriseId)
            .Select(g => new { g.Key, Last = g.Max(r => r.VisitedOn) }).ToDictionaryAsync(g => g.Key, g => g.Last, ct);
        static int GradeRank(string? grade) => grade switch { "D" => 0, "C" => 1, null => 2, "B" => 3, _ => 4 };
        var ranked = candidates.OrderByDescending(c => c.Level ?? RiskLevel.Low).ThenByDescending(c => c.Score ?? 0).ThenBy(c => GradeRank(c.Grade))
            .ThenBy(c => lastVisits.GetValueOrDefault(c.Id) ?? DateOnly.MinValue).ToList();
        var byRisk = (int)Math.Ceiling(count * (1 - RandomShare));
        var random = randomSeed is { } seed ? new Random(seed) : Random.Shared;
        var chosen = ranked.Take(byRisk).Select(c => (c, Random: false))
            .Concat(ranked.Skip(byRisk).OrderBy(_ => random.Next()).Take(Math.Max(0, count - byRisk)).Select(c => (c, Random: true))).ToList();
        return chosen.Select(x =>
        {
            var c = x.c;
            var reasons = new List<Msg>();
            if (x.Random) reasons.Add(Msg.Of("随机抽取"));
            else
            {
                if (c.Level is { } level) reasons.Add(Msg.Of("风险等级 {0}（{1} 分）", Msg.Of(RiskLabels.LevelKey(level)), c.Score ?? 0));
                if (c.Grade is "C" or "D") reasons.Add(Msg.Of("年度评价 {0} 级", c.Grade));
                if (c.State == EnterpriseState.Watch) reasons.Add(Msg.Of("警示企业"));
                var last = lastVisits.GetValueOrDefault(c.Id);
                reasons.Add(last is { } visited ? Msg.Of("上次检查 {0:yyyy-MM-dd}", visited) : Msg.Of("从未检查"));
            }
            return new Proposal(c.Id, Text.Pick(c.NameZh, c.NameEn), c.Level, c.Score, c.Grade, lastVisits.GetValueOrDefault(c.Id), Msg.List(reasons));
        }).ToList();
    }

    /// <summary>Adds enterprises to a round: one planned record each, with the checklist's items copied in.</summary>
    public async Task<CommandResult> AddEnterprisesAsync(Guid roundId, IReadOnlyList<(Guid EnterpriseId, string? Reason)> picks, CancellationToken ct)
    {
        var round = await db.InspectionRounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == roundId, ct);
        if (round is null) return CommandResult.NotFound(Text.Get("检查计划不存在"));
        if (picks.Count == 0) return CommandResult.Invalid(Text.Get("请选择企业"));
        // Cut short, a stored message would no longer read as one: a reason that does not fit is refused whole.
        if (picks.Any(p => p.Reason?.Trim().Length > InspectionRecord.MaxSelectionReason)) return CommandResult.Invalid(Text.Format("选取理由不能超过 {0} 个字", InspectionRecord.MaxSelectionReason));
        var ids = picks.Select(p => p.EnterpriseId).Distinct().ToList();
        if (await db.Enterprises.CountAsync(e => ids.Contains(e.Id), ct) != ids.Count) return CommandResult.Invalid(Text.Get("企业不存在"));
        var taken = await db.InspectionRecords.Where(r => r.RoundId == roundId && ids.Contains(r.EnterpriseId)).Select(r => r.EnterpriseId).ToListAsync(ct);
        var items = await db.ChecklistItems.AsNoTracking().Where(i => i.TemplateId == round.TemplateId).OrderBy(i => i.Position).ToListAsync(ct);
        foreach (var pick in picks.Where(p => !taken.Contains(p.EnterpriseId)).DistinctBy(p => p.EnterpriseId))
        {
            var record = new InspectionRecord { RoundId = roundId, EnterpriseId = pick.EnterpriseId, SelectionReason = string.IsNullOrWhiteSpace(pick.Reason) ? null : pick.Reason.Trim() };
            record.Answers.AddRange(items.Select(i => new InspectionAnswer
            {
                RecordId = record.Id, Position = i.Position, Section = i.Section, Text = i.Text, Kind = i.Kind, MaxPoints = i.MaxPoints,
                FailRequiresNote = i.FailRequiresNote, FailRequiresPhoto = i.FailRequiresPhoto, FailRaisesFinding = i.FailRaisesFinding,
            }));
            db.InspectionRecords.Add(record);
        }
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    public static bool IsTeamMember(ClaimsPrincipal user, InspectionRound round) => round.Team.Any(m => m.UserId == user.UserId());

    /// <summary>The cited report, when a module knows it as a report of this enterprise.</summary>
    public async Task<CitedReport?> CiteAsync(Guid enterpriseId, string number, CancellationToken ct)
    {
        if (number.Length > 20) return null;
        foreach (var source in reports)
            if (await source.FindAsync(enterpriseId, number, ct) is { } found) return found;
        return null;
    }

    /// <summary>
    /// Saves the answers of a record (a draft may be partial); on submit every item must be answered and
    /// every failed item must meet its rules, the score is computed, and each failed item that raises a
    /// finding, and each finding added by hand, becomes a finding with a corrective action for the
    /// enterprise. All or nothing.
    /// </summary>
    public async Task<CommandResult> SaveAsync(ClaimsPrincipal user, Guid recordId, int version, DateOnly? visitedOn, string? conclusion,
        IReadOnlyList<AnswerInput> answers, IReadOnlyDictionary<Guid, StoredFileRef> photos, IReadOnlyList<FindingInput> extraFindings, bool submit, CancellationToken ct)
    {
        var record = await db.InspectionRecords.Include(r => r.Answers).Include(r => r.Findings).SingleOrDefaultAsync(r => r.Id == recordId, ct);
        if (record is null) return CommandResult.NotFound(Text.Get("检查记录不存在"));
        var round = await db.InspectionRounds.Include(r => r.Team).AsNoTracking().SingleAsync(r => r.Id == record.RoundId, ct);
        if (!user.IsInRole(Roles.ZoneAdmin) && !IsTeamMember(user, round)) return CommandResult.Forbidden(Text.Get("只有检查组成员可以填写检查记录"));
        if (record.State is RecordState.Submitted or RecordState.Signed) return CommandResult.Invalid(Text.Get("检查记录已提交，不能修改"));
        if (record.Version != version) return CommandResult.Conflict(Text.Get("该记录已被他人修改，请刷新后重试"));
        if (visitedOn is { } visited && (visited > clock.Today || visited < round.StartOn)) return CommandResult.Invalid(Text.Get("检查日期应在计划开始之后且不晚于今天"));

        var byId = answers.ToDictionary(a => a.AnswerId);
        foreach (var answer in record.Answers)
        {
            if (!byId.TryGetValue(answer.Id, out var input)) continue;
            answer.Result = input.Result;
            answer.Points = answer.Kind == ItemKind.Points && input.Result == ItemResult.Fail ? Math.Min(input.Points ?? 0, answer.MaxPoints) : input.Points;
            answer.Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
            answer.ReportNumber = string.IsNullOrWhiteSpace(input.ReportNumber) ? null : input.ReportNumber.Trim().ToUpperInvariant();
            if (answer.ReportNumber is { } cited && await CiteAsync(record.EnterpriseId, cited, ct) is null)
                return CommandResult.Invalid(Text.Format("第 {0} 项：检测报告“{1}”不存在，或不是被检查企业的报告", answer.Position, cited));
            if (photos.TryGetValue(answer.Id, out var photo)) (answer.PhotoSha256, answer.PhotoFileName, answer.PhotoContentType) = (photo.Sha256, photo.FileName, photo.ContentType);
            if (answer.Kind == ItemKind.Points && answer.Result == ItemResult.Pass && answer.Points is null) answer.Points = answer.MaxPoints;
            if (answer.Points is { } points && (points < 0 || points > answer.MaxPoints))
                return CommandResult.Invalid(Text.Format("第 {0} 项：得分应在 0 到 {1} 之间", answer.Position, answer.MaxPoints));
        }
        record.VisitedOn = visitedOn ?? record.VisitedOn;
        record.Conclusion = string.IsNullOrWhiteSpace(conclusion) ? record.Conclusion : conclusion.Trim();
        record.State = RecordState.InProgress;
        record.Version++;

        if (submit)
        {
            if (record.VisitedOn is null) return CommandResult.Invalid(Text.Get("请填写检查日期"));
            foreach (var answer in record.Answers.OrderBy(a => a.Position))
            {
                if (answer.Result is null) return CommandResult.Invalid(Text.Format("第 {0} 项未填写检查结果", answer.Position));
                if (answer.Result != ItemResult.Fail) continue;
                if (answer.FailRequiresNote && answer.Note is null) return CommandResult.Invalid(Text.Format("第 {0} 项不符合，须填写问题说明", answer.Position));
                if (answer.FailRequiresPhoto && answer.PhotoSha256 is null) return CommandResult.Invalid(Text.Format("第 {0} 项不符合，须拍照取证", answer.Position));
            }
            var manual = extraFindings.Where(f => !string.IsNullOrWhiteSpace(f.Description)).ToList();
            if (manual.Any(f => f.Severity is null)) return CommandResult.Invalid(Text.Get("请选择发现问题的严重程度"));
            var applicable = record.Answers.Where(a => a.Result != ItemResult.NotApplicable).ToList();
            record.MaxScore = applicable.Sum(a => a.MaxPoints);
            record.Score = applicable.Sum(a => a.Result == ItemResult.Fail ? (a.Kind == ItemKind.Points ? a.Points ?? 0 : 0) : a.Kind == ItemKind.Points ? a.Points ?? a.MaxPoints : a.MaxPoints);
            record.State = RecordState.Submitted;
            record.SubmittedBy = user.DisplayName();
            record.SubmittedAt = time.GetUtcNow();

            var owner = user.DepartmentId() ?? await ZoneOfficeAsync(ct);
            var raised = record.Answers.Where(a => a.Result == ItemResult.Fail && a.FailRaisesFinding).OrderBy(a => a.Position)
                .Select(a => (AnswerId: (Guid?)a.Id, Description: $"{a.Section}：{a.Text}" + (a.Note is null ? "" : $" —— {a.Note}"), Severity: byId.GetValueOrDefault(a.Id)?.Severity ?? ActionSeverity.Minor))
                .Concat(manual.Select(f => (AnswerId: (Guid?)null, Description: f.Description!.Trim(), Severity: f.Severity!.Value))).ToList();
            var created = new List<CorrectiveAction>();
            foreach (var (answerId, description, severity) in raised)
            {
                var finding = new InspectionFinding { RecordId = record.Id, EnterpriseId = record.EnterpriseId, AnswerId = answerId, Description = Text.Shorten(description, 2000), Severity = severity, CreatedAt = time.GetUtcNow() };
                var action = await actions.NewAsync(new ActionInput(ActionSource.InspectionFinding, round.Title, record.EnterpriseId, owner,
                    Text.Shorten(description, 300), description, severity, record.VisitedOn.Value.AddDays(ActionLabels.DefaultDays(severity))), user.DisplayName(), ct, findingId: finding.Id);
                finding.ActionId = action.Id;
                record.Findings.Add(finding);
                created.Add(action);
            }
            await actions.NotifyAssignedAsync(created, ct);
        }
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return CommandResult.Conflict(Text.Get("该记录已被他人修改，请刷新后重试")); }
        return CommandResult.Ok;
    }

    /// <summary>A team member signs a submitted record; it is final once the whole team has signed.</summary>
    public async Task<CommandResult> SignAsync(ClaimsPrincipal user, Guid recordId, CancellationToken ct)
    {
        var record = await db.InspectionRecords.Include(r => r.Signatures).SingleOrDefaultAsync(r => r.Id == recordId, ct);
        if (record is null) return CommandResult.NotFound(Text.Get("检查记录不存在"));
        var round = await db.InspectionRounds.Include(r => r.Team).AsNoTracking().SingleAsync(r => r.Id == record.RoundId, ct);
        var member = round.Team.FirstOrDefault(m => m.UserId == user.UserId());
        if (member is null) return CommandResult.Forbidden(Text.Get("只有检查组成员可以会签"));
        if (record.State != RecordState.Submitted) return CommandResult.Invalid(Text.Get("检查记录提交后才能会签"));
        if (record.Signatures.Any(s => s.UserId == member.UserId)) return CommandResult.Invalid(Text.Get("您已会签"));
        var department = await db.Departments.Where(d => d.Id == member.DepartmentId).Select(d => d.NameZh).SingleAsync(ct);
        record.Signatures.Add(new InspectionSignature { RecordId = record.Id, UserId = member.UserId, Name = member.Name, Department = department, SignedAt = time.GetUtcNow() });
        if (round.Team.All(m => m.UserId == member.UserId || record.Signatures.Any(s => s.UserId == m.UserId))) record.State = RecordState.Signed;
        record.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>The office's department: what a member without a department of their own (the office's staff) stands for.</summary>
    private Task<Guid?> ZoneOfficeAsync(CancellationToken ct) => db.Departments.Where(d => d.Code == "zone-office").Select(d => (Guid?)d.Id).SingleOrDefaultAsync(ct);
}
