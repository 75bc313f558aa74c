using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Commitments;
using QualityZone.Features.Notifications;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Laboratories;

public sealed record LabInput(Guid? EnterpriseId, string? Name, string? Scope, int Staff, string? Equipment, string? Advisor);

/// <summary>Completing a lab's current stage: the date, a note, and for accreditation the certificate.</summary>
public sealed record StageCompletion(CnasStage Stage, DateOnly? CompletedOn, string? Note, DateOnly? NextPlannedOn, string? CertificateNumber, string? CertificateScope, DateOnly? CertificateExpiry);

/// <summary>A lab in the zone's list: its stage, overdue stages and certificate.</summary>
public sealed record LabRow(Guid Id, Guid EnterpriseId, string Enterprise, string Name, CnasStage Stage, int Completed, bool Overdue, string? CertificateNumber, DateOnly? CertificateExpiry);

/// <summary>
/// CNAS guidance for enterprise laboratories (task 18, measure 2). The testing center and the departments
/// register candidate labs and record each stage as it is completed, in order and never skipping one; the
/// trial operation must have run six months (CNAS-RL01: a management system in operation at least six months
/// before the application); accreditation needs the certificate number, scope and expiry, and writes the
/// enterprise's CNAS status, which the yearly evaluation reads. Enterprises write their evidence per clause
/// of ISO/IEC 17025:2017; the advisor comments on it.
/// </summary>
public sealed class LaboratoryCommands(AppDbContext db, NotificationService notifications, ZoneClock clock, TimeProvider time)
{
    public const int TrialMonths = 6;
    public const string TargetKeyPrefix = "cnas.target.";

    public IQueryable<CandidateLab> Visible(ClaimsPrincipal user) =>
        user.EnterpriseId() is { } own ? db.CandidateLabs.AsNoTracking().Where(l => l.EnterpriseId == own) : db.CandidateLabs.AsNoTracking();

    public async Task<CandidateLab?> FindAsync(ClaimsPrincipal user, Guid id, CancellationToken ct) =>
        await Visible(user).Include(l => l.Stages.OrderBy(s => s.Stage)).Include(l => l.Clauses).AsSplitQuery().SingleOrDefaultAsync(l => l.Id == id, ct);

