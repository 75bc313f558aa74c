using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Policies;

/// <summary><c>/policies/claims</c>: reward claims by state, for the department reviewing, the office deciding and the finance bureau paying; an enterprise sees its own.</summary>
[RequirePermission(PoliciesPermissions.Read)]
public sealed class ClaimsModel(ClaimCommands claims) : PageModel
{
    public List<ClaimRow> Rows { get; private set; } = [];
    public ClaimState? State { get; private set; }
    public Dictionary<ClaimState, int> Counts { get; private set; } = [];
    public bool Enterprise => User.EnterpriseId() is not null;
    public bool Staff => PermissionCatalog.IsGranted(User, PoliciesPermissions.Eligibility);

    public async Task OnGetAsync(ClaimState? state, CancellationToken ct)
    {
        State = state is { } s && Enum.IsDefined(s) ? s : null;
        var all = await claims.ListAsync(User, null, null, ct);
        Counts = all.GroupBy(r => r.State).ToDictionary(g => g.Key, g => g.Count());
        Rows = State is { } only ? all.Where(r => r.State == only).ToList() : all;
    }
}
