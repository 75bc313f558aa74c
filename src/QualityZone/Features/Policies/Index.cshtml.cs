using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Policies;

/// <summary><c>/policies</c>: the policy register by type; an enterprise sees first which rewards and measures it qualifies for, which it misses and why.</summary>
[RequirePermission(PoliciesPermissions.Read)]
public sealed class IndexModel(PolicyCommands policies, ZoneClock clock) : PageModel
{
    public List<Policy> Rows { get; private set; } = [];
    public IReadOnlyList<(Policy Policy, Eligibility Standing)> Standing { get; private set; } = [];
    public PolicyType? Type { get; private set; }
    public bool Enterprise => User.EnterpriseId() is not null;
    public bool Manages => PermissionCatalog.IsGranted(User, PoliciesPermissions.Manage);
    public DateOnly Today => clock.Today;

    public async Task OnGetAsync(PolicyType? type, CancellationToken ct)
    {
        Type = type is { } t && Enum.IsDefined(t) ? t : null;
        Rows = (await policies.Visible(User).Where(p => Type == null || p.Type == Type).ToListAsync(ct)).OrderByDescending(p => p.IssuedOn).ThenBy(p => p.Title, StringComparer.Ordinal).ToList();
        if (User.EnterpriseId() is { } own) Standing = await policies.StandingOfAsync(own, ct);
    }
}
