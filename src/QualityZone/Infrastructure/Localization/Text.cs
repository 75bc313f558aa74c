using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace QualityZone.Infrastructure.Localization;

/// <summary>
/// Chinese is the source language: every UI string is written in Chinese and used as its own key;
/// <c>Resources/en.json</c> maps it to English. A missing translation shows the Chinese (and a test
/// fails on it). Format placeholders ({0}) are kept by both languages.
/// </summary>
public static class Text
{
    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    public static readonly CultureInfo[] Supported = [Chinese, English];

    private static readonly Lazy<FrozenDictionary<string, string>> EnglishTexts = new(() => Load("en"));

    public static IReadOnlyDictionary<string, string> EnglishTranslations => EnglishTexts.Value;

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Get(string chinese) =>
        IsEnglish && EnglishTexts.Value.TryGetValue(chinese, out var english) ? english : chinese;

    public static string Format(string chinese, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, Get(chinese), args);

    /// <summary>A label's colon: full-width in Chinese, ": " in English.</summary>
    public static string Colon => IsEnglish ? ": " : "：";

    /// <summary>Between the items of a list: the enumeration comma in Chinese, ", " in English.</summary>
    public static string ListSeparator => IsEnglish ? ", " : "\u3001";

    /// <summary>Between clauses or notes that each have their own commas: "；" in Chinese, "; " in English.</summary>
    public static string ClauseSeparator => IsEnglish ? "; " : "；";

    /// <summary>An aside in parentheses, full-width in Chinese; nothing when there is none.</summary>
    public static string Aside(string? text) => string.IsNullOrEmpty(text) ? "" : IsEnglish ? $" ({text})" : $"（{text}）";

    /// <summary>Text cut to fit a column of <paramref name="length"/> characters, the cut marked with "…".</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Shorten(string? text, int length) => text is null || text.Length <= length ? text : text[..(length - 1)] + "…";

    /// <summary>Picks the Chinese or English variant of a bilingual data field (names, measures).</summary>
    public static string Pick(string chinese, string? english) =>
        IsEnglish && !string.IsNullOrWhiteSpace(english) ? english : chinese;

    private static FrozenDictionary<string, string> Load(string culture)
    {
        using var stream = typeof(Text).Assembly.GetManifestResourceStream($"QualityZone.Resources.{culture}.json")
            ?? throw new InvalidOperationException($"Resources/{culture}.json is not embedded.");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

/// <summary>IStringLocalizer over <see cref="Text"/>, so views use the familiar L["..."].</summary>
public sealed class TextLocalizer : IStringLocalizer
{
    public LocalizedString this[string name]
    {
        get
        {
            var value = Text.Get(name);
            return new LocalizedString(name, value, resourceNotFound: Text.IsEnglish && ReferenceEquals(value, name));
        }
    }

    public LocalizedString this[string name, params object[] arguments] =>
        new(name, string.Format(System.Globalization.CultureInfo.CurrentCulture, this[name].Value, arguments));

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        Text.EnglishTranslations.Select(pair => this[pair.Key]);
}

public sealed class TextLocalizerFactory : IStringLocalizerFactory
{
    private static readonly TextLocalizer Instance = new();
    public IStringLocalizer Create(Type resourceSource) => Instance;
    public IStringLocalizer Create(string baseName, string location) => Instance;
}
