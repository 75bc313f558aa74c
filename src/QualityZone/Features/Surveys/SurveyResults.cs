using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Surveys;

public sealed record ResponseRate(int Recipients, int Submitted, int Drafts, int NotStarted)
{
    /// <summary>Submitted answers per hundred enterprises asked.</summary>
    public decimal Percent => Recipients == 0 ? 0 : Math.Round(100m * Submitted / Recipients, 1);
}

public sealed record OptionCount(string Option, int Count, decimal Percent);

public sealed record NumberSummary(decimal Sum, decimal Mean, decimal Min, decimal Median, decimal Max);

/// <summary>What the submitted answers to one question add up to.</summary>
public sealed record QuestionResult(Guid QuestionId, int Number, string Section, string Text, QuestionType Type, string? Unit, int Answered,
    IReadOnlyList<OptionCount> Options, NumberSummary? Numbers, int TableRows, IReadOnlyList<string> Samples);

public sealed record SurveyResult(ResponseRate Rate, IReadOnlyList<QuestionResult> Questions);

/// <summary>
/// The survey's results: the response rate, and per question the counts of each choice (and their
/// share of the enterprises that answered), number statistics, rows given, a few text answers.
/// Only submitted responses count; a draft is the enterprise's until it submits.
/// </summary>
public sealed class SurveyResults(AppDbContext db)
{
    public const int TextSamples = 5;

    public async Task<ResponseRate> RateAsync(Guid surveyId, CancellationToken ct)
    {
        var states = await db.SurveyResponses.AsNoTracking().Where(r => r.SurveyId == surveyId).GroupBy(r => r.State)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return new ResponseRate(states.Values.Sum(), states.GetValueOrDefault(ResponseState.Submitted), states.GetValueOrDefault(ResponseState.Draft), states.GetValueOrDefault(ResponseState.NotStarted));
    }

    public async Task<SurveyResult> ComputeAsync(SurveyCampaign campaign, CancellationToken ct)
    {
        var rate = await RateAsync(campaign.Id, ct);
        var answers = await (from a in db.SurveyAnswers.AsNoTracking()
                             join r in db.SurveyResponses.AsNoTracking() on a.ResponseId equals r.Id
                             where r.SurveyId == campaign.Id && r.State == ResponseState.Submitted
                             orderby r.SubmittedAt descending
                             select new { a.QuestionId, a.Value }).ToListAsync(ct);
        var byQuestion = answers.ToLookup(a => a.QuestionId, a => a.Value);
        var results = campaign.Questions.OrderBy(q => q.Position).Select((q, i) => Aggregate(q, i + 1, byQuestion[q.Id].ToList())).ToList();
        return new SurveyResult(rate, results);
    }

    private static QuestionResult Aggregate(SurveyQuestion question, int number, IReadOnlyList<string> values)
    {
        IReadOnlyList<OptionCount> options = [];
        NumberSummary? numbers = null;
        var rows = 0;
        IReadOnlyList<string> samples = [];
        switch (question.Type)
        {
            case QuestionType.Single or QuestionType.Multiple:
                var chosen = question.Type == QuestionType.Single ? values.Select(v => (IReadOnlyList<string>)[v]).ToList() : values.Select(SurveyAnswers.Choices).ToList();
                options = question.OptionList.Select(o =>
                {
                    var count = chosen.Count(c => c.Contains(o));
                    return new OptionCount(o, count, values.Count == 0 ? 0 : Math.Round(100m * count / values.Count, 1));
                }).ToList();
                break;
            case QuestionType.Number:
                var sorted = values.Select(SurveyAnswers.Number).OfType<decimal>().Order().ToList();
                if (sorted.Count > 0)
                {
                    var middle = sorted.Count / 2;
                    var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
                    numbers = new NumberSummary(sorted.Sum(), Math.Round(sorted.Average(), 2), sorted[0], median, sorted[^1]);
                }
                break;
            case QuestionType.Table:
                rows = values.Sum(v => SurveyAnswers.Rows(v).Count);
                break;
            case QuestionType.Text:
                samples = values.Take(TextSamples).ToList();
                break;
        }
        return new QuestionResult(question.Id, number, question.Section, question.Text, question.Type, question.Unit, values.Count, options, numbers, rows, samples);
    }
}
