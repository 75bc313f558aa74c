using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Notifications;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Portal;

public sealed record ImpactInput(ImpactLevel? Level, string? Description, decimal? AffectedExportsWanUsd);

/// <summary>The TBT response: open a case for a notification, collect impacts by the deadline, consolidate, send, record the outcome.</summary>
public sealed class TbtCommands(AppDbContext db, NotificationService notifications, ZoneClock clock, TimeProvider time)
{
    /// <summary>Opens the case; the enterprises alerted of the notification are invited and told the deadline, which must come before the final date for comments.</summary>
    public async Task<(CommandResult Result, Guid? Id)> OpenAsync(ClaimsPrincipal user, Guid noticeId, DateOnly? impactDeadline, CancellationToken ct)
    {
        var notice = await db.Notices.AsNoTracking().SingleOrDefaultAsync(n => n.Id == noticeId && n.Type == NoticeType.TbtNotification, ct);
        if (notice is null) return (CommandResult.NotFound(Text.Get("TBT 通报不存在")), null);
        if (await db.TbtCases.AnyAsync(c => c.NoticeId == noticeId, ct)) return (CommandResult.Conflict(Text.Get("该通报已有应对案例")), null);
        if (impactDeadline is not { } deadline || deadline < clock.Today) return (CommandResult.Invalid(Text.Get("请填写影响反馈截止日期（不早于今天）")), null);
        if (notice.CommentDeadline is { } final && deadline >= final) return (CommandResult.Invalid(Text.Format("影响反馈截止日期应早于评议截止日期 {0:yyyy-MM-dd}", final)), null);
        var invited = await db.NoticeAlerts.Where(a => a.NoticeId == noticeId).Select(a => a.EnterpriseId).Distinct().ToListAsync(ct);
        var @case = new TbtCase { NoticeId = noticeId, ImpactDeadline = deadline, OpenedBy = user.DisplayName(), OpenedAt = time.GetUtcNow() };
        @case.Invitations.AddRange(invited.Select(e => new TbtInvitation { CaseId = @case.Id, EnterpriseId = e }));
        db.TbtCases.Add(@case);
        await db.SaveChangesAsync(ct);
        if (invited.Count > 0)
            await notifications.NotifyEnterprisesAsync(invited, Msg.Of("请反馈 TBT 通报 {0} 对本企业的影响", notice.Reference ?? notice.Title),
                Msg.Of("请于 {0:yyyy-MM-dd} 前填写影响评估，协会将汇总形成评议意见。", deadline).Store(), _ => $"/portal/tbt/{@case.Id}", ct);
        return (CommandResult.Ok, @case.Id);
    }

