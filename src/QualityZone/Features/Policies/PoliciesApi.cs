using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Policies;

/// <summary>Policies, eligibility, claims, facilitation measures and the appraisal over HTTP, under the permission model.</summary>
public static class PoliciesApi
{
    public sealed record FileDto(Guid Id, string FileName, string ContentType);
    public sealed record CriterionDto(string Code, CriterionType Type, string Name, string Source);
    public sealed record PolicyDto(Guid Id, PolicyType Type, string Title, string IssuingUnit, string? DocumentNumber, DateOnly IssuedOn, DateOnly EffectiveOn, DateOnly? ExpiresOn,
        string Body, bool Published, bool IsPublic, Guid? ResponsibleDepartmentId, string? Rule, AmountKind AmountKind, decimal Amount, decimal SharePercent, string? BaseCriterion,
        decimal? CapPerEnterprise, decimal? Budget, bool GrantWithoutApplication, int Version, IReadOnlyList<FileDto> Files);
    public sealed record PolicyRow(Guid Id, PolicyType Type, string Title, string IssuingUnit, string? DocumentNumber, DateOnly IssuedOn, DateOnly? ExpiresOn, bool Published, bool IsPublic);
    public sealed record StandingDto(Guid PolicyId, string Policy, PolicyType Type, bool Eligible, decimal? Entitlement, IReadOnlyList<CriterionCheck> Checks);
    public sealed record ClaimDto(Guid Id, string Number, Guid PolicyId, Guid EnterpriseId, int Year, string Item, ClaimState State, bool GrantedWithoutApplication, string? Statement,
        IReadOnlyList<CriterionCheck> EligibilityAtClaim, decimal Entitled, decimal? ApprovedAmount, string? ReviewOpinion, string? ReviewedBy, DateTimeOffset? ReviewedAt,
        string? DecisionReason, string? DecidedBy, DateTimeOffset? DecidedAt, DateOnly? PaidOn, decimal? PaidAmount, string? VoucherNumber, DateTimeOffset CreatedAt, int Version);
    public sealed record ReviewInput(string? Opinion, int? Version);
    public sealed record GrantInput(IReadOnlyList<Guid>? EnterpriseIds);
    public sealed record ScoreInput(decimal? Score, string? Note);
    public sealed record BudgetDto(decimal? Total, decimal Committed, decimal Paid, decimal? Left);

    public static void MapPoliciesApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/policies").WithTags("Policies");

        group.MapGet("", async (ClaimsPrincipal user, PolicyCommands policies, PolicyType? type, CancellationToken ct) =>
                (await policies.Visible(user).Where(p => type == null || p.Type == type)
                    .Select(p => new PolicyRow(p.Id, p.Type, p.Title, p.IssuingUnit, p.DocumentNumber, p.IssuedOn, p.ExpiresOn, p.Published, p.IsPublic)).ToListAsync(ct))
                .OrderByDescending(p => p.IssuedOn).ToList())
            .RequirePermission(PoliciesPermissions.Read).WithSummary("政策文件 / The register (an enterprise sees the published documents)");

        group.MapGet("/public", async (AppDbContext db, CancellationToken ct) =>
                (await db.Policies.AsNoTracking().Where(p => p.Published && p.IsPublic)
                    .Select(p => new PolicyRow(p.Id, p.Type, p.Title, p.IssuingUnit, p.DocumentNumber, p.IssuedOn, p.ExpiresOn, p.Published, p.IsPublic)).ToListAsync(ct))
                .OrderByDescending(p => p.IssuedOn).ToList())
            .RequirePermission(PoliciesPermissions.Browse).WithSummary("公开的政策文件 / The public policy documents, for anyone");

