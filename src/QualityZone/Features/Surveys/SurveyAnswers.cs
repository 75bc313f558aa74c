using System.Globalization;
using System.Text.Json;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Surveys;

/// <summary>A file given as an answer, kept by the file store.</summary>
public sealed record AnswerFile(string Sha256, string Name, long Size, string ContentType);

/// <summary>
/// An answer read from its JSON (the API's body, or the form turned into the same JSON) and checked
/// against its question, into the stored form of <see cref="SurveyAnswer.Value"/>; and back.
/// A wrong type or a value over a limit is refused with the question named.
/// </summary>
public static class SurveyAnswers
{
    public const int DefaultTextLimit = 2000;
    public const int DefaultRowLimit = 20;
    public const int CellLimit = 200;

    /// <summary>The stored value, or null for no answer; or the reason the value is refused.</summary>
    public static (string? Value, string? Error) Read(SurveyQuestion question, JsonElement value, int position)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return (null, null);
        string Wrong(string message) => Text.Format("第 {0} 题“{1}”：{2}", position, Text.Shorten(question.Text, 30)!, message);
        switch (question.Type)
        {
            case QuestionType.Single:
                if (value.ValueKind != JsonValueKind.String) return (null, Wrong(Text.Get("请选择一个选项")));
                var choice = value.GetString()!.Trim();
                if (choice.Length == 0) return (null, null);
                return question.OptionList.Contains(choice) ? (choice, null) : (null, Wrong(Text.Format("“{0}”不是可选项", Text.Shorten(choice, 40)!)));
            case QuestionType.Multiple:
                if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String)) return (null, Wrong(Text.Get("请选择选项（可多选）")));
                var choices = value.EnumerateArray().Select(e => e.GetString()!.Trim()).Where(c => c.Length > 0).Distinct().ToList();
                if (choices.FirstOrDefault(c => !question.OptionList.Contains(c)) is { } unknown) return (null, Wrong(Text.Format("“{0}”不是可选项", Text.Shorten(unknown, 40)!)));
                // Stored in the questionnaire's order, so two answers with the same choices read the same.
                return choices.Count == 0 ? (null, null) : (JsonSerializer.Serialize(question.OptionList.Where(choices.Contains)), null);
            case QuestionType.Number:
                decimal number;
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var n)) number = n;
                else if (value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Replace(",", "") is var s)
                {
                    if (s.Length == 0) return (null, null);
                    if (!decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out number)) return (null, Wrong(Text.Format("“{0}”不是数字", Text.Shorten(s, 40)!)));
                }
                else return (null, Wrong(Text.Get("请填写数字")));
                if (question.Min is { } min && number < min) return (null, Wrong(Text.Format("不能小于 {0}", Format(min))));
                if (question.Max is { } max && number > max) return (null, Wrong(Text.Format("不能大于 {0}", Format(max))));
                if (decimal.Round(number, 4) != number) return (null, Wrong(Text.Get("最多保留 4 位小数")));
                return (Format(number), null);
            case QuestionType.Text:
                if (value.ValueKind != JsonValueKind.String) return (null, Wrong(Text.Get("请填写文字")));
                var text = value.GetString()!.Trim();
                var limit = question.Limit ?? DefaultTextLimit;
                if (text.Length > limit) return (null, Wrong(Text.Format("不能超过 {0} 字", limit)));
                return (text.Length == 0 ? null : text, null);
            case QuestionType.Table:
                if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.Array || r.EnumerateArray().Any(c => c.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null))))
                    return (null, Wrong(Text.Get("表格应为行的列表，每行为各列的值")));
                var columns = question.ColumnList.Count;
                var rows = value.EnumerateArray()
                    .Select(r => r.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.Null ? "" : c.ValueKind == JsonValueKind.Number ? c.GetRawText() : c.GetString()!.Trim()).ToList())
                    .Where(r => r.Any(c => c.Length > 0)).ToList();
                if (rows.Any(r => r.Count > columns)) return (null, Wrong(Text.Format("每行最多 {0} 列", columns)));
                var rowLimit = question.Limit ?? DefaultRowLimit;
                if (rows.Count > rowLimit) return (null, Wrong(Text.Format("最多填写 {0} 行", rowLimit)));
                if (rows.Any(r => r.Any(c => c.Length > CellLimit))) return (null, Wrong(Text.Format("每格不能超过 {0} 字", CellLimit)));
                return rows.Count == 0 ? (null, null) : (JsonSerializer.Serialize(rows.Select(r => r.Concat(Enumerable.Repeat("", columns - r.Count)).ToList())), null);
            default:
                // A file is given by upload, never in the JSON of answers.
                return (null, Wrong(Text.Get("附件请通过上传提交")));
        }
    }

    public static string Format(decimal number) => number.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>The choices of a stored multiple-choice answer.</summary>
    public static IReadOnlyList<string> Choices(string value) => JsonSerializer.Deserialize<List<string>>(value) ?? [];

    /// <summary>The rows of a stored table answer.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Rows(string value) => JsonSerializer.Deserialize<List<List<string>>>(value)?.Select(r => (IReadOnlyList<string>)r).ToList() ?? [];

    public static AnswerFile? File(string value) => JsonSerializer.Deserialize<AnswerFile>(value);

    public static decimal? Number(string value) => decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>The stored value as JSON for the API: a string, a number, an array of choices, rows, or a file.</summary>
    public static JsonElement ToJson(QuestionType type, string value) => type switch
    {
        QuestionType.Number => JsonSerializer.SerializeToElement(Number(value)),
        QuestionType.Multiple or QuestionType.Table or QuestionType.File => JsonDocument.Parse(value).RootElement.Clone(),
        _ => JsonSerializer.SerializeToElement(value),
    };

    /// <summary>The answer as one line of text (Excel export, a response page).</summary>
    public static string Display(QuestionType type, string value) => type switch
    {
        // The options are the survey's own words; those the platform knows (是, 否, 自主品牌…) read in the reader's language.
        QuestionType.Single => Text.Get(value),
        QuestionType.Multiple => string.Join(Text.ListSeparator, Choices(value).Select(Text.Get)),
        QuestionType.Table => string.Join("; ", Rows(value).Select(r => string.Join(" | ", r))),
        QuestionType.File => File(value)?.Name ?? "",
        _ => value,
    };
}
