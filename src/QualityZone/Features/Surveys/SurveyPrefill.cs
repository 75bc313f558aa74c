using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.ExportArchives;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Surveys;

/// <summary>
/// What the platform already knows about an enterprise, offered as the first answer to a question so
/// that nobody types twice what the register and the monthly returns hold. The enterprise sees the
/// pre-filled value, may correct it, and it counts only once saved.
/// </summary>
public sealed class SurveyPrefill(AppDbContext db, ZoneClock clock)
{
    public sealed record Source(string Key, string LabelZh, QuestionType Type);

    public static readonly IReadOnlyList<Source> Sources =
    [
        new("register.employees", "企业名录：从业人数", QuestionType.Number),
        new("register.output", "企业名录：年产值（万元）", QuestionType.Number),
        new("register.export", "企业名录：年出口额（万美元）", QuestionType.Number),
        new("register.own-brand", "企业名录：自主品牌出口占比（%）", QuestionType.Number),
        new("register.cnas", "企业名录：实验室是否通过 CNAS 认可", QuestionType.Single),
        new("returns.export-12m", "月度档案：近 12 个月出口额（万美元）", QuestionType.Number),
        new("returns.markets-12m", "月度档案：近 12 个月出口市场", QuestionType.Text),
    ];

    public static string Label(string? key) => Sources.FirstOrDefault(s => s.Key == key) is { } source ? Text.Get(source.LabelZh) : "";

    /// <summary>The pre-filled answers for the questions that name a source, as JSON the answer reader accepts.</summary>
    public async Task<Dictionary<Guid, JsonElement>> ForAsync(Guid enterpriseId, IEnumerable<SurveyQuestion> questions, CancellationToken ct)
    {
        var wanted = questions.Where(q => q.Prefill is not null).ToList();
        var result = new Dictionary<Guid, JsonElement>();
        if (wanted.Count == 0) return result;
        var enterprise = await db.Enterprises.AsNoTracking().Where(e => e.Id == enterpriseId)
            .Select(e => new { e.Employees, e.AnnualOutputWanYuan, e.AnnualExportWanUsd, e.OwnBrandShare, e.LabCnasAccredited }).SingleAsync(ct);
        var since = ExportReturn.PeriodOf(clock.Today.AddMonths(-12));
        var lines = db.ExportReturnLines.AsNoTracking().Where(l => l.EnterpriseId == enterpriseId && l.Effective && string.Compare(l.Period, since) > 0);
        foreach (var question in wanted)
        {
            object? value = question.Prefill switch
            {
                "register.employees" => enterprise.Employees,
                "register.output" => enterprise.AnnualOutputWanYuan,
                "register.export" => enterprise.AnnualExportWanUsd,
                "register.own-brand" => enterprise.OwnBrandShare,
                // The first choice reads yes, the second no (是 / 否), as the builder's guidance says.
                "register.cnas" => question.OptionList.Count >= 2 ? question.OptionList[enterprise.LabCnasAccredited ? 0 : 1] : null,
                "returns.export-12m" => Math.Round((await lines.Select(l => l.ValueUsd).ToListAsync(ct)).Sum() / 10_000m, 2),
                "returns.markets-12m" => await MarketsAsync(lines, ct),
                _ => null,
            };
            if (value is not null) result[question.Id] = JsonSerializer.SerializeToElement(value);
        }
        return result;
    }

    private static async Task<string?> MarketsAsync(IQueryable<ExportReturnLine> lines, CancellationToken ct)
    {
        var markets = await lines.Select(l => l.CountryCode).Distinct().OrderBy(m => m).ToListAsync(ct);
        return markets.Count == 0 ? null : string.Join(", ", markets);
    }
}
