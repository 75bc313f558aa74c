using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Commitments;
using QualityZone.Features.Settings;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Evaluations;

public sealed record ScoreProposal(EvaluationCriterion Criterion, int? Score, string? Basis);

/// <summary>Scores the computed criteria from the platform's data, takes the office's manual scores, grades.</summary>
public sealed class EvaluationService(AppDbContext db, CommitmentService letters, ZoneClock clock, TimeProvider time, IEnumerable<Enterprises.IEnterpriseChangeObserver> observers)
{
    private sealed record SeedEntry(string Code, string Zh, string En, int Weight, bool Computed);

    // Points for each customs credit tier (GACC Order No. 282); an unknown tier scores nothing.
    private static readonly Dictionary<string, int> TierPoints = new()
    {
        ["advanced-certified"] = 100, ["certified"] = 85, ["regular"] = 70, ["dishonest"] = 30, ["seriously-dishonest"] = 0,
    };

    public static async Task EnsureCriteriaAsync(AppDbContext db, CancellationToken ct)
    {
        var existing = await db.EvaluationCriteria.Select(c => c.Code).ToListAsync(ct);
        var order = 0;
        foreach (var e in SeedFile.Read<SeedEntry>(typeof(EvaluationService), "evaluation-criteria.seed.json"))
        {
            order += 10;
            if (!existing.Contains(e.Code))
                db.EvaluationCriteria.Add(new EvaluationCriterion { Code = e.Code, NameZh = e.Zh, NameEn = e.En, Weight = e.Weight, Computed = e.Computed, SortOrder = order });
        }
        await db.SaveChangesAsync(ct);
    }

