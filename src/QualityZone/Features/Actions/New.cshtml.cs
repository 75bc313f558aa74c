using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Departments;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Actions;

/// <summary><c>/actions/new</c>: raise an action by hand (test failure, complaint, foreign notice, other).</summary>
[RequirePermission(ActionsPermissions.Create)]
public sealed class NewModel(AppDbContext db, ActionCommands commands, ZoneClock clock) : PageModel
{
    [BindProperty] public ActionSource? Source { get; set; } = ActionSource.Manual;
    [BindProperty] public string? SourceReference { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Enterprise { get; set; }
    [BindProperty] public Guid? OwnerDepartment { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public ActionSeverity? Severity { get; set; } = ActionSeverity.Minor;
    [BindProperty] public DateOnly? DueOn { get; set; }
    public List<(Guid Id, string Name)> Enterprises { get; private set; } = [];
    public List<(Guid Id, string Name)> Departments { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        OwnerDepartment = User.DepartmentId();
        DueOn = clock.Today.AddDays(ActionLabels.DefaultDays(ActionSeverity.Minor));
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (result, id) = await commands.CreateAsync(User, new ActionInput(Source, SourceReference, Enterprise, OwnerDepartment, Title, Description, Severity, DueOn), ct);
        if (result.Succeeded) return Redirect($"/actions/{id}");
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
