using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Traceability;

/// <summary>
/// <c>/trace/requests</c>: the trace requests foreign recalls opened (追溯请求), open ones first; an
/// enterprise sees and concludes its own, customs and the office follow every enterprise's.
/// </summary>
[RequirePermission(TraceabilityPermissions.View)]
public sealed class RequestsModel(AppDbContext db, TraceRequests requests) : PageModel
{
    [BindProperty(SupportsGet = true)] public bool All { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    public Paged<TraceRequestRow> Rows { get; private set; } = null!;
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostConcludeAsync(Guid id, string? conclusion, string? returnUrl, CancellationToken ct)
    {
        var result = await requests.ConcludeAsync(User, id, conclusion, ct);
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Status == StatusCodes.Status403Forbidden) return StatusCode(403);
        if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/trace/requests");
        Error = result.Error;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var query = TraceRequests.Visible(db, User);
        if (!All) query = query.Where(r => r.State == TraceRequestState.Open);
        Rows = await Paged<TraceRequestRow>.CreateAsync(query.OrderByDescending(r => r.CreatedAt)
            .Select(r => new TraceRequestRow(r, db.Enterprises.Where(e => e.Id == r.EnterpriseId).Select(e => Text.Pick(e.NameZh, e.NameEn)).First())), PageNumber, 50, ct);
    }

    public string Link(int page) => $"/trace/requests?all={All}&p={page}";
}

public sealed record TraceRequestRow(TraceRequest Request, string Enterprise);

/// <summary>A list of trace requests with the conclusion form where the user may record one.</summary>
/// <param name="LinksAction">Whether each request links to its corrective action (not on the action's own page).</param>
public sealed record TraceRequestList(IReadOnlyList<TraceRequestRow> Rows, bool CanConclude, string ReturnUrl, bool LinksAction = true);
