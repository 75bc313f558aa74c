using System.Globalization;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Commitments;
using QualityZone.Features.ExportArchives;
using QualityZone.Features.Surveys;
using QualityZone.Infrastructure.Data;
using L10n = QualityZone.Infrastructure.Localization.Text;

namespace QualityZone.Features.AnalysisReports;

/// <summary>The zone's enterprises as the register describes them today.</summary>
public sealed record RegisterFacts(int Enterprises, int Employees, decimal OutputWanYuan, decimal ExportWanUsd, int CnasLabs, int WithEmployees, int WithOutput);

/// <summary>What a research report draws on besides the period's figures: the survey and its results, and the register.</summary>
public sealed record SurveyFacts(SurveyCampaign Survey, SurveyResult Result, RegisterFacts Register);

/// <summary>The survey's results and the register's totals, for the industry development research report (task 2).</summary>
public sealed class ResearchFigures(AppDbContext db, SurveyResults results)
{
    public async Task<SurveyFacts> ComputeAsync(SurveyCampaign survey, CancellationToken ct)
    {
        var register = await db.Enterprises.AsNoTracking().Where(e => CommitmentService.InZone.Contains(e.State))
            .Select(e => new { e.Employees, e.AnnualOutputWanYuan, e.AnnualExportWanUsd, e.LabCnasAccredited }).ToListAsync(ct);
        return new SurveyFacts(survey, await results.ComputeAsync(survey, ct), new RegisterFacts(register.Count,
            register.Sum(e => e.Employees ?? 0), register.Sum(e => e.AnnualOutputWanYuan ?? 0), register.Sum(e => e.AnnualExportWanUsd ?? 0),
            register.Count(e => e.LabCnasAccredited), register.Count(e => e.Employees is not null), register.Count(e => e.AnnualOutputWanYuan is not null)));
    }
}

/// <summary>
/// The first text of each research report section, written from the figures so that the departments
/// start from the facts rather than a blank page; they edit it before handing it in.
/// </summary>
public static class ResearchDraft
{
    public static string? Text(string key, SurveyFacts facts, PeriodFigures figures) => key switch
    {
        "survey" => Survey(facts),
        "industry" => Industry(facts, figures),
        "quality-safety" => QualitySafety(facts, figures),
        "suggestions" => Suggestions(facts),
        _ => null,
    };

    private static string Survey(SurveyFacts f)
    {
        var rate = f.Result.Rate;
        var sections = f.Survey.Questions.OrderBy(q => q.Position).Select(q => q.Section).Distinct().ToList();
        return L10n.Format("本次调研以“{0}”问卷开展，向示范区 {1} 家企业发放问卷，回收已提交问卷 {2} 份，回收率 {3}%。问卷共 {4} 题，分为{5}等 {6} 个部分；企业名录和月度出口档案中已有的数据由平台预填，企业核对后提交。",
            f.Survey.Title, rate.Recipients, rate.Submitted, rate.Percent.ToString("0.#", CultureInfo.InvariantCulture), f.Survey.Questions.Count,
            string.Join(L10n.ListSeparator, sections.Take(4)), sections.Count);
    }

    private static string Industry(SurveyFacts f, PeriodFigures figures)
    {
        var r = f.Register;
        var t = figures.Summary.Totals;
        var text = L10n.Format("示范区现有企业 {0} 家，登记从业人员 {1} 人、年产值 {2} 万元、年出口额 {3} 万美元，{4} 家企业实验室通过 CNAS 认可。",
            r.Enterprises, r.Employees.ToString("#,0", CultureInfo.InvariantCulture), ReportComposer.Number(r.OutputWanYuan), ReportComposer.Number(r.ExportWanUsd), r.CnasLabs);
        text += "\n" + L10n.Format("{0} 至 {1}，企业报送出口额 {2} 万美元，出口 {3} 个国家和地区，市场集中度（HHI）{4}；自主品牌出口占 {5}%，ODM 占 {6}%。",
            figures.Summary.Filter.From, figures.Summary.Filter.To, ReportComposer.TenThousands(t.ValueUsd), t.Markets, ReportComposer.Number(figures.Summary.MarketConcentration),
            ReportComposer.Number(figures.ModeShare(ExportMode.OwnBrand)), ReportComposer.Number(figures.ModeShare(ExportMode.Odm)));
        return text;
    }

    private static string QualitySafety(SurveyFacts f, PeriodFigures figures)
    {
        var t = figures.Summary.Totals;
        var lines = new List<string>
        {
            L10n.Format("统计期内出口不合格批次率 {0}%，收到国外通报 {1} 起、召回 {2} 起、退运 {3} 起。", ReportComposer.Number(t.NonconformingRate), t.Notifications, t.Recalls, t.Returns),
        };
        // The most chosen answer of each choice question, in the questionnaire's order.
        foreach (var q in f.Result.Questions.Where(q => q.Options.Count > 0 && q.Answered > 0).Take(6))
        {
            var top = q.Options.MaxBy(o => o.Count)!;
            lines.Add(L10n.Format("关于“{0}”，{1} 家企业作答，选择“{2}”的最多，占 {3}%。", q.Text, q.Answered, top.Option, top.Percent.ToString("0.#", CultureInfo.InvariantCulture)));
        }
        return string.Join("\n", lines);
    }

    private static string Suggestions(SurveyFacts f)
    {
        var open = f.Result.Questions.Where(q => q.Type == QuestionType.Text && q.Answered > 0).ToList();
        if (open.Count == 0) return L10n.Get("调查问卷中没有企业填写意见建议。");
        var lines = new List<string> { L10n.Format("{0} 家次企业在开放题中提出了问题和建议，摘录如下：", open.Sum(q => q.Answered)) };
        lines.AddRange(open.SelectMany(q => q.Samples).Take(8).Select(s => "— " + L10n.Shorten(s.ReplaceLineEndings(" "), 200)));
        return string.Join("\n", lines);
    }
}
