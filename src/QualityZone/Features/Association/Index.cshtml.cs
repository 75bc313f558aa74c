using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Association;

/// <summary>
/// <c>/association</c>: for the member units the register (level, this year's fee, the convention signed, model
/// enterprises) and the open complaints; for an enterprise its membership, the convention to sign and the
/// complaints about it the association shared.
/// </summary>
[RequirePermission(AssociationPermissions.Desk)]
public sealed class IndexModel(AssociationCommands association, AppDbContext db, ZoneClock clock) : PageModel
{
    public bool Enterprise => User.EnterpriseId() is not null;
    public bool Manages => PermissionCatalog.IsGranted(User, AssociationPermissions.Manage);
    public int Year => clock.Today.Year;
    public List<MemberRow> Members { get; private set; } = [];
    public int OpenComplaints { get; private set; }
    public Membership? Mine { get; private set; }
    public ConventionVersion? Convention { get; private set; }
    public bool SignedCurrent { get; private set; }
    public List<Complaint> Shared { get; private set; } = [];
    public bool Done { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done is not null;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSignAsync(string? signatory, CancellationToken ct)
    {
        var result = await association.SignAsync(User, signatory, ct);
        if (result.Succeeded) return Redirect("/association?done=1");
        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (User.EnterpriseId() is { } own)
        {
            Mine = await association.MembershipAsync(own, ct);
            Convention = await association.ConventionAsync(ct);
            SignedCurrent = Convention is { } c && await db.ConventionSignatures.AnyAsync(s => s.EnterpriseId == own && s.Version == c.Version, ct);
            Shared = await association.SharedWith(own).OrderByDescending(x => x.ReceivedAt).ToListAsync(ct);
            return;
        }
        Members = await association.MembersAsync(ct);
        OpenComplaints = await association.Complaints.CountAsync(x => x.State == ComplaintState.Received || x.State == ComplaintState.Investigating, ct);
    }
}
