using QualityZone.Features.Reference;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.ExportArchives;

/// <summary>A field error: <c>Lines[3].HsCode</c> and its localized message.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>
/// A monthly return as entered: by the web form, an Excel workbook or an ERP through the API. All
/// three are checked by <see cref="Validate"/>, so the rules are the same whichever way it comes in.
/// </summary>
public sealed class ReturnInput
{
    /// <summary>"yyyy-MM".</summary>
    public string? Period { get; set; }
    /// <summary>本月无出口: a return without lines.</summary>
    public bool NoExports { get; set; }
    public List<LineInput> Lines { get; set; } = [];
    public List<IncidentInput> Incidents { get; set; } = [];

    public sealed class LineInput
    {
        public string? ProductName { get; set; }
        public string? Model { get; set; }
        public string? HsCode { get; set; }
        /// <summary>ISO 3166-1 alpha-2 destination.</summary>
        public string? Country { get; set; }
        public decimal? Quantity { get; set; }
        public string? Unit { get; set; }
        /// <summary>Value in USD; or give <see cref="ValueCny"/> and it is converted at the month's rate.</summary>
        public decimal? ValueUsd { get; set; }
        public decimal? ValueCny { get; set; }
        public ExportMode? Mode { get; set; }
        public int? Batches { get; set; }
        public int? NonconformingBatches { get; set; }
        public decimal? NonconformingQuantity { get; set; }
        public string? NonconformityDescription { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(ProductName) && string.IsNullOrWhiteSpace(HsCode) && string.IsNullOrWhiteSpace(Country)
            && Quantity is null && ValueUsd is null && ValueCny is null;
    }

    public sealed class IncidentInput
    {
        public IncidentKind? Kind { get; set; }
        public string? Reference { get; set; }
        /// <summary>One or more ISO 3166-1 alpha-2 codes separated by ';' or ','.</summary>
        public string? Countries { get; set; }
        public DateOnly? Date { get; set; }
        public string? ProductName { get; set; }
        public string? HsCode { get; set; }
        public decimal? Quantity { get; set; }
        public decimal? ValueUsd { get; set; }
        public string? Summary { get; set; }

        public bool IsBlank => Kind is null && string.IsNullOrWhiteSpace(Reference) && string.IsNullOrWhiteSpace(Countries) && string.IsNullOrWhiteSpace(Summary);
    }

    // Upper bounds that no line of a pneumatic exporter reaches: a value beyond them is a typing
    // error (an extra zero, a value in fen), not an export.
    public const decimal MaxQuantity = 100_000_000m;
    public const decimal MaxLineValueUsd = 500_000_000m;
    public const int MaxBatches = 100_000;
    public const int MaxLines = 200_000;

    /// <summary>
    /// Checks the input and builds the version content. <paramref name="cnyPerUsd"/> is the office's
    /// rate for the month (null when not set: then CNY values are refused).
    /// </summary>
    public (List<FieldError> Errors, List<ExportReturnLine> Lines, List<ExportReturnIncident> Incidents) Validate(DateOnly today, decimal? cnyPerUsd)
    {
        var errors = new List<FieldError>();
        ValidatePeriod(Period, today, errors);
        var lines = new List<ExportReturnLine>();
        var incidents = new List<ExportReturnIncident>();
        // Blank rows (left over in the form) are skipped; errors name the row's position as entered.
        if (NoExports && Lines.Any(l => !l.IsBlank)) errors.Add(new(nameof(NoExports), Text.Get("选择“本月无出口”时不能填写出口明细")));
        if (Lines.Count > MaxLines) errors.Add(new(nameof(Lines), Text.Format("一份月报最多 {0} 行", MaxLines)));
        for (var i = 0; i < Lines.Count; i++)
            if (!Lines[i].IsBlank && ValidateLine(Lines[i], $"Lines[{i}].", cnyPerUsd, errors) is { } line) lines.Add(line);
        for (var i = 0; i < Incidents.Count; i++)
            if (!Incidents[i].IsBlank && ValidateIncident(Incidents[i], $"Incidents[{i}].", today, errors) is { } incident) incidents.Add(incident);
        return (errors, lines, incidents);
    }

    public static void ValidatePeriod(string? period, DateOnly today, List<FieldError> errors)
    {
        if (!ExportReturn.TryParsePeriod(period?.Trim(), out var first))
            errors.Add(new(nameof(Period), Text.Get("月份格式应为 yyyy-MM，如 2026-10")));
        // A month is reported once it has ended: the current month's exports are not all known yet.
        else if (first > new DateOnly(today.Year, today.Month, 1))
            errors.Add(new(nameof(Period), Text.Format("{0} 是将来的月份，不能申报", period)));
        else if (first == new DateOnly(today.Year, today.Month, 1))
            errors.Add(new(nameof(Period), Text.Format("{0} 尚未结束，月末之后才能申报", period)));
        else if (first.Year < 2000)
            errors.Add(new(nameof(Period), Text.Get("月份不能早于 2000 年")));
    }

