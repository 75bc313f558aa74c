using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using QualityZone.Features.Notifications;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Policies;

public sealed record ClaimInput(string? Item, string? Statement);
public sealed record ClaimDecision(bool Approve, decimal? Amount, string? Reason, int? Version);
public sealed record ClaimPayment(DateOnly? PaidOn, decimal? Amount, string? VoucherNumber, int? Version);

/// <summary>A claim in a list: its policy, enterprise, state and amounts.</summary>
public sealed record ClaimRow(Guid Id, string Number, Guid PolicyId, string Policy, Guid EnterpriseId, string Enterprise, int Year, string Item, ClaimState State,
    bool GrantedWithoutApplication, decimal Entitled, decimal? ApprovedAmount, decimal? PaidAmount, DateOnly? PaidOn, string? VoucherNumber, DateTimeOffset CreatedAt);

/// <summary>A reward's money: budget, committed by approvals, paid, and what is left.</summary>
public sealed record Budget(decimal? Total, decimal Committed, decimal Paid)
{
    public decimal? Left => Total - Committed;
}

/// <summary>
/// Reward claims from application to payment: the enterprise claims a reward it qualifies for (refused with the
/// failing criteria otherwise), the policy's responsible department reviews, the zone office approves within the
/// entitlement and the budget or rejects with a reason, the finance bureau records the payment with its voucher.
/// Where the policy says so the office grants to every eligible enterprise without application (免申即享).
/// A duplicate claim for the same policy, year and item is refused (and the database's unique index refuses
/// two made at the same instant).
/// </summary>
public sealed class ClaimCommands(AppDbContext db, PolicyCommands policies, FileStore files, NotificationService notifications, ZoneClock clock, TimeProvider time)
{
    public const string FinanceDepartment = "finance";

    public IQueryable<PolicyClaim> Visible(ClaimsPrincipal user) =>
        user.EnterpriseId() is { } own ? db.PolicyClaims.AsNoTracking().Where(c => c.EnterpriseId == own) : db.PolicyClaims.AsNoTracking();

    public async Task<List<ClaimRow>> ListAsync(ClaimsPrincipal user, Guid? policyId, ClaimState? state, CancellationToken ct)
    {
        var rows = await (from c in Visible(user)
                          join p in db.Policies.AsNoTracking() on c.PolicyId equals p.Id
                          join e in db.Enterprises.AsNoTracking() on c.EnterpriseId equals e.Id
                          where (policyId == null || c.PolicyId == policyId) && (state == null || c.State == state)
                          select new ClaimRow(c.Id, c.Number, c.PolicyId, p.Title, c.EnterpriseId, e.NameZh, c.Year, c.Item, c.State, c.GrantedWithoutApplication,
                              c.Entitled, c.ApprovedAmount, c.PaidAmount, c.PaidOn, c.VoucherNumber, c.CreatedAt)).ToListAsync(ct);
        return rows.OrderBy(r => r.State == ClaimState.Paid || r.State == ClaimState.Rejected).ThenByDescending(r => r.CreatedAt).ToList();
    }

    public Task<PolicyClaim?> FindAsync(ClaimsPrincipal user, Guid id, CancellationToken ct) => Visible(user).SingleOrDefaultAsync(c => c.Id == id, ct);

    public async Task<Budget> BudgetAsync(Policy policy, CancellationToken ct)
    {
        var sums = await db.PolicyClaims.AsNoTracking().Where(c => c.PolicyId == policy.Id && (c.State == ClaimState.Approved || c.State == ClaimState.Paid))
            .GroupBy(c => 1).Select(g => new { Committed = g.Sum(c => c.ApprovedAmount ?? 0), Paid = g.Sum(c => c.PaidAmount ?? 0) }).SingleOrDefaultAsync(ct);
        return new Budget(policy.Budget, sums?.Committed ?? 0, sums?.Paid ?? 0);
    }

    private async Task<string> NextNumberAsync(int year, CancellationToken ct)
    {
        var prefix = $"JL-{year}-";
        var n = await NumberSequences.NextAsync(db, prefix, async c =>
            NumberSequences.Highest(await db.PolicyClaims.Where(x => x.Number.StartsWith(prefix)).Select(x => x.Number).ToListAsync(c), prefix), ct);
        return $"{prefix}{n:0000}";
    }

    private static string KeyOf(int year, string item) => $"{year}|{item}";

    /// <summary>Whether the user records payments: staff of the finance bureau.</summary>
    public async Task<bool> IsFinanceAsync(ClaimsPrincipal user, CancellationToken ct) =>
        PermissionCatalog.IsGranted(user, PoliciesPermissions.Pay) && user.DepartmentId() is { } unit
        && await db.Departments.AnyAsync(d => d.Id == unit && d.Code == FinanceDepartment, ct);

