using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Surveys;

/// <summary>
/// Every enterprise's answers, raw, one row per enterprise asked and one column per question in the
/// questionnaire's order, for the organizers' own analysis in Excel. Drafts are included and marked:
/// the sheet is the record of who answered what, the results page is what counts.
/// </summary>
public sealed class SurveyExport(AppDbContext db, ZoneClock clock)
{
    public async Task<MemoryStream> WriteAsync(SurveyCampaign campaign, CancellationToken ct)
    {
        var responses = await (from r in db.SurveyResponses.AsNoTracking()
                               join e in db.Enterprises.AsNoTracking() on r.EnterpriseId equals e.Id
                               where r.SurveyId == campaign.Id
                               orderby e.NameZh
                               select new { r.Id, e.NameZh, e.CreditCode, r.State, r.SubmittedAt }).ToListAsync(ct);
        var answers = (await db.SurveyAnswers.AsNoTracking().Where(a => db.SurveyResponses.Any(r => r.Id == a.ResponseId && r.SurveyId == campaign.Id))
            .Select(a => new { a.ResponseId, a.QuestionId, a.Value }).ToListAsync(ct)).ToDictionary(a => (a.ResponseId, a.QuestionId), a => a.Value);
        var questions = campaign.Questions.OrderBy(q => q.Position).ToList();
        var rows = responses.Select(r =>
        {
            var row = new Dictionary<string, object?>
            {
                [Text.Get("企业名称")] = r.NameZh, [Text.Get("统一社会信用代码")] = r.CreditCode, [Text.Get("答卷状态")] = SurveyLabels.State(r.State),
                [Text.Get("提交时间")] = clock.Format(r.SubmittedAt),
            };
            foreach (var (q, i) in questions.Select((q, i) => (q, i)))
            {
                var value = answers.GetValueOrDefault((r.Id, q.Id));
                row[$"{i + 1}. {Text.Shorten(q.Text, 60)}{(q.Unit is null ? "" : Text.Aside(q.Unit))}"] =
                    value is null ? null : q.Type == QuestionType.Number ? SurveyAnswers.Number(value) : SurveyAnswers.Display(q.Type, value);
            }
            return row;
        }).ToList();
        var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, sheetName: Text.Get("答卷"), cancellationToken: ct);
        stream.Position = 0;
        return stream;
    }
}
