using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Laboratories;

/// <summary><c>/laboratories</c>: the candidate labs and their stage, the year's accredited labs against the target; an enterprise sees its own lab.</summary>
[RequirePermission(LaboratoriesPermissions.Read)]
public sealed class IndexModel(LaboratoryCommands labs, ZoneClock clock) : PageModel
{
    public List<LabRow> Rows { get; private set; } = [];
    public int Year => clock.Today.Year;
    public int Accredited { get; private set; }
    public int? Target { get; private set; }
    public bool Enterprise => User.EnterpriseId() is not null;
    public bool Guides => PermissionCatalog.IsGranted(User, LaboratoriesPermissions.Guide);
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostTargetAsync(int target, CancellationToken ct)
    {
        if (!Guides) return StatusCode(StatusCodes.Status403Forbidden);
        var result = await labs.SetTargetAsync(Year, target, ct);
        if (result.Succeeded) return Redirect("/laboratories");
        await LoadAsync(ct);
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Rows = await labs.ListAsync(User, ct);
        (Accredited, Target) = await labs.YearAsync(Year, ct);
    }
}
