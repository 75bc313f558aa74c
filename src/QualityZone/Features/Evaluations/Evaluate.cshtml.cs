using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Evaluations;

[RequirePermission(EvaluationsPermissions.Evaluate)]
public sealed class EvaluateModel(EvaluationService evaluations, AppDbContext db, ZoneClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    public string EnterpriseName { get; private set; } = "";
    public IReadOnlyList<ScoreProposal> Proposals { get; private set; } = [];
    public GradeThresholds Thresholds { get; private set; } = GradeThresholds.Default;
    public Dictionary<Guid, int> Previous { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var name = await db.Enterprises.AsNoTracking().Where(e => e.Id == Id).Select(e => e.NameZh).SingleOrDefaultAsync(ct);
        if (name is null) return NotFound();
        EnterpriseName = name;
        // The year just ended is the usual one to evaluate.
        Year ??= clock.Today.Year - (clock.Today.Month < 12 ? 1 : 0);
        Proposals = await evaluations.ProposeAsync(Id, ct);
        Thresholds = await evaluations.ThresholdsAsync(ct);
        Previous = await db.Evaluations.AsNoTracking().Where(e => e.EnterpriseId == Id && e.Year == Year)
            .SelectMany(e => e.Scores).ToDictionaryAsync(s => s.CriterionId, s => s.Score, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int year, Dictionary<Guid, int?> scores, CancellationToken ct)
    {
        var result = await evaluations.EvaluateAsync(User, Id, year, scores, ct);
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (!result.Succeeded)
        {
            TempData["Error"] = result.Error;
            return Redirect($"/enterprises/{Id}/evaluate?year={year}");
        }
        TempData["Success"] = Text.Format("{0} 年度评价已完成", year);
        return Redirect($"/enterprises/{Id}#evaluations");
    }
}
