using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Association;

/// <summary><c>/association/convention</c>: the self-discipline convention for anyone; who signed it for the member units; a new version for the association.</summary>
[RequirePermission(AssociationPermissions.Convention)]
public sealed class ConventionModel(AssociationCommands association, AppDbContext db, ZoneClock clock) : PageModel
{
    public sealed record Signed(string Enterprise, string Signatory, DateTimeOffset SignedAt);

    public ConventionVersion? Current { get; private set; }
    public List<Signed> Signatures { get; private set; } = [];
    public bool Staff => PermissionCatalog.IsGranted(User, AssociationPermissions.Read);
    public bool Manages => PermissionCatalog.IsGranted(User, AssociationPermissions.Manage);
    public string? Error { get; private set; }
    public string Format(DateTimeOffset at) => clock.Format(at);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? title, string? body, CancellationToken ct)
    {
        if (!Manages) return StatusCode(StatusCodes.Status403Forbidden);
        var result = await association.PublishConventionAsync(User, title, body, ct);
        if (result.Succeeded) return Redirect("/association/convention");
        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Current = await association.ConventionAsync(ct);
        if (Current is { } c && Staff)
            Signatures = await (from s in db.ConventionSignatures.AsNoTracking()
                                join e in db.Enterprises.AsNoTracking() on s.EnterpriseId equals e.Id
                                where s.Version == c.Version
                                orderby s.SignedAt
                                select new Signed(e.NameZh, s.Signatory, s.SignedAt)).ToListAsync(ct);
    }
}