    /// <summary>An invited enterprise states its impact, until the deadline (once; a later statement replaces it).</summary>
    public async Task<CommandResult> StateImpactAsync(ClaimsPrincipal user, Guid caseId, ImpactInput input, CancellationToken ct)
    {
        var @case = await db.TbtCases.Include(c => c.Invitations).Include(c => c.Impacts).SingleOrDefaultAsync(c => c.Id == caseId, ct);
        if (@case is null || user.EnterpriseId() is not { } enterprise || @case.Invitations.All(i => i.EnterpriseId != enterprise)) return CommandResult.NotFound(Text.Get("应对案例不存在"));
        if (@case.State != TbtCaseState.Collecting || clock.Today > @case.ImpactDeadline) return CommandResult.Invalid(Text.Format("影响反馈已于 {0:yyyy-MM-dd} 截止", @case.ImpactDeadline));
        if (input.Level is null || string.IsNullOrWhiteSpace(input.Description)) return CommandResult.Invalid(Text.Get("请选择影响程度并说明影响"));
        if (input.AffectedExportsWanUsd is < 0) return CommandResult.Invalid(Text.Get("金额不能为负"));
        @case.Impacts.RemoveAll(i => i.EnterpriseId == enterprise);
        @case.Impacts.Add(new ImpactStatement { CaseId = caseId, EnterpriseId = enterprise, Level = input.Level.Value, Description = input.Description.Trim(), AffectedExportsWanUsd = input.AffectedExportsWanUsd, SubmittedBy = user.DisplayName(), SubmittedAt = time.GetUtcNow() });
        @case.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    public async Task<CommandResult> ConsolidateAsync(Guid caseId, string? comment, CancellationToken ct)
    {
        var @case = await db.TbtCases.SingleOrDefaultAsync(c => c.Id == caseId, ct);
        if (@case is null) return CommandResult.NotFound(Text.Get("应对案例不存在"));
        if (@case.State is not (TbtCaseState.Collecting or TbtCaseState.Consolidated)) return CommandResult.Invalid(Text.Get("评议意见已提交"));
        if (string.IsNullOrWhiteSpace(comment)) return CommandResult.Invalid(Text.Get("请填写评议意见"));
        (@case.Comment, @case.State) = (comment.Trim(), TbtCaseState.Consolidated);
        @case.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>Records that the comment went out — before the final date for comments — and to whom.</summary>
    public async Task<CommandResult> SendAsync(Guid caseId, DateOnly? sentOn, string? sentTo, CancellationToken ct)
    {
        var @case = await db.TbtCases.SingleOrDefaultAsync(c => c.Id == caseId, ct);
        if (@case is null) return CommandResult.NotFound(Text.Get("应对案例不存在"));
        if (@case.State != TbtCaseState.Consolidated) return CommandResult.Invalid(Text.Get("请先汇总评议意见"));
        if (sentOn is not { } on || on > clock.Today || string.IsNullOrWhiteSpace(sentTo)) return CommandResult.Invalid(Text.Get("请填写提交日期（不晚于今天）和提交对象"));
        var final = await db.Notices.Where(n => n.Id == @case.NoticeId).Select(n => n.CommentDeadline).SingleAsync(ct);
        if (final is { } deadline && on > deadline) return CommandResult.Invalid(Text.Format("提交日期晚于评议截止日期 {0:yyyy-MM-dd}", deadline));
        (@case.SentOn, @case.SentTo, @case.State) = (on, sentTo.Trim(), TbtCaseState.Sent);
        @case.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    public async Task<CommandResult> CloseAsync(Guid caseId, string? outcome, CancellationToken ct)
    {
        var @case = await db.TbtCases.SingleOrDefaultAsync(c => c.Id == caseId, ct);
        if (@case is null) return CommandResult.NotFound(Text.Get("应对案例不存在"));
        if (@case.State != TbtCaseState.Sent) return CommandResult.Invalid(Text.Get("评议意见提交后才能结案"));
        if (string.IsNullOrWhiteSpace(outcome)) return CommandResult.Invalid(Text.Get("请填写应对结果"));
        (@case.Outcome, @case.State) = (outcome.Trim(), TbtCaseState.Closed);
        @case.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>The consolidated comment as a Word document: the notification, the impacts reported, the comment.</summary>
    public async Task<byte[]?> CommentDocumentAsync(Guid caseId, CancellationToken ct)
    {
        var @case = await db.TbtCases.AsNoTracking().Include(c => c.Impacts).SingleOrDefaultAsync(c => c.Id == caseId, ct);
        if (@case is null) return null;
        var notice = await db.Notices.AsNoTracking().SingleAsync(n => n.Id == @case.NoticeId, ct);
        var ids = @case.Impacts.Select(i => i.EnterpriseId).ToList();
        var names = await db.Enterprises.AsNoTracking().Where(e => ids.Contains(e.Id)).Select(e => new { e.Id, e.NameZh }).ToDictionaryAsync(e => e.Id, e => e.NameZh, ct);
        return new WordDocument()
            .Title(Text.Format("关于 {0} 的评议意见", notice.Reference ?? notice.Title))
            .Body(Text.Format("通报成员：{0}　评议截止日期：{1:yyyy-MM-dd}", Reference.ReferenceData.MemberName(notice.Country), notice.CommentDeadline))
            .Body(notice.Title)
            .Heading(Text.Get("示范区企业影响评估"))
            .Table([Text.Get("企业"), Text.Get("影响程度"), Text.Get("涉及出口（万美元）"), Text.Get("影响说明")],
                @case.Impacts.OrderByDescending(i => i.Level).Select(i => (IReadOnlyList<string>)[names.GetValueOrDefault(i.EnterpriseId, ""), TbtLabels.Impact(i.Level), i.AffectedExportsWanUsd?.ToString("0.##") ?? "—", i.Description]))
            .Heading(Text.Get("评议意见"))
            .Body(@case.Comment ?? Text.Get("（尚未汇总）"))
            .Gap().Right(Text.Get("奉化区气动行业协会"))
            .ToBytes();
    }
}
