using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Inspections;

/// <summary>
/// <c>/inspections/records/{id}</c>: one enterprise's inspection. Team members fill it on a tablet (big
/// touch targets, photos straight from the camera), save drafts, submit (rules checked, findings and
/// actions raised), and co-sign; everyone allowed reads it and downloads the Word report.
/// </summary>
[RequirePermission(InspectionsPermissions.View)]
public sealed class RecordModel(AppDbContext db, InspectionCommands commands, FileStore files) : PageModel
{
    public sealed record FindingRow(InspectionFinding Finding, string? ActionNumber, ActionState? ActionState);
    public InspectionRecord Record { get; private set; } = null!;
    public InspectionRound Round { get; private set; } = null!;
    public string Enterprise { get; private set; } = "";
    public Dictionary<Guid, string> Departments { get; private set; } = [];
    public List<FindingRow> Findings { get; private set; } = [];
    /// <summary>The reports the items cite, by number, as their module describes them.</summary>
    public Dictionary<string, CitedReport> Cited { get; private set; } = [];
    public string? Error { get; private set; }
    [BindProperty] public int Version { get; set; }
    [BindProperty] public DateOnly? VisitedOn { get; set; }
    [BindProperty] public string? Conclusion { get; set; }
    [BindProperty] public List<AnswerInput> Answers { get; set; } = [];
    [BindProperty] public List<FindingInput> ExtraFindings { get; set; } = [];

    public bool CanEdit => Record.State is RecordState.Planned or RecordState.InProgress
        && PermissionCatalog.IsGranted(User, InspectionsPermissions.Inspect) && (User.IsInRole(Roles.ZoneAdmin) || InspectionCommands.IsTeamMember(User, Round));
    public bool CanSign => Record.State == RecordState.Submitted && InspectionCommands.IsTeamMember(User, Round) && Record.Signatures.All(s => s.UserId != User.UserId());

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, bool submit, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(User, InspectionsPermissions.Inspect)) return StatusCode(403);
        var photos = new Dictionary<Guid, StoredFileRef>();
        foreach (var file in Request.Form.Files.Where(f => f.Name.StartsWith("photo-", StringComparison.Ordinal) && f.Length > 0))
        {
            if (!Guid.TryParse(file.Name["photo-".Length..], out var answerId)) continue;
            try
            {
                await using var stream = file.OpenReadStream();
                var stored = await files.SaveAsync(stream, file.FileName, ct);
                if (!stored.ContentType.StartsWith("image/", StringComparison.Ordinal)) return await FailAsync(id, CommandResult.Invalid(Text.Get("现场照片应为 JPG 或 PNG 图片")), ct);
                photos[answerId] = new StoredFileRef(stored.Sha256, stored.FileName, stored.ContentType);
            }
            catch (FileRejectedException ex) { return await FailAsync(id, CommandResult.Invalid(ex.Message), ct); }
        }
        var result = await commands.SaveAsync(User, id, Version, VisitedOn, Conclusion, Answers, photos, ExtraFindings, submit, ct);
        return result.Succeeded ? Redirect($"/inspections/records/{id}") : await FailAsync(id, result, ct);
    }

    public async Task<IActionResult> OnPostSignAsync(Guid id, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(User, InspectionsPermissions.Inspect)) return StatusCode(403);
        var result = await commands.SignAsync(User, id, ct);
        return result.Succeeded ? Redirect($"/inspections/records/{id}") : await FailAsync(id, result, ct);
    }

    private async Task<IActionResult> FailAsync(Guid id, CommandResult result, CancellationToken ct)
    {
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Status == StatusCodes.Status403Forbidden) return StatusCode(403);
        // The refused input is still in the tracked record (nothing was saved): the form shows it again,
        // with the version the user started from.
        var version = Version;
        if (!await LoadAsync(id, ct)) return NotFound();
        Version = version;
        Error = result.Error;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (!await InspectionsApi.Visible(db, User).AnyAsync(r => r.Id == id, ct)) return false;
        Record = await db.InspectionRecords.Include(r => r.Answers).Include(r => r.Findings).Include(r => r.Signatures).AsSplitQuery().SingleAsync(r => r.Id == id, ct);
        Round = await db.InspectionRounds.AsNoTracking().Include(r => r.Team).SingleAsync(r => r.Id == Record.RoundId, ct);
        Enterprise = await db.Enterprises.Where(e => e.Id == Record.EnterpriseId).Select(e => Text.Pick(e.NameZh, e.NameEn)).SingleAsync(ct);
        Departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => Text.Pick(d.NameZh, d.NameEn), ct);
        var actionIds = Record.Findings.Where(f => f.ActionId != null).Select(f => f.ActionId!.Value).ToList();
        var actions = await db.CorrectiveActions.AsNoTracking().Where(a => actionIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        Findings = Record.Findings.OrderBy(f => f.CreatedAt).Select(f => new FindingRow(f, f.ActionId is { } a && actions.TryGetValue(a, out var x) ? x.Number : null,
            f.ActionId is { } b && actions.TryGetValue(b, out var y) ? y.State : null)).ToList();
        Version = Record.Version;
        VisitedOn = Record.VisitedOn;
        Conclusion = Record.Conclusion;
        if (ExtraFindings.Count == 0) ExtraFindings = [new(null, null), new(null, null)];
        foreach (var number in Record.Answers.Where(a => a.ReportNumber != null).Select(a => a.ReportNumber!).Distinct())
            if (await commands.CiteAsync(Record.EnterpriseId, number, ct) is { } cited) Cited[number] = cited;
        return true;
    }
}
