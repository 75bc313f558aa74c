using QualityZone.Infrastructure.Telemetry;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

using QualityZone.Infrastructure.Documents;

namespace QualityZone.Features.ExportArchives;

public sealed record ReturnImportResult(int Created, int Amended, int Lines, IReadOnlyList<RowError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Monthly returns from an Excel workbook made from the template: sheet 出口明细 holds the export
/// lines (one or many months), sheet 通报召回退运 the foreign notifications, recalls and returns.
/// Every row is checked with the rules of the form; any error means nothing is saved, and the
/// report names row, column and reason. A month that already has a submitted return gets a new
/// version (an amendment), never an overwrite.
/// </summary>
public sealed class ReturnImport(AppDbContext db, ArchiveSettings settings, ReturnCommands commands, ZoneClock zoneClock)
{
    // The template is Chinese in both languages: sheet and column names are the file format.
    // <data>
    public const string LinesSheet = "出口明细";
    public const string IncidentsSheet = "通报召回退运";
    public const string Month = "月份";
    public const string NoExports = "本月无出口";
    public const string Product = "产品名称";
    public const string Model = "型号";
    public const string Hs = "HS编码";
    public const string Country = "目的国";
    public const string Quantity = "数量";
    public const string Unit = "单位";
    public const string ValueUsd = "货值（美元）";
    public const string ValueCny = "货值（人民币）";
    public const string Mode = "出口方式";
    public const string Batches = "出口批次";
    public const string BadBatches = "不合格批次";
    public const string BadQuantity = "不合格数量";
    public const string BadDescription = "不合格情况";
    public const string Kind = "类型";
    public const string Reference = "编号";
    public const string Countries = "国家";
    public const string Date = "日期";
    public const string Summary = "摘要或原因";
    private const string Yes = "是";
    // </data>

    public static readonly string[] LineColumns = [Month, NoExports, Product, Model, Hs, Country, Quantity, Unit, ValueUsd, ValueCny, Mode, Batches, BadBatches, BadQuantity, BadDescription];
    public static readonly string[] IncidentColumns = [Month, Kind, Reference, Countries, Date, Product, Hs, Quantity, ValueUsd, Summary];

    public static async Task<MemoryStream> TemplateAsync(string period, CancellationToken ct)
    {
        // <data>
        var lines = new[]
        {
            new Dictionary<string, object?> { [Month] = period, [NoExports] = null, [Product] = "标准气缸", [Model] = "SC63x100", [Hs] = "8412310000", [Country] = "DE", [Quantity] = 1200, [Unit] = "个",
                [ValueUsd] = 38400, [ValueCny] = null, [Mode] = "自主品牌", [Batches] = 3, [BadBatches] = 0, [BadQuantity] = 0, [BadDescription] = null },
            new Dictionary<string, object?> { [Month] = period, [NoExports] = null, [Product] = "电磁阀", [Model] = "4V210-08", [Hs] = "8481201000", [Country] = "US", [Quantity] = 5000, [Unit] = "个",
                [ValueUsd] = null, [ValueCny] = 215000, [Mode] = "OEM", [Batches] = 2, [BadBatches] = 1, [BadQuantity] = 40, [BadDescription] = "线圈引线标识不清，返工后合格" },
        };
        var incidents = new[]
        {
            new Dictionary<string, object?> { [Month] = period, [Kind] = "通报", [Reference] = "A12/00123/26", [Countries] = "DE", [Date] = period + "-08", [Product] = "标准气缸", [Hs] = "8412310000",
                [Quantity] = null, [ValueUsd] = null, [Summary] = "说明书缺少德文安全警示" },
        };
        // </data>
        var stream = new MemoryStream();
        await stream.SaveAsAsync(new Dictionary<string, object> { [LinesSheet] = lines, [IncidentsSheet] = incidents }, cancellationToken: ct);
        stream.Position = 0;
        return stream;
    }

    public async Task<ReturnImportResult> ImportAsync(ClaimsPrincipal user, Guid enterpriseId, Stream workbook, bool submit, CancellationToken ct)
    {
        var result = await AppMetrics.MeasureImportAsync("returns", null, () => ImportCoreAsync(user, enterpriseId, workbook, submit, ct), r => r.Errors.Count == 0, r => r.Lines);
        // A workbook of 20,000 lines or more: its garbage handed back (LargeImports).
        if (result.Lines >= LargeImportLines) LargeImports.GiveMemoryBack();
        return result;
    }

    private const int LargeImportLines = 20_000;

    private async Task<ReturnImportResult> ImportCoreAsync(ClaimsPrincipal user, Guid enterpriseId, Stream workbook, bool submit, CancellationToken ct)
    {
        if (!await commands.CanFileAsync(user, enterpriseId, ct)) return Fail(Text.Get("企业不存在"));
        if (ExcelFiles.Refused(workbook, ReturnInput.MaxLines) is { } refused) return new ReturnImportResult(0, 0, 0, [refused]);
        IEnumerable<IDictionary<string, object?>> lineRows;
        List<IDictionary<string, object?>> incidentRows;
        try
        {
            var sheets = workbook.GetSheetNames();
            if (!sheets.Contains(LinesSheet)) return Fail(Text.Format("缺少工作表“{0}”，请使用导入模板", LinesSheet));
            incidentRows = sheets.Contains(IncidentsSheet)
                ? workbook.Query(useHeaderRow: true, sheetName: IncidentsSheet).Cast<IDictionary<string, object?>>().ToList()
                : [];
            // The lines are read one row at a time below, not held whole: 100,000 rows as dictionaries were
            // hundreds of megabytes beside the lines they make (issue 22: memory at full scale).
            lineRows = workbook.Query(useHeaderRow: true, sheetName: LinesSheet).Cast<IDictionary<string, object?>>();
        }
        catch (Exception ex) when (ExcelFiles.IsUnreadable(ex))
        {
            return new ReturnImportResult(0, 0, 0, [ExcelFiles.Unreadable]);
        }
        var errors = new List<RowError>();

        var today = zoneClock.Today;
        var inputs = new Dictionary<string, ReturnInput>();
        // A month's check is the same for every row of that month: done once, its message kept.
        var periodErrors = new Dictionary<string, string?>();
        ReturnInput? ForPeriod(ExcelRow row)
        {
            var period = row.Period(Month) ?? "";
            if (!periodErrors.TryGetValue(period, out var error))
            {
                var found = new List<FieldError>();
                ReturnInput.ValidatePeriod(period, today, found);
                periodErrors[period] = error = found.FirstOrDefault()?.Message;
            }
            if (error is not null)
            {
                errors.Add(new RowError(row.RowNumber, Month, error));
                return null;
            }
            if (!inputs.TryGetValue(period, out var input)) inputs[period] = input = new ReturnInput { Period = period };
            return input;
        }

        // Each row is validated once, by the rules of the form, and the line it makes is kept.
        var builtLines = new Dictionary<string, List<ExportReturnLine>>();
        var builtIncidents = new Dictionary<string, List<ExportReturnIncident>>();
        var periodsWithLines = new HashSet<string>();
        List<ExportReturnLine> BuiltLines(string period) => builtLines.TryGetValue(period, out var list) ? list : builtLines[period] = [];
        List<ExportReturnIncident> BuiltIncidents(string period) => builtIncidents.TryGetValue(period, out var list) ? list : builtIncidents[period] = [];
        var rates = new Dictionary<string, decimal?>();
        var texts = new StringPool();
        var i = 0;
        using var rowsLeft = lineRows.GetEnumerator();
        while (true)
        {
            // Only the reading of the file is caught here: an error of the platform's own is not "an unreadable file".
            bool more;
            try { more = rowsLeft.MoveNext(); }
            catch (Exception ex) when (ExcelFiles.IsUnreadable(ex)) { return new ReturnImportResult(0, 0, 0, [ExcelFiles.Unreadable]); }
            if (!more) break;
            var cells = rowsLeft.Current;
            if (i == 0)
            {
                errors.AddRange(new[] { Month, Product, Hs, Country, Quantity, Unit, Mode }.Where(c => !cells.ContainsKey(c))
                    .Select(c => new RowError(1, c, Text.Get("缺少必需的列，请使用导入模板"))));
                if (errors.Count > 0) return new ReturnImportResult(0, 0, 0, errors);
            }
            if (i == ReturnInput.MaxLines) return Fail(Text.Format("一次最多导入 {0} 行", ReturnInput.MaxLines));
            var row = new ExcelRow(cells, i + 2, errors);
            i++;
            if (row.IsEmpty) continue;
            var input = ForPeriod(row);
            if (input is null) continue;
            if (row.Text(NoExports) is Yes or "Y" or "y" or "yes")
            {
                input.NoExports = true;
                continue;
            }
            var before = errors.Count;
            var line = new ReturnInput.LineInput
            {
                ProductName = row.Text(Product), Model = row.Text(Model), HsCode = row.Text(Hs), Country = row.Text(Country), Quantity = row.Number(Quantity),
                Unit = row.Text(Unit), ValueUsd = row.Number(ValueUsd), ValueCny = row.Number(ValueCny), Batches = row.Integer(Batches),
                NonconformingBatches = row.Integer(BadBatches), NonconformingQuantity = row.Number(BadQuantity), NonconformityDescription = row.Text(BadDescription),
                Mode = ParseMode(row.Text(Mode)),
            };
            if (line.Mode is null && row.Text(Mode) is { } modeText) errors.Add(new RowError(row.RowNumber, Mode, Text.Format("出口方式“{0}”应为 自主品牌、ODM 或 OEM", modeText)));
            if (!rates.TryGetValue(input.Period!, out var rate)) rates[input.Period!] = rate = await settings.RateAsync(input.Period!, "CNY", ct);
            var found = new List<FieldError>();
            var built = ReturnInput.ValidateLine(line, "", rate, found);
            row.AddFieldErrors((line.Mode is null ? found.Where(f => f.Field != nameof(ReturnInput.LineInput.Mode)) : found).Select(f => (f.Field, f.Message)), LineColumn);
            periodsWithLines.Add(input.Period!);
            if (built is not null && errors.Count == before)
            {
                built.ProductName = texts.Share(built.ProductName);
                built.Model = texts.Share(built.Model);
                built.HsCode = texts.Share(built.HsCode);
                built.Unit = texts.Share(built.Unit);
                built.NonconformityDescription = texts.Share(built.NonconformityDescription);
                BuiltLines(input.Period!).Add(built);
            }
        }
        for (var n = 0; n < incidentRows.Count; n++)
        {
            var row = new ExcelRow(incidentRows[n], n + 2, errors);
            if (row.IsEmpty) continue;
            var input = ForPeriod(row);
            if (input is null) continue;
            var incident = new ReturnInput.IncidentInput
            {
                Kind = ParseKind(row.Text(Kind)), Reference = row.Text(Reference), Countries = row.Text(Countries), Date = row.Date(Date),
                ProductName = row.Text(Product), HsCode = row.Text(Hs), Quantity = row.Number(Quantity), ValueUsd = row.Number(ValueUsd), Summary = row.Text(Summary),
            };
            var found = new List<FieldError>();
            var built = ReturnInput.ValidateIncident(incident, "", today, found);
            foreach (var error in found) errors.Add(new RowError(row.RowNumber, $"{IncidentsSheet}!{IncidentColumn(error.Field)}", error.Message));
            input.Incidents.Add(incident);
            if (built is not null) BuiltIncidents(input.Period!).Add(built);
        }
        if (errors.Count > 0) return new ReturnImportResult(0, 0, 0, errors);
        if (inputs.Count == 0) return Fail(Text.Get("文件中没有数据行"));
        foreach (var input in inputs.Values.Where(x => x.NoExports && periodsWithLines.Contains(x.Period!)))
            errors.Add(new RowError(0, NoExports, Text.Format("{0} 既填写了“本月无出口”又有出口明细", input.Period)));
        if (errors.Count > 0) return new ReturnImportResult(0, 0, 0, errors);

        // All rows are valid: every month through the one write path, saved in one SaveChanges (all or nothing).
        var periods = inputs.Keys.ToList();
        var existing = await db.ExportReturns.Where(r => r.EnterpriseId == enterpriseId && periods.Contains(r.Period)).Select(r => r.Id).ToListAsync(ct);
        var reports = new Dictionary<string, ExportReturn>();
        foreach (var id in existing)
            if (await commands.LoadForChangeAsync(user, id, ct, replacingContent: true) is { } loaded) reports[loaded.Period] = loaded;
        int created = 0, amended = 0, lineCount = 0;
        foreach (var (period, input) in inputs.OrderBy(p => p.Key))
        {
            var lines = builtLines.GetValueOrDefault(period) ?? [];
            var incidents = builtIncidents.GetValueOrDefault(period) ?? [];
            var (_, isNew) = await commands.StageAsync(user, enterpriseId, period, reports.GetValueOrDefault(period), new ReturnDraft(input.NoExports, lines, incidents),
                ReturnSource.Excel, submit, Text.Get("Excel 导入"), ct);
            if (isNew) created++; else amended++;
            lineCount += lines.Count;
        }
        try
        {
            await ExportLineStore.SaveAsync(db, ct);
        }
        catch (DbUpdateException)
        {
            return Fail(Text.Get("该月报已被他人修改，请刷新后重试"));
        }
        return new ReturnImportResult(created, amended, lineCount, []);
    }

    // <data>
    public static ExportMode? ParseMode(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "自主品牌" or "OWNBRAND" or "OWN BRAND" or "OBM" => ExportMode.OwnBrand,
        "ODM" => ExportMode.Odm,
        "OEM" => ExportMode.Oem,
        _ => null,
    };

    public static IncidentKind? ParseKind(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "通报" or "国外通报" or "NOTIFICATION" => IncidentKind.Notification,
        "召回" or "RECALL" => IncidentKind.Recall,
        "退运" or "退货" or "RETURN" => IncidentKind.Return,
        _ => null,
    };
    // </data>

    private static string LineColumn(string field) => field switch
    {
        nameof(ReturnInput.LineInput.ProductName) => Product,
        nameof(ReturnInput.LineInput.Model) => Model,
        nameof(ReturnInput.LineInput.HsCode) => Hs,
        nameof(ReturnInput.LineInput.Country) => Country,
        nameof(ReturnInput.LineInput.Quantity) => Quantity,
        nameof(ReturnInput.LineInput.Unit) => Unit,
        nameof(ReturnInput.LineInput.ValueUsd) => ValueUsd,
        nameof(ReturnInput.LineInput.ValueCny) => ValueCny,
        nameof(ReturnInput.LineInput.Mode) => Mode,
        nameof(ReturnInput.LineInput.Batches) => Batches,
        nameof(ReturnInput.LineInput.NonconformingBatches) => BadBatches,
        nameof(ReturnInput.LineInput.NonconformingQuantity) => BadQuantity,
        nameof(ReturnInput.LineInput.NonconformityDescription) => BadDescription,
        _ => field,
    };

    private static string IncidentColumn(string field) => field switch
    {
        nameof(ReturnInput.IncidentInput.Kind) => Kind,
        nameof(ReturnInput.IncidentInput.Reference) => Reference,
        nameof(ReturnInput.IncidentInput.Countries) => Countries,
        nameof(ReturnInput.IncidentInput.Date) => Date,
        nameof(ReturnInput.IncidentInput.HsCode) => Hs,
        nameof(ReturnInput.IncidentInput.Quantity) => Quantity,
        nameof(ReturnInput.IncidentInput.ValueUsd) => ValueUsd,
        nameof(ReturnInput.IncidentInput.Summary) => Summary,
        _ => field,
    };

    private static ReturnImportResult Fail(string message) => new(0, 0, 0, [new RowError(0, "", message)]);
}
