using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Surveys;

/// <summary><c>/surveys</c>: the campaigns with their response rates, and a new one (the member units).</summary>
[RequirePermission(SurveysPermissions.View)]
public sealed class IndexModel(AppDbContext db, SurveyCommands commands, SurveyResults results, ZoneClock clock) : PageModel
{
    public sealed record CampaignRow(SurveyCampaign Campaign, ResponseRate Rate);

    public List<CampaignRow> Campaigns { get; private set; } = [];
    public bool CanManage => PermissionCatalog.IsGranted(User, SurveysPermissions.Manage);
    public string? Error { get; private set; }

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public DateOnly? Deadline { get; set; }
    [BindProperty] public Guid? CopyFrom { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!CanManage) return StatusCode(StatusCodes.Status403Forbidden);
        var (result, id) = await commands.CreateAsync(User, new CampaignInput(Title, Description, Deadline, null), CopyFrom, ct);
        if (result.Succeeded) return Redirect($"/surveys/{id}");
        db.ChangeTracker.Clear();
        Error = result.Error;
        Response.StatusCode = result.Status;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        foreach (var campaign in await commands.Campaigns.OrderByDescending(c => c.CreatedAt).ToListAsync(ct))
            Campaigns.Add(new CampaignRow(campaign, await results.RateAsync(campaign.Id, ct)));
        Deadline ??= clock.Today.AddDays(30);
    }
}
