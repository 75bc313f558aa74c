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
public sealed class LoginModel(SignInManager<AppUser> signInManager, UserManager<AppUser> users, TimeProvider clock, ILogger<LoginModel> logger) : PageModel
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

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null || !user.IsActive)
        {
            logger.LogWarning("Sign-in failed for {Email}: unknown or inactive account", Input.Email);
            ModelState.AddModelError("", Text.Get("邮箱或密码不正确"));
            return Page();
        }
        var result = await signInManager.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            logger.LogWarning("Sign-in refused for {Email}: locked out", Input.Email);
            ModelState.AddModelError("", Text.Get("连续登录失败次数过多，账号已临时锁定，请 15 分钟后再试"));
            return Page();
        }
        if (!result.Succeeded)
        {
            logger.LogWarning("Sign-in failed for {Email}: wrong password", Input.Email);
            ModelState.AddModelError("", Text.Get("邮箱或密码不正确"));
            return Page();
        }
        user.LastSignInAt = clock.GetUtcNow();
        await users.UpdateAsync(user);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
