using MiniExcelLibs;
using QualityZone.Features.Reference;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Traceability;

/// <summary>
/// A trace and a recall scope as documents to send (to customs, to the foreign buyer, to the
/// office): .xlsx with one sheet per list, .docx with the same tables (WordDocument).
/// </summary>
public static class TraceReport
{
    /// <summary>The backward tree flattened in display order: one row per batch and per input lot, indented by level.</summary>
    public static IEnumerable<IReadOnlyList<string>> TreeRows(IReadOnlyList<BackwardNode> roots)
    {
        IEnumerable<IReadOnlyList<string>> Node(BackwardNode node)
        {
            var b = node.Batch;
            yield return [node.Level.ToString(), Text.Get("批次"), b.BatchNumber, b.ProductModel, "", b.Quantity.ToString("0.####") + " " + b.Unit,
                $"{b.StartedOn:yyyy-MM-dd} – {b.CompletedOn:yyyy-MM-dd}", TraceLabels.Of(b.FinalInspection), ""];
            foreach (var input in node.Inputs)
            {
                if (input.Lot is { } lot)
                    yield return [(node.Level + 1).ToString(), Text.Get("物料批"), lot.LotNumber, $"{lot.MaterialName} {lot.Spec}", lot.Supplier, input.Quantity.ToString("0.####") + " " + lot.Unit,
                        lot.ReceivedOn.ToString("yyyy-MM-dd"), TraceLabels.Of(lot.Inspection), string.Join(Text.ClauseSeparator, lot.Flags)];
                else if (input.Batch is { } child)
                    foreach (var row in Node(child)) yield return row;
                else
                    yield return [(node.Level + 1).ToString(), Text.Get("缺失"), input.Cycle ?? input.Missing?.ToString() ?? "", "", "", input.Quantity.ToString("0.####"), "", "",
                        input.Cycle is not null ? Text.Get("循环引用") : Text.Get("引用的记录不存在")];
            }
        }
        return roots.SelectMany(Node);
    }

    private static readonly string[] TreeHeaders = ["层级", "类型", "批次号 / 批号", "型号 / 物料及规格", "供应商", "数量", "日期", "检验结论", "核查提示"];
    private static readonly string[] StepHeaders = ["批次号", "序号", "类型", "工序", "时间", "操作人", "设备", "结果"];
    private static readonly string[] ShipmentHeaders = ["报关单号", "发货日期", "目的国", "境外买方", "批次号", "型号", "数量", "货值（美元）"];

    private static IEnumerable<IReadOnlyList<string>> StepRows(TraceGraph graph, Func<DateTimeOffset, string> time) =>
        graph.Batches.Values.OrderBy(b => b.BatchNumber).SelectMany(b => graph.Steps[b.Id].OrderBy(s => s.Sequence).Select(s => (IReadOnlyList<string>)
            [b.BatchNumber, s.Sequence.ToString(), TraceLabels.Of(s.Kind), s.Name, time(s.PerformedAt), s.Operator ?? "", s.Equipment ?? "", (s.Passed ? "" : Text.Get("不合格：")) + (s.Result ?? "")]));

    public static IEnumerable<IReadOnlyList<string>> ShipmentRows(IEnumerable<TraceShipment> shipments, IReadOnlyDictionary<Guid, TraceBatch> batches) =>
        shipments.Select(s => (IReadOnlyList<string>)[s.DeclarationNumber, s.ShippedOn.ToString("yyyy-MM-dd"), Country(s.CountryCode), s.Buyer,
            batches.TryGetValue(s.BatchId, out var b) ? b.BatchNumber : "", batches.TryGetValue(s.BatchId, out var m) ? m.ProductModel : "",
            s.Quantity.ToString("0.####"), s.ValueUsd.ToString("N2")]);

