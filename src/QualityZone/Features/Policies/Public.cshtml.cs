using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Policies;

/// <summary><c>/policies/public</c>: the published public policy documents on the portal, for anyone; one of them in full with <c>?id=</c>.</summary>
[RequirePermission(PoliciesPermissions.Browse)]
public sealed class PublicModel(AppDbContext db) : PageModel
{
    public List<Policy> Rows { get; private set; } = [];
    public Policy? Item { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        var visible = db.Policies.AsNoTracking().Where(p => p.Published && p.IsPublic);
        if (id is { } one)
        {
            Item = await visible.Include(p => p.Files).SingleOrDefaultAsync(p => p.Id == one, ct);
            return Item is null ? NotFound() : Page();
        }
        Rows = (await visible.ToListAsync(ct)).OrderByDescending(p => p.IssuedOn).ToList();
        return Page();
    }
}
