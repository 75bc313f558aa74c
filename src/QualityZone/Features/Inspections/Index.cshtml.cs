using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Inspections;

/// <summary><c>/inspections</c>: the year's joint inspection plan (rounds, teams, whether the year meets task 12) — or, for an enterprise, its own records.</summary>
[RequirePermission(InspectionsPermissions.View)]
public sealed class IndexModel(AppDbContext db, InspectionCommands commands, ZoneClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Year { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public DateOnly? StartOn { get; set; }
    [BindProperty] public DateOnly? EndOn { get; set; }
    [BindProperty] public Guid? TemplateId { get; set; }
    [BindProperty] public List<string> Team { get; set; } = [];
    public sealed record RoundRow(InspectionRound Round, string Units, int Records, int Signed, int Findings);
    public sealed record RecordRow(Guid Id, string Round, DateOnly StartOn, RecordState State, DateOnly? VisitedOn, decimal? Score, decimal? MaxScore, int Findings);
    public sealed record StaffChoice(string Id, string Name, string Department);
    public YearSummary Summary { get; private set; } = null!;
    public List<RoundRow> Rounds { get; private set; } = [];
    public List<RecordRow> OwnRecords { get; private set; } = [];
    public List<(Guid Id, string Name)> Templates { get; private set; } = [];
    public List<StaffChoice> Staff { get; private set; } = [];
    public bool IsEnterprise => !EnterpriseScope.For(User).All;
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Year == 0) Year = clock.Today.Year;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(User, InspectionsPermissions.Plan)) return StatusCode(403);
        if (Year == 0) Year = StartOn?.Year ?? clock.Today.Year;
        var (result, id) = await commands.CreateRoundAsync(User, new RoundInput(Year, Title, StartOn, EndOn, TemplateId, Team), ct);
        if (result.Succeeded) return Redirect($"/inspections/rounds/{id}");
        Error = result.Error;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (IsEnterprise)
        {
            OwnRecords = await (from r in InspectionsApi.Visible(db, User)
                                join round in db.InspectionRounds on r.RoundId equals round.Id
                                orderby round.StartOn descending
                                select new RecordRow(r.Id, round.Title, round.StartOn, r.State, r.VisitedOn, r.Score, r.MaxScore, r.Findings.Count)).ToListAsync(ct);
            return;
        }
        Summary = await commands.SummaryAsync(Year, ct);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => Text.Pick(d.NameZh, d.NameEn), ct);
        var rounds = await db.InspectionRounds.AsNoTracking().Include(r => r.Team).Where(r => r.Year == Year).OrderBy(r => r.StartOn).ToListAsync(ct);
        var ids = rounds.Select(r => r.Id).ToList();
        var counts = await db.InspectionRecords.AsNoTracking().Where(r => ids.Contains(r.RoundId))
            .GroupBy(r => r.RoundId).Select(g => new { g.Key, Records = g.Count(), Signed = g.Count(r => r.State == RecordState.Signed), Findings = g.Sum(r => r.Findings.Count) })
            .ToDictionaryAsync(g => g.Key, ct);
        Rounds = rounds.Select(r => new RoundRow(r, string.Join(Text.ListSeparator, r.Team.Select(m => m.DepartmentId).Distinct().Select(d => departments.GetValueOrDefault(d))),
            counts.GetValueOrDefault(r.Id)?.Records ?? 0, counts.GetValueOrDefault(r.Id)?.Signed ?? 0, counts.GetValueOrDefault(r.Id)?.Findings ?? 0)).ToList();
        Templates = (await db.ChecklistTemplates.AsNoTracking().Where(t => t.IsActive).OrderBy(t => t.Name).ToListAsync(ct)).Select(t => (t.Id, t.Name)).ToList();
        var zoneOffice = await db.Departments.Where(d => d.Code == "zone-office").Select(d => d.Id).SingleOrDefaultAsync(ct);
        var staffRoles = new[] { Roles.ZoneAdmin, Roles.DepartmentStaff };
        Staff = (await (from u in db.Users.AsNoTracking()
                        join ur in db.UserRoles on u.Id equals ur.UserId
                        join role in db.Roles on ur.RoleId equals role.Id
                        where u.IsActive && staffRoles.Contains(role.Name!)
                        orderby u.DisplayName
                        select new { u.Id, u.DisplayName, u.DepartmentId }).ToListAsync(ct))
            .DistinctBy(u => u.Id).Select(u => new StaffChoice(u.Id, u.DisplayName, departments.GetValueOrDefault(u.DepartmentId ?? zoneOffice) ?? "")).ToList();
        StartOn ??= clock.Today;
        EndOn ??= clock.Today.AddDays(30);
    }
}
