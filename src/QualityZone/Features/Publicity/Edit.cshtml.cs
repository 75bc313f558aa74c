using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Commitments;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Publicity;

/// <summary><c>/cases/edit/{id?}</c>: write or change a draft case (an enterprise its own; the member units for any enterprise of the zone).</summary>
[RequirePermission(PublicityPermissions.Write)]
public sealed class EditModel(PublicityCommands publicity, AppDbContext db) : PageModel
{
    public sealed record Choice(Guid Id, string Name);

    [BindProperty] public Guid? EnterpriseId { get; set; }
    [BindProperty] public CaseTopic Topic { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? Body { get; set; }
    public Guid? Id { get; private set; }
    public List<Choice> Enterprises { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        if (id is { } existing)
        {
            if (await publicity.Readable(User).SingleOrDefaultAsync(c => c.Id == existing, ct) is not { } c) return NotFound();
            (EnterpriseId, Topic, Title, Summary, Body) = (c.EnterpriseId, c.Topic, c.Title, c.Summary, c.Body);
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        var (result, saved) = await publicity.SaveAsync(User, id, new CaseInput(EnterpriseId, Title, Topic, Summary, Body), ct);
        if (result.Succeeded) return Redirect($"/cases/{saved}");
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Enterprises = Id is null && User.EnterpriseId() is null
            ? await db.Enterprises.AsNoTracking().Where(e => CommitmentService.InZone.Contains(e.State)).OrderBy(e => e.NameZh).Select(e => new Choice(e.Id, e.NameZh)).ToListAsync(ct)
            : [];
}