    public Task<List<EvaluationCriterion>> CriteriaAsync(CancellationToken ct) =>
        db.EvaluationCriteria.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.SortOrder).ToListAsync(ct);

    public async Task<GradeThresholds> ThresholdsAsync(CancellationToken ct) =>
        GradeThresholds.Parse(await db.ZoneSettings.AsNoTracking().Where(s => s.Key == GradeThresholds.SettingKey).Select(s => s.Value).SingleOrDefaultAsync(ct));

    /// <summary>The computed criteria's scores with the basis shown to the evaluator; manual ones are left empty.</summary>
    public async Task<List<ScoreProposal>> ProposeAsync(Guid enterpriseId, CancellationToken ct)
    {
        var enterprise = await db.Enterprises.AsNoTracking().SingleAsync(e => e.Id == enterpriseId, ct);
        var today = clock.Today;
        var qms = await db.Certificates.AsNoTracking().AnyAsync(c => c.EnterpriseId == enterpriseId && (c.Type == "iso9001" || c.Type == "iatf16949") && c.ValidFrom <= today && c.ValidTo >= today, ct);
        var version = (await letters.CurrentAsync(ct)).Version;
        var signed = await db.CommitmentLetters.AsNoTracking().AnyAsync(l => l.EnterpriseId == enterpriseId && l.TemplateVersion == version, ct);
        var cnas = enterprise.LabCnasAccredited && (enterprise.LabCnasExpiry is null || enterprise.LabCnasExpiry >= today);
        // The tier by its name in the code list (「高级认证企业」), not its code.
        var tier = enterprise.CustomsCreditTier is { } code ? (await db.ItemsAsync(CodeLists.CustomsCreditTiers, ct)).FirstOrDefault(i => i.Code == code)?.Name ?? code : null;

        return (await CriteriaAsync(ct)).Select(c => c.Code switch
        {
            "qms" when c.Computed => new ScoreProposal(c, qms ? 100 : 0, qms ? Text.Get("持有有效的质量管理体系认证证书") : Text.Get("无有效的质量管理体系认证证书")),
            "commitment" when c.Computed => new ScoreProposal(c, signed ? 100 : 0, signed ? Text.Format("已签署 v{0}", version) : Text.Format("未签署 v{0}", version)),
            "customs-credit" when c.Computed => new ScoreProposal(c, enterprise.CustomsCreditTier is { } t && TierPoints.TryGetValue(t, out var p) ? p : 0, tier ?? Text.Get("未填写")),
            "lab" when c.Computed => new ScoreProposal(c, cnas ? 100 : 50, cnas ? Text.Get("CNAS 认可有效") : Text.Get("无 CNAS 认可")),
            _ => new ScoreProposal(c, null, null),
        }).ToList();
    }

    /// <summary>
    /// Records the year's evaluation: computed scores are recomputed (not taken from the form), manual
    /// scores must be 0–100; the total is Σ weight × score / 100 and the grade follows the thresholds.
    /// The enterprise's grade becomes that of its latest evaluated year.
    /// </summary>
    public async Task<CommandResult> EvaluateAsync(ClaimsPrincipal user, Guid enterpriseId, int year, IReadOnlyDictionary<Guid, int?> manualScores, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(user, EvaluationsPermissions.Evaluate)) return CommandResult.Forbidden(Text.Get("无权执行此操作"));
        var enterprise = await db.Enterprises.SingleOrDefaultAsync(e => e.Id == enterpriseId, ct);
        if (enterprise is null) return CommandResult.NotFound(Text.Get("企业不存在"));
        if (!CommitmentService.InZone.Contains(enterprise.State)) return CommandResult.Invalid(Text.Get("只对区内企业进行年度评价"));
        if (year < 2000 || year > clock.Today.Year) return CommandResult.Invalid(Text.Get("评价年度无效"));

        var proposals = await ProposeAsync(enterpriseId, ct);
        if (proposals.Sum(p => p.Criterion.Weight) != 100) return CommandResult.Invalid(Text.Get("评价指标权重合计须为 100，请先调整指标设置"));
        var scores = new List<EvaluationScore>();
        foreach (var proposal in proposals)
        {
            var score = proposal.Criterion.Computed ? proposal.Score : manualScores.GetValueOrDefault(proposal.Criterion.Id);
            if (score is null or < 0 or > 100) return CommandResult.Invalid(Text.Format("“{0}”的得分须在 0 到 100 之间", proposal.Criterion.Name));
            scores.Add(new EvaluationScore { CriterionId = proposal.Criterion.Id, Weight = proposal.Criterion.Weight, Score = score.Value, Computed = proposal.Criterion.Computed, Note = proposal.Basis });
        }
        var total = Math.Round(scores.Sum(s => s.Weight * (decimal)s.Score) / 100m, 2);
        var grade = (await ThresholdsAsync(ct)).GradeOf(total);

        var evaluation = await db.Evaluations.Include(e => e.Scores).SingleOrDefaultAsync(e => e.EnterpriseId == enterpriseId && e.Year == year, ct);
        if (evaluation is null) db.Evaluations.Add(evaluation = new Evaluation { EnterpriseId = enterpriseId, Year = year, Grade = grade, EvaluatedBy = "" });
        else db.RemoveRange(evaluation.Scores);
        evaluation.Scores = scores.Select(s => { s.EvaluationId = evaluation.Id; return s; }).ToList();
        (evaluation.Total, evaluation.Grade, evaluation.EvaluatedBy, evaluation.EvaluatedAt) = (total, grade, user.DisplayName(), time.GetUtcNow());
        var latestOther = await db.Evaluations.Where(e => e.EnterpriseId == enterpriseId && e.Year > year).OrderByDescending(e => e.Year).Select(e => e.Grade).FirstOrDefaultAsync(ct);
        enterprise.Grade = latestOther ?? grade;
        enterprise.Version++;
        await db.SaveChangesAsync(ct);
        await Enterprises.EnterpriseChanges.NotifyAsync(observers, enterpriseId, ct);
        return CommandResult.Ok;
    }

    /// <summary>New weights (adding up to 100) and grade thresholds set by the zone office.</summary>
    public async Task<CommandResult> ConfigureAsync(IReadOnlyDictionary<Guid, int> weights, GradeThresholds thresholds, CancellationToken ct)
    {
        var criteria = await db.EvaluationCriteria.Where(c => c.IsActive).ToListAsync(ct);
        if (criteria.Any(c => !weights.ContainsKey(c.Id)) || weights.Values.Any(w => w < 0 || w > 100)) return CommandResult.Invalid(Text.Get("每项指标的权重须在 0 到 100 之间"));
        if (criteria.Sum(c => weights[c.Id]) != 100) return CommandResult.Invalid(Text.Format("权重合计须为 100，现为 {0}", criteria.Sum(c => weights[c.Id])));
        if (!thresholds.IsValid) return CommandResult.Invalid(Text.Get("等级分数线须满足 100 ≥ A > B > C > 0"));
        foreach (var c in criteria) c.Weight = weights[c.Id];
        var setting = await db.ZoneSettings.SingleOrDefaultAsync(s => s.Key == GradeThresholds.SettingKey, ct);
        if (setting is null) db.ZoneSettings.Add(setting = new ZoneSetting { Key = GradeThresholds.SettingKey, Value = "" });
        setting.Value = thresholds.ToString();
        setting.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }
}
