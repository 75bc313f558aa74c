using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Indicators;

/// <summary>The indicators over HTTP: the dashboard (staff), the published figures (everyone), and the office's upkeep.</summary>
public static class IndicatorsApi
{
    public sealed record YearDto(int Year, decimal? Target, decimal? Value, bool? MeetsTarget, bool Approved, string? Note, bool HasEvidence, DateTimeOffset? ComputedAt);
    public sealed record IndicatorDto(Guid Id, string Code, string Name, string Unit, string? Formula, IndicatorDirection Direction, int BaselineYear, decimal? BaselineValue, int Version, IReadOnlyList<YearDto> Years);
    public sealed record ComputeResult(int Computed);

    public static void MapIndicatorsApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/indicators").WithTags("Indicators");

        group.MapGet("", async (IndicatorCommands commands, CancellationToken ct) => (await commands.DashboardAsync(approvedOnly: false, ct)).Select(ToDto).ToList())
            .RequirePermission(IndicatorsPermissions.View).WithSummary("建设成效指标 / Every indicator with its years, targets and approval");

        group.MapGet("/published", async (IndicatorCommands commands, CancellationToken ct) => (await commands.DashboardAsync(approvedOnly: true, ct)).Select(ToDto).ToList())
            .RequirePermission(IndicatorsPermissions.Published).WithSummary("已发布指标 / The approved figures only, as the portal shows them");

        group.MapPost("", async Task<Results<Created<CreatedId>, ProblemHttpResult>> ([FromBody] IndicatorInput input, IndicatorCommands commands, CancellationToken ct) =>
            {
                var (result, id) = await commands.SaveAsync(null, input, ct);
                return result.Succeeded ? TypedResults.Created($"/api/indicators", new CreatedId((Guid)id!)) : result.ToProblem();
            })
            .RequirePermission(IndicatorsPermissions.Manage).WithSummary("添加指标 / Add an indicator (a formula that cannot compute is refused with the reason)");

        group.MapPut("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] IndicatorInput input, IndicatorCommands commands, CancellationToken ct) =>
            {
                var (result, _) = await commands.SaveAsync(id, input, ct);
                return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
            })
            .RequirePermission(IndicatorsPermissions.Manage).WithSummary("修改指标 / Change an indicator");

        group.MapPut("/{id:guid}/years/{year:int}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, int year, [FromBody] IndicatorYearInput input, IndicatorCommands commands, CancellationToken ct) =>
            {
                var result = await commands.SetYearAsync(id, year, input, null, null, ct);
                return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
            })
            .RequirePermission(IndicatorsPermissions.Manage).WithSummary("年度目标与数值 / A year's target, and a manual indicator's value (its evidence uploaded on the page)");

        group.MapPost("/{id:guid}/years/{year:int}/approval", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, int year, ClaimsPrincipal user, IndicatorCommands commands, CancellationToken ct) =>
            {
                var result = await commands.ApproveAsync(user, id, year, ct);
                return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
            })
            .RequirePermission(IndicatorsPermissions.Manage).WithSummary("审定发布 / Approve a year's value: frozen and published");

        group.MapPost("/compute", async (IndicatorCommands commands, CancellationToken ct) => new ComputeResult(await commands.ComputeAsync(commands.Years, ct)))
            .RequirePermission(IndicatorsPermissions.Manage).WithSummary("重新计算 / Recompute the formula indicators for the last three years (approved years stay)");

        app.MapGet("/indicators/{id:guid}/years/{year:int}/evidence", async Task<Results<FileStreamHttpResult, ProblemHttpResult>> (Guid id, int year, AppDbContext db, Infrastructure.Files.FileStore files, CancellationToken ct) =>
            {
                var row = await db.IndicatorYears.AsNoTracking().SingleOrDefaultAsync(y => y.IndicatorId == id && y.Year == year, ct);
                if (row?.EvidenceSha256 is null || !files.Exists(row.EvidenceSha256)) return TypedResults.Problem(statusCode: 404, title: Infrastructure.Localization.Text.Get("文件不存在"));
                return TypedResults.File(files.OpenRead(row.EvidenceSha256), row.EvidenceContentType, row.EvidenceFileName);
            })
            .RequirePermission(IndicatorsPermissions.View).ExcludeFromDescription();
    }

    public static IndicatorDto ToDto(IndicatorRow row) => new(row.Indicator.Id, row.Indicator.Code, row.Indicator.Name, row.Indicator.Unit, row.Indicator.Formula, row.Indicator.Direction,
        row.Indicator.BaselineYear, row.Indicator.BaselineValue, row.Indicator.Version,
        row.Years.Values.OrderBy(y => y.Year).Select(y => new YearDto(y.Year, y.Target, y.Value, row.Indicator.Meets(y.Value, y.Target), y.Approved, y.Note, y.EvidenceSha256 is not null, y.ComputedAt)).ToList());
}
