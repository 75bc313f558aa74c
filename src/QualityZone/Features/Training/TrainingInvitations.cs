using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Commitments;
using QualityZone.Features.Notifications;
using QualityZone.Features.Portal;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Training;

/// <summary>An enterprise the platform proposes to invite, with the reasons drawn from its own record.</summary>
public sealed record InvitationProposal(Guid EnterpriseId, string Enterprise, [property: System.Text.Json.Serialization.JsonIgnore] IReadOnlyList<Msg> Messages, bool Invited)
{
    /// <summary>Why the enterprise is proposed, in the reader's language.</summary>
    public IReadOnlyList<string> Reasons => Messages.Select(m => m.Render()).ToList();
}

/// <summary>
/// Targeted invitations (task 18): who should attend a session, from the zone's own data — enterprises whose
/// joint-inspection findings on the session's subject recur (two or more in two years: incoming inspection,
/// calibration, traceability…), and, for sessions on foreign standards, TBT or export compliance, enterprises
/// the portal matched to a foreign regulation, standard or TBT notification in the last six months. The
/// organizer sends the chosen invitations in one step; each enterprise is notified with its reason.
/// </summary>
public sealed class TrainingInvitations(AppDbContext db, NotificationService notifications, TimeProvider time)
{
    /// <summary>Findings of a subject that count as recurring: this many in the look-back window.</summary>
    public const int RecurringFindings = 2;

    /// <summary>The words of a checklist section or item that belong to each subject (the zone checklist of task 12).</summary>
    // <data>
    private static readonly IReadOnlyDictionary<TrainingTopic, string[]> FindingWords = new Dictionary<TrainingTopic, string[]>
    {
        [TrainingTopic.QualityManagement] = ["质量控制体系", "不合格品", "作业指导书"],
        [TrainingTopic.Traceability] = ["追溯", "质量档案", "台帐", "投料"],
        [TrainingTopic.Laboratory] = ["检测能力", "校准", "检定", "出厂检验", "进货检验"],
        [TrainingTopic.ExportCompliance] = ["出口质量月报", "境外退运", "报关单"],
        [TrainingTopic.ForeignStandards] = ["目标市场", "技术法规", "型式试验"],
        [TrainingTopic.Tbt] = ["目标市场", "技术法规"],
        [TrainingTopic.SiteVisit] = ["质量控制体系", "追溯"],
    };
    // </data>

    private static readonly NoticeType[] RuleNotices = [NoticeType.Standard, NoticeType.Regulation, NoticeType.TbtNotification];

    public async Task<List<InvitationProposal>> ProposeAsync(Guid sessionId, CancellationToken ct)
    {
        var session = await db.TrainingSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return [];
        var now = time.GetUtcNow();
        var reasons = new Dictionary<Guid, List<Msg>>();
        void Add(Guid enterprise, Msg reason) => (reasons.TryGetValue(enterprise, out var list) ? list : reasons[enterprise] = []).Add(reason);

        var words = FindingWords[session.Topic];
        var since = now.AddYears(-2);
        var findings = await (from f in db.InspectionFindings.AsNoTracking()
                              join a in db.InspectionAnswers.AsNoTracking() on f.AnswerId equals a.Id
                              where f.CreatedAt >= since
                              select new { f.EnterpriseId, a.Section, a.Text, f.CreatedAt }).ToListAsync(ct);
        foreach (var g in findings.Where(f => words.Any(w => f.Section.Contains(w) || f.Text.Contains(w))).GroupBy(f => f.EnterpriseId).Where(g => g.Count() >= RecurringFindings))
        {
            var latest = g.MaxBy(f => f.CreatedAt)!;
            Add(g.Key, Msg.Of("近两年联合检查在本主题方面发现问题 {0} 项（最近一项：{1}）", g.Count(), latest.Section));
        }

        if (session.Topic is TrainingTopic.ForeignStandards or TrainingTopic.Tbt or TrainingTopic.ExportCompliance)
        {
            var recent = now.AddMonths(-6);
            var alerts = await (from a in db.NoticeAlerts.AsNoTracking()
                                join n in db.Notices.AsNoTracking() on a.NoticeId equals n.Id
                                where a.CreatedAt >= recent && RuleNotices.Contains(n.Type)
                                select new { a.EnterpriseId, n.Title, a.Reason, a.CreatedAt }).ToListAsync(ct);
            foreach (var g in alerts.GroupBy(a => a.EnterpriseId))
            {
                var latest = g.MaxBy(a => a.CreatedAt)!;
                // The alert's match reason is itself a stored message (HS and market), kept as one so it renders in the reader's language.
                var title = Text.Shorten(latest.Title, 80);
                var matched = (object?)Msg.Parse(latest.Reason) ?? latest.Reason;
                Add(g.Key, g.Count() == 1
                    ? Msg.Of("门户匹配到新的国外法规/标准：{0}（{1}）", title, matched)
                    : Msg.Of("门户近半年匹配到 {0} 条国外法规/标准，最近：{1}（{2}）", g.Count(), title, matched));
            }
        }

        var registered = await db.TrainingRegistrations.AsNoTracking().Where(r => r.SessionId == sessionId && r.State != RegistrationState.Cancelled).Select(r => r.EnterpriseId).Distinct().ToListAsync(ct);
        var invited = (await db.TrainingInvitations.AsNoTracking().Where(i => i.SessionId == sessionId).Select(i => i.EnterpriseId).ToListAsync(ct)).ToHashSet();
        var candidates = reasons.Keys.Except(registered).ToList();
        var names = await db.Enterprises.AsNoTracking().Where(e => candidates.Contains(e.Id) && CommitmentService.InZone.Contains(e.State))
            .Select(e => new { e.Id, e.NameZh }).ToListAsync(ct);
        return names.Select(e => new InvitationProposal(e.Id, e.NameZh, reasons[e.Id], invited.Contains(e.Id)))
            .OrderBy(p => p.Invited).ThenByDescending(p => p.Messages.Count).ThenBy(p => p.Enterprise, StringComparer.Ordinal).ToList();
    }

