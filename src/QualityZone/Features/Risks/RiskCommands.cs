using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Settings;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Risks;

/// <summary>
/// The office's 5 × 5 matrix: the level of each likelihood × severity cell, row by row (likelihood 1..5,
/// severity 1..5). The default follows the product bands common in ISO 31000 practice: 1–4 低, 5–9 中,
/// 10–16 高, 20–25 极高.
/// </summary>
public sealed record RiskMatrix(RiskLevel[] Cells)
{
    public const string Key = "risk.matrix";
    public static readonly RiskMatrix Default = new([.. from l in Enumerable.Range(1, 5) from s in Enumerable.Range(1, 5)
        select (l * s) switch { <= 4 => RiskLevel.Low, <= 9 => RiskLevel.Medium, <= 16 => RiskLevel.High, _ => RiskLevel.Extreme }]);

    public RiskLevel LevelOf(int likelihood, int severity) => Cells[(likelihood - 1) * 5 + severity - 1];

    /// <summary>A matrix must grow with likelihood and with severity: a cell is never below its left or lower neighbour.</summary>
    public string? Validate()
    {
        if (Cells.Length != 25) return Text.Get("风险矩阵应有 25 格");
        for (var l = 1; l <= 5; l++)
            for (var s = 1; s <= 5; s++)
                if ((l > 1 && LevelOf(l, s) < LevelOf(l - 1, s)) || (s > 1 && LevelOf(l, s) < LevelOf(l, s - 1)))
                    return Text.Get("风险等级应随可能性和严重程度递增（不低于左侧和下方的格）");
        return null;
    }
}

public sealed record RiskInput(Guid? EnterpriseId, RiskCategory? Category, string? Title, string? Description,
    int InherentLikelihood, int InherentSeverity, string? Controls, int ResidualLikelihood, int ResidualSeverity,
    Guid? OwnerDepartmentId, string? Owner, DateOnly? NextReviewOn);

public sealed record ReviewInput(DateOnly? ReviewedOn, ReviewOutcome? Outcome, int Likelihood, int Severity, string? Note, DateOnly? NextReviewOn);

/// <summary>One cell of the heat map: how many open risks sit at this likelihood × severity, and its level.</summary>
public sealed record HeatCell(int Likelihood, int Severity, int Count, RiskLevel Level);

public sealed class RiskCommands(AppDbContext db, ZoneSettings settings, ZoneClock clock, TimeProvider time)
{
    public Task<RiskMatrix> MatrixAsync(CancellationToken ct) => settings.GetJsonAsync(RiskMatrix.Key, RiskMatrix.Default, ct);

    public async Task<CommandResult> SaveMatrixAsync(RiskMatrix matrix, CancellationToken ct)
    {
        if (matrix.Validate() is { } error) return CommandResult.Invalid(error);
        await settings.SetJsonAsync(RiskMatrix.Key, matrix, ct);
        return CommandResult.Ok;
    }

    /// <summary>Open risks the user may see: staff all, an enterprise its own (never the zone's or another's).</summary>
    public IQueryable<RiskItem> Visible(ClaimsPrincipal user)
    {
        var scope = EnterpriseScope.For(user);
        var risks = db.RiskItems.AsNoTracking();
        return risks.ForOptionalScope(scope);
    }

    /// <summary>Counts by residual (or inherent) cell in one grouped query.</summary>
    public async Task<IReadOnlyList<HeatCell>> HeatMapAsync(IQueryable<RiskItem> risks, bool inherent, CancellationToken ct)
    {
        var matrix = await MatrixAsync(ct);
        var counts = inherent
            ? await risks.Where(r => !r.Closed).GroupBy(r => new { L = r.InherentLikelihood, S = r.InherentSeverity }).Select(g => new { g.Key.L, g.Key.S, Count = g.Count() }).ToListAsync(ct)
            : await risks.Where(r => !r.Closed).GroupBy(r => new { L = r.ResidualLikelihood, S = r.ResidualSeverity }).Select(g => new { g.Key.L, g.Key.S, Count = g.Count() }).ToListAsync(ct);
        return [.. from l in Enumerable.Range(1, 5) from s in Enumerable.Range(1, 5)
            select new HeatCell(l, s, counts.Where(c => c.L == l && c.S == s).Sum(c => c.Count), matrix.LevelOf(l, s))];
    }

