using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Policies;

/// <summary><c>/policies/mechanism</c>: task 20's mechanism as what each party did this year, each count linked to its records.</summary>
[RequirePermission(PoliciesPermissions.Mechanism)]
public sealed class MechanismPageModel(MechanismView mechanism, ZoneClock clock) : PageModel
{
    public int Year { get; private set; }
    public IReadOnlyList<MechanismParty> Parties { get; private set; } = [];

    public async Task OnGetAsync(int? year, CancellationToken ct)
    {
        Year = year is >= 2000 and <= 2100 ? year.Value : clock.Today.Year;
        Parties = await mechanism.ForYearAsync(Year, ct);
    }
}
