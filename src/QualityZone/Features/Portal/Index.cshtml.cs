using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Portal;

/// <summary><c>/portal</c>: the public portal — search (Chinese or English), filters by type, market, HS code and date, the latest of each kind, RSS links.</summary>
[RequirePermission(PortalPermissions.Read)]
public sealed class IndexModel(AppDbContext db, IMemoryCache cache) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public NoticeType? Type { get; set; }
    [BindProperty(SupportsGet = true)] public string? Market { get; set; }
    [BindProperty(SupportsGet = true)] public string? Hs { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    /// <summary>A search's order: by relevance (default) or newest first; a listing without words is always newest first.</summary>
    [BindProperty(SupportsGet = true)] public NoticeSearch.Order Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    public Paged<Notice> Results { get; private set; } = null!;
    public Dictionary<NoticeType, int> Counts { get; private set; } = [];
    public bool Filtered => !string.IsNullOrWhiteSpace(Q) || Type is not null || !string.IsNullOrWhiteSpace(Market) || !string.IsNullOrWhiteSpace(Hs) || From is not null || To is not null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        // The counts by type scan every published notice (on PostgreSQL with a heap visit each until vacuum has run
        // after an import: 40 ms); the public page shows them a minute old at most.
        Counts = (await cache.GetOrCreateAsync("portal:counts-by-type", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            return await db.Notices.AsNoTracking().Where(n => n.Status == NoticeStatus.Published).GroupBy(n => n.Type).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        }))!;
        // Unfiltered, the list is every published notice: its count is the counts by type (a minute old at most).
        Results = await Paged<Notice>.CreateAsync(PortalApi.Search(db, new PortalApi.SearchFilter(Q, Type, Market, Hs, From, To, Sort)), PageNumber, 20, ct, Filtered ? null : Counts.Values.Sum());
    }

    public string Link(int page) => Link(page, Sort);

    public string Link(int page, NoticeSearch.Order sort) =>
        $"/portal?q={Uri.EscapeDataString(Q ?? "")}&type={Type}&market={Uri.EscapeDataString(Market ?? "")}&hs={Uri.EscapeDataString(Hs ?? "")}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&sort={sort}&page={page}";
}
