using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Features.Notifications;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Association;

public sealed record MemberInput(Guid? EnterpriseId, MemberLevel Level, DateOnly? JoinedOn, DateOnly? LeftOn, bool ModelEnterprise, string? ModelReason);
public sealed record FeeInput(int Year, decimal Amount, DateOnly? PaidOn, string? Receipt);
public sealed record ComplaintInput(ComplaintSource Source, string? ReporterName, string? ReporterContact, string? EnterpriseNamed, string? Subject, string? Content);

/// <summary>How a complaint is handled: its next state, the conclusion, a corrective action when substantiated, sharing with the enterprise.</summary>
public sealed record ComplaintHandling(ComplaintState State, Guid? EnterpriseId, bool? Substantiated, string? Conclusion, bool OpenAction, ActionSeverity? Severity, DateOnly? ActionDueOn, bool Share);

/// <summary>A line of the register: the member, its level, this year's fee, the convention's current version signed, model enterprise.</summary>
public sealed record MemberRow(Guid Id, Guid EnterpriseId, string Enterprise, MemberLevel Level, DateOnly JoinedOn, bool Active, bool FeePaid, bool SignedCurrent, bool ModelEnterprise, string? ModelReason);

/// <summary>
/// The association's self-discipline work (task 7): the membership register with fees and model enterprises,
/// the self-discipline convention signed by its members version by version (as the commitment letters are),
/// and complaints and reports handled to a conclusion without exposing who made them.
/// </summary>
public sealed class AssociationCommands(AppDbContext db, ActionCommands actions, NotificationService notifications, ZoneClock clock, TimeProvider time)
{
    // ——— membership ———

    public async Task<List<MemberRow>> MembersAsync(CancellationToken ct)
    {
        var year = clock.Today.Year;
        var current = await db.ConventionVersions.MaxAsync(c => (int?)c.Version, ct) ?? 0;
        var rows = await (from m in db.Memberships.AsNoTracking()
                          join e in db.Enterprises.AsNoTracking() on m.EnterpriseId equals e.Id
                          select new
                          {
                              m.Id, m.EnterpriseId, e.NameZh, m.Level, m.JoinedOn, m.LeftOn, m.ModelEnterprise, m.ModelReason,
                              FeePaid = m.Fees.Any(f => f.Year == year),
                              Signed = db.ConventionSignatures.Any(s => s.EnterpriseId == m.EnterpriseId && s.Version == current),
                          }).ToListAsync(ct);
        // By level as the association ranks them (the column holds the level's name, which sorts alphabetically), then by name.
        return rows.OrderBy(r => r.Level).ThenBy(r => r.NameZh, StringComparer.Ordinal)
            .Select(r => new MemberRow(r.Id, r.EnterpriseId, r.NameZh, r.Level, r.JoinedOn, r.LeftOn is null, r.FeePaid, r.Signed, r.ModelEnterprise, r.ModelReason)).ToList();
    }

    public Task<Membership?> MembershipAsync(Guid enterpriseId, CancellationToken ct) =>
        db.Memberships.AsNoTracking().Include(m => m.Fees.OrderByDescending(f => f.Year)).SingleOrDefaultAsync(m => m.EnterpriseId == enterpriseId, ct);

