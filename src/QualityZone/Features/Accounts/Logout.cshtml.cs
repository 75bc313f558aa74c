using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Accounts;

[RequirePermission(AccountsPermissions.Public)]
public sealed class LogoutModel(SignInManager<AppUser> signInManager, AppDbContext db, TimeProvider clock, Audit.SecurityLog securityLog) : PageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Ends the session on the server too: a copy of the cookie is refused from the next request on.
        await UserSessions.EndCurrentAsync(db, User, clock.GetUtcNow(), ct);
        if (User.Identity?.IsAuthenticated == true)
            await securityLog.RecordAsync(Audit.SecurityEventKind.SignedOut, User.Identity.Name ?? "", User.FindFirstValue(ClaimTypes.NameIdentifier), User.DisplayName(), ct);
        await signInManager.SignOutAsync();
        return LocalRedirect("/");
    }
}
