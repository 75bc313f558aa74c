using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Accounts;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Admission;

/// <summary>
/// An enterprise applies online: it registers itself (as an applicant, with its first user account)
/// and goes on to its admission application. Nothing more is granted until the office admits it.
/// </summary>
[RequirePermission(AdmissionPermissions.Register)]
[EnableRateLimiting("sign-in")]
public sealed class RegisterModel(AppDbContext db, UserManager<AppUser> users, SignInManager<AppUser> signIn, EnterpriseCommands enterprises, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "统一社会信用代码不能为空")] public string CreditCode { get; set; } = "";
        [Required(ErrorMessage = "企业名称不能为空")] public string NameZh { get; set; } = "";
        [Required(ErrorMessage = "请填写联系人"), StringLength(50, ErrorMessage = "联系人不能超过 50 个字")] public string ContactName { get; set; } = "";
        public string? Phone { get; set; }
        [Required(ErrorMessage = "请输入邮箱"), EmailAddress(ErrorMessage = "邮箱格式不正确")] public string Email { get; set; } = "";
        [Required(ErrorMessage = "请输入密码")] public string Password { get; set; } = "";
        [Compare(nameof(Password), ErrorMessage = "两次输入的密码不一致")] public string Confirm { get; set; } = "";
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Redirect("/") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var profile = new EnterpriseInput { CreditCode = Input.CreditCode, NameZh = Input.NameZh, QualityContact = Input.ContactName, QualityContactPhone = Input.Phone };
        foreach (var (field, message) in profile.Validate(await enterprises.CreditTierCodesAsync(ct))) ModelState.AddModelError(field, message);
        if (ModelState.IsValid && await db.Enterprises.IgnoreQueryFilters().AnyAsync(e => e.CreditCode == profile.CreditCode, ct))
            ModelState.AddModelError("", Text.Get("该统一社会信用代码已登记；如需账号请联系建设办"));
        if (!ModelState.IsValid) return Page();

        // The enterprise and its account are created together or not at all.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var enterprise = new Enterprise { CreditCode = profile.CreditCode!, NameZh = profile.NameZh! };
        profile.ApplyTo(enterprise);
        enterprise.Register(Input.ContactName.Trim(), clock.GetUtcNow());
        db.Enterprises.Add(enterprise);
        await db.SaveChangesAsync(ct);
        var user = new AppUser { UserName = Input.Email.Trim(), Email = Input.Email.Trim(), DisplayName = Input.ContactName.Trim(), EnterpriseId = enterprise.Id, CreatedAt = clock.GetUtcNow() };
        var created = await users.CreateAsync(user, Input.Password);
        if (created.Succeeded) created = await users.AddToRoleAsync(user, Roles.EnterpriseUser);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors) ModelState.AddModelError("", error.Description);
            return Page(); // the transaction is disposed uncommitted: nothing is saved
        }
        await transaction.CommitAsync(ct);
        await signIn.SignInAsync(user, isPersistent: false);
        TempData["Success"] = Text.Get("登记成功。请逐项说明入区条件并提交申请。");
        return Redirect("/admission/mine");
    }
}
