using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Accounts;

[RequirePermission(AccountsPermissions.Self)]
public sealed class PasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "请输入当前密码"), DataType(DataType.Password)]
        public string Current { get; set; } = "";

        [Required(ErrorMessage = "请输入新密码"), DataType(DataType.Password)]
        public string New { get; set; } = "";

        [Required(ErrorMessage = "请再次输入新密码"), DataType(DataType.Password), Compare(nameof(New), ErrorMessage = "两次输入的新密码不一致")]
        public string Confirm { get; set; } = "";
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var result = await users.ChangePasswordAsync(user, Input.Current, Input.New);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors) ModelState.AddModelError("", error.Description);
            return Page();
        }
        await signIn.RefreshSignInAsync(user);
        TempData["Success"] = Text.Get("密码已修改");
        return Redirect("/");
    }
}
