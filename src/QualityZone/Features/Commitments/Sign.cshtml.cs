using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Commitments;

/// <summary>Records a signed letter for an enterprise (the form is on the enterprise page); another enterprise's is 404.</summary>
[RequirePermission(CommitmentsPermissions.Sign)]
public sealed class SignModel(CommitmentService letters) : PageModel
{
    public IActionResult OnGet(Guid enterpriseId) =>
        Enterprises.EnterpriseScope.For(User).Allows(enterpriseId) ? Redirect($"/enterprises/{enterpriseId}#commitment") : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid enterpriseId, string? signatory, DateOnly? signedOn, IFormFile? scan, CancellationToken ct)
    {
        await using var stream = scan?.OpenReadStream();
        var result = await letters.SignAsync(User, enterpriseId, signatory, signedOn, stream, scan?.FileName, ct);
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        TempData[result.Succeeded ? "Success" : "Error"] = result.Succeeded ? Text.Get("承诺书签署已登记") : result.Error;
        return Redirect($"/enterprises/{enterpriseId}#commitment");
    }
}
