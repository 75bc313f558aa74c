using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Laboratories;

/// <summary>
/// <c>/laboratories/{id}</c>: one lab's road to accreditation — the stages with their dates (overdue in red),
/// the form that completes the current stage, and the ISO/IEC 17025 clauses with the lab's evidence and the
/// advisor's comments.
/// </summary>
[RequirePermission(LaboratoriesPermissions.Read)]
public sealed class DetailModel(LaboratoryCommands labs, AppDbContext db, ZoneClock clock) : PageModel
{
    public CandidateLab Lab { get; private set; } = null!;
    public string EnterpriseName { get; private set; } = "";
    public DateOnly Today => clock.Today;
    public bool Enterprise => User.EnterpriseId() is not null;
    public bool Guides => PermissionCatalog.IsGranted(User, LaboratoriesPermissions.Guide);
    public bool Documents => PermissionCatalog.IsGranted(User, LaboratoriesPermissions.Evidence);
    public bool Done { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? done, CancellationToken ct)
    {
        Done = done is not null;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostStageAsync(Guid id, CnasStage stage, DateOnly? completedOn, string? note, DateOnly? nextPlannedOn, string? certificateNumber,
        string? certificateScope, DateOnly? certificateExpiry, CancellationToken ct) =>
        Guides ? RunAsync(id, () => labs.CompleteStageAsync(User, id, new StageCompletion(stage, completedOn, note, nextPlannedOn, certificateNumber, certificateScope, certificateExpiry), ct), ct)
            : Task.FromResult<IActionResult>(StatusCode(StatusCodes.Status403Forbidden));

    public Task<IActionResult> OnPostClauseAsync(Guid id, string clause, ClauseState? state, string? evidence, string? comment, CancellationToken ct) =>
        RunAsync(id, () => labs.SaveClauseAsync(User, id, clause, state, evidence, comment, ct), ct);

    private async Task<IActionResult> RunAsync(Guid id, Func<Task<CommandResult>> command, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var result = await command();
        if (result.Succeeded) return Redirect($"/laboratories/{id}?done=1");
        db.ChangeTracker.Clear();
        await LoadAsync(id, ct);
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await labs.FindAsync(User, id, ct) is not { } lab) return false;
        Lab = lab;
        EnterpriseName = await db.Enterprises.AsNoTracking().Where(e => e.Id == lab.EnterpriseId).Select(e => e.NameZh).SingleAsync(ct);
        return true;
    }
}
