using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Portal;

/// <summary><c>/portal/tbt</c>: TBT response cases — for the association all, for an enterprise those it is invited to.</summary>
[RequirePermission(PortalPermissions.Alerts)]
public sealed class TbtModel(AppDbContext db) : PageModel
{
    public sealed record Row(Guid Id, string? Reference, string Title, DateOnly? FinalDate, DateOnly ImpactDeadline, TbtCaseState State, int Invited, int Impacts);
    public List<Row> Cases { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = EnterpriseScope.For(User);
        var cases = db.TbtCases.AsNoTracking();
        if (!scope.All) cases = cases.Where(c => c.Invitations.Any(i => i.EnterpriseId == scope.EnterpriseId));
        Cases = await (from c in cases join n in db.Notices on c.NoticeId equals n.Id orderby c.OpenedAt descending
                       select new Row(c.Id, n.Reference, n.Title, n.CommentDeadline, c.ImpactDeadline, c.State, c.Invitations.Count, c.Impacts.Count)).ToListAsync(ct);
    }
}