    /// <summary>One line's rules; returns null when it has errors (they are added to <paramref name="errors"/>).</summary>
    public static ExportReturnLine? ValidateLine(LineInput input, string prefix, decimal? cnyPerUsd, List<FieldError> errors)
    {
        var before = errors.Count;
        void Error(string field, string message) => errors.Add(new(prefix + field, message));

        var name = input.ProductName?.Trim();
        if (string.IsNullOrEmpty(name)) Error(nameof(LineInput.ProductName), Text.Get("请填写产品名称"));
        else if (name.Length > 200) Error(nameof(LineInput.ProductName), Text.Get("产品名称不能超过 200 字"));
        if (input.Model?.Trim().Length > 100) Error(nameof(LineInput.Model), Text.Get("型号不能超过 100 字"));
        var hs = ReferenceData.NormalizeHsCode(input.HsCode);
        if (string.IsNullOrWhiteSpace(input.HsCode)) Error(nameof(LineInput.HsCode), Text.Get("请填写 HS 编码"));
        else if (!ReferenceData.IsKnownHsCode(input.HsCode)) Error(nameof(LineInput.HsCode), Text.Format("HS 编码 {0} 不存在（应为 6 到 10 位，前 6 位为 HS 2022 子目）", input.HsCode));
        var country = ReferenceData.ParseCountry(input.Country);
        if (string.IsNullOrWhiteSpace(input.Country)) Error(nameof(LineInput.Country), Text.Get("请填写目的国"));
        else if (country is null) Error(nameof(LineInput.Country), Text.Format("目的国 {0} 不是 ISO 3166 国家代码或国家名称", input.Country));
        else if (country.Code == "CN") Error(nameof(LineInput.Country), Text.Get("目的国不能是中国"));
        if (input.Quantity is not { } quantity) Error(nameof(LineInput.Quantity), Text.Get("请填写数量"));
        else if (quantity <= 0) Error(nameof(LineInput.Quantity), Text.Get("数量必须大于 0"));
        else if (quantity > MaxQuantity) Error(nameof(LineInput.Quantity), Text.Format("数量 {0} 超出合理范围（不超过 {1}）", quantity, MaxQuantity));
        var unit = input.Unit?.Trim();
        if (string.IsNullOrEmpty(unit)) Error(nameof(LineInput.Unit), Text.Get("请填写计量单位"));
        else if (unit.Length > 20) Error(nameof(LineInput.Unit), Text.Get("计量单位不能超过 20 字"));

        decimal valueUsd = 0;
        decimal? rate = null;
        if (input.ValueUsd is { } usd)
        {
            // Amounts are kept to the cent on both databases.
            valueUsd = Math.Round(usd, 2, MidpointRounding.AwayFromZero);
        }
        else if (input.ValueCny is { } cny)
        {
            if (cnyPerUsd is not { } r) Error(nameof(LineInput.ValueCny), Text.Get("建设办尚未设置本月人民币汇率，请以美元填写货值"));
            else { rate = r; valueUsd = Math.Round(cny / r, 2, MidpointRounding.AwayFromZero); }
            if (cny <= 0) Error(nameof(LineInput.ValueCny), Text.Get("货值必须大于 0"));
        }
        else Error(nameof(LineInput.ValueUsd), Text.Get("请填写货值（美元或人民币）"));
        if (input.ValueUsd is not null && valueUsd <= 0) Error(nameof(LineInput.ValueUsd), Text.Get("货值必须大于 0"));
        if (valueUsd > MaxLineValueUsd) Error(nameof(LineInput.ValueUsd), Text.Format("货值 {0} 美元超出合理范围（单行不超过 {1} 美元）", valueUsd, MaxLineValueUsd));

        if (input.Mode is null) Error(nameof(LineInput.Mode), Text.Get("请选择出口方式"));
        var batches = input.Batches ?? 1;
        if (batches is < 1 or > MaxBatches) Error(nameof(LineInput.Batches), Text.Format("出口批次应在 1 到 {0} 之间", MaxBatches));
        var badBatches = input.NonconformingBatches ?? 0;
        if (badBatches < 0) Error(nameof(LineInput.NonconformingBatches), Text.Get("不合格批次不能为负数"));
        else if (badBatches > batches) Error(nameof(LineInput.NonconformingBatches), Text.Get("不合格批次不能多于出口批次"));
        var badQuantity = input.NonconformingQuantity ?? 0;
        if (badQuantity < 0) Error(nameof(LineInput.NonconformingQuantity), Text.Get("不合格数量不能为负数"));
        else if (input.Quantity is { } q && badQuantity > q) Error(nameof(LineInput.NonconformingQuantity), Text.Get("不合格数量不能多于出口数量"));
        var description = input.NonconformityDescription?.Trim();
        if ((badBatches > 0 || badQuantity > 0) && string.IsNullOrEmpty(description))
            Error(nameof(LineInput.NonconformityDescription), Text.Get("有不合格时请说明不合格情况"));
        else if (description?.Length > 1000) Error(nameof(LineInput.NonconformityDescription), Text.Get("不合格情况不能超过 1000 字"));

        if (errors.Count > before) return null;
        return new ExportReturnLine
        {
            ProductName = name!, Model = string.IsNullOrWhiteSpace(input.Model) ? null : input.Model.Trim(), HsCode = hs, CountryCode = country!.Code,
            Quantity = input.Quantity!.Value, Unit = unit!, ValueUsd = valueUsd, ValueCny = rate is null ? null : input.ValueCny, CnyPerUsd = rate,
            Mode = input.Mode!.Value, Batches = batches, NonconformingBatches = badBatches, NonconformingQuantity = badQuantity,
            NonconformityDescription = string.IsNullOrEmpty(description) ? null : description,
        };
    }

