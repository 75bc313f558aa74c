using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Accounts;

[RequirePermission(AccountsPermissions.Public)]
[EnableRateLimiting("sign-in")]
public sealed class LoginModel(SignInManager<AppUser> signInManager, UserManager<AppUser> users, IPasswordHasher<AppUser> hasher, TimeProvider clock, ILogger<LoginModel> logger, Audit.SecurityLog securityLog) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "请输入邮箱")]
        [EmailAddress(ErrorMessage = "邮箱格式不正确")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "请输入密码")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    /// <summary>
    /// One answer for every failure — unknown account, deactivated account, wrong password, locked account — in the
    /// same time: each path checks one password hash (a stand-in hash where there is no account, or where the lockout
    /// answers before Identity would check), so neither the message nor the delay tells which accounts exist.
    /// </summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null || !user.IsActive)
        {
            StandInPasswordCheck(Input.Password);
            logger.LogWarning("Sign-in failed for {Email}: unknown or inactive account", Input.Email);
            await securityLog.RecordAsync(Audit.SecurityEventKind.SignInFailed, Input.Email, user?.Id, user?.DisplayName);
            return Refused();
        }
        var result = await signInManager.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            StandInPasswordCheck(Input.Password);
            logger.LogWarning("Sign-in refused for {Email}: locked out", Input.Email);
            await securityLog.RecordAsync(Audit.SecurityEventKind.LockedOut, Input.Email, user.Id, user.DisplayName);
            return Refused();
        }
        if (!result.Succeeded)
        {
            logger.LogWarning("Sign-in failed for {Email}: wrong password", Input.Email);
            await securityLog.RecordAsync(Audit.SecurityEventKind.SignInFailed, Input.Email, user.Id, user.DisplayName);
            return Refused();
        }
        user.LastSignInAt = clock.GetUtcNow();
        await users.UpdateAsync(user);
        await securityLog.RecordAsync(Audit.SecurityEventKind.SignedIn, user.Email ?? Input.Email, user.Id, user.DisplayName);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }

    private IActionResult Refused()
    {
        ModelState.AddModelError("", Text.Get("邮箱或密码不正确。连续失败 5 次后账号将临时锁定 15 分钟。"));
        return Page();
    }

    private static readonly AppUser StandIn = new() { UserName = "stand-in", Email = "stand-in@invalid", DisplayName = "stand-in" };
    private static string? standInHash;

    private void StandInPasswordCheck(string password)
    {
        standInHash ??= hasher.HashPassword(StandIn, Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(StandIn, standInHash, password);
    }
}
