using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Admission;

/// <summary>An enterprise's way into its application: the open one, or a new draft while it is an applicant.</summary>
[RequirePermission(AdmissionPermissions.Apply)]
public sealed class MineModel(AdmissionService admission) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.EnterpriseId() is not { } enterpriseId) return StatusCode(StatusCodes.Status403Forbidden);
        var application = await admission.OpenForEnterpriseAsync(enterpriseId, ct);
        return application is null ? Page() : Redirect($"/admission/{application.Id}");
    }
}