    public static ExportReturnIncident? ValidateIncident(IncidentInput input, string prefix, DateOnly today, List<FieldError> errors)
    {
        var before = errors.Count;
        void Error(string field, string message) => errors.Add(new(prefix + field, message));

        if (input.Kind is not { } kind) { Error(nameof(IncidentInput.Kind), Text.Get("请选择类型（通报、召回或退运）")); kind = IncidentKind.Notification; }
        var codes = (input.Countries ?? "").Split([';', ',', '；', '，', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (codes.Length == 0) Error(nameof(IncidentInput.Countries), Text.Get("请填写国家"));
        var countries = new List<string>();
        foreach (var code in codes)
        {
            if (ReferenceData.FindCountry(code) is { } country) countries.Add(country.Code);
            else Error(nameof(IncidentInput.Countries), Text.Format("国家代码 {0} 不是 ISO 3166 国家代码", code));
        }
        if (input.Date is { } date && date > today) Error(nameof(IncidentInput.Date), Text.Get("日期不能晚于今天"));
        var summary = input.Summary?.Trim();
        if (string.IsNullOrEmpty(summary)) Error(nameof(IncidentInput.Summary), kind == IncidentKind.Notification ? Text.Get("请填写通报摘要") : Text.Get("请填写原因"));
        else if (summary.Length > 2000) Error(nameof(IncidentInput.Summary), Text.Get("内容不能超过 2000 字"));
        switch (kind)
        {
            case IncidentKind.Notification:
                if (string.IsNullOrWhiteSpace(input.Reference)) Error(nameof(IncidentInput.Reference), Text.Get("请填写通报编号"));
                if (input.Date is null) Error(nameof(IncidentInput.Date), Text.Get("请填写通报日期"));
                break;
            case IncidentKind.Recall:
                if (input.Quantity is not > 0) Error(nameof(IncidentInput.Quantity), Text.Get("请填写召回数量（大于 0）"));
                break;
            case IncidentKind.Return:
                if (input.Quantity is not > 0) Error(nameof(IncidentInput.Quantity), Text.Get("请填写退运数量（大于 0）"));
                if (input.ValueUsd is not > 0) Error(nameof(IncidentInput.ValueUsd), Text.Get("请填写退运货值（美元，大于 0）"));
                break;
        }
        if (input.Quantity > MaxQuantity) Error(nameof(IncidentInput.Quantity), Text.Format("数量 {0} 超出合理范围（不超过 {1}）", input.Quantity, MaxQuantity));
        if (input.ValueUsd > MaxLineValueUsd) Error(nameof(IncidentInput.ValueUsd), Text.Format("货值 {0} 美元超出合理范围（单行不超过 {1} 美元）", input.ValueUsd, MaxLineValueUsd));
        if (!string.IsNullOrWhiteSpace(input.HsCode) && !ReferenceData.IsKnownHsCode(input.HsCode))
            Error(nameof(IncidentInput.HsCode), Text.Format("HS 编码 {0} 不存在（应为 6 到 10 位，前 6 位为 HS 2022 子目）", input.HsCode));
        if (input.Reference?.Trim().Length > 100) Error(nameof(IncidentInput.Reference), Text.Get("编号不能超过 100 字"));

        if (errors.Count > before) return null;
        return new ExportReturnIncident
        {
            Kind = kind, Reference = string.IsNullOrWhiteSpace(input.Reference) ? null : input.Reference.Trim(), Countries = string.Join(";", countries.Distinct()),
            Date = input.Date, ProductName = string.IsNullOrWhiteSpace(input.ProductName) ? null : input.ProductName.Trim(),
            HsCode = string.IsNullOrWhiteSpace(input.HsCode) ? null : ReferenceData.NormalizeHsCode(input.HsCode),
            Quantity = input.Quantity, ValueUsd = input.ValueUsd, Summary = summary!,
        };
    }
}
