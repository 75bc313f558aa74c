using QualityZone.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Accounts;

/// <summary>The signed-in user's personal API tokens: create (shown once), list with last use, revoke.</summary>
[RequirePermission(AccountsPermissions.Self)]
public sealed class TokensModel(AppDbContext db, ApiTokenService tokens, ZoneClock clock, TimeProvider time) : PageModel
{
    public IReadOnlyList<AccountsApi.TokenDto> Tokens { get; private set; } = [];
    public string? CreatedToken { get; private set; }
    public DateTimeOffset Now => time.GetUtcNow();
    public string Local(DateTimeOffset? instant) => clock.Format(instant);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? name, int? days, CancellationToken ct)
    {
        var result = await tokens.CreateAsync(User.UserId()!, name, days, ct);
        if (result.Error is not null) ModelState.AddModelError("", result.Error);
        else CreatedToken = result.PlainText;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        TempData[await tokens.RevokeAsync(User.UserId()!, id, ct) ? "Success" : "Error"] =
            await db.ApiTokens.AnyAsync(t => t.Id == id && t.UserId == User.UserId(), ct) ? Text.Get("令牌已撤销") : Text.Get("令牌不存在");
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == User.UserId()).OrderByDescending(t => t.CreatedAt)
            .Select(t => new AccountsApi.TokenDto(t.Id, t.Name, t.Hint, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt)).ToListAsync(ct);
}
