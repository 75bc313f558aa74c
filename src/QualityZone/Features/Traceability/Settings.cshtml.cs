using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Traceability;

/// <summary><c>/trace/settings</c>: the weights of the supplier scorecard and the grade thresholds (the zone office).</summary>
[RequirePermission(TraceabilityPermissions.Configure)]
public sealed class SettingsModel(SupplierCommands commands) : PageModel
{
    [BindProperty] public SupplierScoring Scoring { get; set; } = SupplierScoring.Default;
    public string? Error { get; private set; }
    public bool Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Scoring = await commands.ScoringAsync(ct);

    public async Task OnPostAsync(CancellationToken ct)
    {
        var result = await commands.SetScoringAsync(Scoring, ct);
        Error = result.Error;
        Saved = result.Succeeded;
    }
}
