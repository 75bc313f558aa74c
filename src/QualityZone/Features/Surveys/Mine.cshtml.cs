using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Surveys;

/// <summary><c>/surveys/mine</c>: the questionnaires sent to the enterprise, what it still has to answer first.</summary>
[RequirePermission(SurveysPermissions.Answer)]
public sealed class MineModel(AppDbContext db, ZoneClock clock) : PageModel
{
    public sealed record Row(Guid Id, string Title, DateOnly Deadline, SurveyState State, ResponseState Response, DateTimeOffset? SubmittedAt);

    public List<Row> Rows { get; private set; } = [];
    public DateOnly Today => clock.Today;
    public string Format(DateTimeOffset? instant) => clock.Format(instant);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var enterprise = User.EnterpriseId();
        Rows = (await (from r in db.SurveyResponses.AsNoTracking()
                       join s in db.SurveyCampaigns.AsNoTracking() on r.SurveyId equals s.Id
                       where r.EnterpriseId == enterprise
                       select new Row(s.Id, s.Title, s.Deadline, s.State, r.State, r.SubmittedAt)).ToListAsync(ct))
            .OrderBy(r => r.State == SurveyState.Open && r.Response != ResponseState.Submitted ? 0 : 1).ThenByDescending(r => r.Deadline).ToList();
    }
}
