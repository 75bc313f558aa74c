using QualityZone.Infrastructure.Telemetry;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Reference;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

using QualityZone.Infrastructure.Documents;

namespace QualityZone.Features.ExportArchives;

/// <summary>
/// One line (项) of an export declaration (出口报关单) as customs data gives it. 报关单号 (18 digits)
/// and 项号 identify it: the same line imported twice is a duplicate and is refused.
/// </summary>
public sealed class CustomsDeclarationLine : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    public required string DeclarationNumber { get; set; }
    public int LineNumber { get; set; }
    public DateOnly ExportDate { get; set; }
    public string Period { get; set; } = "";
    public required string HsCode { get; set; }
    public required string GoodsName { get; set; }
    public required string CountryCode { get; set; }
    public decimal Quantity { get; set; }
    public required string Unit { get; set; }
    public decimal TotalPrice { get; set; }
    public required string Currency { get; set; }
    /// <summary>The total price in USD at the office's rate for the month.</summary>
    public decimal ValueUsd { get; set; }
    public required string ImportedBy { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
}

/// <summary>One declaration line as a customs or ERP system sends it (the file's columns, by name).</summary>
public sealed record DeclarationInput(string? DeclarationNumber, int? LineNumber, DateOnly? ExportDate, string? HsCode, string? GoodsName, string? Country,
    decimal? Quantity, string? Unit, decimal? TotalPrice, string? Currency);

/// <summary>The outcome; <see cref="Status"/> is what the API answers (404 unknown enterprise, 409 duplicate lines, 400 invalid).</summary>
public sealed record CustomsImportResult(int Lines, IReadOnlyList<string> Periods, IReadOnlyList<RowError> Errors, int Status = StatusCodes.Status400BadRequest)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Imports an enterprise's export declaration lines (.xlsx or .csv) and aggregates each month's
/// declarations into that month's return: one line per product, HS code, destination and unit, the
/// number of declarations as the batches exported. A month already submitted gets a new version
/// (an amendment) rather than being overwritten; the foreign notifications, recalls and returns
/// the enterprise entered are kept, and so are nonconformity notes on a line that is still there.
/// </summary>
public sealed class CustomsDeclarationImport(AppDbContext db, ArchiveSettings settings, ReturnCommands commands, ZoneClock zoneClock, TimeProvider clock)
{
    public const int MaxRows = 100_000;

    // The file's columns: the fields of the declaration, named as customs names them.
    // <data>
    public const string Number = "报关单号";
    public const string Line = "项号";
    public const string Date = "出口日期";
    public const string Hs = "商品编码";
    public const string Goods = "商品名称";
    public const string Country = "目的国";
    public const string Quantity = "数量";
    public const string Unit = "单位";
    public const string Price = "总价";
    public const string Currency = "币制";
    private static readonly Dictionary<string, string> CurrencyNames = new() { ["美元"] = "USD", ["人民币"] = "CNY", ["欧元"] = "EUR", ["日元"] = "JPY", ["英镑"] = "GBP" };
    // </data>

    public static readonly string[] Columns = [Number, Line, Date, Hs, Goods, Country, Quantity, Unit, Price, Currency];

    public static async Task<MemoryStream> TemplateAsync(CancellationToken ct)
    {
        // <data>
        var example = new Dictionary<string, object?>
        {
            [Number] = "310420261000123456", [Line] = 1, [Date] = "2026-10-12", [Hs] = "8412310000", [Goods] = "气缸",
            [Country] = "DE", [Quantity] = 1200, [Unit] = "个", [Price] = 38400, [Currency] = "USD",
        };
        // </data>
        var stream = new MemoryStream();
        await stream.SaveAsAsync(new[] { example }, cancellationToken: ct);
        stream.Position = 0;
        return stream;
    }

    /// <summary>Imports a declaration file (.xlsx or .csv); errors name the Excel row and the column.</summary>
    public Task<CustomsImportResult> ImportAsync(ClaimsPrincipal user, Guid enterpriseId, Stream file, bool csv, CancellationToken ct) =>
        AppMetrics.MeasureImportAsync("customs", null, () => ImportFileCoreAsync(user, enterpriseId, file, csv, ct), r => r.Errors.Count == 0, r => r.Lines);

