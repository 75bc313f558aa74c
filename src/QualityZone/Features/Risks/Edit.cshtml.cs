using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Departments;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Risks;

/// <summary><c>/risks/edit/{id?}</c>: record or change a risk: scope, category, inherent and residual rating, controls, owner, review date.</summary>
[RequirePermission(RisksPermissions.Manage)]
public sealed class EditModel(AppDbContext db, RiskCommands commands, ZoneClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Enterprise { get; set; }
    [BindProperty] public RiskCategory? Category { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public int InherentLikelihood { get; set; } = 3;
    [BindProperty] public int InherentSeverity { get; set; } = 3;
    [BindProperty] public string? Controls { get; set; }
    [BindProperty] public int ResidualLikelihood { get; set; } = 2;
    [BindProperty] public int ResidualSeverity { get; set; } = 3;
    [BindProperty] public Guid? OwnerDepartment { get; set; }
    [BindProperty] public string? Owner { get; set; }
    [BindProperty] public DateOnly? NextReviewOn { get; set; }
    public List<(Guid Id, string Name)> Enterprises { get; private set; } = [];
    public List<(Guid Id, string Name)> Departments { get; private set; } = [];
    public Guid? Id { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        if (id is { } existing)
        {
            var r = await db.RiskItems.AsNoTracking().SingleOrDefaultAsync(x => x.Id == existing, ct);
            if (r is null) return NotFound();
            (Enterprise, Category, Title, Description, Controls, OwnerDepartment, Owner, NextReviewOn) = (r.EnterpriseId, r.Category, r.Title, r.Description, r.Controls, r.OwnerDepartmentId, r.Owner, r.NextReviewOn);
            (InherentLikelihood, InherentSeverity, ResidualLikelihood, ResidualSeverity) = (r.InherentLikelihood, r.InherentSeverity, r.ResidualLikelihood, r.ResidualSeverity);
        }
        else
        {
            OwnerDepartment = User.DepartmentId();
            NextReviewOn = clock.Today.AddMonths(6);
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        var (result, savedId) = await commands.SaveAsync(User, id, new RiskInput(Enterprise, Category, Title, Description, InherentLikelihood, InherentSeverity,
            Controls, ResidualLikelihood, ResidualSeverity, OwnerDepartment, Owner, NextReviewOn), ct);
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Succeeded) return Redirect($"/risks/{savedId}");
        Error = result.Error;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Enterprises = await EnterpriseQueries.ChoicesAsync(db, ct);
        Departments = await DepartmentChoices.DepartmentsAsync(db, ct);
    }
}
