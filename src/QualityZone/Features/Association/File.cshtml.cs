using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Association;

/// <summary><c>/complaints/new</c>: the portal's form through which anyone files a complaint or report with the association (rate-limited per address).</summary>
[RequirePermission(AssociationPermissions.Complain)]
[EnableRateLimiting("verify")]
public sealed class FileModel(AssociationCommands association) : PageModel
{
    [BindProperty] public ComplaintSource Source { get; set; } = ComplaintSource.Public;
    [BindProperty] public string? EnterpriseNamed { get; set; }
    [BindProperty] public string? Subject { get; set; }
    [BindProperty] public string? Details { get; set; }
    [BindProperty] public string? ReporterName { get; set; }
    [BindProperty] public string? ReporterContact { get; set; }
    public string? Number { get; private set; }
    public string? Error { get; private set; }

    public void OnGet(string? number) => Number = number;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (result, number) = await association.ComplainAsync(new ComplaintInput(Source, ReporterName, ReporterContact, EnterpriseNamed, Subject, Details), ct);
        if (result.Succeeded) return Redirect($"/complaints/new?number={Uri.EscapeDataString(number!)}");
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }
}
