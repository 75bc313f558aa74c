using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Commitments;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Laboratories;

/// <summary><c>/laboratories/edit/{id?}</c>: the testing center or a department registers a candidate lab or changes its description.</summary>
[RequirePermission(LaboratoriesPermissions.Guide)]
public sealed class EditModel(LaboratoryCommands labs, AppDbContext db) : PageModel
{
    public sealed record Choice(Guid Id, string Name);

    [BindProperty] public Guid? EnterpriseId { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Scope { get; set; }
    [BindProperty] public int Staff { get; set; } = 3;
    [BindProperty] public string? Equipment { get; set; }
    [BindProperty] public string? Advisor { get; set; }
    public Guid? Id { get; private set; }
    public List<Choice> Enterprises { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        if (id is { } existing)
        {
            if (await labs.FindAsync(User, existing, ct) is not { } lab) return NotFound();
            (EnterpriseId, Name, Scope, Staff, Equipment, Advisor) = (lab.EnterpriseId, lab.Name, lab.Scope, lab.Staff, lab.Equipment, lab.Advisor);
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        var (result, saved) = await labs.SaveAsync(User, id, new LabInput(EnterpriseId, Name, Scope, Staff, Equipment, Advisor), ct);
        if (result.Succeeded) return Redirect($"/laboratories/{saved}");
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Enterprises = Id is null
            ? await db.Enterprises.AsNoTracking().Where(e => CommitmentService.InZone.Contains(e.State)).OrderBy(e => e.NameZh).Select(e => new Choice(e.Id, e.NameZh)).ToListAsync(ct)
            : [];
}
