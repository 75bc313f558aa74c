using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Reference;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.ExportArchives;

public sealed record ArchiveMonth(Guid Id, string Period, ReturnState State, FilingStatus Status, bool Late, int? EffectiveVersion, int LatestVersion,
    bool NoExports, decimal ValueUsd, long Batches, long NonconformingBatches, int Notifications, int Recalls, int Returns);

/// <summary>
/// An enterprise's export product quality archive (出口产品质量档案, seed task 11): its basic
/// information and every month's effective return — products, destinations, values,
/// nonconformities, foreign notifications, recalls and returns. What an inspection team asks for:
/// on screen, printed, or as .xlsx and .docx.
/// </summary>
[RequirePermission(ExportArchivesPermissions.View)]
public sealed class ArchiveModel(AppDbContext db, ReturnCommands commands, ZoneClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }

    public Enterprise Enterprise { get; private set; } = null!;
    public List<ArchiveMonth> Months { get; private set; } = [];
    public List<ExportReturnLine> Lines { get; private set; } = [];
    public List<ExportReturnIncident> Incidents { get; private set; } = [];
    public List<int> Years { get; private set; } = [];
    public bool CanFile { get; private set; }
    public bool CanImportCustoms { get; private set; }
    /// <summary>The month to file next (<see cref="ExportReturn.NextPeriodToFile"/>); null when all are filed — "填报月报" then is not offered, never an amendment by accident.</summary>
    public string? NextPeriod { get; private set; }
    /// <summary>The month whose return opens next, once it has ended, and the day it opens.</summary>
    public (string Period, DateOnly OpensOn) Upcoming { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnGetXlsxAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var stream = new MemoryStream();
        await stream.SaveAsAsync(new Dictionary<string, object>
        {
            [Text.Get("基本信息")] = BasicInformation().Select(p => new Dictionary<string, object?> { [Text.Get("项目")] = p.Label, [Text.Get("内容")] = p.Value }).ToList(),
            [Text.Get("月度汇总")] = Months.Select(m => new Dictionary<string, object?>
            {
                [Text.Get("月份")] = m.Period, [Text.Get("状态")] = Text.Get(ArchiveLabels.Filing(m.Status)), [Text.Get("逾期报送")] = m.Late ? Text.Get("是") : "",
                [Text.Get("本月无出口")] = m.NoExports ? Text.Get("是") : "", [Text.Get("货值（美元）")] = m.ValueUsd, [Text.Get("出口批次")] = m.Batches,
                [Text.Get("不合格批次")] = m.NonconformingBatches, [Text.Get("国外通报")] = m.Notifications, [Text.Get("召回")] = m.Recalls, [Text.Get("退运")] = m.Returns,
            }).ToList(),
            [Text.Get("出口明细")] = Lines.Select(l => new Dictionary<string, object?>
            {
                [Text.Get("月份")] = l.Period, [Text.Get("产品名称")] = l.ProductName, [Text.Get("型号")] = l.Model, [Text.Get("HS 编码")] = l.HsCode,
                [Text.Get("目的国")] = ReferenceData.FindCountry(l.CountryCode)?.Name ?? l.CountryCode, [Text.Get("数量")] = l.Quantity, [Text.Get("单位")] = l.Unit,
                [Text.Get("货值（美元）")] = l.ValueUsd, [Text.Get("货值（人民币）")] = l.ValueCny, [Text.Get("汇率")] = l.CnyPerUsd, [Text.Get("出口方式")] = Text.Get(ArchiveLabels.Mode(l.Mode)),
                [Text.Get("出口批次")] = l.Batches, [Text.Get("不合格批次")] = l.NonconformingBatches, [Text.Get("不合格数量")] = l.NonconformingQuantity, [Text.Get("不合格情况")] = l.NonconformityDescription,
            }).ToList(),
            [Text.Get("通报召回退运")] = Incidents.Select(i => new Dictionary<string, object?>
            {
                [Text.Get("月份")] = i.Period, [Text.Get("类型")] = Text.Get(ArchiveLabels.Kind(i.Kind)), [Text.Get("编号")] = i.Reference, [Text.Get("国家")] = i.Countries,
                [Text.Get("日期")] = i.Date?.ToString("yyyy-MM-dd"), [Text.Get("产品")] = i.ProductName, [Text.Get("HS 编码")] = i.HsCode, [Text.Get("数量")] = i.Quantity,
                [Text.Get("货值（美元）")] = i.ValueUsd, [Text.Get("摘要或原因")] = i.Summary,
            }).ToList(),
        }, cancellationToken: ct);
        stream.Position = 0;
        return File(stream, ExcelFiles.ContentType, $"{Text.Get("出口产品质量档案")}-{Enterprise.NameZh}-{clock.Today:yyyyMMdd}.xlsx");
    }

    public async Task<IActionResult> OnGetDocxAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var doc = new WordDocument().Title(Text.Get("出口产品质量档案"))
            .Right(Text.Format("{0}　编制日期：{1}", Enterprise.Name, clock.Today.ToString("yyyy-MM-dd")))
            .Heading(Text.Get("一、企业基本信息"))
            .Table([Text.Get("项目"), Text.Get("内容")], BasicInformation().Select(p => (IReadOnlyList<string>)[p.Label, p.Value]))
            .Heading(Text.Get("二、月度出口质量汇总"))
            .Table([Text.Get("月份"), Text.Get("状态"), Text.Get("货值（美元）"), Text.Get("批次"), Text.Get("不合格批次"), Text.Get("国外通报"), Text.Get("召回"), Text.Get("退运")],
                Months.Select(m => (IReadOnlyList<string>)[m.Period, Text.Get(ArchiveLabels.Filing(m.Status)) + (m.Late ? Text.Get("（逾期）") : ""), m.ValueUsd.ToString("N2"),
                    m.Batches.ToString(), m.NonconformingBatches.ToString(), m.Notifications.ToString(), m.Recalls.ToString(), m.Returns.ToString()]))
            .Heading(Text.Get("三、出口明细"))
            .Table([Text.Get("月份"), Text.Get("产品名称 / 型号"), Text.Get("HS 编码"), Text.Get("目的国"), Text.Get("数量"), Text.Get("货值（美元）"), Text.Get("出口方式"), Text.Get("批次 / 不合格")],
                Lines.Select(l => (IReadOnlyList<string>)[l.Period, $"{l.ProductName} {l.Model}".Trim(), l.HsCode, ReferenceData.FindCountry(l.CountryCode)?.Name ?? l.CountryCode,
                    $"{l.Quantity:#,0.####} {l.Unit}", l.ValueUsd.ToString("N2"), Text.Get(ArchiveLabels.Mode(l.Mode)),
                    $"{l.Batches} / {l.NonconformingBatches}" + Text.Aside(l.NonconformityDescription)]))
            .Heading(Text.Get("四、国外通报、召回、退运"));
        if (Incidents.Count == 0) doc.Body(Text.Get("无"));
        else doc.Table([Text.Get("月份"), Text.Get("类型"), Text.Get("编号"), Text.Get("国家"), Text.Get("日期"), Text.Get("数量 / 货值（美元）"), Text.Get("摘要或原因")],
            Incidents.Select(i => (IReadOnlyList<string>)[i.Period, Text.Get(ArchiveLabels.Kind(i.Kind)), i.Reference ?? "", i.Countries, i.Date?.ToString("yyyy-MM-dd") ?? "",
                $"{i.Quantity:#,0.####} / {i.ValueUsd:N2}", i.Summary]));
        return File(doc.ToBytes(), QualityZone.Infrastructure.Documents.WordDocument.ContentType, $"{Text.Get("出口产品质量档案")}-{Enterprise.NameZh}-{clock.Today:yyyyMMdd}.docx");
    }

    public IEnumerable<(string Label, string Value)> BasicInformation()
    {
        var e = Enterprise;
        yield return (Text.Get("企业名称"), e.NameZh + (e.NameEn is null ? "" : $" / {e.NameEn}"));
        yield return (Text.Get("统一社会信用代码"), e.CreditCode);
        yield return (Text.Get("海关注册编码"), e.CustomsCode ?? "—");
        yield return (Text.Get("入区编号"), e.AdmissionNumber ?? "—");
        yield return (Text.Get("状态"), Text.Get(EnterpriseLabels.State(e.State)) + (e.Grade is null ? "" : $" · {Text.Get("等级")} {e.Grade}"));
        yield return (Text.Get("地址"), e.Address ?? "—");
        yield return (Text.Get("法定代表人"), e.LegalRepresentative ?? "—");
        yield return (Text.Get("质量负责人"), $"{e.QualityContact} {e.QualityContactPhone}".Trim() is { Length: > 0 } c ? c : "—");
        yield return (Text.Get("出口产品"), string.Join("；", e.Products.Select(p => $"{p.Name}（{p.HsCode}）")));
        yield return (Text.Get("主要出口市场"), string.Join(Text.ListSeparator, e.Markets.Select(m => ReferenceData.FindCountry(m.CountryCode)?.Name ?? m.CountryCode)));
        yield return (Text.Get("出口方式占比"), Text.Format("自主品牌 {0}%，ODM {1}%，OEM {2}%", e.OwnBrandShare ?? 0, e.OdmShare ?? 0, e.OemShare ?? 0));
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (!EnterpriseScope.For(User).Allows(id)) return false;
        var enterprise = await db.Enterprises.AsNoTracking().Include(e => e.Products).Include(e => e.Markets).AsSplitQuery().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (enterprise is null) return false;
        Enterprise = enterprise;
        CanFile = await commands.CanFileAsync(User, id, ct);
        CanImportCustoms = await commands.CanImportCustomsAsync(User, id, ct);

        var returns = await db.ExportReturns.AsNoTracking().Where(r => r.EnterpriseId == id).OrderByDescending(r => r.Period)
            .Select(r => new { r.Id, r.Period, r.State, r.Late, r.EffectiveVersion, r.LatestVersion, r.NoExports, r.DueOn }).ToListAsync(ct);
        Years = returns.Select(r => int.Parse(r.Period[..4])).Distinct().ToList();
        var today = clock.Today;
        NextPeriod = ExportReturn.NextPeriodToFile(returns.Select(r => r.Period).ToHashSet(), today, enterprise.AdmittedOn);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        Upcoming = (ExportReturn.PeriodOf(thisMonth), thisMonth.AddMonths(1));
        string? from = Year is { } y ? $"{y:0000}-01" : null, to = Year is { } y2 ? $"{y2:0000}-12" : null;
        var lines = db.ExportReturnLines.AsNoTracking().Where(l => l.EnterpriseId == id && l.Effective);
        var incidents = db.ExportReturnIncidents.AsNoTracking().Where(i => i.EnterpriseId == id && i.Effective);
        if (from is not null)
        {
            lines = lines.Where(l => string.Compare(l.Period, from) >= 0 && string.Compare(l.Period, to) <= 0);
            incidents = incidents.Where(i => string.Compare(i.Period, from) >= 0 && string.Compare(i.Period, to) <= 0);
            returns = returns.Where(r => string.CompareOrdinal(r.Period, from) >= 0 && string.CompareOrdinal(r.Period, to) <= 0).ToList();
        }
        Lines = await lines.OrderByDescending(l => l.Period).ThenBy(l => l.Position).ToListAsync(ct);
        Incidents = await incidents.OrderByDescending(i => i.Period).ThenBy(i => i.Position).ToListAsync(ct);
        var linesByPeriod = Lines.GroupBy(l => l.Period).ToDictionary(g => g.Key, g => (Value: g.Sum(l => l.ValueUsd), Batches: g.Sum(l => (long)l.Batches), Bad: g.Sum(l => (long)l.NonconformingBatches)));
        var incidentsByPeriod = Incidents.GroupBy(i => i.Period).ToDictionary(g => g.Key, g => g.ToList());
        Months = returns.Select(r =>
        {
            var totals = linesByPeriod.GetValueOrDefault(r.Period);
            var found = incidentsByPeriod.GetValueOrDefault(r.Period) ?? [];
            return new ArchiveMonth(r.Id, r.Period, r.State, ArchiveQueries.StatusOf(r.State, r.EffectiveVersion, r.DueOn, today), r.Late, r.EffectiveVersion, r.LatestVersion,
                r.NoExports, totals.Value, totals.Batches, totals.Bad, found.Count(i => i.Kind == IncidentKind.Notification),
                found.Count(i => i.Kind == IncidentKind.Recall), found.Count(i => i.Kind == IncidentKind.Return));
        }).ToList();
        return true;
    }
}