    private static IEnumerable<IReadOnlyList<string>> LotRows(IEnumerable<TraceLot> lots) =>
        lots.Select(l => (IReadOnlyList<string>)[l.Supplier, TraceLabels.Of(l.SupplierStatus), l.MaterialCode + " " + l.MaterialName, l.LotNumber, l.Spec,
            l.ReceivedOn.ToString("yyyy-MM-dd"), TraceLabels.Of(l.Inspection) + Text.Aside(l.InspectionReport), string.Join(Text.ClauseSeparator, l.Flags)]);

    private static readonly string[] LotHeaders = ["供应商", "供方资格", "物料", "批号", "到货规格", "到货日期", "进货检验", "核查提示"];

    public static string Country(string code) => ReferenceData.FindCountry(code) is { } c ? $"{code} {Text.Pick(c.NameZh, c.NameEn)}" : code;

    public static async Task<byte[]> BackwardXlsxAsync(string subject, TraceGraph graph, Func<DateTimeOffset, string> time, CancellationToken ct)
    {
        var sheets = new Dictionary<string, object>
        {
            [Text.Get("追溯树")] = Sheet(TreeHeaders, TraceTree.Backward(graph) is var tree ? TreeRows(tree) : []),
            [Text.Get("工序与检验")] = Sheet(StepHeaders, StepRows(graph, time)),
            [Text.Get("物料批与供应商")] = Sheet(LotHeaders, LotRows(graph.SuppliersLots)),
            [Text.Get("出口发货")] = Sheet(ShipmentHeaders, ShipmentRows(graph.Shipments, graph.Batches)),
            [Text.Get("数据缺口")] = Sheet(["追溯对象", "缺口"], graph.Gaps.Select(g => (IReadOnlyList<string>)[subject, g]).DefaultIfEmpty([subject, Text.Get("无")])),
        };
        var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, cancellationToken: ct);
        return stream.ToArray();
    }

    public static byte[] BackwardDocx(string subject, string enterprise, DateOnly today, TraceGraph graph, Func<DateTimeOffset, string> time)
    {
        var doc = new WordDocument().Title(Text.Get("质量追溯报告"))
            .Right(Text.Format("{0}　编制日期：{1}", enterprise, today.ToString("yyyy-MM-dd")))
            .Body(Text.Format("追溯对象：{0}。涉及批次 {1} 个，物料批 {2} 个，供应商 {3} 家，装配层级 {4} 层。", subject, graph.Batches.Count, graph.Lots.Count,
                graph.Lots.Values.Select(l => l.SupplierId).Distinct().Count(), graph.Depth))
            .Heading(Text.Get("一、追溯树")).Table(Headers(TreeHeaders), TreeRows(TraceTree.Backward(graph)))
            .Heading(Text.Get("二、物料批与供应商")).Table(Headers(LotHeaders), LotRows(graph.SuppliersLots))
            .Heading(Text.Get("三、工序与检验记录")).Table(Headers(StepHeaders), StepRows(graph, time))
            .Heading(Text.Get("四、出口发货")).Table(Headers(ShipmentHeaders), ShipmentRows(graph.Shipments, graph.Batches))
            .Heading(Text.Get("五、数据缺口"));
        if (graph.Gaps.Count == 0) doc.Body(Text.Get("无。"));
        foreach (var gap in graph.Gaps) doc.Body("· " + gap);
        return doc.ToBytes();
    }

    private static readonly string[] SuspectHeaders = ["供应商", "供方资格", "物料", "批号", "到货规格", "到货日期", "进货检验", "核查提示", "涉及候选批次", "下游发货票数"];

    private static IEnumerable<IReadOnlyList<string>> SuspectRows(RecallScope scope) =>
        scope.SuspectLots.Zip(LotRows(scope.SuspectLots.Select(s => s.Lot)), (s, row) => (IReadOnlyList<string>)[.. row, s.CandidateBatches.ToString(), s.DownstreamShipments?.ToString() ?? "—"]);

    private static IEnumerable<IReadOnlyList<string>> CountryRows(RecallScope scope) =>
        scope.Affected.GroupBy(a => a.CountryCode).OrderByDescending(g => g.Sum(a => a.Quantity)).Select(g => (IReadOnlyList<string>)
            [Country(g.Key), g.Select(a => a.ShipmentId).Distinct().Count().ToString(), string.Join(Text.ListSeparator, g.Select(a => a.Buyer).Distinct()), g.Sum(a => a.Quantity).ToString("0.####"), g.Sum(a => a.ValueUsd).ToString("N2")]);

    private static readonly string[] CountryHeaders = ["目的国", "发货票数", "境外买方", "数量", "货值（美元）"];

    private static string NoticeText(RecallScope scope) => Text.Format("产品型号 {0}，目的国 {1}，发货期间 {2} 至 {3}。", scope.Notice.Model, Country(scope.Notice.Country),
        scope.Notice.From.ToString("yyyy-MM-dd"), scope.Notice.To.ToString("yyyy-MM-dd"));

    public static async Task<byte[]> RecallXlsxAsync(RecallScope scope, CancellationToken ct)
    {
        var sheets = new Dictionary<string, object>
        {
            [Text.Get("通报信息")] = Sheet(["项目", "内容"], [[Text.Get("通报范围"), NoticeText(scope)], [Text.Get("候选发货票数"), scope.Candidates.Select(c => c.ShipmentId).Distinct().Count().ToString()],
                [Text.Get("可疑物料批"), scope.SuspectLots.Count.ToString()], [Text.Get("其他受影响发货票数"), scope.Others.Select(c => c.ShipmentId).Distinct().Count().ToString()]]),
            [Text.Get("候选发货")] = Sheet(ShipmentHeaders, ShipmentRows(scope.Candidates, scope.Batches)),
            [Text.Get("可疑物料批")] = Sheet(SuspectHeaders, SuspectRows(scope)),
            [Text.Get("其他受影响发货")] = Sheet(ShipmentHeaders, ShipmentRows(scope.Others, scope.Batches)),
            [Text.Get("按目的国汇总")] = Sheet(CountryHeaders, CountryRows(scope)),
        };
        var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, cancellationToken: ct);
        return stream.ToArray();
    }

    public static byte[] RecallDocx(RecallScope scope, DateOnly today) => new WordDocument().Title(Text.Get("召回范围分析报告"))
        .Right(Text.Format("编制日期：{0}", today.ToString("yyyy-MM-dd")))
        .Body(Text.Get("通报范围：") + NoticeText(scope))
        .Body(Text.Format("候选发货 {0} 票；其批次及子组件共使用物料批 {1} 个；共用这些物料批的其他发货 {2} 票。", scope.Candidates.Select(c => c.ShipmentId).Distinct().Count(),
            scope.SuspectLots.Count, scope.Others.Select(c => c.ShipmentId).Distinct().Count()))
        .Heading(Text.Get("一、候选发货")).Table(Headers(ShipmentHeaders), ShipmentRows(scope.Candidates, scope.Batches))
        .Heading(Text.Get("二、可疑物料批及供应商")).Table(Headers(SuspectHeaders), SuspectRows(scope))
        .Heading(Text.Get("三、其他受影响发货")).Table(Headers(ShipmentHeaders), ShipmentRows(scope.Others, scope.Batches))
        .Heading(Text.Get("四、按目的国汇总")).Table(Headers(CountryHeaders), CountryRows(scope))
        .ToBytes();

    private static IReadOnlyList<string> Headers(string[] keys) => keys.Select(Text.Get).ToList();

    private static List<Dictionary<string, object?>> Sheet(string[] headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var names = Headers(headers);
        return rows.Select(row => names.Select((h, i) => (h, (object?)(i < row.Count ? row[i] : null))).ToDictionary(x => x.h, x => x.Item2)).ToList();
    }
}
