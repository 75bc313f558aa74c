using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Laboratories;

/// <summary>The CNAS tracker over HTTP, under the permission model: an enterprise reads and documents its own lab.</summary>
public static class LaboratoriesApi
{
    public sealed record StageDto(CnasStage Stage, DateOnly? PlannedOn, DateOnly? CompletedOn, string? Note, bool Overdue);
    public sealed record ClauseDto(string Clause, string Name, ClauseState State, string? Evidence, string? AdvisorComment);
    public sealed record LabDto(Guid Id, Guid EnterpriseId, string Name, string Scope, int Staff, string? Equipment, string? Advisor, CnasStage Stage,
        string? CertificateNumber, string? CertificateScope, DateOnly? AccreditedOn, DateOnly? CertificateExpiry, IReadOnlyList<StageDto> Stages, IReadOnlyList<ClauseDto> Clauses);
    public sealed record ClauseWrite(ClauseState? State, string? Evidence, string? AdvisorComment);
    public sealed record Plan(CnasStage Stage, DateOnly? PlannedOn);

    public static void MapLaboratoriesApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/laboratories").WithTags("Laboratories");

        group.MapGet("", async (ClaimsPrincipal user, LaboratoryCommands labs, CancellationToken ct) => await labs.ListAsync(user, ct))
            .RequirePermission(LaboratoriesPermissions.Read).WithSummary("候选实验室 / Candidate labs with their stage, overdue stages and certificate (an enterprise sees its own)");

        group.MapGet("/{id:guid}", async Task<Results<Ok<LabDto>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, LaboratoryCommands labs, Infrastructure.ZoneClock clock, CancellationToken ct) =>
                await labs.FindAsync(user, id, ct) is { } l ? TypedResults.Ok(ToDto(l, clock.Today)) : NotFound())
            .RequirePermission(LaboratoriesPermissions.Read).WithSummary("实验室认可进度 / One lab: stages with dates, the ISO/IEC 17025 clauses with evidence and advisor comments");

        group.MapPost("", async Task<Results<Created<CreatedId>, ProblemHttpResult>> ([FromBody] LabInput input, ClaimsPrincipal user, LaboratoryCommands labs, CancellationToken ct) =>
            {
                var (result, id) = await labs.SaveAsync(user, null, input, ct);
                return result.Succeeded ? TypedResults.Created($"/api/laboratories/{id}", new CreatedId(id!.Value)) : result.ToProblem();
            })
            .RequirePermission(LaboratoriesPermissions.Guide).WithSummary("登记候选实验室 / Register a candidate lab of an enterprise of the zone");

        group.MapPut("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] LabInput input, ClaimsPrincipal user, LaboratoryCommands labs, CancellationToken ct) =>
                (await labs.SaveAsync(user, id, input, ct)).Result.ToNoContent())
            .RequirePermission(LaboratoriesPermissions.Guide).WithSummary("修改实验室 / Change a lab's scope, staff, equipment or advisor");

        group.MapPost("/{id:guid}/stages", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] StageCompletion input, ClaimsPrincipal user, LaboratoryCommands labs, CancellationToken ct) =>
                (await labs.CompleteStageAsync(user, id, input, ct)).ToNoContent())
            .RequirePermission(LaboratoriesPermissions.Guide)
            .WithSummary("完成阶段 / Complete the current stage (never skipping one; trial operation ≥ 6 months; accreditation with certificate number, scope and expiry)");

        group.MapPut("/{id:guid}/plan", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] Plan input, LaboratoryCommands labs, CancellationToken ct) =>
                (await labs.PlanAsync(id, input.Stage, input.PlannedOn, ct)).ToNoContent())
            .RequirePermission(LaboratoriesPermissions.Guide).WithSummary("计划日期 / The planned date of a stage not yet completed");

        group.MapPut("/{id:guid}/clauses/{clause}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, string clause, [FromBody] ClauseWrite input, ClaimsPrincipal user, LaboratoryCommands labs, CancellationToken ct) =>
                (await labs.SaveClauseAsync(user, id, clause, input.State, input.Evidence, input.AdvisorComment, ct)).ToNoContent())
            .RequirePermission(LaboratoriesPermissions.Read)
            .WithSummary("条款证据 / The enterprise writes its evidence and state for a clause of ISO/IEC 17025:2017; the advisor writes the comment");
    }

    public static LabDto ToDto(CandidateLab l, DateOnly today) => new(l.Id, l.EnterpriseId, l.Name, l.Scope, l.Staff, l.Equipment, l.Advisor, l.Stage, l.CertificateNumber, l.CertificateScope,
        l.AccreditedOn, l.CertificateExpiry, l.Stages.OrderBy(s => s.Stage).Select(s => new StageDto(s.Stage, s.PlannedOn, s.CompletedOn, s.Note, s.Overdue(today))).ToList(),
        CnasLabels.Clauses.Select(c => l.Clauses.SingleOrDefault(x => x.Clause == c.Clause) is { } x ? new ClauseDto(x.Clause, CnasLabels.ClauseName(x.Clause), x.State, x.Evidence, x.AdvisorComment) : null)
            .OfType<ClauseDto>().ToList());

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: 404, title: Text.Get("实验室不存在"));
}
