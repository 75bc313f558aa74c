using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Notifications;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Policies;

public sealed record PolicyInput(PolicyType Type, string? Title, string? IssuingUnit, string? DocumentNumber, DateOnly? IssuedOn, DateOnly? EffectiveOn, DateOnly? ExpiresOn,
    string? Body, bool Published, bool IsPublic, Guid? ResponsibleDepartmentId, string? Rule, AmountKind AmountKind, decimal Amount, decimal SharePercent, string? BaseCriterion,
    decimal? CapPerEnterprise, decimal? Budget, bool GrantWithoutApplication, int? Version);

/// <summary>One enterprise against one policy: whether it qualifies, every criterion with its value, and what it would receive.</summary>
public sealed record Eligibility(Guid EnterpriseId, string Enterprise, bool Eligible, IReadOnlyList<CriterionCheck> Checks, decimal? Entitlement);

/// <summary>
/// The policy register (tasks 1 and 19) and the eligibility of the zone's enterprises under each policy's rule.
/// A facilitation measure's grants follow the rule: when an enterprise no longer meets the conditions (its grade
/// drops, it is put on watch or suspended) the grant is flagged for withdrawal and the granting unit notified;
/// the unit then withdraws it, or it returns to "enjoying" when the conditions are met again.
/// </summary>
public sealed class PolicyCommands(AppDbContext db, EnterpriseFacts facts, FileStore files, NotificationService notifications, ZoneClock clock, TimeProvider time)
{
    /// <summary>Who acts on a policy's claims and grants: its responsible unit (the reviewing department, the granting unit) or the zone office.</summary>
    public static bool ActsFor(ClaimsPrincipal user, Policy policy) => user.IsInRole(Roles.ZoneAdmin) || user.DepartmentId() == policy.ResponsibleDepartmentId;

    public IQueryable<Policy> Visible(ClaimsPrincipal user) =>
        user.EnterpriseId() is not null || !PermissionCatalog.IsGranted(user, PoliciesPermissions.Eligibility)
            ? db.Policies.AsNoTracking().Where(p => p.Published)
            : db.Policies.AsNoTracking();

    public Task<Policy?> FindAsync(ClaimsPrincipal user, Guid id, CancellationToken ct) =>
        Visible(user).Include(p => p.Files).SingleOrDefaultAsync(p => p.Id == id, ct);

