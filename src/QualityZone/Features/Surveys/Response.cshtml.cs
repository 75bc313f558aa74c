using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Surveys;

/// <summary><c>/surveys/{id}/responses/{responseId}</c>: one enterprise's answers, for the organizers.</summary>
[RequirePermission(SurveysPermissions.View)]
public sealed class ResponseModel(AppDbContext db, SurveyCommands commands, ZoneClock clock) : PageModel
{
    public SurveyCampaign Campaign { get; private set; } = null!;
    public SurveyResponse Answers { get; private set; } = null!;
    public string Enterprise { get; private set; } = "";
    public IReadOnlyDictionary<Guid, string> Values { get; private set; } = new Dictionary<Guid, string>();
    public string Format(DateTimeOffset? instant) => clock.Format(instant);

    public async Task<IActionResult> OnGetAsync(Guid id, Guid responseId, CancellationToken ct)
    {
        var response = await db.SurveyResponses.AsNoTracking().Include(r => r.Answers).SingleOrDefaultAsync(r => r.Id == responseId && r.SurveyId == id, ct);
        if (response is null || await commands.FindAsync(id, ct) is not { } campaign) return NotFound();
        (Answers, Campaign) = (response, campaign);
        Enterprise = await db.Enterprises.AsNoTracking().Where(e => e.Id == response.EnterpriseId).Select(e => e.NameZh).SingleAsync(ct);
        Values = response.Answers.ToDictionary(a => a.QuestionId, a => a.Value);
        return Page();
    }
}
