using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Settings;

/// <summary>The zone office's configurable lists. Items are deactivated, never deleted: records keep their codes. (The admission criteria are edited in the Admission module.)</summary>
[RequirePermission(SettingsPermissions.Configure)]
public sealed partial class ListsModel(AppDbContext db) : PageModel
{
    public (string List, string Title)[] Lists { get; } =
    [
        (CodeLists.CustomsCreditTiers, "海关企业信用等级"),
        (CodeLists.CertificateTypes, "证书类型清单"),
        (CodeLists.BrandLevels, "品牌级别"),
    ];

    public IReadOnlyList<CodeListItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Items = await db.CodeListItems.AsNoTracking().OrderBy(i => i.SortOrder).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostAddAsync(string list, string? code, string? nameZh, string? nameEn, CancellationToken ct)
    {
        code = code?.Trim();
        if (Lists.All(l => l.List != list)) return BadRequest();
        var error = CheckCode(code) ?? (string.IsNullOrWhiteSpace(nameZh) || nameZh.Length > 100 ? Text.Get("请输入名称") : null)
            ?? (await db.CodeListItems.AnyAsync(i => i.List == list && i.Code == code, ct) ? Text.Format("代码 {0} 已存在", code) : null);
        if (error is null)
        {
            var order = await db.CodeListItems.Where(i => i.List == list).MaxAsync(i => (int?)i.SortOrder, ct) ?? 0;
            db.CodeListItems.Add(new CodeListItem { List = list, Code = code!, NameZh = nameZh!.Trim(), NameEn = string.IsNullOrWhiteSpace(nameEn) ? null : nameEn.Trim(), SortOrder = order + 10 });
            await db.SaveChangesAsync(ct);
        }
        return Done(error);
    }

    public async Task<IActionResult> OnPostToggleAsync(Guid id, CancellationToken ct)
    {
        var item = await db.CodeListItems.SingleOrDefaultAsync(i => i.Id == id, ct);
        if (item is null) return NotFound();
        item.IsActive = !item.IsActive;
        await db.SaveChangesAsync(ct);
        return Done(null);
    }

    /// <summary>The rule for the code of a configurable item (list items, admission criteria): lower-case letters, digits, hyphens.</summary>
    public static string? CheckCode(string? code) =>
        code is null || !CodePattern().IsMatch(code) ? Text.Get("代码只能包含小写字母、数字和连字符") : null;

    private IActionResult Done(string? error)
    {
        TempData[error is null ? "Success" : "Error"] = error ?? Text.Get("已保存");
        return Redirect("/admin/lists");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex CodePattern();
}

public sealed class SettingsPermissions : IModulePermissions
{
    public const string Configure = "Settings.Configure";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(Configure, "维护基础配置（信用等级、证书类型、品牌级别）", Roles.ZoneAdmin),
    ];
}
