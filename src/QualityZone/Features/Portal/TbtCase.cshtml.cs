using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Portal;

/// <summary>
/// <c>/portal/tbt/{id}</c>: one response case. An invited enterprise states its impact (its own only, until the
/// deadline); the association sees all statements, consolidates the comment (.docx), records its sending and the outcome.
/// </summary>
[RequirePermission(PortalPermissions.Alerts)]
public sealed class TbtCaseModel(AppDbContext db, TbtCommands commands, ZoneClock clock) : PageModel
{
    public sealed record ImpactRow(ImpactStatement Statement, string Enterprise);
    public TbtCase Case { get; private set; } = null!;
    public Notice Notice { get; private set; } = null!;
    public List<ImpactRow> Impacts { get; private set; } = [];
    public int Invited { get; private set; }
    public ImpactStatement? Own { get; private set; }
    public bool IsEnterprise => !EnterpriseScope.For(User).All;
    public bool CanRun => PermissionCatalog.IsGranted(User, PortalPermissions.Respond);
    public bool Open => Case.State == TbtCaseState.Collecting && clock.Today <= Case.ImpactDeadline;
    public string? Error { get; private set; }
    [BindProperty] public ImpactLevel? Level { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public decimal? AffectedExports { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public DateOnly? SentOn { get; set; }
    [BindProperty] public string? SentTo { get; set; }
    [BindProperty] public string? Outcome { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostImpactAsync(Guid id, CancellationToken ct) =>
        await DoneAsync(id, await commands.StateImpactAsync(User, id, new ImpactInput(Level, Description, AffectedExports), ct), ct);

    public async Task<IActionResult> OnPostConsolidateAsync(Guid id, CancellationToken ct) =>
        CanRun ? await DoneAsync(id, await commands.ConsolidateAsync(id, Comment, ct), ct) : StatusCode(403);

    public async Task<IActionResult> OnPostSendAsync(Guid id, CancellationToken ct) =>
        CanRun ? await DoneAsync(id, await commands.SendAsync(id, SentOn, SentTo, ct), ct) : StatusCode(403);

    public async Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken ct) =>
        CanRun ? await DoneAsync(id, await commands.CloseAsync(id, Outcome, ct), ct) : StatusCode(403);

    private async Task<IActionResult> DoneAsync(Guid id, CommandResult result, CancellationToken ct)
    {
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Succeeded) return Redirect($"/portal/tbt/{id}");
        db.ChangeTracker.Clear();
        var (comment, description) = (Comment, Description);
        if (!await LoadAsync(id, ct)) return NotFound();
        (Comment, Description, Error) = (comment ?? Comment, description ?? Description, result.Error);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var @case = await db.TbtCases.AsNoTracking().Include(c => c.Invitations).Include(c => c.Impacts).SingleOrDefaultAsync(c => c.Id == id, ct);
        var scope = EnterpriseScope.For(User);
        if (@case is null || (!scope.All && @case.Invitations.All(i => i.EnterpriseId != scope.EnterpriseId))) return false;
        Case = @case;
        Notice = await db.Notices.AsNoTracking().SingleAsync(n => n.Id == @case.NoticeId, ct);
        Invited = @case.Invitations.Count;
        var visible = scope.All ? @case.Impacts : @case.Impacts.Where(i => i.EnterpriseId == scope.EnterpriseId).ToList();
        var ids = visible.Select(i => i.EnterpriseId).ToList();
        var names = await db.Enterprises.AsNoTracking().Where(e => ids.Contains(e.Id)).Select(e => new { e.Id, e.NameZh }).ToDictionaryAsync(e => e.Id, e => e.NameZh, ct);
        Impacts = visible.OrderByDescending(i => i.Level).Select(i => new ImpactRow(i, names.GetValueOrDefault(i.EnterpriseId, ""))).ToList();
        Own = scope.EnterpriseId is { } own ? @case.Impacts.FirstOrDefault(i => i.EnterpriseId == own) : null;
        (Comment, SentOn, SentTo, Outcome) = (@case.Comment, @case.SentOn ?? clock.Today, @case.SentTo, @case.Outcome);
        (Level, Description, AffectedExports) = (Own?.Level, Own?.Description, Own?.AffectedExportsWanUsd);
        return true;
    }
}
