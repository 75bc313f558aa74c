using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Portal;

/// <summary>
/// <c>/portal/alerts</c>: an enterprise's alerts (why it was matched, acknowledge) and its subscriptions;
/// for staff, which enterprises have not acknowledged which alerts.
/// </summary>
[RequirePermission(PortalPermissions.Alerts)]
public sealed class AlertsModel(AppDbContext db, NoticeCommands commands) : PageModel
{
    public sealed record Row(Guid Id, Guid NoticeId, string Title, NoticeType Type, string Enterprise, string Reason, decimal Confidence, DateTimeOffset CreatedAt, DateTimeOffset? AcknowledgedAt);
    public QualityZone.Infrastructure.Web.Paged<Row> Alerts { get; private set; } = null!;
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    public bool IsEnterprise => !EnterpriseScope.For(User).All;
    [BindProperty(SupportsGet = true)] public bool Open { get; set; } = true;
    [BindProperty] public string? SubscribedMarkets { get; set; }
    [BindProperty] public string? SubscribedHs { get; set; }
    public string? Error { get; private set; }
    public bool Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAcknowledgeAsync(Guid id, CancellationToken ct)
    {
        var result = await commands.AcknowledgeAsync(User, id, ct);
        if (!result.Succeeded) return NotFound();
        return Redirect("/portal/alerts");
    }

    public async Task<IActionResult> OnPostSubscribeAsync(CancellationToken ct)
    {
        if (User.EnterpriseId() is not { } enterprise) return StatusCode(403);
        var result = await commands.SubscribeAsync(enterprise, SubscribedMarkets, SubscribedHs, ct);
        (Error, Saved) = (result.Error, result.Succeeded);
        await LoadAsync(ct, keepInput: !result.Succeeded);
        return Page();
    }

    public string Link(int page) => $"/portal/alerts?open={Open}&page={page}";

    private async Task LoadAsync(CancellationToken ct, bool keepInput = false)
    {
        var scope = EnterpriseScope.For(User);
        var alerts = db.NoticeAlerts.AsNoTracking();
        alerts = alerts.ForScope(scope);
        if (Open && scope.All) alerts = alerts.Where(a => a.AcknowledgedAt == null);
        Alerts = await QualityZone.Infrastructure.Web.Paged<Row>.CreateAsync(from a in alerts
                        join n in db.Notices on a.NoticeId equals n.Id
                        join e in db.Enterprises on a.EnterpriseId equals e.Id
                        orderby a.CreatedAt descending
                        select new Row(a.Id, n.Id, n.Title, n.Type, e.NameZh, a.Reason, a.Confidence, a.CreatedAt, a.AcknowledgedAt), PageNumber, 50, ct);
        if (!keepInput && scope.EnterpriseId is { } own)
        {
            var subscriptions = await db.NoticeSubscriptions.AsNoTracking().Where(s => s.EnterpriseId == own).ToListAsync(ct);
            SubscribedMarkets = string.Join(", ", subscriptions.Where(s => s.Kind == "M").Select(s => s.Code));
            SubscribedHs = string.Join(", ", subscriptions.Where(s => s.Kind == "H").Select(s => s.Code));
        }
    }
}