    private async Task<CustomsImportResult> ImportFileCoreAsync(ClaimsPrincipal user, Guid enterpriseId, Stream file, bool csv, CancellationToken ct)
    {
        if (!await commands.CanImportCustomsAsync(user, enterpriseId, ct)) return NotFound();
        if (!csv && ExcelFiles.Refused(file, MaxRows) is { } refused) return new CustomsImportResult(0, [], [refused]);
        List<IDictionary<string, object?>> rows;
        try
        {
            rows = file.Query(useHeaderRow: true, excelType: csv ? ExcelType.CSV : ExcelType.XLSX).Cast<IDictionary<string, object?>>().Take(MaxRows + 1).ToList();
        }
        catch (Exception ex) when (ExcelFiles.IsUnreadable(ex))
        {
            return new CustomsImportResult(0, [], [new RowError(0, "", Text.Get("无法读取文件：请上传报关数据 .xlsx 或 UTF-8 编码的 .csv 文件"))]);
        }
        if (rows.Count == 0) return Fail(Text.Get("文件中没有数据行"));
        if (rows.Count > MaxRows) return Fail(Text.Format("一次最多导入 {0} 行", MaxRows));
        var missing = Columns.Where(c => !rows[0].ContainsKey(c)).ToList();
        if (missing.Count > 0) return new CustomsImportResult(0, [], missing.Select(c => new RowError(1, c, Text.Get("缺少必需的列，请使用导入模板"))).ToList());

        var parseErrors = new List<RowError>();
        var inputs = new List<(int Row, DeclarationInput Input)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = new ExcelRow(rows[i], i + 2, parseErrors);
            if (row.IsEmpty) continue;
            inputs.Add((row.RowNumber, new DeclarationInput(row.Text(Number), row.Integer(Line), row.Date(Date), row.Text(Hs), row.Text(Goods), row.Text(Country),
                row.Number(Quantity), row.Text(Unit), row.Number(Price), row.Text(Currency))));
        }
        return await ImportAsync(user, enterpriseId, inputs, parseErrors, ColumnOf, ct);
    }

    /// <summary>Imports declaration lines sent as JSON (customs or ERP systems); errors name the line (1-based) and the field.</summary>
    public async Task<CustomsImportResult> ImportAsync(ClaimsPrincipal user, Guid enterpriseId, IReadOnlyList<DeclarationInput> lines, CancellationToken ct)
    {
        if (!await commands.CanImportCustomsAsync(user, enterpriseId, ct)) return NotFound();
        if (lines.Count == 0) return Fail(Text.Get("文件中没有数据行"));
        if (lines.Count > MaxRows) return Fail(Text.Format("一次最多导入 {0} 行", MaxRows));
        return await ImportAsync(user, enterpriseId, lines.Select((l, i) => (i + 1, l)).ToList(), [], field => field, ct);
    }

    private static string ColumnOf(string field) => field switch
    {
        nameof(DeclarationInput.DeclarationNumber) => Number,
        nameof(DeclarationInput.LineNumber) => Line,
        nameof(DeclarationInput.ExportDate) => Date,
        nameof(DeclarationInput.HsCode) => Hs,
        nameof(DeclarationInput.GoodsName) => Goods,
        nameof(DeclarationInput.Country) => Country,
        nameof(DeclarationInput.Quantity) => Quantity,
        nameof(DeclarationInput.Unit) => Unit,
        nameof(DeclarationInput.TotalPrice) => Price,
        nameof(DeclarationInput.Currency) => Currency,
        _ => field,
    };

    private async Task<CustomsImportResult> ImportAsync(ClaimsPrincipal user, Guid enterpriseId, List<(int Row, DeclarationInput Input)> inputs,
        List<RowError> parseErrors, Func<string, string> column, CancellationToken ct)
    {
        var today = zoneClock.Today;
        var errors = new List<RowError>(parseErrors);
        var failed = parseErrors.Select(e => (e.Row, e.Column)).ToHashSet();
        var unreadable = parseErrors.Select(e => e.Row).ToHashSet();
        var lines = new List<CustomsDeclarationLine>();
        var seen = new Dictionary<(string, int), int>();
        var rates = new Dictionary<(string, string), decimal?>();
        var actor = user.DisplayName();
        var now = clock.GetUtcNow();
        foreach (var (rowNumber, input) in inputs)
        {
            var before = errors.Count;
            // One error per cell: a cell that could not be read is not also reported as missing.
            void Error(string field, string message)
            {
                if (failed.Add((rowNumber, column(field)))) errors.Add(new RowError(rowNumber, column(field), message));
            }

            var number = input.DeclarationNumber?.Trim();
            if (number is not { Length: 18 } || !number.All(char.IsAsciiDigit)) Error(nameof(input.DeclarationNumber), Text.Get("报关单号应为 18 位数字"));
            if (input.LineNumber is not (>= 1 and <= 999)) Error(nameof(input.LineNumber), Text.Get("项号应为 1 到 999 的整数"));
            if (input.ExportDate is not { } date) Error(nameof(input.ExportDate), Text.Get("请填写出口日期"));
            else if (date > today) Error(nameof(input.ExportDate), Text.Get("出口日期不能晚于今天"));
            if (!ReferenceData.IsKnownHsCode(input.HsCode)) Error(nameof(input.HsCode), Text.Format("HS 编码 {0} 不存在（应为 6 到 10 位，前 6 位为 HS 2022 子目）", input.HsCode));
            var goods = input.GoodsName?.Trim();
            if (string.IsNullOrEmpty(goods)) Error(nameof(input.GoodsName), Text.Get("请填写商品名称"));
            else if (goods.Length > 200) Error(nameof(input.GoodsName), Text.Get("产品名称不能超过 200 字"));
            var country = ReferenceData.FindCountry(input.Country) ?? ReferenceData.Countries.FirstOrDefault(c => c.NameZh == input.Country?.Trim());
            if (country is null) Error(nameof(input.Country), Text.Format("目的国代码 {0} 不是 ISO 3166 国家代码", input.Country));
            else if (country.Code == "CN") Error(nameof(input.Country), Text.Get("目的国不能是中国"));
            if (input.Quantity is not > 0 || input.Quantity > ReturnInput.MaxQuantity) Error(nameof(input.Quantity), Text.Get("数量应大于 0 且在合理范围内"));
            var unit = input.Unit?.Trim();
            if (string.IsNullOrEmpty(unit) || unit.Length > 20) Error(nameof(input.Unit), Text.Get("请填写计量单位"));
            if (input.TotalPrice is not > 0) Error(nameof(input.TotalPrice), Text.Get("总价必须大于 0"));
            var currencyText = input.Currency?.Trim().ToUpperInvariant();
            var currency = currencyText is null ? null : CurrencyNames.GetValueOrDefault(currencyText, currencyText);
            decimal? perUsd = null;
            if (currency is not { Length: 3 }) Error(nameof(input.Currency), Text.Get("币制应为 ISO 4217 代码，如 USD、CNY、EUR"));
            else if (input.ExportDate is { } d)
            {
                var key = (ExportReturn.PeriodOf(d), currency);
                if (!rates.TryGetValue(key, out perUsd)) rates[key] = perUsd = await settings.RateAsync(key.Item1, currency, ct);
                if (perUsd is null) Error(nameof(input.Currency), Text.Format("建设办尚未设置 {0} 的 {1} 汇率", key.Item1, currency));
            }
            if (number is not null && input.LineNumber is { } ln)
            {
                if (seen.TryGetValue((number, ln), out var first)) Error(nameof(input.LineNumber), Text.Format("与第 {0} 行重复（同一报关单的同一项号）", first));
                else seen[(number, ln)] = rowNumber;
            }
            if (errors.Count > before || unreadable.Contains(rowNumber)) continue;
            var valueUsd = Math.Round(input.TotalPrice!.Value / perUsd!.Value, 2, MidpointRounding.AwayFromZero);
            if (valueUsd > ReturnInput.MaxLineValueUsd) { Error(nameof(input.TotalPrice), Text.Format("货值 {0} 美元超出合理范围（单行不超过 {1} 美元）", valueUsd, ReturnInput.MaxLineValueUsd)); continue; }
            lines.Add(new CustomsDeclarationLine
            {
                EnterpriseId = enterpriseId, DeclarationNumber = number!, LineNumber = input.LineNumber!.Value, ExportDate = input.ExportDate!.Value,
                Period = ExportReturn.PeriodOf(input.ExportDate.Value), HsCode = ReferenceData.NormalizeHsCode(input.HsCode), GoodsName = goods!, CountryCode = country!.Code,
                Quantity = input.Quantity!.Value, Unit = unit!, TotalPrice = input.TotalPrice.Value, Currency = currency!, ValueUsd = valueUsd, ImportedBy = actor, ImportedAt = now,
            });
        }
        if (lines.Count == 0 && errors.Count == 0) return Fail(Text.Get("文件中没有数据行"));

        // Lines already imported (by anyone, for any enterprise) are duplicates: refused, by row.
        var numbers = lines.Select(l => l.DeclarationNumber).Distinct().ToList();
        var existing = new HashSet<(string, int)>();
        foreach (var chunk in numbers.Chunk(500))
            existing.UnionWith((await db.CustomsDeclarationLines.AsNoTracking().Where(l => chunk.Contains(l.DeclarationNumber))
                .Select(l => new { l.DeclarationNumber, l.LineNumber }).ToListAsync(ct)).Select(l => (l.DeclarationNumber, l.LineNumber)));
        foreach (var line in lines.Where(l => existing.Contains((l.DeclarationNumber, l.LineNumber))))
            errors.Add(new RowError(seen[(line.DeclarationNumber, line.LineNumber)], column(nameof(DeclarationInput.DeclarationNumber)),
                Text.Format("报关单 {0} 第 {1} 项已导入过，不能重复导入", line.DeclarationNumber, line.LineNumber)));
        if (errors.Count > 0) return new CustomsImportResult(0, [], errors.OrderBy(e => e.Row).ToList(), existing.Count > 0 && errors.Count == lines.Count(l => existing.Contains((l.DeclarationNumber, l.LineNumber))) ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest);

        db.CustomsDeclarationLines.AddRange(lines);
        var periods = lines.Select(l => l.Period).Distinct().Order().ToList();
        var enterprise = await db.Enterprises.AsNoTracking().SingleAsync(e => e.Id == enterpriseId, ct);
        var mode = DominantMode(enterprise);
        foreach (var period in periods)
        {
            var declared = await db.CustomsDeclarationLines.AsNoTracking().Where(l => l.EnterpriseId == enterpriseId && l.Period == period).ToListAsync(ct);
            declared.AddRange(lines.Where(l => l.Period == period));
            var reportId = await db.ExportReturns.Where(r => r.EnterpriseId == enterpriseId && r.Period == period).Select(r => (Guid?)r.Id).SingleOrDefaultAsync(ct);
            var report = reportId is { } id ? await commands.LoadForChangeAsync(user, id, ct) : null;
            // What the enterprise added to the month's lines (model, mode, nonconformities) is kept; the quantities and values are the declarations'.
            var previous = report?.Latest.Lines.ToDictionary(l => (l.HsCode, l.CountryCode, l.ProductName, l.Unit), l => l) ?? [];
            var aggregated = declared.GroupBy(l => (l.HsCode, l.CountryCode, l.GoodsName, l.Unit)).Select(g =>
            {
                var kept = previous.GetValueOrDefault(g.Key);
                return new ExportReturnLine
                {
                    ProductName = g.Key.GoodsName, HsCode = g.Key.HsCode, CountryCode = g.Key.CountryCode, Unit = g.Key.Unit,
                    Quantity = g.Sum(l => l.Quantity), ValueUsd = g.Sum(l => l.ValueUsd), Batches = g.Select(l => l.DeclarationNumber).Distinct().Count(),
                    Model = kept?.Model, Mode = kept?.Mode ?? mode,
                    NonconformingBatches = Math.Min(kept?.NonconformingBatches ?? 0, g.Select(l => l.DeclarationNumber).Distinct().Count()),
                    NonconformingQuantity = Math.Min(kept?.NonconformingQuantity ?? 0, g.Sum(l => l.Quantity)),
                    NonconformityDescription = kept?.NonconformityDescription,
                };
            }).OrderBy(l => l.HsCode).ThenBy(l => l.CountryCode).ToList();
            var incidents = report?.Latest.Incidents.Select(i => i.Copy()).ToList() ?? [];
            await commands.StageAsync(user, enterpriseId, period, report, new ReturnDraft(false, aggregated, incidents), ReturnSource.Customs, submit: false, Text.Get("导入报关数据"), ct);
        }
        // One SaveChanges: the declaration lines and the months' returns are saved together or not at all.
        await db.SaveChangesAsync(ct);
        return new CustomsImportResult(lines.Count, periods, []);
    }

    /// <summary>Customs data does not say the export mode: the enterprise's main mode is the default, to be corrected in the draft.</summary>
    private static ExportMode DominantMode(Enterprise e) =>
        (e.OwnBrandShare ?? 0) >= Math.Max(e.OdmShare ?? 0, e.OemShare ?? 0) && e.OwnBrandShare > 0 ? ExportMode.OwnBrand
        : (e.OdmShare ?? 0) >= (e.OemShare ?? 0) && e.OdmShare > 0 ? ExportMode.Odm : ExportMode.Oem;

    private static CustomsImportResult Fail(string message) => new(0, [], [new RowError(0, "", message)]);

    private static CustomsImportResult NotFound() => new(0, [], [new RowError(0, "", Text.Get("企业不存在"))], StatusCodes.Status404NotFound);
}
