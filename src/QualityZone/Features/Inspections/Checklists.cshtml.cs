using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Inspections;

/// <summary><c>/inspections/checklists</c>: the office's checklists.</summary>
[RequirePermission(InspectionsPermissions.Plan)]
public sealed class ChecklistsModel(AppDbContext db) : PageModel
{
    public sealed record Row(ChecklistTemplate Template, int Items, int Points, int Sections);
    public List<Row> Templates { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Templates = (await db.ChecklistTemplates.AsNoTracking().Include(t => t.Items).OrderByDescending(t => t.IsActive).ThenBy(t => t.Name).ToListAsync(ct))
            .Select(t => new Row(t, t.Items.Count, t.Items.Sum(i => i.MaxPoints), t.Items.Select(i => i.Section).Distinct().Count())).ToList();
}
