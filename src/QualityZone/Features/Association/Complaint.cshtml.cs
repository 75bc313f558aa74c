using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Association;

/// <summary><c>/association/complaints/{id}</c>: one complaint with its reporter (for the member units only) and the association's handling.</summary>
[RequirePermission(AssociationPermissions.Read)]
public sealed class ComplaintModel(AssociationCommands association, AppDbContext db, ZoneClock clock) : PageModel
{
    public sealed record Choice(Guid Id, string Name);

    public Complaint Item { get; private set; } = null!;
    public string? EnterpriseName { get; private set; }
    public List<Choice> Enterprises { get; private set; } = [];
    public bool Manages => PermissionCatalog.IsGranted(User, AssociationPermissions.Manage);
    public string? Error { get; private set; }
    public string Format(DateTimeOffset at) => clock.Format(at);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, ComplaintState state, Guid? enterpriseId, bool? substantiated, string? conclusion, bool openAction, DateOnly? actionDueOn, bool share, CancellationToken ct)
    {
        if (!Manages) return StatusCode(StatusCodes.Status403Forbidden);
        var result = await association.HandleAsync(User, id, new ComplaintHandling(state, enterpriseId, substantiated, conclusion, openAction, ActionSeverity.Minor, actionDueOn, share), ct);
        if (result.Succeeded) return Redirect($"/association/complaints/{id}");
        db.ChangeTracker.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await association.Complaints.SingleOrDefaultAsync(c => c.Id == id, ct) is not { } complaint) return false;
        Item = complaint;
        EnterpriseName = complaint.EnterpriseId is { } e ? await db.Enterprises.AsNoTracking().Where(x => x.Id == e).Select(x => x.NameZh).SingleOrDefaultAsync(ct) : null;
        if (Manages) Enterprises = await db.Enterprises.AsNoTracking().OrderBy(x => x.NameZh).Select(x => new Choice(x.Id, x.NameZh)).ToListAsync(ct);
        return true;
    }
}
