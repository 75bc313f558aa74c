using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Risks;

/// <summary><c>/risks/warnings</c>: enterprises by early-warning score and level, each with the signals behind it.</summary>
[RequirePermission(RisksPermissions.View)]
public sealed class WarningsModel(AppDbContext db, EarlyWarning warning, ZoneClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public RiskLevel? Level { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    public sealed record Row(Guid EnterpriseId, string Name, string? Grade, EnterpriseState State, int Score, RiskLevel Level, RiskLevel? PreviousLevel);
    public Paged<Row> Scores { get; private set; } = null!;
    public ILookup<Guid, WarningSignal> Signals { get; private set; } = Enumerable.Empty<WarningSignal>().ToLookup(s => s.EnterpriseId);
    public Dictionary<RiskLevel, int> Counts { get; private set; } = [];
    public DateTimeOffset? ComputedAt { get; private set; }
    public WarningRun? Run { get; private set; }
    public string Format(DateTimeOffset instant) => clock.Format(instant);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(User, RisksPermissions.Configure)) return StatusCode(403);
        Run = await warning.ComputeAsync(ct);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var scope = EnterpriseScope.For(User);
        var scores = db.EnterpriseRiskScores.AsNoTracking();
        scores = scores.ForScope(scope);
        Counts = await scores.GroupBy(s => s.Level).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        ComputedAt = await scores.MaxAsync(s => (DateTimeOffset?)s.ComputedAt, ct);
        if (Level is { } level) scores = scores.Where(s => s.Level == level);
        var rows = from s in scores
                   join e in db.Enterprises on s.EnterpriseId equals e.Id
                   where string.IsNullOrEmpty(Q) || e.NameZh.Contains(Q)
                   orderby s.Score descending, e.NameZh
                   select new Row(e.Id, e.NameZh, e.Grade, e.State, s.Score, s.Level, s.PreviousLevel);
        Scores = await Paged<Row>.CreateAsync(rows, PageNumber, 50, ct);
        var ids = Scores.Items.Select(r => r.EnterpriseId).ToList();
        Signals = (await db.WarningSignals.AsNoTracking().Where(s => ids.Contains(s.EnterpriseId)).ToListAsync(ct)).OrderByDescending(s => s.Points).ToLookup(s => s.EnterpriseId);
    }

    public string Link(int page) => $"/risks/warnings?level={Level}&q={Uri.EscapeDataString(Q ?? "")}&page={page}";
    public static string StateLabel(EnterpriseState state) => Text.Get(EnterpriseLabels.State(state));
}
