using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.AnalysisReports;

/// <summary><c>/reports</c>: the analysis reports, newest period first, how far each has come, and opening the next one.</summary>
[RequirePermission(AnalysisReportsPermissions.View)]
public sealed class IndexModel(AppDbContext db, ReportCommands commands, ZoneClock clock) : PageModel
{
    public sealed record Row(AnalysisReport Report, int Sections, int Approved, int? LatestVersion);

    public List<Row> Reports { get; private set; } = [];
    public bool CanCreate { get; private set; }
    public string? Error { get; private set; }
    [BindProperty] public string? FromPeriod { get; set; }
    [BindProperty] public string? ToPeriod { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (result, id) = await commands.CreateAsync(User, new ReportInput(FromPeriod, ToPeriod), ct);
        if (result.Succeeded) return Redirect($"/reports/{id}");
        if (result.Status == StatusCodes.Status403Forbidden) return StatusCode(403);
        db.ChangeTracker.Clear();
        Error = result.Error;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Drafts the research report of a survey (the survey's page posts here).</summary>
    public async Task<IActionResult> OnPostResearchAsync(Guid surveyId, CancellationToken ct)
    {
        var (result, id) = await commands.CreateResearchAsync(User, surveyId, ct);
        if (result.Succeeded) return Redirect($"/reports/{id}");
        if (result.Status == StatusCodes.Status403Forbidden) return StatusCode(403);
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        db.ChangeTracker.Clear();
        Error = result.Error;
        Response.StatusCode = result.Status;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Reports = await db.AnalysisReports.AsNoTracking().OrderBy(r => r.Kind).ThenByDescending(r => r.FromPeriod)
            .Select(r => new Row(r, r.Sections.Count, r.Sections.Count(s => s.State == SectionState.Approved), r.Files.Max(f => (int?)f.Number)))
            .ToListAsync(ct);
        var lead = await db.Departments.AsNoTracking().Where(d => d.Code == ReportTemplate.LeadDepartmentCode).Select(d => d.Id).SingleAsync(ct);
        CanCreate = User.IsInRole(Roles.ZoneAdmin) || User.DepartmentId() == lead;
        // The half-year that has most recently begun, as the form's default.
        var today = clock.Today;
        FromPeriod ??= $"{today.Year:D4}-{(today.Month <= 6 ? "01" : "07")}";
        ToPeriod ??= $"{today.Year:D4}-{(today.Month <= 6 ? "06" : "12")}";
    }
}
