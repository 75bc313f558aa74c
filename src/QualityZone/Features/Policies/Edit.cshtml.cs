using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Departments;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Policies;

/// <summary><c>/policies/edit/{id?}</c>: register or change a document; rewards and measures with their rule, checked on save.</summary>
[RequirePermission(PoliciesPermissions.Manage)]
public sealed class EditModel(PolicyCommands policies, AppDbContext db, ZoneClock clock) : PageModel
{
    public Policy? Existing { get; private set; }
    public List<Department> Departments { get; private set; } = [];
    public string? Error { get; private set; }
    [BindProperty] public PolicyForm Form { get; set; } = new();

    public sealed class PolicyForm
    {
        public PolicyType Type { get; set; } = PolicyType.Reward;
        public string? Title { get; set; }
        public string? IssuingUnit { get; set; }
        public string? DocumentNumber { get; set; }
        public DateOnly? IssuedOn { get; set; }
        public DateOnly? EffectiveOn { get; set; }
        public DateOnly? ExpiresOn { get; set; }
        public string? Body { get; set; }
        public bool Published { get; set; }
        public bool IsPublic { get; set; }
        public Guid? ResponsibleDepartmentId { get; set; }
        public string? Rule { get; set; }
        public AmountKind AmountKind { get; set; }
        public decimal Amount { get; set; }
        public decimal SharePercent { get; set; }
        public string? BaseCriterion { get; set; }
        public decimal? CapPerEnterprise { get; set; }
        public decimal? Budget { get; set; }
        public bool GrantWithoutApplication { get; set; }
        public int? Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        if (id is { } existing)
        {
            if (await policies.FindAsync(User, existing, ct) is not { } p) return NotFound();
            Existing = p;
            Form = new PolicyForm
            {
                Type = p.Type, Title = p.Title, IssuingUnit = p.IssuingUnit, DocumentNumber = p.DocumentNumber, IssuedOn = p.IssuedOn, EffectiveOn = p.EffectiveOn, ExpiresOn = p.ExpiresOn,
                Body = p.Body, Published = p.Published, IsPublic = p.IsPublic, ResponsibleDepartmentId = p.ResponsibleDepartmentId, Rule = p.Rule, AmountKind = p.AmountKind, Amount = p.Amount,
                SharePercent = p.SharePercent, BaseCriterion = p.BaseCriterion, CapPerEnterprise = p.CapPerEnterprise, Budget = p.Budget, GrantWithoutApplication = p.GrantWithoutApplication, Version = p.Version,
            };
        }
        else Form.IssuedOn = clock.Today;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        var f = Form;
        var input = new PolicyInput(f.Type, f.Title, f.IssuingUnit, f.DocumentNumber, f.IssuedOn, f.EffectiveOn, f.ExpiresOn, f.Body, f.Published, f.IsPublic, f.ResponsibleDepartmentId,
            f.Rule, f.AmountKind, f.Amount, f.SharePercent, f.BaseCriterion, f.CapPerEnterprise, f.Budget, f.GrantWithoutApplication, f.Version);
        var (result, saved) = await policies.SaveAsync(User, id, input, ct);
        if (result.Succeeded) return Redirect($"/policies/{saved}");
        db.ChangeTracker.Clear();
        if (id is { } existing) Existing = await policies.FindAsync(User, existing, ct);
        await LoadAsync(ct);
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Departments = await db.Departments.AsNoTracking().Where(d => d.IsActive).OrderBy(d => d.SortOrder).ToListAsync(ct);
}
