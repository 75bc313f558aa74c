using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Inspections;

/// <summary><c>/inspections/checklists/edit/{id?}</c>: edit a checklist's sections and items, scoring and rules. Past records keep their copy.</summary>
[RequirePermission(InspectionsPermissions.Plan)]
public sealed class ChecklistEditModel(AppDbContext db, Checklists checklists) : PageModel
{
    public const string NewIndex = "__i__";
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public bool Active { get; set; } = true;
    [BindProperty] public List<ChecklistItemInput> Items { get; set; } = [];
    public Guid? Id { get; private set; }
    public string? Error { get; private set; }
    public static readonly ChecklistItemInput Blank = new(null, null, ItemKind.PassFail, 5, true, false, true);

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        if (id is { } existing)
        {
            var template = await db.ChecklistTemplates.AsNoTracking().Include(t => t.Items).SingleOrDefaultAsync(t => t.Id == existing, ct);
            if (template is null) return NotFound();
            (Name, Description, Active) = (template.Name, template.Description, template.IsActive);
            Items = template.Items.OrderBy(i => i.Position).Select(i => new ChecklistItemInput(i.Section, i.Text, i.Kind, i.MaxPoints, i.FailRequiresNote, i.FailRequiresPhoto, i.FailRaisesFinding)).ToList();
        }
        Items.Add(Blank);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        var (result, _) = await checklists.SaveAsync(id, Name, Description, Active, Items, ct);
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Succeeded) return Redirect("/inspections/checklists");
        Error = result.Error;
        return Page();
    }
}
