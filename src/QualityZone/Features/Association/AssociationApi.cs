using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Association;

/// <summary>The association's register, convention and complaints over HTTP, under the permission model.</summary>
public static class AssociationApi
{
    public sealed record ConventionWrite(string? Title, string? Body);
    public sealed record Sign(string? Signatory);
    public sealed record Filed(string Number);
    /// <summary>A complaint as the member units see it, reporter included.</summary>
    public sealed record ComplaintDto(Guid Id, string Number, ComplaintSource Source, string? ReporterName, string? ReporterContact, Guid? EnterpriseId, string? EnterpriseNamed,
        string Subject, string Content, DateTimeOffset ReceivedAt, ComplaintState State, bool? Substantiated, string? Conclusion, Guid? ActionId, bool SharedWithEnterprise);
    /// <summary>A complaint as the enterprise concerned sees it once shared: the subject and the conclusion, never the reporter or their words.</summary>
    public sealed record SharedComplaint(string Number, string Subject, DateTimeOffset ReceivedAt, ComplaintState State, bool? Substantiated, string? Conclusion, Guid? ActionId);

    public static void MapAssociationApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/association").WithTags("Association");

        group.MapGet("/members", async (AssociationCommands association, CancellationToken ct) => await association.MembersAsync(ct))
            .RequirePermission(AssociationPermissions.Read).WithSummary("会员名录 / Members with level, this year's fee, the current convention signed, model enterprises");

        group.MapGet("/members/mine", async Task<Results<Ok<Membership>, ProblemHttpResult>> (ClaimsPrincipal user, AssociationCommands association, CancellationToken ct) =>
                await association.MembershipAsync(user.EnterpriseId()!.Value, ct) is { } m ? TypedResults.Ok(m) : TypedResults.Problem(statusCode: 404, title: Text.Get("本企业不是协会会员")))
            .RequirePermission(AssociationPermissions.Member).WithSummary("本企业会员信息 / The enterprise's own membership with its fees");

        group.MapPost("/members", async Task<Results<Created<CreatedId>, ProblemHttpResult>> ([FromBody] MemberInput input, AssociationCommands association, CancellationToken ct) =>
            {
                var (result, id) = await association.SaveMemberAsync(null, input, ct);
                return result.Succeeded ? TypedResults.Created($"/api/association/members/{id}", new CreatedId(id!.Value)) : result.ToProblem();
            })
            .RequirePermission(AssociationPermissions.Manage).WithSummary("入会登记 / Register a member (once per enterprise; a model enterprise with its reason)");

        group.MapPut("/members/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] MemberInput input, AssociationCommands association, CancellationToken ct) =>
                (await association.SaveMemberAsync(id, input, ct)).Result.ToNoContent())
            .RequirePermission(AssociationPermissions.Manage).WithSummary("修改会员 / Level, leaving date, model enterprise");

        group.MapPost("/members/{id:guid}/fees", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] FeeInput input, AssociationCommands association, CancellationToken ct) =>
                (await association.PayAsync(id, input, ct)).ToNoContent())
            .RequirePermission(AssociationPermissions.Manage).WithSummary("登记会费 / A year's fee, once per year");

        group.MapGet("/convention", async Task<Results<Ok<ConventionVersion>, ProblemHttpResult>> (AssociationCommands association, CancellationToken ct) =>
                await association.ConventionAsync(ct) is { } c ? TypedResults.Ok(c) : TypedResults.Problem(statusCode: 404, title: Text.Get("尚未发布自律公约")))
            .RequirePermission(AssociationPermissions.Convention).WithSummary("自律公约 / Anyone: the current version of the self-discipline convention");

        group.MapPost("/convention", async Task<Results<NoContent, ProblemHttpResult>> ([FromBody] ConventionWrite input, ClaimsPrincipal user, AssociationCommands association, CancellationToken ct) =>
                (await association.PublishConventionAsync(user, input.Title, input.Body, ct)).ToNoContent())
            .RequirePermission(AssociationPermissions.Manage).WithSummary("发布公约新版本 / Publish a new version; every member is asked to sign it");

        group.MapPost("/convention/signatures", async Task<Results<NoContent, ProblemHttpResult>> ([FromBody] Sign input, ClaimsPrincipal user, AssociationCommands association, CancellationToken ct) =>
                (await association.SignAsync(user, input.Signatory, ct)).ToNoContent())
            .RequirePermission(AssociationPermissions.Member).WithSummary("签署公约 / A member enterprise signs the current version, once");

        group.MapPost("/complaints", async Task<Results<Ok<Filed>, ProblemHttpResult>> ([FromBody] ComplaintInput input, AssociationCommands association, CancellationToken ct) =>
            {
                var (result, number) = await association.ComplainAsync(input, ct);
                return result.Succeeded ? TypedResults.Ok(new Filed(number!)) : result.ToProblem();
            })
            .RequirePermission(AssociationPermissions.Complain).RequireRateLimiting("verify")
            .WithSummary("投诉举报 / Anyone files a complaint or report (subject and content required; name and contact optional; rate-limited)");

        group.MapGet("/complaints", async (AssociationCommands association, ComplaintState? state, int? page, CancellationToken ct) =>
            {
                var query = association.Complaints;
                if (state is { } s) query = query.Where(c => c.State == s);
                return await query.OrderByDescending(c => c.ReceivedAt).Skip(Math.Max(0, (page ?? 1) - 1) * 100).Take(100).Select(c => ToDto(c)).ToListAsync(ct);
            })
            .RequirePermission(AssociationPermissions.Read).WithSummary("投诉举报 / Complaints, newest first, 100 a page, with the reporter");

        group.MapGet("/complaints/shared", async (ClaimsPrincipal user, AssociationCommands association, CancellationToken ct) =>
                await association.SharedWith(user.EnterpriseId()!.Value).OrderByDescending(c => c.ReceivedAt)
                    .Select(c => new SharedComplaint(c.Number, c.Subject, c.ReceivedAt, c.State, c.Substantiated, c.Conclusion, c.ActionId)).ToListAsync(ct))
            .RequirePermission(AssociationPermissions.Member).WithSummary("涉及本企业的投诉 / Complaints about the enterprise the association shared: subject and conclusion only");

        group.MapGet("/complaints/{id:guid}", async Task<Results<Ok<ComplaintDto>, ProblemHttpResult>> (Guid id, AssociationCommands association, CancellationToken ct) =>
                await association.Complaints.Where(c => c.Id == id).Select(c => ToDto(c)).SingleOrDefaultAsync(ct) is { } dto ? TypedResults.Ok(dto) : TypedResults.Problem(statusCode: 404, title: Text.Get("投诉不存在")))
            .RequirePermission(AssociationPermissions.Read).WithSummary("投诉详情 / One complaint with the reporter");

        group.MapPost("/complaints/{id:guid}/handling", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] ComplaintHandling input, ClaimsPrincipal user, AssociationCommands association, CancellationToken ct) =>
                (await association.HandleAsync(user, id, input, ct)).ToNoContent())
            .RequirePermission(AssociationPermissions.Manage)
            .WithSummary("办理投诉 / Investigate, conclude (substantiated or not, a corrective action when warranted, shared with the enterprise or not) or dismiss with a reason");
    }

    private static ComplaintDto ToDto(Complaint c) => new(c.Id, c.Number, c.Source, c.ReporterName, c.ReporterContact, c.EnterpriseId, c.EnterpriseNamed, c.Subject, c.Content, c.ReceivedAt,
        c.State, c.Substantiated, c.Conclusion, c.ActionId, c.SharedWithEnterprise);
}
