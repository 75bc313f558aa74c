using QualityZone.Infrastructure.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using QualityZone.Infrastructure.Web;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Risks;

/// <summary>The risk register, heat map, early-warning signals and scores over HTTP; an enterprise reaches only its own.</summary>
public static class RisksApi
{
    public sealed record RiskDto(Guid Id, string Number, Guid? EnterpriseId, RiskCategory Category, string Title, string? Description, int InherentLikelihood, int InherentSeverity,
        RiskLevel InherentLevel, string? Controls, int ResidualLikelihood, int ResidualSeverity, RiskLevel ResidualLevel, Guid? OwnerDepartmentId, string? Owner, DateOnly NextReviewOn, bool Closed, int Version);
    public sealed record SignalDto(Guid EnterpriseId, SignalKind Kind, int Count, int Points, string Evidence, string? Link, DateTimeOffset ComputedAt);
    public sealed record ScoreDto(Guid EnterpriseId, int Score, RiskLevel Level, RiskLevel? PreviousLevel, DateTimeOffset? LevelChangedAt, DateTimeOffset ComputedAt);

    public static void MapRisksApi(this WebApplication app)
    {
        var group = app.MapGroup("/api").WithTags("Risks");
        group.MapGet("/risks", async (ClaimsPrincipal user, RiskCommands commands, Guid? enterprise, bool? closed, int? page, int? pageSize, CancellationToken ct) =>
            {
                var matrix = await commands.MatrixAsync(ct);
                var risks = commands.Visible(user).Where(r => r.Closed == (closed ?? false));
                if (enterprise is { } e) risks = risks.Where(r => r.EnterpriseId == e);
                return await ApiPaging.PageAsync(risks.OrderBy(r => r.Number), page, pageSize, r => ToDto(r, matrix), ct);
            })
            .RequirePermission(RisksPermissions.View).WithSummary("风险登记册 / The risk register (an enterprise sees its own)");

        group.MapGet("/risks/heatmap", async (ClaimsPrincipal user, RiskCommands commands, Guid? enterprise, bool? inherent, CancellationToken ct) =>
            {
                var risks = commands.Visible(user);
                if (enterprise is { } e) risks = risks.Where(r => r.EnterpriseId == e);
                return await commands.HeatMapAsync(risks, inherent ?? false, ct);
            })
            .RequirePermission(RisksPermissions.View).WithSummary("风险热力图 / Open risks by likelihood × severity (residual unless inherent=true)");

        group.MapPost("/risks", async Task<Results<Created<CreatedId>, ProblemHttpResult>> ([FromBody] RiskInput input, ClaimsPrincipal user, RiskCommands commands, CancellationToken ct) =>
            {
                var (result, id) = await commands.SaveAsync(user, null, input, ct);
                return result.Succeeded ? TypedResults.Created($"/api/risks/{id}", new CreatedId((Guid)id!)) : result.ToProblem();
            })
            .RequirePermission(RisksPermissions.Manage).WithSummary("登记风险 / Record a risk");

        group.MapPut("/risks/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] RiskInput input, ClaimsPrincipal user, RiskCommands commands, CancellationToken ct) =>
            {
                var (result, _) = await commands.SaveAsync(user, id, input, ct);
                return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
            })
            .RequirePermission(RisksPermissions.Manage).WithSummary("修改风险 / Change a risk");

        group.MapPost("/risks/{id:guid}/reviews", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] ReviewInput input, ClaimsPrincipal user, RiskCommands commands, CancellationToken ct) =>
            {
                var result = await commands.ReviewAsync(user, id, input, ct);
                return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
            })
            .RequirePermission(RisksPermissions.Manage).WithSummary("风险评审 / Record a review (moves the residual rating; a closing review closes the risk)");

        group.MapGet("/risk-signals", async (ClaimsPrincipal user, AppDbContext db, Guid? enterprise, int? page, int? pageSize, CancellationToken ct) =>
            {
                var scope = EnterpriseScope.For(user);
                var signals = db.WarningSignals.AsNoTracking();
                signals = signals.ForScope(scope);
                if (enterprise is { } e) signals = signals.Where(s => s.EnterpriseId == e);
                return await ApiPaging.PageAsync(signals.OrderBy(s => s.EnterpriseId).ThenByDescending(s => s.Points).ThenBy(s => s.Kind)
                    .Select(s => new SignalDto(s.EnterpriseId, s.Kind, s.Count, s.Points, Msg.Render(s.Evidence), s.Link, s.ComputedAt)), page, pageSize, ct);
            })
            .RequirePermission(RisksPermissions.View).WithSummary("预警信号 / Early-warning signals with their evidence (an enterprise sees its own)");

        group.MapGet("/risk-scores", async (ClaimsPrincipal user, AppDbContext db, RiskLevel? level, int? page, int? pageSize, CancellationToken ct) =>
            {
                var scope = EnterpriseScope.For(user);
                var scores = db.EnterpriseRiskScores.AsNoTracking();
                scores = scores.ForScope(scope);
                if (level is { } l) scores = scores.Where(s => s.Level == l);
                return await ApiPaging.PageAsync(scores.OrderByDescending(s => s.Score).ThenBy(s => s.EnterpriseId)
                    .Select(s => new ScoreDto(s.EnterpriseId, s.Score, s.Level, s.PreviousLevel, s.LevelChangedAt, s.ComputedAt)), page, pageSize, ct);
            })
            .RequirePermission(RisksPermissions.View).WithSummary("企业风险评分与等级 / Enterprise risk scores and levels");

        group.MapPost("/risk-signals/compute", (EarlyWarning warning, CancellationToken ct) => warning.ComputeAsync(ct))
            .RequirePermission(RisksPermissions.Configure).WithSummary("重新计算预警 / Recompute every enterprise's signals and score now");
    }

    public static RiskDto ToDto(RiskItem r, RiskMatrix matrix) => new(r.Id, r.Number, r.EnterpriseId, r.Category, r.Title, r.Description,
        r.InherentLikelihood, r.InherentSeverity, matrix.LevelOf(r.InherentLikelihood, r.InherentSeverity), r.Controls,
        r.ResidualLikelihood, r.ResidualSeverity, matrix.LevelOf(r.ResidualLikelihood, r.ResidualSeverity), r.OwnerDepartmentId, r.Owner, r.NextReviewOn, r.Closed, r.Version);
}