    public async Task<(CommandResult Result, Guid? Id)> ApplyAsync(ClaimsPrincipal user, Guid policyId, ClaimInput input, CancellationToken ct)
    {
        if (user.EnterpriseId() is not { } enterpriseId) return (CommandResult.Forbidden(Text.Get("只有企业可以申请奖励")), null);
        var policy = await db.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Id == policyId && p.Published, ct);
        if (policy is null || policy.Type != PolicyType.Reward) return (CommandResult.NotFound(Text.Get("奖励政策不存在")), null);
        if (!policy.InForce(clock.Today)) return (CommandResult.Conflict(Text.Get("该政策不在有效期内")), null);
        if (policy.GrantWithoutApplication) return (CommandResult.Conflict(Text.Get("该政策免申即享，由建设办直接兑现，无需申请")), null);
        var item = (input.Item ?? "").Trim();
        if (item.Length > 100 || input.Statement?.Length > 2000) return (CommandResult.Invalid(Text.Get("申请事项或说明过长")), null);
        if (policy.AmountKind == AmountKind.PerItem && item.Length > 0) return (CommandResult.Invalid(Text.Get("按件计奖的政策按数据中的件数一次申请，不填事项")), null);
        var standing = (await policies.EligibilityAsync(policy, enterpriseId, ct)).SingleOrDefault();
        if (standing is null) return (CommandResult.Conflict(Text.Get("企业不在区内，不能申请")), null);
        if (!standing.Eligible) return (CommandResult.Invalid(Text.Format("不符合申请条件：{0}", EligibilityText.Failing(standing.Checks))), null);
        if (standing.Entitlement is not > 0) return (CommandResult.Invalid(Text.Get("按当前数据可申请的金额为 0")), null);
        var year = clock.Today.Year;
        var key = KeyOf(year, item);
        if (await db.PolicyClaims.AnyAsync(c => c.PolicyId == policyId && c.EnterpriseId == enterpriseId && c.ClaimKey == key, ct))
            return (CommandResult.Conflict(Text.Format("{0} 年已申请过该奖励，不能重复申请", year)), null);
        var claim = new PolicyClaim
        {
            Number = await NextNumberAsync(year, ct), PolicyId = policyId, EnterpriseId = enterpriseId, Year = year, Item = item, ClaimKey = key, State = ClaimState.Submitted,
            Statement = string.IsNullOrWhiteSpace(input.Statement) ? null : input.Statement.Trim(), EligibilitySnapshot = EligibilityText.Snapshot(standing.Checks),
            Entitled = standing.Entitlement.Value, CreatedBy = user.DisplayName(), CreatedAt = time.GetUtcNow(),
        };
        db.PolicyClaims.Add(claim);
        if (policy.ResponsibleDepartmentId is { } unit)
            await notifications.NotifyDepartmentAsync(unit, Msg.Of("奖励申请待审核：{0}（{1}）", standing.Enterprise, policy.Title), null, $"/policies/claims/{claim.Id}", ct);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { return (CommandResult.Conflict(Text.Format("{0} 年已申请过该奖励，不能重复申请", year)), null); }
        return (CommandResult.Ok, claim.Id);
    }

    private async Task<(PolicyClaim? Claim, Policy? Policy, CommandResult? Refusal)> LoadAsync(Guid id, int? version, CancellationToken ct)
    {
        var claim = await db.PolicyClaims.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (claim is null) return (null, null, CommandResult.NotFound(Text.Get("奖励申请不存在")));
        if (version is { } v && v != claim.Version) return (null, null, CommandResult.Conflict(Text.Get("该申请已被他人处理，请刷新")));
        var policy = await db.Policies.AsNoTracking().SingleAsync(p => p.Id == claim.PolicyId, ct);
        return (claim, policy, null);
    }

    /// <summary>The responsible department's review: its opinion and, optionally, a document.</summary>
    public async Task<CommandResult> ReviewAsync(ClaimsPrincipal user, Guid id, string? opinion, Stream? document, string? documentName, int? version, CancellationToken ct)
    {
        var (claim, policy, refusal) = await LoadAsync(id, version, ct);
        if (refusal is not null) return refusal;
        if (!PolicyCommands.ActsFor(user, policy!))
            return CommandResult.Forbidden(Text.Get("只有该政策的负责审核部门可以审核"));
        if (claim!.State != ClaimState.Submitted) return CommandResult.Conflict(Text.Get("该申请不在待审核状态"));
        if (string.IsNullOrWhiteSpace(opinion) || opinion.Length > 2000) return CommandResult.Invalid(Text.Get("请填写审核意见（不超过 2000 字）"));
        if (document is not null && !string.IsNullOrEmpty(documentName))
        {
            try
            {
                var stored = await files.SaveAsync(document, documentName, ct);
                (claim.ReviewFileSha256, claim.ReviewFileName, claim.ReviewFileContentType) = (stored.Sha256, stored.FileName, stored.ContentType);
            }
            catch (FileRejectedException ex) { return CommandResult.Invalid(ex.Message); }
        }
        (claim.State, claim.ReviewOpinion, claim.ReviewedBy, claim.ReviewedAt) = (ClaimState.Reviewed, opinion.Trim(), user.DisplayName(), time.GetUtcNow());
        claim.Version++;
        await notifications.NotifyRoleAsync(Roles.ZoneAdmin, Msg.Of("奖励申请已审核，待批准：{0}", claim.Number), null, $"/policies/claims/{claim.Id}", ct);
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>The office's decision: approved within the entitlement and what is left of the budget, or rejected with a reason.</summary>
    public async Task<CommandResult> DecideAsync(ClaimsPrincipal user, Guid id, ClaimDecision input, CancellationToken ct)
    {
        var (claim, policy, refusal) = await LoadAsync(id, input.Version, ct);
        if (refusal is not null) return refusal;
        if (claim!.State != ClaimState.Reviewed) return CommandResult.Conflict(Text.Get(claim.State == ClaimState.Submitted ? "须先经负责部门审核" : "该申请已有决定"));
        if (input.Approve)
        {
            var amount = input.Amount ?? claim.Entitled;
            if (amount <= 0) return CommandResult.Invalid(Text.Get("批准金额应大于 0"));
            if (amount > claim.Entitled) return CommandResult.Invalid(Text.Format("批准金额 {0} 超过按政策可得的 {1}", amount.ToString("N2"), claim.Entitled.ToString("N2")));
            var budget = await BudgetAsync(policy!, ct);
            if (budget.Left is { } left && amount > left) return CommandResult.Invalid(Text.Format("超出预算：剩余 {0}，批准 {1}", left.ToString("N2"), amount.ToString("N2")));
            (claim.State, claim.ApprovedAmount) = (ClaimState.Approved, amount);
            if (await db.Departments.Where(d => d.Code == FinanceDepartment).Select(d => (Guid?)d.Id).SingleOrDefaultAsync(ct) is { } finance)
                await notifications.NotifyDepartmentAsync(finance, Msg.Of("奖励资金待拨付：{0}，{1} 元", claim.Number, amount.ToString("N2")), policy!.Title, $"/policies/claims/{claim.Id}", ct);
        }
        else
        {
            if (string.IsNullOrWhiteSpace(input.Reason)) return CommandResult.Invalid(Text.Get("驳回须写明理由"));
            // A rejected claim no longer holds the year's place: the enterprise may claim again.
            (claim.State, claim.ClaimKey) = (ClaimState.Rejected, null);
        }
        (claim.DecisionReason, claim.DecidedBy, claim.DecidedAt) = (string.IsNullOrWhiteSpace(input.Reason) ? null : input.Reason.Trim(), user.DisplayName(), time.GetUtcNow());
        claim.Version++;
        await db.SaveChangesAsync(ct);
        await notifications.NotifyEnterprisesAsync([claim.EnterpriseId], Msg.Of(input.Approve ? "奖励申请已批准：{0}" : "奖励申请被驳回：{0}", policy!.Title), claim.DecisionReason, _ => $"/policies/claims/{claim.Id}", ct);
        return CommandResult.Ok;
    }

    /// <summary>The finance bureau's payment: date, amount (never over the approved amount) and voucher number.</summary>
    public async Task<CommandResult> PayAsync(ClaimsPrincipal user, Guid id, ClaimPayment input, CancellationToken ct)
    {
        if (!await IsFinanceAsync(user, ct)) return CommandResult.Forbidden(Text.Get("只有财政局可以登记拨付"));
        var (claim, _, refusal) = await LoadAsync(id, input.Version, ct);
        if (refusal is not null) return refusal;
        if (claim!.State != ClaimState.Approved) return CommandResult.Conflict(Text.Get(claim.State == ClaimState.Paid ? "该申请已拨付" : "该申请尚未批准"));
        if (input.PaidOn is not { } paidOn || paidOn > clock.Today) return CommandResult.Invalid(Text.Get("请填写拨付日期（不晚于今天）"));
        if (input.Amount is not { } amount || amount <= 0) return CommandResult.Invalid(Text.Get("请填写拨付金额"));
        if (amount > claim.ApprovedAmount) return CommandResult.Invalid(Text.Format("拨付金额 {0} 超过批准金额 {1}", amount.ToString("N2"), claim.ApprovedAmount!.Value.ToString("N2")));
        if (string.IsNullOrWhiteSpace(input.VoucherNumber) || input.VoucherNumber.Trim().Length > 64) return CommandResult.Invalid(Text.Get("请填写凭证号"));
        (claim.State, claim.PaidOn, claim.PaidAmount, claim.VoucherNumber, claim.PaidBy) = (ClaimState.Paid, paidOn, amount, input.VoucherNumber.Trim(), user.DisplayName());
        claim.Version++;
        await db.SaveChangesAsync(ct);
        await notifications.NotifyEnterprisesAsync([claim.EnterpriseId], Msg.Of("奖励资金已拨付：{0} 元", amount.ToString("N2")), claim.Number, _ => $"/policies/claims/{claim.Id}", ct);
        return CommandResult.Ok;
    }

    /// <summary>免申即享: approved claims for every eligible enterprise that has none this year, all or nothing within the budget.</summary>
    public async Task<(CommandResult Result, int Granted)> GrantToEligibleAsync(ClaimsPrincipal user, Guid policyId, CancellationToken ct)
    {
        var policy = await db.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Id == policyId && p.Type == PolicyType.Reward, ct);
        if (policy is null) return (CommandResult.NotFound(Text.Get("奖励政策不存在")), 0);
        if (!policy.GrantWithoutApplication) return (CommandResult.Conflict(Text.Get("该政策需企业申请，不能直接兑现")), 0);
        if (!policy.InForce(clock.Today)) return (CommandResult.Conflict(Text.Get("该政策不在有效期内")), 0);
        var year = clock.Today.Year;
        var key = KeyOf(year, "");
        var claimed = await db.PolicyClaims.Where(c => c.PolicyId == policyId && c.ClaimKey == key).Select(c => c.EnterpriseId).ToListAsync(ct);
        var due = (await policies.EligibilityAsync(policy, null, ct)).Where(e => e.Eligible && e.Entitlement > 0 && !claimed.Contains(e.EnterpriseId)).ToList();
        if (due.Count == 0) return (CommandResult.Ok, 0);
        var total = due.Sum(e => e.Entitlement!.Value);
        var budget = await BudgetAsync(policy, ct);
        if (budget.Left is { } left && total > left) return (CommandResult.Invalid(Text.Format("超出预算：{0} 家企业共 {1}，剩余 {2}", due.Count, total.ToString("N2"), left.ToString("N2"))), 0);
        var now = time.GetUtcNow();
        foreach (var e in due)
            db.PolicyClaims.Add(new PolicyClaim
            {
                Number = await NextNumberAsync(year, ct), PolicyId = policyId, EnterpriseId = e.EnterpriseId, Year = year, ClaimKey = key, State = ClaimState.Approved,
                GrantedWithoutApplication = true, EligibilitySnapshot = EligibilityText.Snapshot(e.Checks), Entitled = e.Entitlement!.Value, ApprovedAmount = e.Entitlement,
                DecidedBy = user.DisplayName(), DecidedAt = now, DecisionReason = Msg.Of("免申即享").Store(), CreatedBy = user.DisplayName(), CreatedAt = now,
            });
        await db.SaveChangesAsync(ct);
        await notifications.NotifyEnterprisesAsync(due.Select(e => e.EnterpriseId).ToList(), Msg.Of("奖励已兑现（免申即享）：{0}", policy.Title), null, _ => "/policies/claims", ct);
        return (CommandResult.Ok, due.Count);
    }

    /// <summary>The approved and paid claims, for the finance bureau, as an Excel sheet.</summary>
    public async Task<MemoryStream> ExportAsync(ClaimsPrincipal user, Guid? policyId, CancellationToken ct)
    {
        var rows = (await ListAsync(user, policyId, null, ct)).Where(r => r.State is ClaimState.Approved or ClaimState.Paid).OrderBy(r => r.Number, StringComparer.Ordinal);
        var credit = await db.Enterprises.AsNoTracking().Select(e => new { e.Id, e.CreditCode }).ToDictionaryAsync(e => e.Id, e => e.CreditCode, ct);
        var sheet = rows.Select(r => new Dictionary<string, object?>
        {
            [Text.Get("申请编号")] = r.Number, [Text.Get("政策")] = r.Policy, [Text.Get("企业名称")] = r.Enterprise, [Text.Get("统一社会信用代码")] = credit.GetValueOrDefault(r.EnterpriseId),
            [Text.Get("年度")] = r.Year, [Text.Get("事项")] = r.Item, [Text.Get("状态")] = PolicyLabels.Claim(r.State), [Text.Get("免申即享")] = r.GrantedWithoutApplication ? Text.Get("是") : "",
            [Text.Get("批准金额（元）")] = r.ApprovedAmount, [Text.Get("拨付金额（元）")] = r.PaidAmount, [Text.Get("拨付日期")] = r.PaidOn?.ToString("yyyy-MM-dd"), [Text.Get("凭证号")] = r.VoucherNumber,
        }).ToList();
        var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, sheetName: Text.Get("奖励兑现"), cancellationToken: ct);
        stream.Position = 0;
        return stream;
    }
}
