using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Departments;

/// <summary>The member units, what they lead and take part in; the zone office adds and edits them.</summary>
[RequirePermission(DepartmentsPermissions.View)]
public sealed partial class IndexModel(AppDbContext db, IEnumerable<IDepartmentFigure> figures) : PageModel
{
    public sealed record Row(Guid Id, string Code, string NameZh, string? NameEn, bool IsActive);

    /// <summary>The columns other modules contribute (tasks led and taken part in, accounts), with each unit's figure.</summary>
    public sealed record FigureColumn(IDepartmentFigure Figure, IReadOnlyDictionary<Guid, int> Counts);

    public sealed class InputModel
    {
        public Guid? Id { get; set; }
        [Required(ErrorMessage = "请输入代码"), StringLength(64, ErrorMessage = "代码不能超过 64 个字符")]
        public string Code { get; set; } = "";
        [Required(ErrorMessage = "请输入名称"), StringLength(100, ErrorMessage = "名称不能超过 100 个字")]
        public string NameZh { get; set; } = "";
        [StringLength(200, ErrorMessage = "英文名称不能超过 200 个字符")]
        public string? NameEn { get; set; }
        [Range(0, 100000, ErrorMessage = "排序须在 0 到 100000 之间")]
        public int SortOrder { get; set; } = 1000;
        public bool IsActive { get; set; } = true;
    }

    [BindProperty(SupportsGet = true)] public Guid? Edit { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<FigureColumn> Figures { get; private set; } = [];
    public bool CanManage => PermissionCatalog.IsGranted(User, DepartmentsPermissions.Manage);

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Edit is { } id && await db.Departments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct) is { } d)
            Input = new InputModel { Id = d.Id, Code = d.Code, NameZh = d.NameZh, NameEn = d.NameEn, SortOrder = d.SortOrder, IsActive = d.IsActive };
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!CanManage) return Forbid();
        if (!CodePattern().IsMatch(Input.Code ?? "")) ModelState.AddModelError("Input.Code", Text.Get("代码只能包含小写字母、数字和连字符"));
        Department? department = null;
        if (Input.Id is { } id)
        {
            department = await db.Departments.SingleOrDefaultAsync(d => d.Id == id, ct);
            if (department is null) return NotFound();
        }
        else if (await db.Departments.AnyAsync(d => d.Code == Input.Code, ct))
        {
            ModelState.AddModelError("Input.Code", Text.Format("代码 {0} 已存在", Input.Code));
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        if (department is null) db.Departments.Add(department = new Department { Code = Input.Code!, NameZh = "" });
        department.NameZh = Input.NameZh.Trim();
        department.NameEn = string.IsNullOrWhiteSpace(Input.NameEn) ? null : Input.NameEn.Trim();
        department.SortOrder = Input.SortOrder;
        department.IsActive = Input.IsActive;
        await db.SaveChangesAsync(ct);
        TempData["Success"] = Text.Get("成员单位已保存");
        return Redirect("/departments");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Rows = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).Select(d => new Row(d.Id, d.Code, d.NameZh, d.NameEn, d.IsActive)).ToListAsync(ct);
        var columns = new List<FigureColumn>();
        foreach (var figure in figures.OrderBy(f => f.Order)) columns.Add(new FigureColumn(figure, await figure.CountsAsync(ct)));
        Figures = columns;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex CodePattern();
}
