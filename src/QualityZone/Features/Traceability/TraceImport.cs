using System.Security.Claims;
using MiniExcelLibs;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Traceability;

public enum TraceFileKind { Lots, Batches, Shipments }

/// <summary>
/// The Excel templates of the module: the purchase ledger (one sheet), production batches (batches,
/// steps and inputs on three sheets joined by batch number) and shipments (shipments and their
/// lines). Rows become the records of <see cref="TraceIngest"/>, so a file obeys the API's rules;
/// its errors are reported by sheet, row and column, and nothing is saved unless all rows are right.
/// </summary>
public sealed class TraceImport(TraceIngest ingest)
{
    public const int MaxRows = 100_000;

    // <data>
    private const string LotSheet = "进货台帐", BatchSheet = "生产批次", StepSheet = "工序检验", InputSheet = "投料", ShipmentSheet = "出口发货", LineSheet = "发货明细";
    private static readonly Dictionary<string, string> LotColumns = new()
    {
        ["Supplier"] = "供应商", ["Material"] = "物料编码", ["LotNumber"] = "批号", ["Spec"] = "到货规格", ["Quantity"] = "数量", ["Unit"] = "单位",
        ["ReceivedOn"] = "到货日期", ["DueOn"] = "约定交货日期", ["Inspection"] = "进货检验", ["InspectionReport"] = "检验报告",
    };
    private static readonly Dictionary<string, string> BatchColumns = new()
    {
        ["BatchNumber"] = "批次号", ["ProductModel"] = "产品型号", ["ProductName"] = "产品名称", ["Quantity"] = "数量", ["Unit"] = "单位", ["StartedOn"] = "开工日期",
        ["CompletedOn"] = "完工日期", ["SerialFrom"] = "序列号起", ["SerialTo"] = "序列号止", ["FinalInspection"] = "出厂检验", ["TestReport"] = "检验报告",
    };
    private static readonly Dictionary<string, string> StepColumns = new()
    {
        ["Batch"] = "批次号", ["Name"] = "名称", ["Kind"] = "类型", ["At"] = "时间", ["Operator"] = "操作人", ["Equipment"] = "设备", ["Result"] = "结果", ["Passed"] = "合格",
    };
    private static readonly Dictionary<string, string> InputColumns = new()
    {
        ["Batch"] = "批次号", ["Lot"] = "物料批号", ["Supplier"] = "供应商", ["InputBatch"] = "子组件批次号", ["Quantity"] = "用量",
    };
    private static readonly Dictionary<string, string> ShipmentColumns = new()
    {
        ["DeclarationNumber"] = "报关单号", ["ShippedOn"] = "发货日期", ["Buyer"] = "境外买方", ["Country"] = "目的国",
    };
    private static readonly Dictionary<string, string> LineColumns = new() { ["Declaration"] = "报关单号", ["Batch"] = "批次号", ["Quantity"] = "数量", ["ValueUsd"] = "货值（美元）", ["HsCode"] = "HS编码" }; // HS编码 may be left out: it is needed only to sum shipments into the monthly return