    public async Task<(CommandResult Result, Guid? Id)> SaveAsync(ClaimsPrincipal user, Guid? id, PolicyInput input, CancellationToken ct)
    {
        if (Validate(input) is { } error) return (CommandResult.Invalid(error), null);
        if (input.ResponsibleDepartmentId is { } dept && !await db.Departments.AnyAsync(d => d.Id == dept, ct))
            return (CommandResult.Invalid(Text.Get("负责单位不存在")), null);
        Policy? policy;
        if (id is null)
        {
            db.Policies.Add(policy = new Policy { Title = "", IssuingUnit = "", Body = "", CreatedBy = user.DisplayName(), CreatedAt = time.GetUtcNow() });
        }
        else
        {
            policy = await db.Policies.SingleOrDefaultAsync(p => p.Id == id, ct);
            if (policy is null) return (CommandResult.NotFound(Text.Get("政策文件不存在")), null);
            if (input.Version is { } v && v != policy.Version) return (CommandResult.Conflict(Text.Get("该文件已被他人修改，请刷新后再改")), null);
            if (policy.HasRule && input.Type != policy.Type && await db.PolicyClaims.AnyAsync(c => c.PolicyId == policy.Id, ct) | await db.MeasureGrants.AnyAsync(g => g.PolicyId == policy.Id, ct))
                return (CommandResult.Conflict(Text.Get("已有申请或享受企业，不能改变文件类型")), null);
            policy.Version++;
        }
        var hasRule = input.Type is PolicyType.Reward or PolicyType.Facilitation;
        (policy.Type, policy.Title, policy.IssuingUnit, policy.DocumentNumber) = (input.Type, input.Title!.Trim(), input.IssuingUnit!.Trim(), Blank(input.DocumentNumber));
        (policy.IssuedOn, policy.EffectiveOn, policy.ExpiresOn, policy.Body) = (input.IssuedOn!.Value, input.EffectiveOn ?? input.IssuedOn!.Value, input.ExpiresOn, input.Body!.Trim());
        (policy.Published, policy.IsPublic, policy.ResponsibleDepartmentId) = (input.Published, input.Published && input.IsPublic, input.ResponsibleDepartmentId);
        policy.Rule = hasRule ? EligibilityRule.Parse(input.Rule).Text : null;
        var reward = input.Type == PolicyType.Reward;
        (policy.AmountKind, policy.Amount, policy.SharePercent) = (input.AmountKind, reward ? input.Amount : 0, reward ? input.SharePercent : 0);
        (policy.BaseCriterion, policy.CapPerEnterprise, policy.Budget) = (reward && input.AmountKind != AmountKind.Fixed ? EnterpriseFacts.Find(input.BaseCriterion!)!.Code : null,
            reward ? input.CapPerEnterprise : null, reward ? input.Budget : null);
        policy.GrantWithoutApplication = reward && input.GrantWithoutApplication;
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, policy.Id);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>Everything wrong with a policy's input, named; the rule is parsed and type-checked here, so it never fails later.</summary>
    private static string? Validate(PolicyInput input)
    {
        if (!Enum.IsDefined(input.Type)) return Text.Get("文件类型无效");
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > 200) return Text.Get("请填写标题（不超过 200 字）");
        if (string.IsNullOrWhiteSpace(input.IssuingUnit) || input.IssuingUnit.Trim().Length > 100) return Text.Get("请填写发文单位（不超过 100 字）");
        if (input.DocumentNumber?.Trim().Length > 64) return Text.Get("文号过长");
        if (input.IssuedOn is null) return Text.Get("请填写印发日期");
        if (input.EffectiveOn is { } e && e < input.IssuedOn) return Text.Get("施行日期不能早于印发日期");
        if (input.ExpiresOn is { } x && x < (input.EffectiveOn ?? input.IssuedOn)) return Text.Get("失效日期不能早于施行日期");
        if (string.IsNullOrWhiteSpace(input.Body) || input.Body.Length > 50000) return Text.Get("请填写全文（不超过 50000 字）");
        if (input.Type is PolicyType.Reward or PolicyType.Facilitation)
        {
            if (!EligibilityRule.TryParse(input.Rule, out _, out var ruleError)) return ruleError;
            if (input.Rule!.Length > 2000) return Text.Get("条件规则过长");
            if (input.ResponsibleDepartmentId is null) return Text.Get(input.Type == PolicyType.Reward ? "请选择负责审核的部门" : "请选择给予措施的单位");
        }
        if (input.Type != PolicyType.Reward) return null;
        if (!Enum.IsDefined(input.AmountKind)) return Text.Get("奖励方式无效");
        if (input.AmountKind != AmountKind.ShareOfBase && input.Amount is <= 0 or > 100_000_000) return Text.Get("奖励金额应大于 0");
        if (input.AmountKind == AmountKind.ShareOfBase && input.SharePercent is <= 0 or > 100) return Text.Get("比例应在 0 到 100% 之间");
        if (input.AmountKind != AmountKind.Fixed && (EnterpriseFacts.Find(input.BaseCriterion ?? "") is not { Type: CriterionType.Number }))
            return Text.Format("按件或按比例的奖励须指定一个数值条件作为基数，“{0}”不是", input.BaseCriterion ?? "");
        if (input.CapPerEnterprise is <= 0) return Text.Get("单个企业上限应大于 0");
        if (input.Budget is <= 0) return Text.Get("预算应大于 0");
        return null;
    }

    public async Task<CommandResult> AttachAsync(Guid id, Stream content, string fileName, CancellationToken ct)
    {
        var policy = await db.Policies.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (policy is null) return CommandResult.NotFound(Text.Get("政策文件不存在"));
        try
        {
            var stored = await files.SaveAsync(content, fileName, ct);
            db.PolicyFiles.Add(new PolicyFile { PolicyId = id, Sha256 = stored.Sha256, FileName = stored.FileName, ContentType = stored.ContentType, UploadedAt = time.GetUtcNow() });
            await db.SaveChangesAsync(ct);
            return CommandResult.Ok;
        }
        catch (FileRejectedException ex) { return CommandResult.Invalid(ex.Message); }
    }

    /// <summary>Every enterprise of the zone (or one) against the policy's rule, eligible ones first.</summary>
    public async Task<IReadOnlyList<Eligibility>> EligibilityAsync(Policy policy, Guid? onlyEnterprise, CancellationToken ct)
    {
        if (!policy.HasRule || policy.Rule is null) return [];
        var rule = EligibilityRule.Parse(policy.Rule);
        var criteria = rule.Criteria.Select(c => c.Code).Append(policy.BaseCriterion).OfType<string>();
        var sheets = await facts.ForAsync(criteria, onlyEnterprise, ct);
        return sheets.Select(s =>
        {
            var (passed, checks) = rule.Evaluate(s.Values);
            var entitlement = policy.Type == PolicyType.Reward ? policy.Entitlement(policy.BaseCriterion is { } b ? s.Values.GetValueOrDefault(b) as decimal? : null) : (decimal?)null;
            return new Eligibility(s.Id, s.Name, passed, checks, entitlement);
        }).OrderByDescending(e => e.Eligible).ThenBy(e => e.Enterprise, StringComparer.Ordinal).ToList();
    }

    /// <summary>The policies in force that have rules, with the enterprise's standing under each (its "what do I qualify for" page).</summary>
    public async Task<IReadOnlyList<(Policy Policy, Eligibility Standing)>> StandingOfAsync(Guid enterpriseId, CancellationToken ct)
    {
        var today = clock.Today;
        var policies = (await db.Policies.AsNoTracking().Where(p => p.Published && p.Rule != null).ToListAsync(ct)).Where(p => p.InForce(today)).OrderBy(p => p.Type).ThenBy(p => p.Title, StringComparer.Ordinal);
        var result = new List<(Policy, Eligibility)>();
        foreach (var p in policies)
            if ((await EligibilityAsync(p, enterpriseId, ct)).SingleOrDefault() is { } e) result.Add((p, e));
        return result;
    }

    // ---- Trade facilitation measures (task 19) ----

    private async Task<(Policy? Measure, CommandResult? Refusal)> MeasureForAsync(ClaimsPrincipal user, Guid policyId, CancellationToken ct)
    {
        var measure = await db.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Id == policyId && p.Type == PolicyType.Facilitation, ct);
        if (measure is null) return (null, CommandResult.NotFound(Text.Get("便利化措施不存在")));
        if (!ActsFor(user, measure))
            return (null, CommandResult.Forbidden(Text.Get("只有给予该措施的单位或建设办可以操作")));
        return (measure, null);
    }

    /// <summary>Grants the measure to enterprises that meet its conditions; one that does not is refused with the failing criteria.</summary>
    public async Task<CommandResult> GrantAsync(ClaimsPrincipal user, Guid policyId, IReadOnlyCollection<Guid> enterpriseIds, CancellationToken ct)
    {
        var (measure, refusal) = await MeasureForAsync(user, policyId, ct);
        if (refusal is not null) return refusal;
        if (!measure!.InForce(clock.Today)) return CommandResult.Conflict(Text.Get("该措施未发布或不在有效期内"));
        if (enterpriseIds.Count == 0) return CommandResult.Invalid(Text.Get("请选择企业"));
        var standing = (await EligibilityAsync(measure, null, ct)).ToDictionary(e => e.EnterpriseId);
        var existing = await db.MeasureGrants.Where(g => g.PolicyId == policyId && enterpriseIds.Contains(g.EnterpriseId)).ToListAsync(ct);
        foreach (var id in enterpriseIds.Distinct())
        {
            if (!standing.TryGetValue(id, out var e)) return CommandResult.Invalid(Text.Get("企业不在区内"));
            if (!e.Eligible) return CommandResult.Invalid(Text.Format("{0} 不符合条件：{1}", e.Enterprise, EligibilityText.Failing(e.Checks)));
            var grant = existing.SingleOrDefault(g => g.EnterpriseId == id);
            if (grant is { State: not GrantState.Withdrawn }) return CommandResult.Conflict(Text.Format("{0} 已在享受该措施", e.Enterprise));
            if (grant is null) db.MeasureGrants.Add(grant = new MeasureGrant { PolicyId = policyId, EnterpriseId = id, GrantedBy = "" });
            (grant.State, grant.GrantedOn, grant.GrantedBy, grant.FlaggedAt, grant.FlagReason, grant.WithdrawnOn, grant.WithdrawnBy) =
                (GrantState.Active, clock.Today, user.DisplayName(), null, null, null, null);
            grant.Version++;
        }
        await db.SaveChangesAsync(ct);
        await notifications.NotifyEnterprisesAsync(enterpriseIds, Msg.Of("已享受便利化措施：{0}", measure.Title), null, _ => $"/policies/{policyId}", ct);
        return CommandResult.Ok;
    }

    public async Task<CommandResult> WithdrawAsync(ClaimsPrincipal user, Guid policyId, Guid enterpriseId, CancellationToken ct)
    {
        var (measure, refusal) = await MeasureForAsync(user, policyId, ct);
        if (refusal is not null) return refusal;
        var grant = await db.MeasureGrants.SingleOrDefaultAsync(g => g.PolicyId == policyId && g.EnterpriseId == enterpriseId, ct);
        if (grant is null || grant.State == GrantState.Withdrawn) return CommandResult.NotFound(Text.Get("该企业没有在享受该措施"));
        (grant.State, grant.WithdrawnOn, grant.WithdrawnBy) = (GrantState.Withdrawn, clock.Today, user.DisplayName());
        grant.Version++;
        await db.SaveChangesAsync(ct);
        await notifications.NotifyEnterprisesAsync([enterpriseId], Msg.Of("便利化措施已撤销：{0}", measure!.Title), grant.FlagReason is { } flag ? EligibilityText.Message(flag).Store() : null, _ => $"/policies/{policyId}", ct);
        return CommandResult.Ok;
    }

    /// <summary>
    /// Re-checks the enjoyed measures (of one enterprise, or all) against their conditions: a grant whose enterprise
    /// no longer qualifies is flagged for withdrawal and its granting unit notified once; a flagged grant whose
    /// enterprise qualifies again returns to active. Called when an enterprise's state or grade changes, and daily.
    /// </summary>
    public async Task<int> ReviewGrantsAsync(Guid? enterpriseId, CancellationToken ct)
    {
        var grants = await db.MeasureGrants.Where(g => g.State != GrantState.Withdrawn && (enterpriseId == null || g.EnterpriseId == enterpriseId)).ToListAsync(ct);
        if (grants.Count == 0) return 0;
        var measures = await db.Policies.AsNoTracking().Where(p => grants.Select(g => g.PolicyId).Distinct().Contains(p.Id)).ToListAsync(ct);
        var flagged = 0;
        foreach (var measure in measures)
        {
            var standing = (await EligibilityAsync(measure, enterpriseId, ct)).ToDictionary(e => e.EnterpriseId);
            foreach (var grant in grants.Where(g => g.PolicyId == measure.Id))
            {
                // An enterprise that has left the zone has no fact sheet: it no longer qualifies.
                var e = standing.GetValueOrDefault(grant.EnterpriseId);
                if (e is { Eligible: true })
                {
                    if (grant.State == GrantState.FlaggedForWithdrawal) (grant.State, grant.FlaggedAt, grant.FlagReason) = (GrantState.Active, null, null);
                    continue;
                }
                if (grant.State == GrantState.FlaggedForWithdrawal) continue;
                var name = e?.Enterprise ?? await db.Enterprises.Where(x => x.Id == grant.EnterpriseId).Select(x => x.NameZh).SingleAsync(ct);
                // Kept as the failing checks, so each reader sees them in their own language.
                var snapshot = EligibilityText.Snapshot(e?.Checks.Where(c => !c.Passed) ?? []);
                var reason = EligibilityText.Message(snapshot).Store();
                (grant.State, grant.FlaggedAt, grant.FlagReason) = (GrantState.FlaggedForWithdrawal, time.GetUtcNow(), snapshot);
                flagged++;
                if (measure.ResponsibleDepartmentId is { } unit)
                    await notifications.NotifyDepartmentAsync(unit, Msg.Of("便利化措施待撤销：{0} 已不符合“{1}”的条件", name, measure.Title), reason, $"/policies/{measure.Id}", ct);
                await notifications.NotifyRoleAsync(Roles.ZoneAdmin, Msg.Of("便利化措施待撤销：{0} 已不符合“{1}”的条件", name, measure.Title), reason, $"/policies/{measure.Id}", ct);
            }
        }
        await db.SaveChangesAsync(ct);
        return flagged;
    }

    /// <summary>The grants of a measure (an enterprise: its own), those flagged for withdrawal first, with the reason in the reader's language.</summary>
    public async Task<List<GrantRow>> GrantsAsync(Guid policyId, Guid? enterpriseId, CancellationToken ct) =>
        (await (from g in db.MeasureGrants.AsNoTracking()
                join e in db.Enterprises.AsNoTracking() on g.EnterpriseId equals e.Id
                where g.PolicyId == policyId && (enterpriseId == null || g.EnterpriseId == enterpriseId)
                select new GrantRow(g.EnterpriseId, e.NameZh, g.State, g.GrantedOn, g.GrantedBy, g.FlaggedAt, g.FlagReason, g.WithdrawnOn)).ToListAsync(ct))
            .Select(g => g with { FlagReason = EligibilityText.Describe(g.FlagReason) })
            .OrderBy(g => g.State switch { GrantState.FlaggedForWithdrawal => 0, GrantState.Active => 1, _ => 2 }).ThenBy(g => g.Enterprise, StringComparer.Ordinal).ToList();
}

public sealed record GrantRow(Guid EnterpriseId, string Enterprise, GrantState State, DateOnly GrantedOn, string GrantedBy, DateTimeOffset? FlaggedAt, string? FlagReason, DateOnly? WithdrawnOn);