        group.MapGet("/{id:guid}", async Task<Results<Ok<PolicyDto>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, PolicyCommands policies, CancellationToken ct) =>
                await policies.FindAsync(user, id, ct) is { } p ? TypedResults.Ok(ToDto(p)) : NotFound())
            .RequirePermission(PoliciesPermissions.Read).WithSummary("政策文件 / One document with its rule, amount and attachments");

        group.MapPost("", async Task<Results<Created<CreatedId>, ProblemHttpResult>> ([FromBody] PolicyInput input, ClaimsPrincipal user, PolicyCommands policies, CancellationToken ct) =>
            {
                var (result, id) = await Refused(() => policies.SaveAsync(user, null, input, ct));
                return result.Succeeded ? TypedResults.Created($"/api/policies/{id}", new CreatedId(id!.Value)) : result.ToProblem();
            })
            .RequirePermission(PoliciesPermissions.Manage).WithSummary("登记政策文件 / Register a document; a reward or measure with its rule (checked: unknown criteria and type mismatches refused)");

        group.MapPut("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] PolicyInput input, ClaimsPrincipal user, PolicyCommands policies, CancellationToken ct) =>
                (await Refused(() => policies.SaveAsync(user, id, input, ct))).Result.ToNoContent())
            .RequirePermission(PoliciesPermissions.Manage).WithSummary("修改政策文件 / Change a document (stale version → 409)");

        group.MapGet("/criteria", () => EnterpriseFacts.Criteria.Select(c => new CriterionDto(c.Code, c.Type, Text.Get(c.Name), Text.Get(c.Source))).ToList())
            .RequirePermission(PoliciesPermissions.Read).WithSummary("条件 / The criteria rules can test, their type and source");

        group.MapGet("/{id:guid}/eligibility", async Task<Results<Ok<IReadOnlyList<Eligibility>>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, PolicyCommands policies, CancellationToken ct) =>
                await policies.FindAsync(user, id, ct) is { } p ? TypedResults.Ok(await policies.EligibilityAsync(p, null, ct)) : NotFound())
            .RequirePermission(PoliciesPermissions.Eligibility).WithSummary("符合条件的企业 / Every enterprise of the zone against the rule, each criterion with its value");

        group.MapGet("/mine", async Task<Results<Ok<List<StandingDto>>, ProblemHttpResult>> (ClaimsPrincipal user, PolicyCommands policies, CancellationToken ct) =>
                user.EnterpriseId() is { } own
                    ? TypedResults.Ok((await policies.StandingOfAsync(own, ct)).Select(s => new StandingDto(s.Policy.Id, s.Policy.Title, s.Policy.Type, s.Standing.Eligible, s.Standing.Entitlement, s.Standing.Checks)).ToList())
                    : TypedResults.Problem(statusCode: 403, title: Text.Get("只有企业可以查看本企业的政策符合情况")))
            .RequirePermission(PoliciesPermissions.Read).WithSummary("本企业符合的政策 / The enterprise's standing under every policy in force: which it qualifies for, which it misses and why");

        group.MapGet("/{id:guid}/budget", async Task<Results<Ok<BudgetDto>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, PolicyCommands policies, ClaimCommands claims, CancellationToken ct) =>
            {
                if (await policies.FindAsync(user, id, ct) is not { Type: PolicyType.Reward } p) return NotFound();
                var b = await claims.BudgetAsync(p, ct);
                return TypedResults.Ok(new BudgetDto(b.Total, b.Committed, b.Paid, b.Left));
            })
            .RequirePermission(PoliciesPermissions.Eligibility).WithSummary("预算 / A reward's budget: committed by approvals, paid, left");

        group.MapPost("/{id:guid}/claims", async Task<Results<Created<CreatedId>, ProblemHttpResult>> (Guid id, [FromBody] ClaimInput input, ClaimsPrincipal user, ClaimCommands claims, CancellationToken ct) =>
            {
                var (result, claimId) = await claims.ApplyAsync(user, id, input, ct);
                return result.Succeeded ? TypedResults.Created($"/api/policy-claims/{claimId}", new CreatedId(claimId!.Value)) : result.ToProblem();
            })
            .RequirePermission(PoliciesPermissions.Apply).WithSummary("申请奖励 / Claim a reward (refused with the failing criteria if not eligible; once per year and item)");

        group.MapPost("/{id:guid}/grant-eligible", async Task<Results<Ok<int>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, ClaimCommands claims, CancellationToken ct) =>
            {
                var (result, granted) = await claims.GrantToEligibleAsync(user, id, ct);
                return result.Succeeded ? TypedResults.Ok(granted) : result.ToProblem();
            })
            .RequirePermission(PoliciesPermissions.Decide).WithSummary("免申即享 / Grant the reward to every eligible enterprise without application, within the budget");

        group.MapGet("/{id:guid}/grants", async Task<Results<Ok<List<GrantRow>>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, PolicyCommands policies, CancellationToken ct) =>
                await policies.FindAsync(user, id, ct) is { Type: PolicyType.Facilitation } p ? TypedResults.Ok(await policies.GrantsAsync(p.Id, user.EnterpriseId(), ct)) : NotFound())
            .RequirePermission(PoliciesPermissions.Read).WithSummary("享受措施的企业 / The enterprises enjoying a measure (an enterprise sees its own)");

        group.MapPost("/{id:guid}/grants", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] GrantInput input, ClaimsPrincipal user, PolicyCommands policies, CancellationToken ct) =>
                (await policies.GrantAsync(user, id, input.EnterpriseIds ?? [], ct)).ToNoContent())
            .RequirePermission(PoliciesPermissions.Grant).WithSummary("给予措施 / Grant a measure to enterprises that meet its conditions");

        group.MapPost("/{id:guid}/grants/{enterpriseId:guid}/withdrawal", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, Guid enterpriseId, ClaimsPrincipal user, PolicyCommands policies, CancellationToken ct) =>
                (await policies.WithdrawAsync(user, id, enterpriseId, ct)).ToNoContent())
            .RequirePermission(PoliciesPermissions.Grant).WithSummary("撤销措施 / Withdraw a measure from an enterprise");

        group.MapPost("/grants/review", async (PolicyCommands policies, CancellationToken ct) => TypedResults.Ok(await policies.ReviewGrantsAsync(null, ct)))
            .RequirePermission(PoliciesPermissions.Grant).WithSummary("复核措施条件 / Re-check every enjoyed measure now; returns how many were flagged for withdrawal");

        group.MapGet("/mechanism/{year:int}", async (int year, MechanismView mechanism, CancellationToken ct) => TypedResults.Ok(await mechanism.ForYearAsync(year, ct)))
            .RequirePermission(PoliciesPermissions.Mechanism).WithSummary("工作机制 / What each party of task 20's mechanism did in a year");

        var claimsGroup = app.MapGroup("/api/policy-claims").WithTags("Policies");

        claimsGroup.MapGet("", async (ClaimsPrincipal user, ClaimCommands claims, Guid? policyId, ClaimState? state, CancellationToken ct) => await claims.ListAsync(user, policyId, state, ct))
            .RequirePermission(PoliciesPermissions.Read).WithSummary("奖励申请 / Claims (an enterprise sees its own)");

        claimsGroup.MapGet("/{id:guid}", async Task<Results<Ok<ClaimDto>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, ClaimCommands claims, CancellationToken ct) =>
                await claims.FindAsync(user, id, ct) is { } c ? TypedResults.Ok(ToDto(c)) : TypedResults.Problem(statusCode: 404, title: Text.Get("奖励申请不存在")))
            .RequirePermission(PoliciesPermissions.Read).WithSummary("奖励申请 / One claim with the criteria as they stood when it was made");

        claimsGroup.MapPost("/{id:guid}/review", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] ReviewInput input, ClaimsPrincipal user, ClaimCommands claims, CancellationToken ct) =>
                (await claims.ReviewAsync(user, id, input.Opinion, null, null, input.Version, ct)).ToNoContent())
            .RequirePermission(PoliciesPermissions.Review).WithSummary("部门审核 / The policy's responsible department reviews a claim");

        claimsGroup.MapPost("/{id:guid}/decision", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] ClaimDecision input, ClaimsPrincipal user, ClaimCommands claims, CancellationToken ct) =>
                (await claims.DecideAsync(user, id, input, ct)).ToNoContent())
            .RequirePermission(PoliciesPermissions.Decide).WithSummary("批准或驳回 / The office approves (within the entitlement and budget) or rejects with a reason");

        claimsGroup.MapPost("/{id:guid}/payment", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] ClaimPayment input, ClaimsPrincipal user, ClaimCommands claims, CancellationToken ct) =>
                (await claims.PayAsync(user, id, input, ct)).ToNoContent())
            .RequirePermission(PoliciesPermissions.Pay).WithSummary("登记拨付 / The finance bureau records the payment (never over the approved amount)");

        claimsGroup.MapGet("/export.xlsx", async (ClaimsPrincipal user, ClaimCommands claims, Guid? policyId, CancellationToken ct) =>
                TypedResults.File(await claims.ExportAsync(user, policyId, ct), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "奖励兑现.xlsx"))
            .RequirePermission(PoliciesPermissions.Eligibility).WithSummary("导出 / Approved and paid claims as Excel, for the finance bureau");

        var appraisal = app.MapGroup("/api/appraisal").WithTags("Policies");

        appraisal.MapGet("/{year:int}", async (int year, ClaimsPrincipal user, AppraisalService service, CancellationToken ct) => (await service.VisibleToAsync(user, year, ct)).Units)
            .RequirePermission(PoliciesPermissions.Appraisal).WithSummary("成员单位考核 / The year's appraisal, ranked (a unit sees its own figures)");

        appraisal.MapGet("/{year:int}/weights", async (int year, AppraisalService service, CancellationToken ct) => await service.WeightsAsync(year, ct))
            .RequirePermission(PoliciesPermissions.Appraisal).WithSummary("考核权重 / The year's weights");

        appraisal.MapPut("/{year:int}/weights", async Task<Results<NoContent, ProblemHttpResult>> (int year, [FromBody] Dictionary<string, int> weights, ClaimsPrincipal user, AppraisalService service, CancellationToken ct) =>
                (await service.SetWeightsAsync(user, year, weights, ct)).ToNoContent())
            .RequirePermission(PoliciesPermissions.AppraisalManage).WithSummary("设置权重 / Set the year's weights (they add up to 100)");

        appraisal.MapPut("/{year:int}/scores/{departmentId:guid}", async Task<Results<NoContent, ProblemHttpResult>> (int year, Guid departmentId, [FromBody] ScoreInput input, ClaimsPrincipal user, AppraisalService service, CancellationToken ct) =>
                (await service.ScoreAsync(user, year, departmentId, input.Score, input.Note, ct)).ToNoContent())
            .RequirePermission(PoliciesPermissions.AppraisalManage).WithSummary("人工评分 / Score a unit's manual item (0–100)");

        appraisal.MapGet("/{year:int}/export.xlsx", async Task<Results<FileStreamHttpResult, ProblemHttpResult>> (int year, ClaimsPrincipal user, AppraisalService service, CancellationToken ct) =>
                await service.ManagesAsync(user, ct)
                    ? TypedResults.File(await service.ExportAsync(year, ct), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"appraisal-{year}.xlsx")
                    : TypedResults.Problem(statusCode: 403, title: Text.Get("只有区府办或建设办可以导出考核结果")))
            .RequirePermission(PoliciesPermissions.AppraisalManage).WithSummary("导出考核 / The appraisal as Excel for the government's performance appraisal");

        app.MapGet("/policies/{id:guid}/files/{fileId:guid}", async Task<Results<FileStreamHttpResult, ProblemHttpResult>> (Guid id, Guid fileId, ClaimsPrincipal user, AppDbContext db, FileStore files, CancellationToken ct) =>
            {
                // A public document's files are anyone's; the others follow the register's visibility.
                var signedIn = user.Identity?.IsAuthenticated == true && PermissionCatalog.IsGranted(user, PoliciesPermissions.Read);
                var staff = PermissionCatalog.IsGranted(user, PoliciesPermissions.Eligibility);
                var file = await db.PolicyFiles.AsNoTracking().Where(f => f.Id == fileId && f.PolicyId == id
                        && db.Policies.Any(p => p.Id == id && (staff || (p.Published && (signedIn || p.IsPublic)))))
                    .SingleOrDefaultAsync(ct);
                if (file is null || !files.Exists(file.Sha256)) return TypedResults.Problem(statusCode: 404, title: Text.Get("文件不存在"));
                return TypedResults.File(files.OpenRead(file.Sha256), file.ContentType, file.FileName);
            })
            .RequirePermission(PoliciesPermissions.Browse).ExcludeFromDescription();
    }

    /// <summary>A rule that does not parse surfaces as the save's refusal, never as a 500.</summary>
    private static async Task<(Infrastructure.CommandResult Result, Guid? Id)> Refused(Func<Task<(Infrastructure.CommandResult, Guid?)>> save)
    {
        try { return await save(); }
        catch (Infrastructure.BusinessRuleException ex) { return (Infrastructure.CommandResult.Invalid(ex.Message), null); }
    }

    public static PolicyDto ToDto(Policy p) => new(p.Id, p.Type, p.Title, p.IssuingUnit, p.DocumentNumber, p.IssuedOn, p.EffectiveOn, p.ExpiresOn, p.Body, p.Published, p.IsPublic,
        p.ResponsibleDepartmentId, p.Rule, p.AmountKind, p.Amount, p.SharePercent, p.BaseCriterion, p.CapPerEnterprise, p.Budget, p.GrantWithoutApplication, p.Version,
        p.Files.Select(f => new FileDto(f.Id, f.FileName, f.ContentType)).ToList());

    public static ClaimDto ToDto(PolicyClaim c) => new(c.Id, c.Number, c.PolicyId, c.EnterpriseId, c.Year, c.Item, c.State, c.GrantedWithoutApplication, c.Statement,
        EligibilityText.FromSnapshot(c.EligibilitySnapshot), c.Entitled, c.ApprovedAmount, c.ReviewOpinion, c.ReviewedBy, c.ReviewedAt, Msg.Render(c.DecisionReason), c.DecidedBy, c.DecidedAt,
        c.PaidOn, c.PaidAmount, c.VoucherNumber, c.CreatedAt, c.Version);

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: 404, title: Text.Get("政策文件不存在"));
}
