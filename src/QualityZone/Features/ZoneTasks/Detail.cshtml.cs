using QualityZone.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.ZoneTasks;

/// <summary>One task: its measures, with status, evidence and progress notes, and the lead department's forms.</summary>
[RequirePermission(ZoneTasksPermissions.View)]
public sealed class DetailModel(TaskProgress progress, MeasureCommands commands, AppDbContext db, ZoneClock clock, FileStore files, IEnumerable<ITaskEvidenceSource> platformSources) : PageModel
{
    private ILookup<int, PlatformEvidence> platform = Enumerable.Empty<PlatformEvidence>().ToLookup(e => e.MeasureNumber);

    /// <summary>Records of other modules that prove the measure (gathered, not uploaded).</summary>
    public IReadOnlyList<PlatformEvidence> Platform(int measureNumber) => platform[measureNumber].ToList();

    public sealed record EvidenceRow(Guid Id, Guid MeasureId, string FileName, long Size, string? Description, string UploadedByName, DateTimeOffset UploadedAt);
    public sealed record NoteRow(Guid MeasureId, string AuthorName, string? DepartmentName, string Body, DateTimeOffset CreatedAt);

    [BindProperty(SupportsGet = true)] public int Number { get; set; }
    public TaskView Task { get; private set; } = null!;
    public bool CanRecordProgress { get; private set; }
    public bool CanAddNote { get; private set; }
    public IReadOnlyDictionary<Guid, int> Versions { get; private set; } = new Dictionary<Guid, int>();
    public long MaxMegabytes => files.MaxBytes / 1024 / 1024;
    private ILookup<Guid, EvidenceRow> evidence = Enumerable.Empty<EvidenceRow>().ToLookup(e => e.MeasureId);
    private ILookup<Guid, NoteRow> notes = Enumerable.Empty<NoteRow>().ToLookup(n => n.MeasureId);

    public IReadOnlyList<EvidenceRow> Evidence(Guid measureId) => evidence[measureId].ToList();
    public IReadOnlyList<NoteRow> Notes(Guid measureId) => notes[measureId].ToList();
    public string Local(DateTimeOffset instant) => clock.Format(instant);
    public string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1024.0 / 1024.0:0.0} MB" : $"{Math.Max(1, bytes / 1024)} KB";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var task = await progress.GetAsync(Number, ct);
        if (task is null) return NotFound();
        Task = task;
        CanRecordProgress = TaskAccess.CanRecordProgress(User, task);
        CanAddNote = TaskAccess.CanAddNote(User, task);
        var measureIds = task.Measures.Select(m => m.Id).ToList();
        evidence = (await db.EvidenceFiles.AsNoTracking().Where(e => measureIds.Contains(e.MeasureId)).OrderBy(e => e.UploadedAt)
            .Select(e => new EvidenceRow(e.Id, e.MeasureId, e.FileName, e.Size, e.Description, e.UploadedByName, e.UploadedAt)).ToListAsync(ct))
            .ToLookup(e => e.MeasureId);
        notes = (await db.MeasureNotes.AsNoTracking().Where(n => measureIds.Contains(n.MeasureId)).OrderByDescending(n => n.CreatedAt)
            .Select(n => new NoteRow(n.MeasureId, n.AuthorName, n.DepartmentName, n.Body, n.CreatedAt)).ToListAsync(ct))
            .ToLookup(n => n.MeasureId);
        Versions = await db.TaskMeasures.AsNoTracking().Where(m => m.TaskNumber == Number).ToDictionaryAsync(m => m.Id, m => m.Version, ct);
        var gathered = new List<PlatformEvidence>();
        foreach (var source in platformSources) gathered.AddRange(await source.ForTaskAsync(Number, ct));
        platform = gathered.OrderBy(e => e.At).ToLookup(e => e.MeasureNumber);
        return Page();
    }

    public async Task<IActionResult> OnPostStatusAsync(int measure, MeasureStatus status, int? version, CancellationToken ct) =>
        Done(await commands.ChangeStatusAsync(User, Number, measure, status, version, ct), measure, "措施状态已更新");

    public async Task<IActionResult> OnPostNoteAsync(int measure, string? body, CancellationToken ct) =>
        Done(await commands.AddNoteAsync(User, Number, measure, body, ct), measure, "进展情况已提交");

    public async Task<IActionResult> OnPostEvidenceAsync(int measure, IFormFile? file, string? description, CancellationToken ct)
    {
        if (file is null) return Done(CommandResult.Invalid(Text.Get("请选择要上传的文件")), measure, "");
        await using var stream = file.OpenReadStream();
        return Done(await commands.AddEvidenceAsync(User, Number, measure, stream, file.FileName, description, ct), measure, "佐证材料已上传");
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid evidenceId, CancellationToken ct) =>
        Done(await commands.WithdrawEvidenceAsync(User, Number, evidenceId, ct), null, "佐证材料已撤回");

    private IActionResult Done(CommandResult result, int? measure, string success)
    {
        TempData[result.Succeeded ? "Success" : "Error"] = result.Succeeded ? Text.Get(success) : result.Error;
        return Redirect($"/tasks/{Number}" + (measure is null ? "" : $"#m{measure}"));
    }
}
