using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Actions;

/// <summary><c>/actions/{id}</c>: one action, its history, and the form of whoever acts next (answer, verify, cancel).</summary>
[RequirePermission(ActionsPermissions.View)]
public sealed class DetailModel(AppDbContext db, ActionCommands commands, FileStore files, ZoneClock clock, IEnumerable<IActionPanel> panels) : PageModel
{
    public CorrectiveAction Action { get; private set; } = null!;
    public string? Enterprise { get; private set; }
    public string? Owner { get; private set; }
    /// <summary>What other modules contribute: links to the action's source (meeting, inspection) and sections (trace requests).</summary>
    public IReadOnlyList<ActionPanel> Panels { get; private set; } = [];
    /// <summary>The trace requests a recall opened with this action (issue 7: a recall naming the enterprise's product).</summary>
    public string? Error { get; private set; }
    public DateOnly Today => clock.Today;
    public string Format(DateTimeOffset instant) => clock.Format(instant);
    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? Containment { get; set; }
    [BindProperty] public string? RootCause { get; set; }
    [BindProperty] public string? Correction { get; set; }
    [BindProperty] public string? Prevention { get; set; }
    [BindProperty] public IFormFile? Evidence { get; set; }
    [BindProperty] public string? Note { get; set; }

    public bool CanRespond => ActionCommands.CanRespond(User, Action) && Action.Allows(ActionStep.Respond) && PermissionCatalog.IsGranted(User, ActionsPermissions.Respond);
    public bool CanVerify => ActionCommands.CanVerify(User, Action) && Action.Allows(ActionStep.Verify);
    public bool CanCancel => ActionCommands.CanCancel(User) && Action.Allows(ActionStep.Cancel);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRespondAsync(Guid id, bool submit, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(User, ActionsPermissions.Respond)) return StatusCode(403);
        StoredFileRef? evidence = null;
        if (Evidence is { Length: > 0 })
        {
            try
            {
                await using var stream = Evidence.OpenReadStream();
                var stored = await files.SaveAsync(stream, Evidence.FileName, ct);
                evidence = new StoredFileRef(stored.Sha256, stored.FileName, stored.ContentType);
            }
            catch (FileRejectedException ex) { return await FailAsync(id, CommandResult.Invalid(ex.Message), ct); }
        }
        var result = await commands.RespondAsync(User, id, Version, new ActionResponse(Containment, RootCause, Correction, Prevention), evidence, submit, ct);
        return result.Succeeded ? Redirect($"/actions/{id}") : await FailAsync(id, result, ct);
    }

    public async Task<IActionResult> OnPostVerifyAsync(Guid id, bool effective, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(User, ActionsPermissions.Verify)) return StatusCode(403);
        var result = await commands.VerifyAsync(User, id, Version, effective, Note, ct);
        return result.Succeeded ? Redirect($"/actions/{id}") : await FailAsync(id, result, ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(User, ActionsPermissions.Verify)) return StatusCode(403);
        var result = await commands.CancelAsync(User, id, Version, Note, ct);
        return result.Succeeded ? Redirect($"/actions/{id}") : await FailAsync(id, result, ct);
    }

    private async Task<IActionResult> FailAsync(Guid id, CommandResult result, CancellationToken ct)
    {
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Status == StatusCodes.Status403Forbidden) return StatusCode(403);
        db.ChangeTracker.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        Error = result.Error;
        // What the user typed stays in the form.
        Containment = Request.Form["Containment"]; RootCause = Request.Form["RootCause"]; Correction = Request.Form["Correction"]; Prevention = Request.Form["Prevention"];
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var action = await commands.Visible(User).Include(a => a.Events).SingleOrDefaultAsync(a => a.Id == id, ct);
        if (action is null) return false;
        Action = action;
        Version = action.Version;
        (Containment, RootCause, Correction, Prevention) = (action.Containment, action.RootCause, action.Correction, action.Prevention);
        Enterprise = action.EnterpriseId is { } e ? await db.Enterprises.Where(x => x.Id == e).Select(x => Text.Pick(x.NameZh, x.NameEn)).SingleOrDefaultAsync(ct) : null;
        Owner = action.OwnerDepartmentId is { } d ? await db.Departments.Where(x => x.Id == d).Select(x => Text.Pick(x.NameZh, x.NameEn)).SingleOrDefaultAsync(ct) : null;
        var contributed = new List<ActionPanel>();
        foreach (var panel in panels.OrderBy(p => p.Order))
            if (await panel.LoadAsync(action, Enterprise, User, ct) is { } loaded) contributed.Add(loaded);
        Panels = contributed;
        return true;
    }
}
