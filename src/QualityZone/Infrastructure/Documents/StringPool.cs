namespace QualityZone.Infrastructure.Documents;

/// <summary>
/// One instance of each distinct text an import keeps. Every cell of a workbook is read as a new string, yet a
/// 100,000-row return repeats a few product names, models, HS codes and units: held once each, the lines waiting for
/// their save take a fraction of the memory (issue 22.6). Bounded, so a file of unique texts does not grow it without end.
/// </summary>
public sealed class StringPool(int capacity = 50_000)
{
    private readonly HashSet<string> strings = new(StringComparer.Ordinal);

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public string? Share(string? text)
    {
        if (text is null) return null;
        if (strings.TryGetValue(text, out var shared)) return shared;
        if (strings.Count < capacity) strings.Add(text);
        return text;
    }
}