    public async Task<List<LabRow>> ListAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var today = clock.Today;
        var rows = await (from l in Visible(user)
                          join e in db.Enterprises.AsNoTracking() on l.EnterpriseId equals e.Id
                          orderby l.Stage descending, e.NameZh
                          select new
                          {
                              l.Id, l.EnterpriseId, e.NameZh, l.Name, l.Stage, l.CertificateNumber, l.CertificateExpiry,
                              Completed = l.Stages.Count(s => s.CompletedOn != null),
                              Overdue = l.Stages.Any(s => s.CompletedOn == null && s.PlannedOn < today),
                          }).ToListAsync(ct);
        return rows.Select(r => new LabRow(r.Id, r.EnterpriseId, r.NameZh, r.Name, r.Stage, r.Completed, r.Overdue, r.CertificateNumber, r.CertificateExpiry)).ToList();
    }

    /// <summary>The zone's labs accredited with a valid certificate, against the year's target.</summary>
    public async Task<(int Accredited, int? Target)> YearAsync(int year, CancellationToken ct)
    {
        var today = clock.Today;
        var accredited = await db.CandidateLabs.CountAsync(l => l.Stage == CnasStage.Accredited && l.CertificateExpiry >= today, ct);
        var target = await db.ZoneSettings.AsNoTracking().Where(s => s.Key == TargetKeyPrefix + year).Select(s => s.Value).SingleOrDefaultAsync(ct);
        return (accredited, int.TryParse(target, out var t) ? t : null);
    }

    public async Task<CommandResult> SetTargetAsync(int year, int target, CancellationToken ct)
    {
        if (target is < 0 or > 500) return CommandResult.Invalid(Text.Get("目标数应为 0 到 500"));
        var key = TargetKeyPrefix + year;
        var setting = await db.ZoneSettings.SingleOrDefaultAsync(s => s.Key == key, ct);
        if (setting is null) db.ZoneSettings.Add(new Settings.ZoneSetting { Key = key, Value = target.ToString(System.Globalization.CultureInfo.InvariantCulture), UpdatedAt = time.GetUtcNow() });
        else (setting.Value, setting.UpdatedAt) = (target.ToString(System.Globalization.CultureInfo.InvariantCulture), time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    public async Task<(CommandResult Result, Guid? Id)> SaveAsync(ClaimsPrincipal user, Guid? id, LabInput input, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 100) return (CommandResult.Invalid(Text.Get("请填写实验室名称（不超过 100 字）")), null);
        if (string.IsNullOrWhiteSpace(input.Scope) || input.Scope.Trim().Length > 1000) return (CommandResult.Invalid(Text.Get("请填写检测范围（不超过 1000 字）")), null);
        if (input.Staff is < 1 or > 1000) return (CommandResult.Invalid(Text.Get("检测人员数应为 1 到 1000")), null);
        if (input.Equipment?.Trim().Length > 1000 || input.Advisor?.Trim().Length > 50) return (CommandResult.Invalid(Text.Get("设备说明或辅导专家过长")), null);
        CandidateLab? lab;
        if (id is { } existing)
        {
            lab = await db.CandidateLabs.SingleOrDefaultAsync(l => l.Id == existing, ct);
            if (lab is null) return (CommandResult.NotFound(Text.Get("实验室不存在")), null);
        }
        else
        {
            if (input.EnterpriseId is not { } enterprise || !await db.Enterprises.AnyAsync(e => e.Id == enterprise && CommitmentService.InZone.Contains(e.State), ct))
                return (CommandResult.Invalid(Text.Get("请选择区内企业")), null);
            lab = new CandidateLab { EnterpriseId = enterprise, Name = "", Scope = "", CreatedBy = user.DisplayName(), CreatedAt = time.GetUtcNow() };
            lab.Stages.AddRange(Enum.GetValues<CnasStage>().Where(s => s != CnasStage.Accredited).Select(s => new LabStage { LabId = lab.Id, Stage = s }));
            lab.Clauses.AddRange(CnasLabels.Clauses.Select(c => new LabClause { LabId = lab.Id, Clause = c.Clause }));
            db.CandidateLabs.Add(lab);
        }
        (lab.Name, lab.Scope, lab.Staff, lab.Equipment, lab.Advisor) = (input.Name.Trim(), input.Scope.Trim(), input.Staff, Blank(input.Equipment), Blank(input.Advisor));
        lab.Version++;
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, lab.Id);
    }

    /// <summary>
    /// Completes the lab's current stage — only that one: a later stage is refused as skipping. The trial
    /// operation ends no earlier than six months after the documents were issued; accreditation needs the
    /// certificate number, scope and an expiry after the date, and sets the enterprise's CNAS status.
    /// </summary>
    public async Task<CommandResult> CompleteStageAsync(ClaimsPrincipal user, Guid id, StageCompletion input, CancellationToken ct)
    {
        var lab = await db.CandidateLabs.Include(l => l.Stages).SingleOrDefaultAsync(l => l.Id == id, ct);
        if (lab is null) return CommandResult.NotFound(Text.Get("实验室不存在"));
        if (lab.Stage == CnasStage.Accredited) return CommandResult.Conflict(Text.Get("该实验室已获得认可"));
        if (input.Stage != lab.Stage)
            return CommandResult.Invalid(Text.Format("当前应完成“{0}”，不能跳过或回退到“{1}”", CnasLabels.Stage(lab.Stage), CnasLabels.Stage(input.Stage)));
        if (input.CompletedOn is not { } done || done > clock.Today) return CommandResult.Invalid(Text.Get("请填写完成日期（不晚于今天）"));
        if (input.Note?.Trim().Length > 1000) return CommandResult.Invalid(Text.Get("说明不超过 1000 字"));
        var previous = lab.Stages.Where(s => s.Stage < lab.Stage).Select(s => s.CompletedOn).Max();
        if (previous is { } before && done < before) return CommandResult.Invalid(Text.Get("完成日期不能早于上一阶段"));
        if (lab.Stage == CnasStage.TrialOperation && previous is { } issued && done < issued.AddMonths(TrialMonths))
            return CommandResult.Invalid(Text.Format("体系试运行不少于 {0} 个月（管理体系文件发布于 {1}）", TrialMonths, issued.ToString("yyyy-MM-dd")));
        var stage = lab.Stages.Single(s => s.Stage == lab.Stage);
        var next = (CnasStage)((int)lab.Stage + 1);
        if (next == CnasStage.Accredited)
        {
            // The accreditation itself: the certificate (CNAS L-number), its scope and validity.
            if (string.IsNullOrWhiteSpace(input.CertificateNumber) || input.CertificateNumber.Trim().Length > 30 || string.IsNullOrWhiteSpace(input.CertificateScope)
                || input.CertificateExpiry is not { } expiry || expiry <= done)
                return CommandResult.Invalid(Text.Get("获得认可须填写认可证书编号、认可范围和晚于认可日期的有效期"));
            (lab.CertificateNumber, lab.CertificateScope, lab.CertificateExpiry, lab.AccreditedOn) = (input.CertificateNumber.Trim(), input.CertificateScope.Trim(), expiry, done);
            var enterprise = await db.Enterprises.SingleAsync(e => e.Id == lab.EnterpriseId, ct);
            (enterprise.LabCnasAccredited, enterprise.LabCnasNumber, enterprise.LabCnasExpiry) = (true, lab.CertificateNumber, expiry);
            enterprise.Version++;
            await notifications.NotifyEnterprisesAsync([lab.EnterpriseId], Msg.Of("实验室获得 CNAS 认可：{0}", lab.Name), lab.CertificateNumber, _ => $"/laboratories/{lab.Id}", ct);
        }
        else if (input.NextPlannedOn is { } planned)
        {
            if (planned < done) return CommandResult.Invalid(Text.Get("下一阶段计划日期不能早于完成日期"));
            lab.Stages.Single(s => s.Stage == next).PlannedOn = planned;
        }
        (stage.CompletedOn, stage.Note, stage.CompletedBy) = (done, Blank(input.Note), user.DisplayName());
        lab.Stage = next;
        lab.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>Sets the planned date of a stage not yet completed (overdue when passed).</summary>
    public async Task<CommandResult> PlanAsync(Guid id, CnasStage stage, DateOnly? plannedOn, CancellationToken ct)
    {
        var row = await db.LabStages.SingleOrDefaultAsync(s => s.LabId == id && s.Stage == stage, ct);
        if (row is null) return CommandResult.NotFound(Text.Get("实验室不存在"));
        if (row.CompletedOn is not null) return CommandResult.Conflict(Text.Get("该阶段已完成"));
        row.PlannedOn = plannedOn;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>
    /// One clause of a lab: the enterprise writes its evidence and state (its own lab only); the advisor writes
    /// the comment. Each writes only its part.
    /// </summary>
    public async Task<CommandResult> SaveClauseAsync(ClaimsPrincipal user, Guid id, string clause, ClauseState? state, string? evidence, string? comment, CancellationToken ct)
    {
        var row = await (from c in db.LabClauses
                         join l in db.CandidateLabs on c.LabId equals l.Id
                         where c.LabId == id && c.Clause == clause
                         select new { Clause = c, l.EnterpriseId }).SingleOrDefaultAsync(ct);
        var own = user.EnterpriseId();
        if (row is null || (own is not null && own != row.EnterpriseId)) return CommandResult.NotFound(Text.Get("条款不存在"));
        if (evidence?.Trim().Length > 2000 || comment?.Trim().Length > 2000) return CommandResult.Invalid(Text.Get("证据说明和辅导意见均不超过 2000 字"));
        if (own is not null)
        {
            if (state is null) return CommandResult.Invalid(Text.Get("请选择条款的准备状态"));
            (row.Clause.State, row.Clause.Evidence) = (state.Value, Blank(evidence));
        }
        else if (PermissionCatalog.IsGranted(user, LaboratoriesPermissions.Guide))
        {
            if (string.IsNullOrWhiteSpace(comment)) return CommandResult.Invalid(Text.Get("请填写辅导意见"));
            row.Clause.AdvisorComment = comment.Trim();
        }
        else return CommandResult.Forbidden(Text.Get("无权执行此操作"));
        (row.Clause.UpdatedBy, row.Clause.UpdatedAt) = (user.DisplayName(), time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
