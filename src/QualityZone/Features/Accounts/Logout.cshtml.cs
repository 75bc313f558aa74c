using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Accounts;

[RequirePermission(AccountsPermissions.Public)]
public sealed class LogoutModel(SignInManager<AppUser> signInManager, AppDbContext db, TimeProvider clock) : PageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Ends the session on the server too: a copy of the cookie is refused from the next request on.
        await UserSessions.EndCurrentAsync(db, User, clock.GetUtcNow(), ct);
        await signInManager.SignOutAsync();
        return LocalRedirect("/");
    }
}
