using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Policies;

/// <summary><c>/policies/appraisal</c>: the year's appraisal of the member units, ranked; the district office sets weights and scores the manual item; a unit sees its own row.</summary>
[RequirePermission(PoliciesPermissions.Appraisal)]
public sealed class AppraisalPageModel(AppraisalService appraisal, ZoneClock clock) : PageModel
{
    public int Year { get; private set; }
    public IReadOnlyList<UnitAppraisal> Units { get; private set; } = [];
    public IReadOnlyDictionary<string, int> Weights { get; private set; } = new Dictionary<string, int>();
    public bool Manages { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(int? year, CancellationToken ct) => await LoadAsync(year, ct);

    public async Task<IActionResult> OnPostWeightsAsync(int year, CancellationToken ct)
    {
        var weights = AppraisalService.Items.ToDictionary(i => i.Code, i => int.TryParse(Request.Form["w-" + i.Code], out var w) ? w : -1);
        return await DoneAsync(year, await appraisal.SetWeightsAsync(User, year, weights, ct), ct);
    }

    public async Task<IActionResult> OnPostScoreAsync(int year, Guid departmentId, decimal? score, string? note, CancellationToken ct) =>
        await DoneAsync(year, await appraisal.ScoreAsync(User, year, departmentId, score, note, ct), ct);

    private async Task<IActionResult> DoneAsync(int year, CommandResult result, CancellationToken ct)
    {
        if (result.Succeeded) return Redirect($"/policies/appraisal?year={year}");
        await LoadAsync(year, ct);
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task LoadAsync(int? year, CancellationToken ct)
    {
        Year = year is >= 2000 and <= 2100 ? year.Value : clock.Today.Year;
        (Units, Manages) = await appraisal.VisibleToAsync(User, Year, ct);
        Weights = await appraisal.WeightsAsync(Year, ct);
    }
}
