using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Acceptance;

/// <summary><c>/acceptance/weights</c>: the office sets every item's weight at once; the sheet is saved only when they add up to 100.</summary>
[RequirePermission(AcceptancePermissions.Manage)]
public sealed class WeightsModel(AppDbContext db, AcceptanceCommands commands) : PageModel
{
    public List<AssessmentItem> Items { get; private set; } = [];
    public string? Error { get; private set; }
    [BindProperty] public Dictionary<Guid, decimal> Weights { get; set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Items = await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await commands.WeightsAsync(Weights.Select(w => new WeightInput(w.Key, w.Value)).ToList(), ct);
        if (result.Succeeded) return Redirect("/acceptance");
        db.ChangeTracker.Clear();
        Items = await LoadAsync(ct);
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private Task<List<AssessmentItem>> LoadAsync(CancellationToken ct) => db.AssessmentItems.AsNoTracking().OrderBy(i => i.Block).ThenBy(i => i.Position).ToListAsync(ct);
}