    public async Task<(CommandResult Result, Guid? Id)> SaveAsync(ClaimsPrincipal user, Guid? id, RiskInput input, CancellationToken ct)
    {
        if (Validate(input) is { } error) return (CommandResult.Invalid(error), null);
        if (input.EnterpriseId is { } enterpriseId && !await db.Enterprises.AnyAsync(e => e.Id == enterpriseId, ct)) return (CommandResult.Invalid(Text.Get("企业不存在")), null);
        RiskItem risk;
        if (id is { } existing)
        {
            var found = await db.RiskItems.SingleOrDefaultAsync(r => r.Id == existing, ct);
            if (found is null) return (CommandResult.NotFound(Text.Get("风险不存在")), null);
            risk = found;
            risk.Version++;
        }
        else
        {
            var year = clock.Today.Year;
            var prefix = $"FX-{year}-";
            var next = await NumberSequences.NextAsync(db, prefix, async token =>
                NumberSequences.Highest(await db.RiskItems.IgnoreQueryFilters().Where(r => r.Number.StartsWith(prefix)).Select(r => r.Number).ToListAsync(token), prefix), ct);
            risk = new RiskItem { Number = $"{prefix}{next:D3}", Title = "", CreatedBy = user.DisplayName(), CreatedAt = time.GetUtcNow() };
            db.RiskItems.Add(risk);
        }
        risk.EnterpriseId = input.EnterpriseId;
        risk.Category = input.Category!.Value;
        risk.Title = input.Title!.Trim();
        risk.Description = input.Description?.Trim();
        (risk.InherentLikelihood, risk.InherentSeverity, risk.ResidualLikelihood, risk.ResidualSeverity) = (input.InherentLikelihood, input.InherentSeverity, input.ResidualLikelihood, input.ResidualSeverity);
        risk.Controls = input.Controls?.Trim();
        risk.OwnerDepartmentId = input.OwnerDepartmentId;
        risk.Owner = input.Owner?.Trim();
        risk.NextReviewOn = input.NextReviewOn!.Value;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return (CommandResult.Conflict(Text.Get("该记录已被他人修改，请刷新后重试")), null); }
        return (CommandResult.Ok, risk.Id);
    }

    /// <summary>A review records the rating found, moves the residual rating to it, and sets the next date; a closing review closes the risk.</summary>
    public async Task<CommandResult> ReviewAsync(ClaimsPrincipal user, Guid id, ReviewInput input, CancellationToken ct)
    {
        var risk = await db.RiskItems.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (risk is null) return CommandResult.NotFound(Text.Get("风险不存在"));
        if (risk.Closed) return CommandResult.Invalid(Text.Get("风险已关闭"));
        if (input.ReviewedOn is not { } reviewedOn || input.Outcome is not { } outcome) return CommandResult.Invalid(Text.Get("请填写评审日期和结论"));
        if (reviewedOn > clock.Today) return CommandResult.Invalid(Text.Get("评审日期不能晚于今天"));
        if (!InRange(input.Likelihood) || !InRange(input.Severity)) return CommandResult.Invalid(Text.Get("可能性和严重程度应为 1 到 5"));
        if (string.IsNullOrWhiteSpace(input.Note)) return CommandResult.Invalid(Text.Get("请填写评审意见"));
        if (outcome != ReviewOutcome.Closed && (input.NextReviewOn is not { } next || next <= reviewedOn)) return CommandResult.Invalid(Text.Get("下次评审日期应晚于本次评审日期"));
        risk.Reviews.Add(new RiskReview { RiskId = id, ReviewedOn = reviewedOn, Outcome = outcome, Likelihood = input.Likelihood, Severity = input.Severity, Note = input.Note.Trim(), Reviewer = user.DisplayName(), At = time.GetUtcNow() });
        (risk.ResidualLikelihood, risk.ResidualSeverity) = (input.Likelihood, input.Severity);
        if (outcome == ReviewOutcome.Closed) risk.Closed = true;
        else risk.NextReviewOn = input.NextReviewOn!.Value;
        risk.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    private string? Validate(RiskInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Length > 300) return Text.Get("请填写风险名称（不超过 300 字）");
        if (input.Category is null) return Text.Get("请选择风险类别");
        if (!InRange(input.InherentLikelihood) || !InRange(input.InherentSeverity) || !InRange(input.ResidualLikelihood) || !InRange(input.ResidualSeverity))
            return Text.Get("可能性和严重程度应为 1 到 5");
        // Controls reduce a risk; they never make it larger than it is without them.
        if (input.ResidualLikelihood * input.ResidualSeverity > input.InherentLikelihood * input.InherentSeverity) return Text.Get("剩余风险不能高于固有风险");
        if (input.NextReviewOn is null) return Text.Get("请填写下次评审日期");
        return null;
    }

    private static bool InRange(int value) => value is >= 1 and <= 5;
}
