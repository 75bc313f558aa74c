using Microsoft.AspNetCore.Http.HttpResults;
using QualityZone.Infrastructure.Web;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.ExportArchives;

/// <summary>
/// <c>/api/export-returns</c>: monthly returns for enterprise ERP systems, with the rules of the
/// form (the same <see cref="ReturnCommands"/>). An enterprise's token sees and files only its own
/// returns (another's answers 404); staff read all; the office and departments review.
/// </summary>
public static class ExportArchivesApi
{
    public sealed record ReturnRequest(Guid? EnterpriseId, string? Period, bool NoExports, List<ReturnInput.LineInput>? Lines,
        List<ReturnInput.IncidentInput>? Incidents, bool Submit, int? Revision, string? Note);
    public sealed record ReviewRequest(int? Revision, string? Reason);
    public sealed record DeclarationRequest(Guid? EnterpriseId, List<DeclarationInput>? Lines);
    public sealed record DeclarationResult(int Lines, IReadOnlyList<string> Periods);
    public sealed record ReturnSummaryDto(Guid Id, Guid EnterpriseId, string Period, ReturnState State, int LatestVersion, int? EffectiveVersion,
        bool NoExports, decimal ValueUsd, int Lines, DateOnly DueOn, bool Late, DateTimeOffset? FirstSubmittedAt, int Revision);
    public sealed record VersionDto(int Number, ReturnState State, ReturnSource Source, bool NoExports, string? Note, string CreatedBy, DateTimeOffset CreatedAt,
        string? SubmittedBy, DateTimeOffset? SubmittedAt, string? ReviewedBy, DateTimeOffset? ReviewedAt, string? ReviewNote,
        IReadOnlyList<LineDto> Lines, IReadOnlyList<IncidentDto> Incidents);
    public sealed record LineDto(string ProductName, string? Model, string HsCode, string Country, decimal Quantity, string Unit, decimal ValueUsd, decimal? ValueCny,
        decimal? CnyPerUsd, ExportMode Mode, int Batches, int NonconformingBatches, decimal NonconformingQuantity, string? NonconformityDescription);
    public sealed record IncidentDto(IncidentKind Kind, string? Reference, string Countries, DateOnly? Date, string? ProductName, string? HsCode,
        decimal? Quantity, decimal? ValueUsd, string Summary);
    public sealed record ReturnDto(ReturnSummaryDto Return, IReadOnlyList<VersionDto> Versions);

    public static void MapExportArchivesApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/export-returns").WithTags("Export returns");

        api.MapGet("/", async (Guid? enterpriseId, string? period, string? from, string? to, ReturnState? state, int? page, int? pageSize,
                ClaimsPrincipal user, AppDbContext db, CancellationToken ct) =>
            {
                var scope = EnterpriseScope.For(user);
                var query = db.ExportReturns.AsNoTracking();
                query = query.ForScope(scope);
                if (enterpriseId is { } e) query = query.Where(r => r.EnterpriseId == e);
                if (!string.IsNullOrEmpty(period)) query = query.Where(r => r.Period == period);
                if (!string.IsNullOrEmpty(from)) query = query.Where(r => string.Compare(r.Period, from) >= 0);
                if (!string.IsNullOrEmpty(to)) query = query.Where(r => string.Compare(r.Period, to) <= 0);
                if (state is { } s) query = query.Where(r => r.State == s);
                var (number, size) = ApiPaging.Normalize(page, pageSize);
                var total = await query.CountAsync(ct);
                var items = await query.OrderByDescending(r => r.Period).ThenBy(r => r.EnterpriseId).Skip((number - 1) * size).Take(size).ToListAsync(ct);
                return new ApiPage<ReturnSummaryDto>(items.Select(Summary).ToList(), number, size, total);
            })
            .RequirePermission(ExportArchivesPermissions.View)
            .WithSummary("月报列表 / Monthly returns (an enterprise sees only its own)");

