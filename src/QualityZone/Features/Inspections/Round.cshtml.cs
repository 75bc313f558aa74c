using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Risks;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Inspections;

/// <summary><c>/inspections/rounds/{id}</c>: a round's team and enterprises; the office adds enterprises by its own choice or from a risk-based proposal.</summary>
[RequirePermission(InspectionsPermissions.View)]
public sealed class RoundModel(AppDbContext db, InspectionCommands commands) : PageModel
{
    public sealed record Row(Guid Id, Guid EnterpriseId, string Enterprise, RecordState State, DateOnly? VisitedOn, decimal? Score, decimal? MaxScore, int Findings, int Signatures, string? Reason, RiskLevel? Level);
    public InspectionRound Round { get; private set; } = null!;
    public string Template { get; private set; } = "";
    public Dictionary<Guid, string> Departments { get; private set; } = [];
    public List<Row> Records { get; private set; } = [];
    public IReadOnlyList<Proposal> Proposals { get; private set; } = [];
    public List<(Guid Id, string Name)> Enterprises { get; private set; } = [];
    public string? Error { get; private set; }
    [BindProperty(SupportsGet = true)] public int? Propose { get; set; }
    [BindProperty] public List<Guid> Picked { get; set; } = [];
    [BindProperty] public Dictionary<Guid, string?> Reasons { get; set; } = [];
    public bool CanPlan => PermissionCatalog.IsGranted(User, InspectionsPermissions.Plan);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!EnterpriseScope.For(User).All) return NotFound();
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Propose is { } count && CanPlan) Proposals = await commands.ProposeAsync(id, Math.Clamp(count, 1, 200), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!CanPlan) return StatusCode(403);
        var result = await commands.AddEnterprisesAsync(id, Picked.Select(p => (p, Reasons.GetValueOrDefault(p))).ToList(), ct);
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Succeeded) return Redirect($"/inspections/rounds/{id}");
        Error = result.Error;
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var round = await db.InspectionRounds.AsNoTracking().Include(r => r.Team).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (round is null) return false;
        Round = round;
        Template = await db.ChecklistTemplates.Where(t => t.Id == round.TemplateId).Select(t => t.Name).SingleAsync(ct);
        Departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => Text.Pick(d.NameZh, d.NameEn), ct);
        Records = await (from r in db.InspectionRecords.AsNoTracking()
                         where r.RoundId == id
                         join e in db.Enterprises on r.EnterpriseId equals e.Id
                         join s in db.EnterpriseRiskScores on e.Id equals s.EnterpriseId into scores
                         from s in scores.DefaultIfEmpty()
                         orderby e.NameZh
                         select new Row(r.Id, e.Id, e.NameZh, r.State, r.VisitedOn, r.Score, r.MaxScore, r.Findings.Count, r.Signatures.Count, r.SelectionReason, s == null ? null : s.Level)).ToListAsync(ct);
        if (CanPlan) Enterprises = await EnterpriseQueries.ChoicesAsync(db, ct);
        return true;
    }
}