    public async Task<(CommandResult Result, Guid? Id)> SaveMemberAsync(Guid? id, MemberInput input, CancellationToken ct)
    {
        if (input.JoinedOn is not { } joined || joined > clock.Today) return (CommandResult.Invalid(Text.Get("请填写入会日期（不晚于今天）")), null);
        if (input.LeftOn is { } left && left < joined) return (CommandResult.Invalid(Text.Get("退会日期不能早于入会日期")), null);
        if (input.ModelEnterprise && string.IsNullOrWhiteSpace(input.ModelReason)) return (CommandResult.Invalid(Text.Get("示范企业须写明示范理由")), null);
        if (input.ModelReason?.Trim().Length > 500) return (CommandResult.Invalid(Text.Get("示范理由不超过 500 字")), null);
        Membership? member;
        if (id is { } existing)
        {
            member = await db.Memberships.SingleOrDefaultAsync(m => m.Id == existing, ct);
            if (member is null) return (CommandResult.NotFound(Text.Get("会员不存在")), null);
        }
        else
        {
            if (input.EnterpriseId is not { } enterprise || !await db.Enterprises.AnyAsync(e => e.Id == enterprise, ct)) return (CommandResult.Invalid(Text.Get("请选择企业")), null);
            if (await db.Memberships.AnyAsync(m => m.EnterpriseId == enterprise, ct)) return (CommandResult.Conflict(Text.Get("该企业已是会员")), null);
            member = new Membership { EnterpriseId = enterprise };
            db.Memberships.Add(member);
        }
        (member.Level, member.JoinedOn, member.LeftOn, member.ModelEnterprise, member.ModelReason) =
            (input.Level, joined, input.LeftOn, input.ModelEnterprise, input.ModelEnterprise ? input.ModelReason!.Trim() : null);
        member.Version++;
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, member.Id);
    }

    /// <summary>Records a year's fee, once per year.</summary>
    public async Task<CommandResult> PayAsync(Guid membershipId, FeeInput input, CancellationToken ct)
    {
        if (!await db.Memberships.AnyAsync(m => m.Id == membershipId, ct)) return CommandResult.NotFound(Text.Get("会员不存在"));
        if (input.Year < 2000 || input.Year > clock.Today.Year + 1 || input.Amount <= 0 || input.Amount > 1_000_000 || input.PaidOn is not { } paid || paid > clock.Today)
            return CommandResult.Invalid(Text.Get("请填写会费年度、金额（大于 0）和缴费日期（不晚于今天）"));
        if (input.Receipt?.Trim().Length > 50) return CommandResult.Invalid(Text.Get("收据号不超过 50 个字符"));
        if (await db.MembershipFees.AnyAsync(f => f.MembershipId == membershipId && f.Year == input.Year, ct))
            return CommandResult.Conflict(Text.Format("{0} 年会费已登记", input.Year));
        db.MembershipFees.Add(new MembershipFee { MembershipId = membershipId, Year = input.Year, Amount = input.Amount, PaidOn = paid, Receipt = Blank(input.Receipt) });
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    // ——— the self-discipline convention ———

    public Task<ConventionVersion?> ConventionAsync(CancellationToken ct) =>
        db.ConventionVersions.AsNoTracking().OrderByDescending(c => c.Version).FirstOrDefaultAsync(ct);

    public Task<List<ConventionVersion>> ConventionVersionsAsync(CancellationToken ct) =>
        db.ConventionVersions.AsNoTracking().OrderByDescending(c => c.Version).ToListAsync(ct);

    /// <summary>Publishes a new version; every member is asked to sign it.</summary>
    public async Task<CommandResult> PublishConventionAsync(ClaimsPrincipal user, string? title, string? body, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > 100) return CommandResult.Invalid(Text.Get("请填写公约标题（不超过 100 字）"));
        if (string.IsNullOrWhiteSpace(body) || body.Trim().Length > 20000) return CommandResult.Invalid(Text.Get("请填写公约正文（不超过 20000 字）"));
        var version = (await db.ConventionVersions.MaxAsync(c => (int?)c.Version, ct) ?? 0) + 1;
        db.ConventionVersions.Add(new ConventionVersion { Version = version, Title = title.Trim(), Body = body.Trim(), PublishedBy = user.DisplayName(), PublishedAt = time.GetUtcNow() });
        var members = await db.Memberships.Where(m => m.LeftOn == null).Select(m => m.EnterpriseId).ToListAsync(ct);
        await notifications.NotifyEnterprisesAsync(members, Msg.Of("请签署行业自律公约（第 {0} 版）", version), title.Trim(), _ => "/association", ct);
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>A member enterprise signs the current version, once; the signatory is the person who signs for it.</summary>
    public async Task<CommandResult> SignAsync(ClaimsPrincipal user, string? signatory, CancellationToken ct)
    {
        if (user.EnterpriseId() is not { } enterprise) return CommandResult.Forbidden(Text.Get("只有企业可以签署公约"));
        if (string.IsNullOrWhiteSpace(signatory) || signatory.Trim().Length > 50) return CommandResult.Invalid(Text.Get("请填写签署人姓名（不超过 50 字）"));
        if (await ConventionAsync(ct) is not { } current) return CommandResult.Conflict(Text.Get("尚未发布自律公约"));
        if (!await db.Memberships.AnyAsync(m => m.EnterpriseId == enterprise && m.LeftOn == null, ct)) return CommandResult.Conflict(Text.Get("只有协会会员可以签署自律公约"));
        if (await db.ConventionSignatures.AnyAsync(s => s.EnterpriseId == enterprise && s.Version == current.Version, ct)) return CommandResult.Conflict(Text.Get("本企业已签署当前版本"));
        db.ConventionSignatures.Add(new ConventionSignature { EnterpriseId = enterprise, Version = current.Version, Signatory = signatory.Trim(), SignedBy = user.DisplayName(), SignedAt = time.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    // ——— complaints and reports ———

    /// <summary>Anyone files a complaint: what it is about and what happened (the reporter's name and contact are optional).</summary>
    public async Task<(CommandResult Result, string? Number)> ComplainAsync(ComplaintInput input, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.Subject) || input.Subject.Trim().Length > 200) return (CommandResult.Invalid(Text.Get("请填写投诉事项（不超过 200 字）")), null);
        if (string.IsNullOrWhiteSpace(input.Content) || input.Content.Trim().Length < 10 || input.Content.Trim().Length > 4000)
            return (CommandResult.Invalid(Text.Get("请填写投诉内容（10 到 4000 字），说明产品、时间和问题")), null);
        if (input.ReporterName?.Trim().Length > 50 || input.ReporterContact?.Trim().Length > 100 || input.EnterpriseNamed?.Trim().Length > 200)
            return (CommandResult.Invalid(Text.Get("姓名、联系方式或被投诉企业名称过长")), null);
        var year = clock.ToZoneTime(time.GetUtcNow()).Year;
        var prefix = $"TS-{year}-";
        var n = await NumberSequences.NextAsync(db, prefix, async c =>
            NumberSequences.Highest(await db.Complaints.Where(x => x.Number.StartsWith(prefix)).Select(x => x.Number).ToListAsync(c), prefix), ct);
        var named = Blank(input.EnterpriseNamed);
        var complaint = new Complaint
        {
            Number = $"{prefix}{n:0000}", Source = input.Source, ReporterName = Blank(input.ReporterName), ReporterContact = Blank(input.ReporterContact), EnterpriseNamed = named,
            // A name typed exactly as registered is matched at once; the association matches the others.
            EnterpriseId = named is null ? null : await db.Enterprises.Where(e => e.NameZh == named || e.NameEn == named).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct),
            Subject = input.Subject.Trim(), Content = input.Content.Trim(), ReceivedAt = time.GetUtcNow(), State = ComplaintState.Received,
        };
        db.Complaints.Add(complaint);
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, complaint.Number);
    }

    public IQueryable<Complaint> Complaints => db.Complaints.AsNoTracking();

    /// <summary>The complaints about the user's enterprise that the association shared with it.</summary>
    public IQueryable<Complaint> SharedWith(Guid enterpriseId) => db.Complaints.AsNoTracking().Where(c => c.EnterpriseId == enterpriseId && c.SharedWithEnterprise);

    /// <summary>
    /// Moves a complaint on: to investigation (naming the enterprise concerned), to a conclusion (substantiated
    /// or not, with the finding; a corrective action for the enterprise when substantiated and asked for), or
    /// dismissed with the reason. A concluded or dismissed complaint stays as it is.
    /// </summary>
    public async Task<CommandResult> HandleAsync(ClaimsPrincipal user, Guid id, ComplaintHandling input, CancellationToken ct)
    {
        var complaint = await db.Complaints.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (complaint is null) return CommandResult.NotFound(Text.Get("投诉不存在"));
        if (complaint.State is ComplaintState.Concluded or ComplaintState.Dismissed) return CommandResult.Conflict(Text.Get("该投诉已办结"));
        if (input.EnterpriseId is { } enterprise && !await db.Enterprises.AnyAsync(e => e.Id == enterprise, ct)) return CommandResult.Invalid(Text.Get("企业不存在"));
        if (input.Conclusion?.Trim().Length > 2000) return CommandResult.Invalid(Text.Get("办理结论不超过 2000 字"));
        complaint.EnterpriseId = input.EnterpriseId ?? complaint.EnterpriseId;
        switch (input.State)
        {
            case ComplaintState.Investigating when complaint.State == ComplaintState.Received:
                break;
            case ComplaintState.Dismissed:
                if (string.IsNullOrWhiteSpace(input.Conclusion)) return CommandResult.Invalid(Text.Get("不予受理须说明理由"));
                break;
            case ComplaintState.Concluded:
                if (input.Substantiated is null || string.IsNullOrWhiteSpace(input.Conclusion)) return CommandResult.Invalid(Text.Get("办结须写明是否属实和办理结论"));
                if (input.OpenAction)
                {
                    if (input.Substantiated != true || complaint.EnterpriseId is not { } concerned) return CommandResult.Invalid(Text.Get("只有属实且明确被投诉企业的投诉才能下达整改"));
                    var action = new ActionInput(ActionSource.Complaint, complaint.Number, concerned, null, Text.Format("投诉核查整改：{0}", complaint.Subject),
                        // The action carries the finding, never the reporter or their words.
                        input.Conclusion.Trim(), input.Severity ?? ActionSeverity.Minor, input.ActionDueOn);
                    if (actions.Validate(action, clock.Today) is { } error) return CommandResult.Invalid(error);
                    var created = await actions.NewAsync(action, user.DisplayName(), ct);
                    complaint.ActionId = created.Id;
                    await actions.NotifyAssignedAsync([created], ct);
                }
                (complaint.Substantiated, complaint.ConcludedAt) = (input.Substantiated, time.GetUtcNow());
                break;
            default:
                return CommandResult.Invalid(Text.Format("不能从“{0}”转为“{1}”", AssociationLabels.State(complaint.State), AssociationLabels.State(input.State)));
        }
        if (input.Share && complaint.EnterpriseId is null) return CommandResult.Invalid(Text.Get("请先确定被投诉企业"));
        (complaint.State, complaint.Handler, complaint.SharedWithEnterprise) = (input.State, user.DisplayName(), input.Share);
        if (!string.IsNullOrWhiteSpace(input.Conclusion)) complaint.Conclusion = input.Conclusion.Trim();
        complaint.Version++;
        if (input.Share && input.State is ComplaintState.Concluded)
            await notifications.NotifyEnterprisesAsync([complaint.EnterpriseId!.Value], Msg.Of("协会投诉办理结果：{0}", complaint.Subject), null, _ => "/association", ct);
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
