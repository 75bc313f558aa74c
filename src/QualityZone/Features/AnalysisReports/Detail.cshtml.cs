using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.AnalysisReports;

/// <summary>
/// <c>/reports/{id}</c>: the period's main figures as the report will state them, each section with
/// its department and state (its department writes and hands in, the lead department approves or
/// sends back), the generated versions, and the submission.
/// </summary>
[RequirePermission(AnalysisReportsPermissions.View)]
public sealed class DetailModel(AppDbContext db, ReportCommands commands, ReportFigures figures, ZoneClock clock) : PageModel
{
    public AnalysisReport Report { get; private set; } = null!;
    public PeriodFigures Figures { get; private set; } = null!;
    public Dictionary<Guid, string> DepartmentNames { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Done { get; private set; }
    public bool Leads => ReportCommands.Leads(User, Report);
    public bool Writes(ReportSection section) => ReportCommands.Writes(User, section) && Report.State == ReportState.Drafting;
    public string Format(DateTimeOffset? instant) => clock.Format(instant);
    public DateOnly Today => clock.Today;

    [BindProperty] public Guid SectionId { get; set; }
    [BindProperty] public string? SectionText { get; set; }
    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public string? SubmittedTo { get; set; }
    [BindProperty] public DateOnly? SubmittedOn { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Done = done switch { "saved" => Text.Get("章节已保存"), "handed-in" => Text.Get("章节已提交审核"), "approved" => Text.Get("章节已审定"), "returned" => Text.Get("章节已退回"),
            "generated" => Text.Get("新版本已生成"), "submitted" => Text.Get("报告已报送"), _ => null };
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid id, bool handIn, CancellationToken ct) =>
        await AfterAsync(id, await commands.SaveSectionAsync(User, id, SectionId, new SectionInput(SectionText, Version), handIn, ct), handIn ? "handed-in" : "saved", ct);

    public async Task<IActionResult> OnPostReviewAsync(Guid id, bool approve, CancellationToken ct) =>
        await AfterAsync(id, await commands.ReviewSectionAsync(User, id, SectionId, approve, Comment, ct), approve ? "approved" : "returned", ct);

    public async Task<IActionResult> OnPostGenerateAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, (await commands.GenerateAsync(User, id, ct)).Result, "generated", ct);

    public async Task<IActionResult> OnPostSubmitAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await commands.SubmitAsync(User, id, new SubmissionInput(SubmittedTo, SubmittedOn), ct), "submitted", ct);

    private async Task<IActionResult> AfterAsync(Guid id, CommandResult result, string done, CancellationToken ct)
    {
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Succeeded) return Redirect($"/reports/{id}?done={done}#{(SectionId == Guid.Empty ? "versions" : "section-" + SectionId)}");
        db.ChangeTracker.Clear();
        var (text, to) = (SectionText, SubmittedTo);
        await LoadAsync(id, ct);
        (SectionText, SubmittedTo) = (text, to);
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await commands.FindAsync(id, ct) is not { } report) return false;
        Report = report;
        Version = report.Version;
        DepartmentNames = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        Figures = await figures.ComputeAsync(report.FromPeriod, report.ToPeriod, ct);
        SubmittedTo ??= Text.Get("奉化区人民政府");
        return true;
    }
}
