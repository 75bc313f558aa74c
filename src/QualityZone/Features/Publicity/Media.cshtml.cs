using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Publicity;

/// <summary><c>/media?year=</c>: the year's media coverage of the zone for anyone; the association and the office record reports.</summary>
[RequirePermission(PublicityPermissions.Browse)]
public sealed class MediaModel(PublicityCommands publicity, AppDbContext db, ZoneClock clock) : PageModel
{
    public int Year { get; private set; }
    public List<int> Years { get; private set; } = [];
    public List<MediaItem> Items { get; private set; } = [];
    public bool Reviews => PermissionCatalog.IsGranted(User, PublicityPermissions.Review);
    public string? Error { get; private set; }

    public async Task OnGetAsync(int? year, CancellationToken ct) => await LoadAsync(year, ct);

    public async Task<IActionResult> OnPostAsync(string? outlet, DateOnly? publishedOn, string? title, string? url, MediaType type, CancellationToken ct)
    {
        if (!Reviews) return StatusCode(StatusCodes.Status403Forbidden);
        var (result, _) = await publicity.SaveMediaAsync(User, null, new MediaInput(outlet, publishedOn, title, url, type), ct);
        if (result.Succeeded) return Redirect($"/media?year={publishedOn!.Value.Year}");
        db.ChangeTracker.Clear();
        await LoadAsync(null, ct);
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task LoadAsync(int? year, CancellationToken ct)
    {
        var thisYear = clock.Today.Year;
        Year = year is >= 2000 and <= 2100 ? year.Value : thisYear;
        var (first, next) = (new DateOnly(Year, 1, 1), new DateOnly(Year + 1, 1, 1));
        Items = await publicity.Media.Where(m => m.PublishedOn >= first && m.PublishedOn < next).OrderByDescending(m => m.PublishedOn).ToListAsync(ct);
        Years = (await publicity.Media.Select(m => m.PublishedOn.Year).Distinct().ToListAsync(ct)).Append(thisYear).Distinct().OrderDescending().ToList();
    }
}
