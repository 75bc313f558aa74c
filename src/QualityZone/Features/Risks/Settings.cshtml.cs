using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Risks;

/// <summary><c>/risks/settings</c>: the office's 5 × 5 matrix, and the early-warning weights and level thresholds.</summary>
[RequirePermission(RisksPermissions.Configure)]
public sealed class SettingsModel(RiskCommands commands, EarlyWarning warning) : PageModel
{
    [BindProperty] public RiskLevel[] Cells { get; set; } = [];
    [BindProperty] public List<SignalWeight> Weights { get; set; } = [];
    [BindProperty] public int Medium { get; set; }
    [BindProperty] public int High { get; set; }
    [BindProperty] public int Extreme { get; set; }
    public string? Error { get; private set; }
    public bool Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var matrix = await commands.SaveMatrixAsync(new RiskMatrix(Cells), ct);
        var weights = matrix.Succeeded ? await warning.SaveWeightsAsync(new WarningWeights(Weights, Medium, High, Extreme), ct) : matrix;
        if (!weights.Succeeded) Error = weights.Error;
        else
        {
            Saved = true;
            await LoadAsync(ct);
        }
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Cells = (await commands.MatrixAsync(ct)).Cells;
        var w = await warning.WeightsAsync(ct);
        Weights = Enum.GetValues<SignalKind>().Select(w.For).ToList();
        (Medium, High, Extreme) = (w.Medium, w.High, w.Extreme);
    }
}
