using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Indicators;

/// <summary><c>/portal/indicators</c>: the approved figures only, for the public.</summary>
[RequirePermission(IndicatorsPermissions.Published)]
public sealed class PublishedModel(IndicatorCommands commands) : PageModel
{
    public List<IndicatorRow> Rows { get; private set; } = [];
    public IReadOnlyList<int> Years => commands.Years;

    public async Task OnGetAsync(CancellationToken ct) =>
        Rows = (await commands.DashboardAsync(approvedOnly: true, ct)).Where(r => r.Years.Count > 0).ToList();
}
