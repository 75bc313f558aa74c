using System.Globalization;
using QualityZone.Infrastructure.Localization;
using L10n = QualityZone.Infrastructure.Localization.Text;

namespace QualityZone.Infrastructure.Documents;

/// <summary>An import error: Excel row (the header is row 1), column and reason.</summary>
public sealed record RowError(int Row, string Column, string Reason);

/// <summary>Typed reading of one row of an uploaded workbook (every import: enterprises, returns, customs data), collecting a precise error per bad cell.</summary>
public sealed class ExcelRow(IDictionary<string, object?> cells, int rowNumber, List<RowError> errors)
{
    public int RowNumber => rowNumber;

    public bool IsEmpty => cells.Values.All(v => string.IsNullOrWhiteSpace(Convert.ToString(v, CultureInfo.InvariantCulture)));

    public string? Text(string column) =>
        cells.TryGetValue(column, out var value) && value is not null
            ? (value is double d ? d.ToString("0.##########", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture))?.Trim() is { Length: > 0 } s ? s : null
            : null;

    public decimal? Number(string column)
    {
        if (cells.TryGetValue(column, out var value) && value is double d) return (decimal)d;
        var text = Text(column)?.Replace(",", "");
        if (text is null) return null;
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)) return number;
        errors.Add(new RowError(rowNumber, column, L10n.Format("“{0}”不是数字", text)));
        return null;
    }

    public int? Integer(string column)
    {
        var text = Text(column);
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        errors.Add(new RowError(rowNumber, column, L10n.Format("“{0}”不是整数", text)));
        return null;
    }

    public DateOnly? Date(string column)
    {
        if (cells.TryGetValue(column, out var value) && value is DateTime dateTime) return DateOnly.FromDateTime(dateTime);
        var text = Text(column);
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors.Add(new RowError(rowNumber, column, L10n.Format("“{0}”不是日期（格式 yyyy-MM-dd）", text)));
        return null;
    }

    /// <summary>A month cell: "2026-10" as text, or a date Excel made of it.</summary>
    public string? Period(string column)
    {
        if (cells.TryGetValue(column, out var value) && value is DateTime dateTime) return dateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        return Text(column);
    }

    /// <summary>Maps field errors of the shared validation (Lines[0].HsCode) onto this row's columns.</summary>
    public void AddFieldErrors(IEnumerable<(string Field, string Message)> fieldErrors, Func<string, string> columnOf)
    {
        foreach (var (field, message) in fieldErrors)
            errors.Add(new RowError(rowNumber, columnOf(field[(field.LastIndexOf('.') + 1)..]), message));
    }
}

public static class ExcelFiles
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The error for a file that is not a readable workbook.</summary>
    public static RowError Unreadable => new(0, "", Text.Get("无法读取文件：请上传由模板填写的 .xlsx 文件"));

    /// <summary>
    /// Why an uploaded workbook is refused before it is read (decompression bomb, a cell longer than Excel allows,
    /// more rows than the import takes), or null; checked while decompressing, see <see cref="PackageLimits"/>.
    /// </summary>
    public static RowError? Refused(Stream workbook, int maxRows) =>
        PackageLimits.Workbook(maxRows).Check(workbook) is { } problem ? new RowError(0, "", problem) : null;

    /// <summary>
    /// An uploaded workbook to read. MiniExcel needs a seekable stream; the form's own is one (ASP.NET Core keeps an upload
    /// over 64 KB in a temporary file), so it is read in place: copying a 10 MB workbook into memory grew a 16 MB array
    /// through every size below it, a third of an import's extra memory (issue 22.6).
    /// </summary>
    public static async Task<Stream> OpenAsync(IFormFile file, CancellationToken ct)
    {
        var stream = file.OpenReadStream();
        if (stream.CanSeek) return stream;
        await using (stream)
        {
            var buffer = new MemoryStream(checked((int)file.Length));
            await stream.CopyToAsync(buffer, ct);
            buffer.Position = 0;
            return buffer;
        }
    }

    public static bool IsUnreadable(Exception ex) =>
        ex is InvalidDataException or InvalidOperationException or IOException or System.Xml.XmlException or NotSupportedException or FormatException or ArgumentException;
}
