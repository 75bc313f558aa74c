using QualityZone.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using QualityZone.Features.Departments;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Accounts;

[RequirePermission(AccountsPermissions.ManageUsers)]
public sealed class UsersModel(AppDbContext db, ZoneClock clock, TimeProvider time) : PageModel
{
    public sealed record Row(string Id, string DisplayName, string? Email, IReadOnlyList<string> Roles, string? Department, string? Enterprise, bool IsActive, bool LockedOut, DateTimeOffset? LastSignInAt);

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Role { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Dept { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public bool Export { get; set; }

    public Paged<Row> Users { get; private set; } = new([], 1, 20, 0);
    public IReadOnlyList<Department> Departments { get; private set; } = [];
    public string Local(DateTimeOffset? instant) => clock.Format(instant);

    public string Link(int page, bool export = false) =>
        $"/admin/users?q={Uri.EscapeDataString(Q ?? "")}&role={Role}&dept={Dept}&page={page}" + (export ? "&export=true" : "");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q)) query = query.Where(u => u.DisplayName.Contains(Q.Trim()) || u.Email!.Contains(Q.Trim()));
        if (!string.IsNullOrEmpty(Role)) query = query.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Role)));
        if (Dept is not null) query = query.Where(u => u.DepartmentId == Dept);
        var rows = query.OrderBy(u => u.Email).Select(u => new Row(
            u.Id, u.DisplayName, u.Email,
            db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
            // The department in the reader's language (it has an English name); the enterprise's registered Chinese name is its name.
            Text.IsEnglish ? u.Department!.NameEn ?? u.Department!.NameZh : u.Department!.NameZh, u.Enterprise!.NameZh, u.IsActive, u.LockoutEnd != null && u.LockoutEnd > now, u.LastSignInAt));

        if (Export)
        {
            var all = await rows.ToListAsync(ct);
            var stream = new MemoryStream();
            await stream.SaveAsAsync(all.Select(u => new Dictionary<string, object?>
            {
                [Text.Get("姓名")] = u.DisplayName, [Text.Get("邮箱")] = u.Email,
                [Text.Get("角色")] = string.Join(Text.ListSeparator, u.Roles.Select(r => Text.Get(Roles.DisplayName(r)))),
                [Text.Get("所属部门")] = u.Department, [Text.Get("所属企业")] = u.Enterprise,
                [Text.Get("状态")] = u.IsActive ? Text.Get("启用") : Text.Get("停用"), [Text.Get("最近登录")] = Local(u.LastSignInAt),
            }), cancellationToken: ct);
            stream.Position = 0;
            return File(stream, QualityZone.Infrastructure.Documents.ExcelFiles.ContentType, $"{Text.Get("用户")}-{clock.Today:yyyyMMdd}.xlsx");
        }

        Users = await Paged<Row>.CreateAsync(rows, PageNumber, 20, ct);
        Departments = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ToListAsync(ct);
        return Page();
    }
}
