using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Evaluations;

[RequirePermission(EvaluationsPermissions.Configure)]
public sealed class SettingsModel(EvaluationService evaluations) : PageModel
{
    public IReadOnlyList<EvaluationCriterion> Criteria { get; private set; } = [];
    public GradeThresholds Thresholds { get; private set; } = GradeThresholds.Default;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Criteria = await evaluations.CriteriaAsync(ct);
        Thresholds = await evaluations.ThresholdsAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(Dictionary<Guid, int> weights, int a, int b, int c, CancellationToken ct)
    {
        var result = await evaluations.ConfigureAsync(weights, new GradeThresholds(a, b, c), ct);
        if (result.Succeeded)
        {
            TempData["Success"] = Text.Get("评价设置已保存");
            return Redirect("/admin/evaluation");
        }
        ModelState.AddModelError("", result.Error!);
        await OnGetAsync(ct);
        return Page();
    }
}
