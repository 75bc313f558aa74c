using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MiniExcelLibs;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Localization;

using QualityZone.Infrastructure.Documents;

namespace QualityZone.Features.ExportArchives;

/// <summary>The zone's export picture for a period: the figures of tasks 15 and 21, charts and exportable tables.</summary>
[RequirePermission(ExportArchivesPermissions.Analyse)]
public sealed class ZoneModel(ZoneStatistics statistics, ZoneClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Grade { get; set; }
    [BindProperty(SupportsGet = true)] public string? Hs { get; set; }

    public ZoneSummary Summary { get; private set; } = null!;
    public string MonthChart { get; private set; } = "";
    public string MarketChart { get; private set; } = "";
    public string HeadingChart { get; private set; } = "";
    public string ModeChart { get; private set; } = "";
    public List<(string Label, string From, string To)> Presets { get; } = [];
    public string Query => $"from={From}&to={To}&grade={Grade}&hs={Hs}";

    public async Task<IActionResult> OnGetAsync(bool export, CancellationToken ct)
    {
        var (from, to) = DefaultPeriod(clock.Today);
        if (!ExportReturn.TryParsePeriod(From, out _)) From = from;
        if (!ExportReturn.TryParsePeriod(To, out _)) To = to;
        if (string.CompareOrdinal(From, To) > 0) (From, To) = (To, From);
        for (var year = clock.Today.Year; year >= clock.Today.Year - 4; year--)
        {
            if (new DateOnly(year, 7, 1) <= clock.Today) Presets.Add((Text.Format("{0} 年下半年", year), $"{year}-07", $"{year}-12"));
            Presets.Add((Text.Format("{0} 年上半年", year), $"{year}-01", $"{year}-06"));
        }
        Summary = await statistics.SummaryAsync(new StatisticsFilter(From!, To!, string.IsNullOrEmpty(Grade) ? null : Grade, string.IsNullOrWhiteSpace(Hs) ? null : Hs), ct);
        if (export) return await ExportAsync(ct);
        BuildCharts();
        return Page();
    }

    /// <summary>The last complete half-year: the period the semi-annual analysis (task 15) reports on.</summary>
    public static (string From, string To) DefaultPeriod(DateOnly today) =>
        today.Month >= 7 ? ($"{today.Year}-01", $"{today.Year}-06") : ($"{today.Year - 1}-07", $"{today.Year - 1}-12");

    public static decimal Share(decimal part, decimal total) => total == 0 ? 0 : Math.Round(100m * part / total, 1);

    private void BuildCharts()
    {
        var months = Summary.ByMonth;
        MonthChart = JsonSerializer.Serialize(new
        {
            grid = new { left = 70, right = 50, top = 36, bottom = 30 },
            tooltip = new { trigger = "axis" },
            legend = new { top = 0, data = new[] { Text.Get("出口货值（万美元）"), Text.Get("不合格批次率 %") } },
            xAxis = new { type = "category", data = months.Select(m => m.Key).ToArray() },
            yAxis = new object[] { new { type = "value" }, new { type = "value", axisLabel = new { formatter = "{value}%" } } },
            series = new object[]
            {
                new { name = Text.Get("出口货值（万美元）"), type = "bar", data = months.Select(m => Math.Round(m.ValueUsd / 10_000m, 1)).ToArray(), itemStyle = new { color = "#1456c4" } },
                new { name = Text.Get("不合格批次率 %"), type = "line", yAxisIndex = 1, data = months.Select(m => m.NonconformingRate).ToArray(), itemStyle = new { color = "#d63b3b" } },
            },
        });
        MarketChart = Pie(Summary.ByMarket.Take(12).Select(m => (m.Label, m.ValueUsd)).Append((Text.Get("其他"), Summary.ByMarket.Skip(12).Sum(m => m.ValueUsd))));
        ModeChart = Pie(Summary.ByMode.Select(m => (m.Label, m.ValueUsd)));
        var headings = Summary.ByHeading.Take(10).Reverse().ToList();
        HeadingChart = JsonSerializer.Serialize(new
        {
            // The heading's name beside its code (issue 21: codes alone), the grid sized to the labels.
            grid = new { left = 8, right = 20, top = 10, bottom = 24, containLabel = true },
            tooltip = new { trigger = "axis" },
            xAxis = new { type = "value" },
            yAxis = new { type = "category", data = headings.Select(h => h.Label).ToArray(), axisLabel = new { width = 220, overflow = "truncate" } },
            series = new object[] { new { name = Text.Get("出口货值（万美元）"), type = "bar", data = headings.Select(h => Math.Round(h.ValueUsd / 10_000m, 1)).ToArray(), itemStyle = new { color = "#2e9d5b" } } },
        });
    }

    /// <summary>A donut whose slices are named by a legend below it (labels beside the slices were cut in a narrow card: 自主…), the share inside.</summary>
    private static string Pie(IEnumerable<(string Label, decimal Value)> slices) => JsonSerializer.Serialize(new
    {
        tooltip = new { trigger = "item", formatter = "{b}: {d}%" },
        legend = new { type = "scroll", bottom = 0 },
        series = new object[]
        {
            new
            {
                type = "pie", radius = new[] { "35%", "65%" }, center = new[] { "50%", "44%" },
                label = new { position = "inside", formatter = "{d}%", fontSize = 11 }, labelLine = new { show = false }, minShowLabelAngle = 14,
                data = slices.Where(s => s.Value > 0).Select(s => new { name = s.Label, value = Math.Round(s.Value / 10_000m, 1) }).ToArray(),
            },
        },
    });

    private async Task<IActionResult> ExportAsync(CancellationToken ct)
    {
        var total = Summary.Totals.ValueUsd;
        IEnumerable<Dictionary<string, object?>> Sheet(IEnumerable<Slice> slices, string keyColumn) => slices.Select(s => new Dictionary<string, object?>
        {
            [keyColumn] = s.Label, [Text.Get("货值（美元）")] = s.ValueUsd, [Text.Get("占比 %")] = Share(s.ValueUsd, total), [Text.Get("出口批次")] = s.Batches,
            [Text.Get("不合格批次")] = s.NonconformingBatches, [Text.Get("不合格批次率 %")] = s.NonconformingRate,
        });
        var t = Summary.Totals;
        var p = Summary.PreviousTotals;
        var figures = new (string Label, object Now, object Before)[]
        {
            (Text.Get("出口货值（美元）"), t.ValueUsd, p.ValueUsd), (Text.Get("出口企业数"), t.Enterprises, p.Enterprises), (Text.Get("出口市场数"), t.Markets, p.Markets),
            (Text.Get("市场集中度（HHI）"), Summary.MarketConcentration, Summary.PreviousMarketConcentration), (Text.Get("出口批次"), t.Batches, p.Batches),
            (Text.Get("不合格批次"), t.NonconformingBatches, p.NonconformingBatches), (Text.Get("不合格批次率 %"), t.NonconformingRate, p.NonconformingRate),
            (Text.Get("国外通报"), t.Notifications, p.Notifications), (Text.Get("每亿美元通报数"), t.NotificationsPer100M, p.NotificationsPer100M),
            (Text.Get("召回"), t.Recalls, p.Recalls), (Text.Get("召回数量"), t.RecalledQuantity, p.RecalledQuantity), (Text.Get("退运"), t.Returns, p.Returns),
            (Text.Get("退运货值（美元）"), t.ReturnedValueUsd, p.ReturnedValueUsd), (Text.Get("每亿美元退运数"), t.ReturnsPer100M, p.ReturnsPer100M),
        };
        var stream = new MemoryStream();
        await stream.SaveAsAsync(new Dictionary<string, object>
        {
            [Text.Get("总体指标")] = figures.Select(f => new Dictionary<string, object?>
            {
                [Text.Get("指标")] = f.Label, [$"{Summary.Filter.From}~{Summary.Filter.To}"] = f.Now, [$"{Summary.Previous.From}~{Summary.Previous.To}"] = f.Before,
            }).ToList(),
            [Text.Get("按月份")] = Sheet(Summary.ByMonth, Text.Get("月份")).ToList(),
            [Text.Get("按市场")] = Sheet(Summary.ByMarket, Text.Get("市场")).ToList(),
            [Text.Get("按HS品目")] = Sheet(Summary.ByHeading, Text.Get("HS 品目")).ToList(),
            [Text.Get("按企业")] = Sheet(Summary.ByEnterprise, Text.Get("企业名称")).ToList(),
            [Text.Get("按出口方式")] = Sheet(Summary.ByMode, Text.Get("出口方式")).ToList(),
        }, cancellationToken: ct);
        stream.Position = 0;
        return File(stream, ExcelFiles.ContentType, $"{Text.Get("示范区出口统计")}-{From}-{To}.xlsx");
    }
}

public sealed record SliceTableModel(string Title, string KeyColumn, IReadOnlyList<Slice> Slices, decimal Total, int Take, string TestId);