    /// <summary>Sends the invitations in one step, each with the proposal's reasons (or "invited by the organizer"); an enterprise already invited is not invited twice.</summary>
    public async Task<(CommandResult Result, int Sent)> InviteAsync(string invitedBy, Guid sessionId, IReadOnlyCollection<Guid> enterpriseIds, CancellationToken ct)
    {
        var session = await db.TrainingSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return (CommandResult.NotFound(Text.Get("培训不存在")), 0);
        if (session.CancelledAt is not null || time.GetUtcNow() >= session.StartsAt) return (CommandResult.Conflict(Text.Get("培训已开始或已取消，不能再邀请")), 0);
        if (enterpriseIds.Count == 0) return (CommandResult.Invalid(Text.Get("请选择要邀请的企业")), 0);
        var wanted = enterpriseIds.Distinct().ToList();
        var inZone = await db.Enterprises.AsNoTracking().Where(e => wanted.Contains(e.Id) && CommitmentService.InZone.Contains(e.State)).Select(e => e.Id).ToListAsync(ct);
        if (inZone.Count != wanted.Count) return (CommandResult.Invalid(Text.Get("只能邀请区内企业")), 0);
        var already = await db.TrainingInvitations.Where(i => i.SessionId == sessionId && wanted.Contains(i.EnterpriseId)).Select(i => i.EnterpriseId).ToListAsync(ct);
        var proposals = (await ProposeAsync(sessionId, ct)).ToDictionary(p => p.EnterpriseId);
        var now = time.GetUtcNow();
        var sending = wanted.Except(already).ToList();
        foreach (var enterprise in sending)
        {
            db.TrainingInvitations.Add(new TrainingInvitation { SessionId = sessionId, EnterpriseId = enterprise, Reason = StoredReason(proposals.GetValueOrDefault(enterprise)), InvitedBy = invitedBy, InvitedAt = now });
        }
        if (sending.Count > 0)
            await notifications.NotifyEnterprisesAsync(sending, Msg.Of("培训邀请：{0}", session.Title), Msg.Of("建设办根据贵企业的检查和预警情况，邀请贵企业派员参加。").Store(), _ => $"/training/{sessionId}", ct);
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, sending.Count);
    }

    /// <summary>The invitation of the user's enterprise to a session, if any (an enterprise sees its own only).</summary>
    public Task<TrainingInvitation?> OwnAsync(ClaimsPrincipal user, Guid sessionId, CancellationToken ct) =>
        db.TrainingInvitations.AsNoTracking().SingleOrDefaultAsync(i => i.SessionId == sessionId && i.EnterpriseId == user.EnterpriseId(), ct);

    /// <summary>The proposal's reasons as one stored message that fits the column (as many reasons as fit), or "invited by the organizer".</summary>
    private static string StoredReason(InvitationProposal? proposal)
    {
        for (var count = proposal?.Messages.Count ?? 0; count > 0; count--)
            if (Msg.List(proposal!.Messages.Take(count)).Store() is { Length: <= TrainingInvitation.MaxReason } stored) return stored;
        return Msg.Of("组织者邀请").Store();
    }
}
