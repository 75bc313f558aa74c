using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Association;

/// <summary><c>/association/complaints</c>: the complaints and reports received, by state, newest first.</summary>
[RequirePermission(AssociationPermissions.Read)]
public sealed class ComplaintsModel(AssociationCommands association, AppDbContext db, ZoneClock clock) : PageModel
{
    public sealed record Row(Guid Id, string Number, string Subject, ComplaintSource Source, string? Enterprise, string? EnterpriseNamed, DateTimeOffset ReceivedAt, ComplaintState State);

    public ComplaintState? State { get; private set; }
    public List<Row> Rows { get; private set; } = [];
    public Dictionary<ComplaintState, int> Counts { get; private set; } = [];
    public string Format(DateTimeOffset at) => clock.Format(at);

    public async Task OnGetAsync(ComplaintState? state, CancellationToken ct)
    {
        State = state;
        var query = association.Complaints;
        if (state is { } s) query = query.Where(c => c.State == s);
        Rows = await (from c in query
                      join e in db.Enterprises.AsNoTracking() on c.EnterpriseId equals e.Id into named
                      from e in named.DefaultIfEmpty()
                      orderby c.ReceivedAt descending
                      select new Row(c.Id, c.Number, c.Subject, c.Source, e == null ? null : e.NameZh, c.EnterpriseNamed, c.ReceivedAt, c.State)).Take(200).ToListAsync(ct);
        Counts = await association.Complaints.GroupBy(c => c.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }
}
