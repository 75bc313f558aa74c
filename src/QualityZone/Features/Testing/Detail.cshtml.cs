using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Testing;

/// <summary>
/// <c>/testing/{id}</c>: one request: the items with their limits, results and verdicts (a retest shows the
/// earlier result struck through), the quote, the report and its verification code, the history; and the
/// step each party takes next — the center receives, enters results on a tablet, hands in, another tester
/// reviews and issues; the enterprise cancels before testing or acknowledges the report.
/// </summary>
[RequirePermission(TestingPermissions.Read)]
public sealed class DetailModel(AppDbContext db, TestingCommands commands, ZoneClock clock) : PageModel
{
    public TestRequest Record { get; private set; } = null!;
    public string Enterprise { get; private set; } = "";
    public bool Operates => PermissionCatalog.IsGranted(User, TestingPermissions.Operate);
    public bool Owns => User.EnterpriseId() == Record.EnterpriseId;
    public string? BatchNumber { get; private set; }
    /// <summary>A failed report may be retested: by the enterprise for its commission, by a department for its sampling.</summary>
    public bool CanRetest => Record.ReportNumber is not null && Record.WithdrawnAt is null && !Record.Passed
        && (Record.Kind == RequestKind.Commission ? Owns : PermissionCatalog.IsGranted(User, TestingPermissions.Order));
    public string? Error { get; private set; }
    public string? Done { get; private set; }
    public DateOnly Today => clock.Today;
    public string Format(DateTimeOffset? instant) => clock.Format(instant);

    public async Task<IActionResult> OnGetAsync(Guid id, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Done = done is null ? null : Text.Get("已保存");
        return Page();
    }

    public Task<IActionResult> OnPostSampleAsync(Guid id, bool refuse, string? condition, string? reason, CancellationToken ct) =>
        RunAsync(id, true, () => commands.ReceiveAsync(User, id, new SampleInput(refuse, condition, reason), ct), ct);

    /// <summary>The results form: one row per item; rows left empty are not results.</summary>
    public Task<IActionResult> OnPostResultsAsync(Guid id, CancellationToken ct) =>
        RunAsync(id, true, async () =>
        {
            var form = HttpContext.Request.Form;
            var request = await commands.FindAsync(id, ct);
            if (request is null) return CommandResult.NotFound(Text.Get("检测委托不存在"));
            var inputs = new List<ResultInput>();
            foreach (var item in request.Items)
            {
                string? Field(string name) => form[$"{name}-{item.Id}"].ToString() is { Length: > 0 } v ? v.Trim() : null;
                var value = Field("value");
                var verdict = Field("verdict");
                if (value is null && verdict is null) continue;
                decimal? number = null;
                if (value is not null)
                {
                    if (!decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
                        return CommandResult.Invalid(Text.Format("{0}：“{1}”不是数字", item.Name, value));
                    number = parsed;
                }
                inputs.Add(new ResultInput(item.Id, number, verdict is null ? null : verdict == "pass", Field("instrument"), Field("operator") ?? User.DisplayName(),
                    DateOnly.TryParse(Field("date"), out var date) ? date : null));
            }
            return await commands.RecordAsync(User, id, inputs, ct);
        }, ct);

    /// <summary>A sample photo or a test record (for one item or the whole request).</summary>
    public Task<IActionResult> OnPostAttachAsync(Guid id, AttachmentKind kind, Guid? item, IFormFile? file, CancellationToken ct) =>
        RunAsync(id, true, async () =>
        {
            if (file is null || file.Length == 0) return CommandResult.Invalid(Text.Get("请选择文件"));
            await using var content = file.OpenReadStream();
            return await commands.AttachAsync(User, id, kind, item, content, file.FileName, ct);
        }, ct);

    public Task<IActionResult> OnPostHandInAsync(Guid id, CancellationToken ct) => RunAsync(id, true, () => commands.SubmitForReviewAsync(User, id, ct), ct);

    public Task<IActionResult> OnPostReviewAsync(Guid id, bool approve, string? comment, CancellationToken ct) =>
        RunAsync(id, true, () => commands.ReviewAsync(User, id, approve, comment, ct), ct);

    public Task<IActionResult> OnPostWithdrawAsync(Guid id, string? reason, CancellationToken ct) => RunAsync(id, true, () => commands.WithdrawAsync(User, id, reason, ct), ct);

    public Task<IActionResult> OnPostDeliverAsync(Guid id, CancellationToken ct) => RunAsync(id, false, () => commands.DeliverAsync(User, id, ct), ct);

    public Task<IActionResult> OnPostCancelAsync(Guid id, string? reason, CancellationToken ct) => RunAsync(id, false, () => commands.CancelAsync(User, id, reason, ct), ct);

    private async Task<IActionResult> RunAsync(Guid id, bool center, Func<Task<CommandResult>> command, CancellationToken ct)
    {
        if (center && !Operates) return StatusCode(StatusCodes.Status403Forbidden);
        if (!center && !Operates && User.EnterpriseId() is null) return StatusCode(StatusCodes.Status403Forbidden);
        if (await commands.Visible(User).AnyAsync(r => r.Id == id, ct) is false) return NotFound();
        var result = await command();
        if (result.Succeeded) return Redirect($"/testing/{id}?done=1");
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        db.ChangeTracker.Clear();
        await LoadAsync(id, ct);
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await commands.FindAsync(id, ct) is not { } request || !TestingApi.Sees(User, request)) return false;
        Record = request;
        Enterprise = await db.Enterprises.AsNoTracking().Where(e => e.Id == request.EnterpriseId).Select(e => e.NameZh).SingleAsync(ct);
        if (request.BatchId is { } batch) BatchNumber = await db.ProductionBatches.AsNoTracking().Where(b => b.Id == batch).Select(b => b.BatchNumber).SingleOrDefaultAsync(ct);
        return true;
    }
}