        api.MapGet("/{id:guid}", async Task<Results<Ok<ReturnDto>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, ReturnCommands commands, CancellationToken ct) =>
                await commands.LoadAsync(user, id, ct) is { } report ? TypedResults.Ok(ToDto(report)) : NotFound())
            .RequirePermission(ExportArchivesPermissions.View)
            .WithSummary("一份月报及其全部版本 / One return with every version");

        api.MapPost("/", async Task<Results<Created<ReturnDto>, ProblemHttpResult>> ([FromBody] ReturnRequest request, ClaimsPrincipal user, ReturnCommands commands, CancellationToken ct) =>
            {
                var enterpriseId = request.EnterpriseId ?? user.EnterpriseId();
                if (enterpriseId is null) return ApiResults.ValidationProblem(new Dictionary<string, string[]> { ["EnterpriseId"] = [Text.Get("请选择企业")] }, title: Text.Get("月报内容有误"));
                var result = await commands.CreateAsync(user, enterpriseId.Value, ToInput(request), ReturnSource.Api, request.Submit, ct);
                return result.Succeeded ? TypedResults.Created($"/api/export-returns/{result.Id}", ToDto((await commands.LoadAsync(user, result.Id!.Value, ct))!)) : result.ToProblem();
            })
            .RequirePermission(ExportArchivesPermissions.File)
            .WithSummary("报送月报 / File a month's return (409 if the month already has one); submit=true submits it at once");

        api.MapPut("/{id:guid}", async Task<Results<Ok<ReturnDto>, ProblemHttpResult>> (Guid id, [FromBody] ReturnRequest request, ClaimsPrincipal user, ReturnCommands commands, CancellationToken ct) =>
            {
                var result = await commands.UpdateAsync(user, id, ToInput(request), request.Revision, ReturnSource.Api, request.Submit, request.Note, ct);
                return result.Succeeded ? TypedResults.Ok(ToDto((await commands.LoadAsync(user, id, ct))!)) : result.ToProblem();
            })
            .RequirePermission(ExportArchivesPermissions.File)
            .WithSummary("修改草稿或更正 / Rewrite the draft, or amend a submitted return (a new version); revision guards concurrent edits");

        api.MapPost("/{id:guid}/submit", (Guid id, [FromBody] ReviewRequest? request, ClaimsPrincipal user, ReturnCommands commands, CancellationToken ct) =>
                Run(user, id, commands, commands.SubmitAsync(user, id, request?.Revision, ct), ct))
            .RequirePermission(ExportArchivesPermissions.File)
            .WithSummary("提交 / Submit the draft");

        api.MapPost("/{id:guid}/accept", (Guid id, [FromBody] ReviewRequest? request, ClaimsPrincipal user, ReturnCommands commands, CancellationToken ct) =>
                Run(user, id, commands, commands.AcceptAsync(user, id, request?.Revision, ct), ct))
            .RequirePermission(ExportArchivesPermissions.Review)
            .WithSummary("审核通过 / Accept a submitted return");

        api.MapPost("/{id:guid}/return", (Guid id, [FromBody] ReviewRequest request, ClaimsPrincipal user, ReturnCommands commands, CancellationToken ct) =>
                Run(user, id, commands, commands.ReturnForCorrectionAsync(user, id, request.Revision, request.Reason, ct), ct))
            .RequirePermission(ExportArchivesPermissions.Review)
            .WithSummary("退回修改 / Return a submitted return for correction, with the reason");

        app.MapPost("/api/customs-declarations", async Task<Results<Ok<DeclarationResult>, ProblemHttpResult>> ([FromBody] DeclarationRequest request, ClaimsPrincipal user, CustomsDeclarationImport import, CancellationToken ct) =>
            {
                var enterpriseId = request.EnterpriseId ?? user.EnterpriseId();
                if (enterpriseId is null) return ApiResults.ValidationProblem(new Dictionary<string, string[]> { ["EnterpriseId"] = [Text.Get("请选择企业")] }, title: Text.Get("报关数据有误"));
                var result = await import.ImportAsync(user, enterpriseId.Value, request.Lines ?? [], ct);
                if (result.Succeeded) return TypedResults.Ok(new DeclarationResult(result.Lines, result.Periods));
                if (result.Status == StatusCodes.Status404NotFound) return TypedResults.Problem(statusCode: 404, title: result.Errors[0].Reason);
                // Errors by line (0-based, as sent) and field; lines already imported make it a conflict.
                return ApiResults.ValidationProblem(result.Errors.GroupBy(e => e.Row == 0 ? "" : $"Lines[{e.Row - 1}].{e.Column}").ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray()),
                    title: Text.Get("报关数据有误"), statusCode: result.Status);
            })
            .RequirePermission(ExportArchivesPermissions.ImportCustoms)
            .WithTags("Export returns")
            .WithSummary("导入报关数据 / Export declaration lines for an enterprise, aggregated into its monthly returns (duplicates refused)");

        app.MapGet("/api/export-statistics", async Task<Results<Ok<ZoneSummary>, ProblemHttpResult>> (string? from, string? to, string? grade, string? hs, ZoneStatistics statistics, QualityZone.Infrastructure.ZoneClock clock, CancellationToken ct) =>
            {
                var wrong = new[] { ("from", from), ("to", to) }.Where(p => !string.IsNullOrEmpty(p.Item2) && !ExportReturn.TryParsePeriod(p.Item2, out _))
                    .ToDictionary(p => p.Item1, _ => new[] { Text.Get("月份格式应为 yyyy-MM，如 2026-10") });
                if (wrong.Count > 0) return ApiResults.ValidationProblem(wrong, title: Text.Get("参数的值无效"));
                var (defaultFrom, defaultTo) = ZoneModel.DefaultPeriod(clock.Today);
                var filter = new StatisticsFilter(ExportReturn.TryParsePeriod(from, out _) ? from! : defaultFrom, ExportReturn.TryParsePeriod(to, out _) ? to! : defaultTo, grade, hs);
                return TypedResults.Ok(await statistics.SummaryAsync(filter, ct));
            })
            .RequirePermission(ExportArchivesPermissions.Analyse)
            .WithTags("Export returns")
            .WithSummary("示范区出口统计 / The zone's export figures for a month range (default: the last complete half-year)");
    }

    private static async Task<Results<Ok<ReturnDto>, ProblemHttpResult>> Run(ClaimsPrincipal user, Guid id, ReturnCommands commands, Task<ReturnResult> action, CancellationToken ct)
    {
        var result = await action;
        return result.Succeeded ? TypedResults.Ok(ToDto((await commands.LoadAsync(user, id, ct))!)) : result.ToProblem();
    }

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: 404, title: Text.Get("月报不存在"));

    private static ReturnInput ToInput(ReturnRequest request) => new()
    {
        Period = request.Period, NoExports = request.NoExports, Lines = request.Lines ?? [], Incidents = request.Incidents ?? [],
    };

    private static ReturnSummaryDto Summary(ExportReturn r) => new(r.Id, r.EnterpriseId, r.Period, r.State, r.LatestVersion, r.EffectiveVersion, r.NoExports,
        r.ValueUsd, r.LineCount, r.DueOn, r.Late, r.FirstSubmittedAt, r.Revision);

    public static ReturnDto ToDto(ExportReturn r) => new(Summary(r), r.Versions.OrderBy(v => v.Number).Select(v => new VersionDto(
        v.Number, v.State, v.Source, v.NoExports, v.Note, v.CreatedBy, v.CreatedAt, v.SubmittedBy, v.SubmittedAt, v.ReviewedBy, v.ReviewedAt, v.ReviewNote,
        v.Lines.OrderBy(l => l.Position).Select(l => new LineDto(l.ProductName, l.Model, l.HsCode, l.CountryCode, l.Quantity, l.Unit, l.ValueUsd, l.ValueCny, l.CnyPerUsd,
            l.Mode, l.Batches, l.NonconformingBatches, l.NonconformingQuantity, l.NonconformityDescription)).ToList(),
        v.Incidents.OrderBy(i => i.Position).Select(i => new IncidentDto(i.Kind, i.Reference, i.Countries, i.Date, i.ProductName, i.HsCode, i.Quantity, i.ValueUsd, i.Summary)).ToList()))
        .ToList());
}
