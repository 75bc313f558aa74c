using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Risks;

/// <summary><c>/risks/{id}</c>: a risk with its ratings, controls, reviews, and the review form.</summary>
[RequirePermission(RisksPermissions.View)]
public sealed class DetailModel(AppDbContext db, RiskCommands commands, ZoneClock clock) : PageModel
{
    public RiskItem Risk { get; private set; } = null!;
    public RiskMatrix Matrix { get; private set; } = RiskMatrix.Default;
    public string? Enterprise { get; private set; }
    public string? Department { get; private set; }
    public string? Error { get; private set; }
    public bool CanManage => PermissionCatalog.IsGranted(User, RisksPermissions.Manage);
    [BindProperty] public DateOnly? ReviewedOn { get; set; }
    [BindProperty] public ReviewOutcome? Outcome { get; set; }
    [BindProperty] public int Likelihood { get; set; }
    [BindProperty] public int Severity { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public DateOnly? NextReviewOn { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!CanManage) return StatusCode(403);
        var result = await commands.ReviewAsync(User, id, new ReviewInput(ReviewedOn, Outcome, Likelihood, Severity, Note, NextReviewOn), ct);
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Succeeded) return Redirect($"/risks/{id}");
        db.ChangeTracker.Clear();
        var (reviewedOn, likelihood, severity, next) = (ReviewedOn, Likelihood, Severity, NextReviewOn);
        await LoadAsync(id, ct);
        (ReviewedOn, Likelihood, Severity, NextReviewOn) = (reviewedOn, likelihood, severity, next);
        Error = result.Error;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var risk = await commands.Visible(User).Include(r => r.Reviews).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (risk is null) return false;
        Risk = risk;
        Matrix = await commands.MatrixAsync(ct);
        Enterprise = risk.EnterpriseId is { } e ? await db.Enterprises.Where(x => x.Id == e).Select(x => Text.Pick(x.NameZh, x.NameEn)).SingleOrDefaultAsync(ct) : null;
        Department = risk.OwnerDepartmentId is { } d ? await db.Departments.Where(x => x.Id == d).Select(x => Text.Pick(x.NameZh, x.NameEn)).SingleOrDefaultAsync(ct) : null;
        (ReviewedOn, Likelihood, Severity, NextReviewOn) = (clock.Today, risk.ResidualLikelihood, risk.ResidualSeverity, clock.Today.AddMonths(6));
        return true;
    }
}
