using System.Globalization;
using QualityZone.Features.Actions;
using QualityZone.Features.ExportArchives;
using QualityZone.Features.Portal;
using QualityZone.Features.Reference;
using QualityZone.Features.Risks;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.AnalysisReports;

/// <summary>What one generated version of a report is made of: its figures and the sections' text as they stand.</summary>
public sealed record ReportContent(AnalysisReport Report, PeriodFigures Figures, IReadOnlyDictionary<Guid, string> DepartmentNames, bool Final, DateOnly Date, string LeadDepartment,
    SurveyFacts? Survey = null);

/// <summary>
/// Writes the analysis report, the same blocks to Word and to PDF: the title, then each section
/// with the figures of its block (tables and server-drawn charts) followed by the text its
/// department wrote. A draft marks unwritten or unapproved sections; a period without data says so.
/// </summary>
public sealed class ReportComposer(Charts charts)
{
    /// <summary>
    /// A chart where the server can draw one. Without a Chinese font the Word file is still written (the PDF needs the
    /// font and is refused on its own), its figures in the tables, each chart replaced by a line saying why.
    /// </summary>
    private void Chart(IDocumentWriter document, Func<Charts, ChartImage> draw)
    {
        if (!charts.Available)
        {
            document.Body(Text.Get("（服务器未安装中文字体，本图未绘制。）"));
            return;
        }
        var chart = draw(charts);
        document.Image(chart.Png, chart.Width, chart.Height);
    }

