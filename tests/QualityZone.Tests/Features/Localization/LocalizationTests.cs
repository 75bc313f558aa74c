using System.Text.RegularExpressions;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Tests.Features.Localization;

/// <summary>Every Chinese UI string in the source has an English translation in Resources/en.json.</summary>
public sealed partial class LocalizationTests
{
    private static string SourceRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QualityZone.slnx"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "src", "QualityZone");
    }

    /// <summary>
    /// UI text is written in Chinese inside string literals (L["…"], Text.Get("…"), validation
    /// messages…); each needs its English. Demo data and the CLI's bilingual lines are data, not UI.
    /// </summary>
    [Fact]
    public void Every_chinese_string_in_the_code_has_an_english_translation()
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in SourceFiles())
        {
            foreach (var line in UiLines(file))
            {
                var (keys, _) = Split(line);
                foreach (var key in keys.Where(k => HasChinese().IsMatch(k) && !Bilingual(k) && !Interpolation().IsMatch(k)))
                    if (!Text.EnglishTranslations.ContainsKey(key)) missing.Add($"{Path.GetFileName(file)}: {key}");
            }
        }
        Assert.True(missing.Count == 0, "Missing English for:\n" + string.Join("\n", missing));
    }

    /// <summary>"企业名录 / Enterprises": Chinese and its English side by side (API summaries, CLI lines) need no entry.</summary>
    private static bool Bilingual(string key) =>
        key.LastIndexOf(" / ", StringComparison.Ordinal) is var i and >= 0 && !HasChinese().IsMatch(key[(i + 3)..]);

    [Fact]
    public void Views_have_no_chinese_outside_localized_strings()
    {
        var raw = new List<string>();
        foreach (var file in SourceFiles().Where(f => f.EndsWith(".cshtml")))
        {
            foreach (var (line, number) in File.ReadLines(file).Select((l, i) => (l, i + 1)))
                if (HasChinese().IsMatch(Split(line).Remainder))
                    raw.Add($"{Path.GetFileName(file)}:{number}: {line.Trim()}");
        }
        Assert.True(raw.Count == 0, "Chinese text not passed through L[…]:\n" + string.Join("\n", raw));
    }

    /// <summary>
    /// The lines of a file that hold UI text: lines between "// <data>" and "// </data>" are data
    /// in Chinese by nature (the Chinese headers of an import template, example values), not UI.
    /// </summary>
    private static IEnumerable<string> UiLines(string file)
    {
        var inData = false;
        foreach (var line in File.ReadLines(file))
        {
            if (line.Trim() == "// <data>") inData = true;
            else if (line.Trim() == "// </data>") inData = false;
            else if (!inData) yield return line;
        }
    }

    /// <summary>The string literals of a line (L["…"] first, so attribute quotes do not confuse it) and what is left.</summary>
    private static (List<string> Keys, string Remainder) Split(string line)
    {
        var keys = new List<string>();
        var rest = LocalizerCall().Replace(line, m => { keys.Add(m.Groups[1].Value); return ""; });
        rest = Literal().Replace(rest, m => { keys.Add(m.Groups[1].Value); return ""; });
        return (keys, rest);
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(SourceRoot(), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs") || f.EndsWith(".cshtml"))
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/") && !f.Contains("/Migrations/") && !f.Contains("/Demo/") && !f.Contains("/Cli/"));

    /// <summary>
    /// A notification is kept and read later, by readers of either language: the platform's own words in its body go in
    /// as a stored message (Msg.Of(…).Store(), rendered for each reader), never as Text.Format / Text.Get, which would
    /// keep them in the sender's language. People's own words (a refusal reason, a review note) go in as typed.
    /// </summary>
    [Fact]
    public void Notification_bodies_in_the_platforms_words_are_stored_as_messages()
    {
        var offenders = new List<string>();
        foreach (var file in SourceFiles().Where(f => f.EndsWith(".cs")))
            foreach (Match call in NotifyCall().Matches(File.ReadAllText(file)))
                if (call.Groups["args"].Value.Contains("Text.Format(") || call.Groups["args"].Value.Contains("Text.Get("))
                    offenders.Add($"{Path.GetFileName(file)}: {Regex.Replace(call.Value, @"\s+", " ")}");
        Assert.True(offenders.Count == 0, "Notification text kept in the sender's language:\n" + string.Join("\n", offenders));
    }

    /// <summary>A call of NotificationService's Notify…Async with its arguments (balanced parentheses).</summary>
    [GeneratedRegex(@"Notify(Enterprises|Department|Role)Async\((?<args>(?:[^()]|\((?<d>)|\)(?<-d>))*(?(d)(?!)))\)")]
    private static partial Regex NotifyCall();

    /// <summary>Issue 21: generated text stored as a message renders in the reader's language, nested labels and numbers too; plain text stays as typed.</summary>
    [Fact]
    public void A_stored_message_renders_in_the_readers_language_and_plain_text_stays_as_it_is()
    {
        var stored = Msg.Of("{0} 出口质量月报：{1}（截止 {2}）", "2026-11", Msg.Of("逾期未报"), new DateOnly(2026, 12, 15)).Store();
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = Text.Chinese;
            Assert.Equal("2026-11 出口质量月报：逾期未报（截止 2026-12-15）", Msg.Render(stored));
            System.Globalization.CultureInfo.CurrentUICulture = Text.English;
            var english = Msg.Render(stored);
            Assert.Equal(string.Format(Text.EnglishTranslations["{0} 出口质量月报：{1}（截止 {2}）"], "2026-11", Text.EnglishTranslations["逾期未报"], "2026-12-15"), english);
            Assert.DoesNotMatch("[\u4e00-\u9fff]", english);
            // Text a person typed (or written before messages were stored) is shown as it is, braces and all.
            Assert.Equal("请核对货值 {0}", Msg.Render("请核对货值 {0}"));
            Assert.Null(Msg.Render(null));
        }
        finally { System.Globalization.CultureInfo.CurrentUICulture = previous; }
    }

    [Fact]
    public void Translations_keep_their_format_placeholders()
    {
        foreach (var (zh, en) in Text.EnglishTranslations)
        {
            var zhHoles = Placeholder().Matches(zh).Select(m => m.Value).Order();
            var enHoles = Placeholder().Matches(en).Select(m => m.Value).Order();
            Assert.True(zhHoles.SequenceEqual(enHoles), $"placeholders differ: «{zh}» → «{en}»");
        }
    }

    [GeneratedRegex("\"((?:[^\"\\\\\\r\\n]|\\\\.)*)\"")]
    private static partial Regex Literal();

    [GeneratedRegex(@"L(?:\[|\.GetString\()""([^""]*)""")]
    private static partial Regex LocalizerCall();

    [GeneratedRegex(@"\{[A-Za-z_][^}]*\}")]
    private static partial Regex Interpolation();

    [GeneratedRegex(@"[\u4e00-\u9fff]")]
    private static partial Regex HasChinese();

    [GeneratedRegex(@"\{\d+[^}]*\}")]
    private static partial Regex Placeholder();
}
