using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Portal;

/// <summary><c>/portal/feeds</c>: the feeds fetched by address (ePing, Safety Gate, CPSC), how often, and how their last run went; fetch one now.</summary>
[RequirePermission(PortalPermissions.Edit)]
public sealed class FeedsModel(AppDbContext db, NoticeFeedFetcher fetcher) : PageModel
{
    public List<NoticeFeedSource> Sources { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public Guid? Edit { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public bool Incremental { get; set; }
    [BindProperty] public int? IntervalHours { get; set; } = 24;
    [BindProperty] public bool Enabled { get; set; } = true;
    public string? Error { get; private set; }
    public ImportReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Edit is { } id)
        {
            if (Sources.FirstOrDefault(s => s.Id == id) is not { } source) return NotFound();
            (Name, Address, Incremental, IntervalHours, Enabled) = (source.Name, source.Url, source.IncrementalByLastPublishDate, source.IntervalHours, source.Enabled);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var (result, _) = await fetcher.SaveAsync(User, Edit, new FeedSourceInput(Name, Address, Incremental, IntervalHours, Enabled), ct);
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Succeeded) return Redirect("/portal/feeds");
        Error = result.Error;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostFetchAsync(Guid id, CancellationToken ct)
    {
        if (await fetcher.FetchAsync(id, ct) is not { } fetched) return NotFound();
        Report = fetched.Report;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) => Sources = await db.NoticeFeedSources.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
}