    public void Write(IDocumentWriter document, ReportContent content)
    {
        var (report, figures) = (content.Report, content.Figures);
        if (report.Kind == ReportKind.Research && content.Survey is { } survey)
        {
            document.Title(Text.Format("国家级（奉化）出口气动元件质量安全示范区{0}", report.Title));
            if (!content.Final) document.Right(Text.Format("（征求意见稿，生成于 {0}）", content.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            document.Body(Text.Format("本报告依据“{0}”的企业答卷、示范区企业名录和 {1} 至 {2} 的月度出口质量档案生成，金额单位为万美元。",
                survey.Survey.Title, report.FromPeriod, report.ToPeriod));
        }
        else
        {
            document.Title(Text.Format("国家级（奉化）出口气动元件质量安全示范区{0}出口产品质量分析报告", ReportLabels.Period(report.FromPeriod, report.ToPeriod)));
            if (!content.Final) document.Right(Text.Format("（征求意见稿，生成于 {0}）", content.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            document.Body(Text.Format("本报告依据示范区企业报送的月度出口质量档案、国外通报召回信息、联合监督检查与整改记录及风险预警结果自动汇总生成，统计期为 {0} 至 {1}，金额单位为万美元。",
                report.FromPeriod, report.ToPeriod));
        }
        if (figures.Empty) document.Body(Text.Get("本期没有企业报送出口质量档案，也没有登记的国外通报、召回或退运，以下各项统计均为零。"));

        foreach (var section in report.Sections.OrderBy(s => s.Position))
        {
            document.Heading(section.Title);
            switch (section.Key)
            {
                case "overview": Overview(document, figures); break;
                case "markets": Markets(document, figures); break;
                case "quality": Quality(document, figures); break;
                case "supervision": Supervision(document, figures); break;
                case "risk": Risk(document, figures); break;
                case "survey" when content.Survey is { } facts: SurveySample(document, facts); break;
                case "industry" when content.Survey is { } facts: Industry(document, facts.Register); Overview(document, figures); Markets(document, figures); break;
                case "quality-safety" when content.Survey is { } facts: Quality(document, figures); SurveyAnswers(document, facts); break;
            }
            var text = section.Text?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                if (!content.Final) document.Body(Text.Format("（本节文字由{0}撰写，尚未提交。）", content.DepartmentNames.GetValueOrDefault(section.DepartmentId) ?? "—"));
            }
            else
            {
                foreach (var paragraph in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) document.Body(paragraph);
                if (!content.Final && section.State != SectionState.Approved) document.Right(Text.Format("（{0}，{1}）", content.DepartmentNames.GetValueOrDefault(section.DepartmentId) ?? "—", ReportLabels.State(section.State)));
            }
        }

        document.Right(content.LeadDepartment);
        document.Right(content.Date.ToString(Text.Get("yyyy年M月d日"), Text.IsEnglish ? CultureInfo.GetCultureInfo("en") : CultureInfo.InvariantCulture));
    }

    private void Overview(IDocumentWriter document, PeriodFigures f)
    {
        var (now, before, lastYear) = (f.Summary.Totals, f.Summary.PreviousTotals, f.SamePeriodLastYear);
        document.Body(Text.Format("本期共有 {0} 家企业报送出口数据，出口额 {1} 万美元，环比{2}，同比{3}；出口 {4} 批，不合格 {5} 批，不合格批次率 {6}%；出口市场 {7} 个。",
            now.Enterprises, TenThousands(now.ValueUsd), ChangeText(now.ValueUsd, before.ValueUsd), ChangeText(now.ValueUsd, lastYear.ValueUsd),
            now.Batches, now.NonconformingBatches, Number(now.NonconformingRate), now.Markets));
        document.Table(
            [Text.Get("指标"), Text.Get("本期"), Text.Get("上期"), Text.Get("环比"), Text.Get("上年同期"), Text.Get("同比")],
            [
                Row(Text.Get("出口额（万美元）"), now.ValueUsd / 10_000m, before.ValueUsd / 10_000m, lastYear.ValueUsd / 10_000m),
                Row(Text.Get("出口批次"), now.Batches, before.Batches, lastYear.Batches),
                Row(Text.Get("不合格批次率（%）"), now.NonconformingRate, before.NonconformingRate, lastYear.NonconformingRate),
                Row(Text.Get("出口市场（个）"), now.Markets, before.Markets, lastYear.Markets),
                Row(Text.Get("市场集中度（HHI）"), f.Summary.MarketConcentration, f.Summary.PreviousMarketConcentration, f.SamePeriodLastYearConcentration),
                Row(Text.Get("报送企业（家）"), now.Enterprises, before.Enterprises, lastYear.Enterprises),
            ]);
        if (f.Summary.ByMonth.Count > 1 && !f.Empty)
        {
            Chart(document, c => c.Lines(Text.Get("月度出口额"), Text.Get("万美元"), f.Summary.ByMonth.Select(m => m.Label).ToList(),
                [(Text.Get("出口额"), f.Summary.ByMonth.Select(m => (double)(m.ValueUsd / 10_000m)).ToArray())]));
        }
    }

    private void Markets(IDocumentWriter document, PeriodFigures f)
    {
        var total = f.Summary.Totals.ValueUsd;
        document.Body(Text.Format("本期出口 {0} 个国家和地区，市场集中度（HHI）为 {1}（上期 {2}）；自主品牌出口占 {3}%，ODM 占 {4}%，OEM 占 {5}%。",
            f.Summary.Totals.Markets, Number(f.Summary.MarketConcentration), Number(f.Summary.PreviousMarketConcentration),
            Number(f.ModeShare(ExportMode.OwnBrand)), Number(f.ModeShare(ExportMode.Odm)), Number(f.ModeShare(ExportMode.Oem))));
        var markets = f.Summary.ByMarket.Take(10).ToList();
        if (markets.Count > 0)
        {
            document.Table([Text.Get("出口市场"), Text.Get("出口额（万美元）"), Text.Get("占比（%）"), Text.Get("批次"), Text.Get("不合格批次率（%）")],
                markets.Select(m => (IReadOnlyList<string>)[m.Label, TenThousands(m.ValueUsd), Share(m.ValueUsd, total), m.Batches.ToString(CultureInfo.InvariantCulture), Number(m.NonconformingRate)]));
            Chart(document, c => c.RankedBars(Text.Get("主要出口市场"), Text.Get("万美元"), markets.Select(m => (m.Label, (double)(m.ValueUsd / 10_000m))).ToList()));
        }
        var headings = f.Summary.ByHeading.Take(10).ToList();
        if (headings.Count > 0)
            document.Table([Text.Get("HS 品目"), Text.Get("出口额（万美元）"), Text.Get("占比（%）"), Text.Get("不合格批次率（%）")],
                headings.Select(h => (IReadOnlyList<string>)[h.Label, TenThousands(h.ValueUsd), Share(h.ValueUsd, total), Number(h.NonconformingRate)]));
        if (f.Summary.ByMode.Count > 0)
            document.Table([Text.Get("出口方式"), Text.Get("出口额（万美元）"), Text.Get("占比（%）")],
                f.Summary.ByMode.Select(m => (IReadOnlyList<string>)[m.Label, TenThousands(m.ValueUsd), Share(m.ValueUsd, total)]));
    }

    private static void Quality(IDocumentWriter document, PeriodFigures f)
    {
        var (now, before, lastYear) = (f.Summary.Totals, f.Summary.PreviousTotals, f.SamePeriodLastYear);
        document.Body(Text.Format("本期出口不合格批次率 {0}%；收到国外通报 {1} 起、召回 {2} 起、退运 {3} 起，折合每亿美元出口通报 {4} 起、退运 {5} 起。",
            Number(now.NonconformingRate), now.Notifications, now.Recalls, now.Returns, Number(now.NotificationsPer100M), Number(now.ReturnsPer100M)));
        document.Table(
            [Text.Get("指标"), Text.Get("本期"), Text.Get("上期"), Text.Get("环比"), Text.Get("上年同期"), Text.Get("同比")],
            [
                Row(Text.Get("国外通报（起）"), now.Notifications, before.Notifications, lastYear.Notifications),
                Row(Text.Get("召回（起）"), now.Recalls, before.Recalls, lastYear.Recalls),
                Row(Text.Get("退运（起）"), now.Returns, before.Returns, lastYear.Returns),
                Row(Text.Get("每亿美元通报（起）"), now.NotificationsPer100M, before.NotificationsPer100M, lastYear.NotificationsPer100M),
                Row(Text.Get("每亿美元退运（起）"), now.ReturnsPer100M, before.ReturnsPer100M, lastYear.ReturnsPer100M),
            ]);
        if (f.Notices.Count == 0)
        {
            document.Body(Text.Get("本期信息平台未发布与示范区企业产品和市场相关的国外通报、召回或技术法规。"));
            return;
        }
        document.Body(Text.Format("本期信息平台发布与示范区企业产品和市场相关的国外信息 {0} 条，已推送至 {1} 家次企业，其中 {2} 家次已确认收悉。",
            f.Notices.Count, f.Notices.Sum(n => n.Enterprises), f.Notices.Sum(n => n.Acknowledged)));
        document.Table([Text.Get("国外信息"), Text.Get("类型"), Text.Get("国家/地区"), Text.Get("发布日期"), Text.Get("推送企业"), Text.Get("已确认"), Text.Get("评议应对")],
            f.Notices.Take(20).Select(n => (IReadOnlyList<string>)[Text.Shorten(n.Title, 60)!, NoticeLabels.Type(n.Type), ReferenceData.MemberName(n.Country),
                n.PublishedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—", n.Enterprises.ToString(CultureInfo.InvariantCulture),
                n.Acknowledged.ToString(CultureInfo.InvariantCulture), n.TbtState is { } state ? TbtLabels.State(state) : "—"]));
    }

    private static void Supervision(IDocumentWriter document, PeriodFigures f)
    {
        var opened = f.Actions.Sum(a => a.Opened);
        document.Body(Text.Format("本期联合监督检查发现问题 {0} 项，新增整改事项 {1} 项，截至 {2} 已关闭 {3} 项、未关闭 {4} 项，其中超期 {5} 项。",
            f.Findings.Sum(x => x.Findings), opened, f.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), f.Actions.Sum(a => a.Closed), f.Actions.Sum(a => a.Open), f.Actions.Sum(a => a.Overdue)));
        if (f.Findings.Count > 0)
            document.Table([Text.Get("问题类别"), Text.Get("发现问题"), Text.Get("已转整改")],
                f.Findings.Select(x => (IReadOnlyList<string>)[x.Category, x.Findings.ToString(CultureInfo.InvariantCulture), x.WithAction.ToString(CultureInfo.InvariantCulture)]));
        if (f.Actions.Count > 0)
            document.Table([Text.Get("整改来源"), Text.Get("新增"), Text.Get("已关闭"), Text.Get("未关闭"), Text.Get("超期")],
                f.Actions.Select(a => (IReadOnlyList<string>)[ActionLabels.Source(a.Source), .. new[] { a.Opened, a.Closed, a.Open, a.Overdue }.Select(n => n.ToString(CultureInfo.InvariantCulture))]));
        // The public testing service (task 17), when it worked in the period.
        if (f.Testing is { } t && t.Commissions + t.Samplings + t.Reports > 0)
            document.Body(Text.Format("本期公共检测服务平台受理委托检验 {0} 项、监督抽检 {1} 项，出具有效检测报告 {2} 份，其中不合格 {3} 份（合格率 {4}%）；监督抽检涉及企业 {5} 家，其中 {6} 家不合格；检测费用补贴 {7} 元。",
                t.Commissions, t.Samplings, t.Reports, t.FailedReports, t.PassRate.ToString("0.#", CultureInfo.InvariantCulture), t.SampledEnterprises, t.SampledFailed,
                t.Subsidy.ToString("#,0.##", CultureInfo.InvariantCulture)));
    }

    private static void Risk(IDocumentWriter document, PeriodFigures f)
    {
        var high = f.RiskLevels.Where(l => l.Level >= RiskLevel.High).Sum(l => l.Enterprises);
        document.Body(Text.Format("按风险预警模型，目前高风险及以上企业 {0} 家；本期风险等级上升 {1} 家、下降 {2} 家。", high, f.RiskRaised, f.RiskLowered));
        document.Table([Text.Get("风险等级"), Text.Get("企业数")],
            f.RiskLevels.OrderByDescending(l => l.Level).Select(l => (IReadOnlyList<string>)[RiskLabels.Level(l.Level), l.Enterprises.ToString(CultureInfo.InvariantCulture)]));
    }

    private static void SurveySample(IDocumentWriter document, SurveyFacts f)
    {
        var rate = f.Result.Rate;
        document.Table([Text.Get("发放（家）"), Text.Get("已提交"), Text.Get("已暂存"), Text.Get("未填写"), Text.Get("回收率（%）")],
            [[.. new[] { rate.Recipients, rate.Submitted, rate.Drafts, rate.NotStarted }.Select(n => n.ToString(CultureInfo.InvariantCulture)), rate.Percent.ToString("0.#", CultureInfo.InvariantCulture)]]);
    }

    private static void Industry(IDocumentWriter document, RegisterFacts r) =>
        document.Table([Text.Get("示范区企业（家）"), Text.Get("从业人员（人）"), Text.Get("年产值（万元）"), Text.Get("年出口额（万美元）"), Text.Get("CNAS 认可实验室（家）")],
            [[r.Enterprises.ToString(CultureInfo.InvariantCulture), r.Employees.ToString("#,0", CultureInfo.InvariantCulture), Number(r.OutputWanYuan), Number(r.ExportWanUsd), r.CnasLabs.ToString(CultureInfo.InvariantCulture)]]);

    /// <summary>Every choice question's counts (a chart for each) and every number question's statistics, from the submitted answers.</summary>
    private void SurveyAnswers(IDocumentWriter document, SurveyFacts f)
    {
        foreach (var q in f.Result.Questions.Where(q => q.Options.Count > 0))
        {
            document.Body(Text.Format("{0}. {1}（{2} 家作答）", q.Number, q.Text, q.Answered));
            document.Table([Text.Get("选项"), Text.Get("企业数"), Text.Get("占比（%）")],
                q.Options.Select(o => (IReadOnlyList<string>)[o.Option, o.Count.ToString(CultureInfo.InvariantCulture), o.Percent.ToString("0.#", CultureInfo.InvariantCulture)]));
            if (q.Answered > 0)
                Chart(document, c => c.RankedBars(Text.Shorten(q.Text, 30)!, Text.Get("企业数"), q.Options.Select(o => (o.Option, (double)o.Count)).ToList()));
        }
        var numbers = f.Result.Questions.Where(q => q.Numbers is not null).ToList();
        if (numbers.Count > 0)
            document.Table([Text.Get("数值题"), Text.Get("作答"), Text.Get("合计"), Text.Get("平均"), Text.Get("中位数"), Text.Get("最大")],
                numbers.Select(q => (IReadOnlyList<string>)[$"{q.Number}. {Text.Shorten(q.Text, 40)}{Text.Aside(q.Unit)}", q.Answered.ToString(CultureInfo.InvariantCulture),
                    Number(q.Numbers!.Sum), Number(q.Numbers.Mean), Number(q.Numbers.Median), Number(q.Numbers.Max)]));
    }

    private static IReadOnlyList<string> Row(string label, decimal now, decimal before, decimal lastYear) =>
        [label, Number(now), Number(before), ChangeText(now, before), Number(lastYear), ChangeText(now, lastYear)];

    /// <summary>"+5.2%" / "-3.0%", "持平", or "—" when there is nothing to compare with.</summary>
    public static string ChangeText(decimal now, decimal before) => ZoneSummary.Change(now, before) switch
    {
        null => "—",
        0 => Text.Get("持平"),
        var p => (p > 0 ? "+" : "") + p.Value.ToString("0.0", CultureInfo.InvariantCulture) + "%",
    };

    public static string TenThousands(decimal usd) => (usd / 10_000m).ToString("#,0.0", CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value == Math.Round(value) ? value.ToString("#,0", CultureInfo.InvariantCulture) : value.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static string Share(decimal part, decimal total) => total == 0 ? "0" : (100m * part / total).ToString("0.0", CultureInfo.InvariantCulture);
}
