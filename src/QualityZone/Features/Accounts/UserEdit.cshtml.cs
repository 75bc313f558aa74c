using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Departments;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Accounts;

/// <summary>Create or edit an account: role and binding (department or enterprise), activation, password reset.</summary>
[RequirePermission(AccountsPermissions.ManageUsers)]
public sealed class UserEditModel(AppDbContext db, UserManager<AppUser> users, ApiTokenCache tokenCache, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "请输入邮箱"), EmailAddress(ErrorMessage = "邮箱格式不正确"), StringLength(256, ErrorMessage = "邮箱过长")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "请输入姓名"), StringLength(100, ErrorMessage = "姓名不能超过 100 个字")]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "请选择角色")]
        public string Role { get; set; } = Roles.DepartmentStaff;

        public Guid? DepartmentId { get; set; }
        public Guid? EnterpriseId { get; set; }

        [DataType(DataType.Password)]
        public string? Password { get; set; }

        public bool IsActive { get; set; } = true;
    }

    [BindProperty(SupportsGet = true)] public string? Id { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    public bool IsNew => string.IsNullOrEmpty(Id);
    public string? GeneratedPassword { get; private set; }
    public IReadOnlyList<Department> Departments { get; private set; } = [];
    public IReadOnlyList<Enterprise> Enterprises { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!IsNew)
        {
            var user = await users.FindByIdAsync(Id!);
            if (user is null) return NotFound();
            Input = new InputModel
            {
                Email = user.Email!, DisplayName = user.DisplayName, DepartmentId = user.DepartmentId, EnterpriseId = user.EnterpriseId,
                IsActive = user.IsActive, Role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? Roles.DepartmentStaff,
            };
        }
        await LoadListsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadListsAsync(ct);
        ValidateBinding();
        if (!ModelState.IsValid) return Page();

        // Identity's user store saves in several steps; one transaction keeps an account from
        // being created without its role when a later step fails.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        AppUser? user;
        if (IsNew)
        {
            user = new AppUser { UserName = Input.Email.Trim(), Email = Input.Email.Trim(), EmailConfirmed = true, DisplayName = Input.DisplayName.Trim(), CreatedAt = clock.GetUtcNow() };
        }
        else
        {
            user = await users.FindByIdAsync(Id!);
            if (user is null) return NotFound();
            if (user.Id == User.UserId() && (!Input.IsActive || Input.Role != Roles.ZoneAdmin))
            {
                ModelState.AddModelError("", Text.Get("不能停用自己的账号或取消自己的管理员角色"));
                return Page();
            }
            user.DisplayName = Input.DisplayName.Trim();
            user.IsActive = Input.IsActive;
        }
        user.DepartmentId = Input.DepartmentId;
        user.EnterpriseId = Input.Role == Roles.EnterpriseUser ? Input.EnterpriseId : null;

        var password = string.IsNullOrWhiteSpace(Input.Password) ? (IsNew ? AccountBootstrap.GeneratePassword() : null) : Input.Password;
        if (!Add(IsNew ? await users.CreateAsync(user, password!) : await users.UpdateAsync(user))) return Page();
        if (!IsNew && password is not null)
        {
            if (!Add(await users.RemovePasswordAsync(user)) || !Add(await users.AddPasswordAsync(user, password))) return Page();
        }
        var currentRoles = await users.GetRolesAsync(user);
        if (!currentRoles.SequenceEqual([Input.Role]))
        {
            if (!Add(await users.RemoveFromRolesAsync(user, currentRoles)) || !Add(await users.AddToRoleAsync(user, Input.Role))) return Page();
        }
        // A changed role or binding reaches existing sessions at the next stamp check (within a minute);
        // deactivation and a new password end them at once.
        if (!Add(await users.UpdateSecurityStampAsync(user))) return Page();
        if (!IsNew && (!user.IsActive || password is not null)) await UserSessions.EndAllAsync(db, user.Id, clock.GetUtcNow(), ct);
        await transaction.CommitAsync(ct);
        // The account's API tokens carry its role, unit and state: the change reaches them at once here.
        tokenCache.Clear();

        TempData["Success"] = Text.Get("用户已保存");
        if (IsNew && string.IsNullOrWhiteSpace(Input.Password))
        {
            GeneratedPassword = password;
            Id = user.Id;
            return Page();
        }
        return Redirect("/admin/users");
    }

    private void ValidateBinding()
    {
        if (!Roles.Assignable.Contains(Input.Role)) ModelState.AddModelError("Input.Role", Text.Get("角色无效"));
        var needsDepartment = Input.Role is Roles.DepartmentStaff or Roles.AssociationStaff or Roles.TestingCenterStaff;
        if (needsDepartment && Input.DepartmentId is null) ModelState.AddModelError("Input.DepartmentId", Text.Get("请选择所属部门"));
        if (Input.DepartmentId is { } d && Departments.All(x => x.Id != d)) ModelState.AddModelError("Input.DepartmentId", Text.Get("部门不存在"));
        if (Input.Role == Roles.EnterpriseUser && Input.EnterpriseId is null) ModelState.AddModelError("Input.EnterpriseId", Text.Get("企业用户必须选择所属企业"));
        if (Input.Role == Roles.EnterpriseUser && Input.DepartmentId is not null) ModelState.AddModelError("Input.DepartmentId", Text.Get("企业用户不能隶属于政府部门"));
        if (Input.EnterpriseId is { } e && Enterprises.All(x => x.Id != e)) ModelState.AddModelError("Input.EnterpriseId", Text.Get("企业不存在"));
    }

    private bool Add(IdentityResult result)
    {
        foreach (var error in result.Errors) ModelState.AddModelError("", error.Description);
        return result.Succeeded;
    }

    private async Task LoadListsAsync(CancellationToken ct)
    {
        Departments = await db.Departments.AsNoTracking().Where(d => d.IsActive).OrderBy(d => d.SortOrder).ToListAsync(ct);
        Enterprises = await db.Enterprises.AsNoTracking().OrderBy(e => e.NameZh).Take(5000).ToListAsync(ct);
    }
}
