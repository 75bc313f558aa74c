using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Publicity;

/// <summary><c>/cases</c>: the published best-practice cases for anyone; the drafts and cases in review for their writers and reviewers.</summary>
[RequirePermission(PublicityPermissions.Browse)]
public sealed class IndexModel(PublicityCommands publicity, AppDbContext db, ZoneClock clock) : PageModel
{
    public sealed record Row(Guid Id, string Title, CaseTopic Topic, string Summary, string Enterprise, CaseState State, DateTimeOffset? PublishedAt);

    public List<Row> Published { get; private set; } = [];
    public List<Row> Working { get; private set; } = [];
    public bool Writes => PermissionCatalog.IsGranted(User, PublicityPermissions.Write);
    public bool Reviews => PermissionCatalog.IsGranted(User, PublicityPermissions.Review);
    public string Format(DateTimeOffset? at) => clock.Format(at, "yyyy-MM-dd");

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = await (from c in publicity.Readable(User)
                          join e in db.Enterprises.AsNoTracking() on c.EnterpriseId equals e.Id
                          orderby c.PublishedAt descending, c.CreatedAt descending
                          select new Row(c.Id, c.Title, c.Topic, c.Summary, e.NameZh, c.State, c.PublishedAt)).Take(300).ToListAsync(ct);
        Published = rows.Where(r => r.State == CaseState.Published).ToList();
        Working = rows.Where(r => r.State != CaseState.Published).ToList();
    }
}