    public static async Task<byte[]> TemplateAsync(TraceFileKind kind, CancellationToken ct)
    {
        Dictionary<string, object> sheets = kind switch
        {
            TraceFileKind.Lots => new() { [LotSheet] = new[] { Row(LotColumns, "余姚市精诚密封件有限公司", "SEAL", "JC-2611-001", "NBR 70 Shore A", 5000, "件", "2026-11-02", "2026-11-01", "合格", "IQC-2611-001") } },
            TraceFileKind.Batches => new()
            {
                [BatchSheet] = new[] { Row(BatchColumns, "PA261103-01", "PA-63", "活塞组件", 1000, "件", "2026-11-03", "2026-11-03", null, null, "合格", "TR-261103-01"),
                    Row(BatchColumns, "SC261105-01", "SC63x100", "标准气缸", 200, "件", "2026-11-05", "2026-11-06", "SC000000001", "SC000000200", "合格", "TR-261105-01") },
                [StepSheet] = new[] { Row(StepColumns, "SC261105-01", "总装", "工序", "2026-11-05 09:00", "张伟", "L1", "完成", "是"),
                    Row(StepColumns, "SC261105-01", "气密性检验", "检验", "2026-11-05 14:00", "王芳", "QM-1", "0.6 MPa 保压 30 s 无泄漏", "是") },
                [InputSheet] = new[] { Row(InputColumns, "PA261103-01", "JC-2611-001", null, null, 2000), Row(InputColumns, "SC261105-01", "HD-2610-017", "宁波恒达铝业有限公司", null, 200),
                    Row(InputColumns, "SC261105-01", null, null, "PA261103-01", 200) },
            },
            _ => new()
            {
                [ShipmentSheet] = new[] { Row(ShipmentColumns, "310420261000123456", "2026-11-12", "Pneumatik Handel GmbH", "DE") },
                [LineSheet] = new[] { Row(LineColumns, "310420261000123456", "SC261105-01", 200, 7600, "8412310000") },
            },
        };
        var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, cancellationToken: ct);
        return stream.ToArray();
    }
    // </data>

    private static Dictionary<string, object?> Row(Dictionary<string, string> columns, params object?[] values) =>
        columns.Values.Select((c, i) => (c, i < values.Length ? values[i] : null)).ToDictionary(x => x.c, x => x.Item2);

    private sealed record Location(string Sheet, int Row);

    public async Task<(IngestResult? Result, IReadOnlyList<RowError> Errors)> ImportAsync(ClaimsPrincipal user, Guid enterpriseId, TraceFileKind kind, Stream file, CancellationToken ct)
    {
        if (ExcelFiles.Refused(file, MaxRows) is { } refused) return (null, [refused]);
        Dictionary<string, List<IDictionary<string, object?>>> sheets;
        try
        {
            var names = MiniExcel.GetSheetNames(file);
            file.Position = 0;
            sheets = names.ToDictionary(n => n, n =>
            {
                file.Position = 0;
                return file.Query(useHeaderRow: true, sheetName: n).Cast<IDictionary<string, object?>>().Take(MaxRows + 1).ToList();
            });
        }
        catch (Exception ex) when (ExcelFiles.IsUnreadable(ex))
        {
            return (null, [ExcelFiles.Unreadable]);
        }
        var errors = new List<RowError>();
        List<IDictionary<string, object?>> Sheet(string name, Dictionary<string, string> columns, bool required = true)
        {
            if (!sheets.TryGetValue(name, out var rows))
            {
                if (required) errors.Add(new RowError(0, name, Text.Get("缺少工作表，请使用导入模板")));
                return [];
            }
            if (rows.Count > MaxRows) errors.Add(new RowError(0, name, Text.Format("一次最多导入 {0} 行", MaxRows)));
            else if (rows.Count > 0)
                errors.AddRange(columns.Values.Where(c => !rows[0].ContainsKey(c) && c != LineColumns["HsCode"]).Select(c => new RowError(1, $"{name}·{c}", Text.Get("缺少必需的列，请使用导入模板"))));
            return rows;
        }
        IEnumerable<ExcelRow> Rows(List<IDictionary<string, object?>> rows) =>
            rows.Select((cells, i) => new ExcelRow(cells, i + 2, errors)).Where(r => !r.IsEmpty);

        var where = new Dictionary<(int Record, string? List, int? Item), Location>();
        IngestResult? result;
        switch (kind)
        {
            case TraceFileKind.Lots:
            {
                var records = new List<LotRecord>();
                foreach (var r in Rows(Sheet(LotSheet, LotColumns)))
                {
                    where[(records.Count, null, null)] = new(LotSheet, r.RowNumber);
                    var c = LotColumns;
                    records.Add(new LotRecord(r.Text(c["Supplier"]), r.Text(c["Material"]), r.Text(c["LotNumber"]), r.Text(c["Spec"]), r.Number(c["Quantity"]), r.Text(c["Unit"]),
                        r.Date(c["ReceivedOn"]), r.Date(c["DueOn"]), r.Text(c["Inspection"]), r.Text(c["InspectionReport"])));
                }
                if (errors.Count > 0) return (null, errors);
                result = await ingest.LotsAsync(user, enterpriseId, records, ct);
                break;
            }
            case TraceFileKind.Batches:
            {
                var batches = new List<(BatchRecord Record, int Row)>();
                var index = new Dictionary<string, int>();
                foreach (var r in Rows(Sheet(BatchSheet, BatchColumns)))
                {
                    var c = BatchColumns;
                    var number = r.Text(c["BatchNumber"]);
                    if (number is not null) index.TryAdd(number, batches.Count);
                    where[(batches.Count, null, null)] = new(BatchSheet, r.RowNumber);
                    batches.Add((new BatchRecord(number, r.Text(c["ProductModel"]), r.Text(c["ProductName"]), r.Number(c["Quantity"]), r.Text(c["Unit"]), r.Date(c["StartedOn"]),
                        r.Date(c["CompletedOn"]), r.Text(c["SerialFrom"]), r.Text(c["SerialTo"]), r.Text(c["FinalInspection"]), r.Text(c["TestReport"]), [], []), r.RowNumber));
                }
                int? Owner(ExcelRow r, string sheet)
                {
                    var number = r.Text(StepColumns["Batch"]);
                    if (number is not null && index.TryGetValue(number, out var i)) return i;
                    errors.Add(new RowError(r.RowNumber, $"{sheet}·{StepColumns["Batch"]}", Text.Format("批次“{0}”不在工作表“{1}”中", number ?? "", BatchSheet)));
                    return null;
                }
                foreach (var r in Rows(Sheet(StepSheet, StepColumns, required: false)))
                {
                    var c = StepColumns;
                    if (Owner(r, StepSheet) is not { } i) continue;
                    var steps = batches[i].Record.Steps!;
                    where[(i, "Steps", steps.Count)] = new(StepSheet, r.RowNumber);
                    var at = r.Text(c["At"]) is { } text && DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var local)
                        ? new DateTimeOffset(local, TimeSpan.FromHours(8)) : (DateTimeOffset?)null;
                    if (at is null && r.Text(c["At"]) is { } bad) errors.Add(new RowError(r.RowNumber, $"{StepSheet}·{c["At"]}", Text.Format("“{0}”不是时间（格式 yyyy-MM-dd HH:mm）", bad)));
                    steps.Add(new StepRecord(r.Text(c["Name"]), r.Text(c["Kind"]), at, r.Text(c["Operator"]), r.Text(c["Equipment"]), r.Text(c["Result"]),
                        r.Text(c["Passed"]) is "否" or "不合格" or "no" or "false" ? false : true));
                }
                foreach (var r in Rows(Sheet(InputSheet, InputColumns, required: false)))
                {
                    var c = InputColumns;
                    if (Owner(r, InputSheet) is not { } i) continue;
                    var inputs = batches[i].Record.Inputs!;
                    where[(i, "Inputs", inputs.Count)] = new(InputSheet, r.RowNumber);
                    inputs.Add(new InputRecord(r.Text(c["Lot"]), r.Text(c["Supplier"]), r.Text(c["InputBatch"]), r.Number(c["Quantity"])));
                }
                if (errors.Count > 0) return (null, errors);
                result = await ingest.BatchesAsync(user, enterpriseId, batches.Select(b => b.Record).ToList(), ct);
                break;
            }
            default:
            {
                var shipments = new List<ShipmentRecord>();
                var index = new Dictionary<string, int>();
                foreach (var r in Rows(Sheet(ShipmentSheet, ShipmentColumns)))
                {
                    var c = ShipmentColumns;
                    var number = r.Text(c["DeclarationNumber"]);
                    if (number is not null) index.TryAdd(number, shipments.Count);
                    where[(shipments.Count, null, null)] = new(ShipmentSheet, r.RowNumber);
                    shipments.Add(new ShipmentRecord(number, r.Date(c["ShippedOn"]), r.Text(c["Buyer"]), r.Text(c["Country"]), []));
                }
                foreach (var r in Rows(Sheet(LineSheet, LineColumns)))
                {
                    var c = LineColumns;
                    var number = r.Text(c["Declaration"]);
                    if (number is null || !index.TryGetValue(number, out var i))
                    {
                        errors.Add(new RowError(r.RowNumber, $"{LineSheet}·{c["Declaration"]}", Text.Format("报关单号“{0}”不在工作表“{1}”中", number ?? "", ShipmentSheet)));
                        continue;
                    }
                    var lines = shipments[i].Lines!;
                    where[(i, "Lines", lines.Count)] = new(LineSheet, r.RowNumber);
                    lines.Add(new ShipmentLineRecord(r.Text(c["Batch"]), r.Number(c["Quantity"]), r.Number(c["ValueUsd"]), r.Text(c["HsCode"])));
                }
                if (errors.Count > 0) return (null, errors);
                result = await ingest.ShipmentsAsync(user, enterpriseId, shipments, ct);
                break;
            }
        }
        if (result is null) return (null, []);
        // Each error of the ingest back to its sheet, row and column.
        var mapped = result.Errors.Select(e =>
        {
            var at = where.GetValueOrDefault((e.Record, e.List, e.Item)) ?? where.GetValueOrDefault((e.Record, null, null));
            var columns = (at?.Sheet, e.Field) switch
            {
                (LotSheet, _) => LotColumns, (BatchSheet, _) => BatchColumns, (StepSheet, _) => StepColumns,
                (InputSheet, "Batch") => new Dictionary<string, string> { ["Batch"] = InputColumns["InputBatch"] }, (InputSheet, _) => InputColumns,
                (ShipmentSheet, _) => ShipmentColumns, (LineSheet, _) => LineColumns, _ => [],
            };
            return new RowError(at?.Row ?? 0, at is null ? "" : $"{at.Sheet}·{columns.GetValueOrDefault(e.Field, e.Field)}", e.Reason);
        }).ToList();
        return (result, mapped);
    }
}
