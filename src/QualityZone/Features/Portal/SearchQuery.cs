using System.Text;

namespace QualityZone.Features.Portal;

/// <summary>
/// What a reader typed into the portal's search box, as the full-text indexes can answer it. The text is split into
/// words — English words, Chinese phrases split into the glossary's words (<see cref="SearchGlossary"/>) with what is
/// left kept as one run — and every word must occur, in any order. A word also matches its translation from the
/// glossary. English words match their inflections by a light suffix stripping and a prefix match ("valve" finds
/// "valves", "recalls" finds "recalled"); a Chinese word matches when its adjacent-character pairs all occur (the
/// index's tokens, <see cref="NoticeSearch.Tokens"/>).
/// </summary>
public sealed class SearchQuery
{
    /// <summary>One index token; a prefix token matches every token that starts with it.</summary>
    public sealed record Token(string Text, bool Prefix);

    /// <summary>Every group must match; a group matches when any of its alternatives does; an alternative when all its tokens do.</summary>
    public IReadOnlyList<IReadOnlyList<IReadOnlyList<Token>>> Groups { get; }

    private SearchQuery(List<IReadOnlyList<IReadOnlyList<Token>>> groups) => Groups = groups;

    public bool IsEmpty => Groups.Count == 0;

    /// <summary>Words that say nothing on their own; dropped unless the query has nothing else.</summary>
    private static readonly HashSet<string> StopWords = ["a", "an", "and", "the", "of", "for", "in", "on", "to", "with", "or", "by", "at", "from"];

    internal static bool IsCjk(char c) => c is >= '\u3400' and <= '\u9fff' or >= '\uf900' and <= '\ufaff';

    /// <summary>The Latin words and numbers of a text, lower case.</summary>
    public static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) && !IsCjk(c)) { word.Append(char.ToLowerInvariant(c)); continue; }
            if (word.Length > 0) { yield return word.ToString(); word.Clear(); }
        }
        if (word.Length > 0) yield return word.ToString();
    }

    /// <summary>
    /// A light English stemmer for queries (an "S-stemmer" with -ed / -ing, after Harman 1991): the result is matched as a
    /// prefix, so it only has to be a common beginning of the inflected forms ("batteries" → "batter", matching battery).
    /// Numbers and codes are left as they are.
    /// </summary>
    public static string Stem(string word)
    {
        if (word.Length <= 3 || !word.All(char.IsAsciiLetter)) return word;
        string Cut(int n) => word.Length - n >= 4 ? word[..^n] : word;
        if (word.EndsWith("ies") || word.EndsWith("ied")) return Cut(3);
        if (word.EndsWith("sses") || word.EndsWith("xes") || word.EndsWith("ches") || word.EndsWith("shes")) return Cut(2);
        if (word.EndsWith("ss") || word.EndsWith("us") || word.EndsWith("is")) return word;
        if (word.EndsWith('s')) return Cut(1);
        if (word.EndsWith("ing")) return Cut(3);
        if (word.EndsWith("ed")) return Cut(2);
        return word;
    }

    private static Token EnglishToken(string stem) => new(stem, Prefix: stem.Length >= 3 && stem.All(char.IsAsciiLetter));

    /// <summary>The index tokens a Chinese word must all have: its adjacent pairs (or the character alone).</summary>
    private static IReadOnlyList<Token> ChineseTokens(string word) =>
        word.Length == 1 ? [new Token(word, false)] : Enumerable.Range(0, word.Length - 1).Select(i => new Token(word.Substring(i, 2), false)).Distinct().ToList();

    private static IReadOnlyList<Token> EnglishTokens(string phrase) => Words(phrase).Select(w => EnglishToken(Stem(w))).ToList();

    public static SearchQuery Parse(string? text)
    {
        var groups = new List<IReadOnlyList<IReadOnlyList<Token>>>();
        if (string.IsNullOrWhiteSpace(text)) return new(groups);
        var latin = new List<string>();
        var chinese = new StringBuilder();
        void FlushLatin() { EnglishGroups(latin, groups); latin.Clear(); }
        void FlushChinese() { ChineseGroups(chinese.ToString(), groups); chinese.Clear(); }
        foreach (var part in Pieces(text))
        {
            if (IsCjk(part[0])) { FlushLatin(); chinese.Append(part); }
            else { FlushChinese(); latin.Add(part); }
        }
        FlushLatin();
        FlushChinese();
        // Same group twice (a word typed twice) asks nothing more.
        return new(groups.DistinctBy(g => string.Join('|', g.Select(a => string.Join(' ', a)))).ToList());
    }

    /// <summary>The text as Chinese runs and Latin words in order (anything else separates).</summary>
    private static IEnumerable<string> Pieces(string text)
    {
        var piece = new StringBuilder();
        bool? cjk = null;
        foreach (var c in text)
        {
            var isCjk = IsCjk(c);
            if (!isCjk && !char.IsLetterOrDigit(c)) { if (piece.Length > 0) yield return piece.ToString(); piece.Clear(); cjk = null; continue; }
            if (cjk is { } was && was != isCjk) { yield return piece.ToString(); piece.Clear(); }
            piece.Append(isCjk ? c : char.ToLowerInvariant(c));
            cjk = isCjk;
        }
        if (piece.Length > 0) yield return piece.ToString();
    }

    /// <summary>English words: the longest glossary phrase at each place is one group (with its Chinese words), other words one group each.</summary>
    private static void EnglishGroups(List<string> words, List<IReadOnlyList<IReadOnlyList<Token>>> groups)
    {
        var stems = words.Select(Stem).ToList();
        var meaningful = words.Count(w => !StopWords.Contains(w));
        for (var i = 0; i < stems.Count;)
        {
            var taken = 0;
            for (var n = Math.Min(SearchGlossary.LongestEnglish, stems.Count - i); n >= 1 && taken == 0; n--)
                if (SearchGlossary.ChineseOf.TryGetValue(string.Join(' ', stems.Skip(i).Take(n)), out var chinese))
                {
                    groups.Add([stems.Skip(i).Take(n).Select(EnglishToken).ToList(), .. chinese.Select(ChineseTokens)]);
                    taken = n;
                }
            if (taken == 0)
            {
                if (!StopWords.Contains(words[i]) || meaningful == 0) groups.Add([[EnglishToken(stems[i])]]);
                taken = 1;
            }
            i += taken;
        }
    }

    /// <summary>
    /// A Chinese run split by forward longest match on the glossary; the characters between two glossary words stay
    /// together as one word (they must occur as typed). A glossary word also matches its English equivalents.
    /// </summary>
    private static void ChineseGroups(string run, List<IReadOnlyList<IReadOnlyList<Token>>> groups)
    {
        var unknown = new StringBuilder();
        void FlushUnknown() { if (unknown.Length > 0) groups.Add([ChineseTokens(unknown.ToString())]); unknown.Clear(); }
        for (var i = 0; i < run.Length;)
        {
            var word = Enumerable.Range(2, Math.Max(0, Math.Min(SearchGlossary.LongestChinese, run.Length - i) - 1)).Reverse()
                .Select(n => run.Substring(i, n)).FirstOrDefault(SearchGlossary.EnglishOf.ContainsKey)
                // A single character is a word only when it stands alone (阀), not inside a run of unknown characters.
                ?? (run.Length == 1 && SearchGlossary.EnglishOf.ContainsKey(run) ? run : null);
            if (word is null) { unknown.Append(run[i]); i++; continue; }
            FlushUnknown();
            groups.Add([ChineseTokens(word), .. SearchGlossary.EnglishOf[word].Select(EnglishTokens)]);
            i += word.Length;
        }
        FlushUnknown();
    }

    /// <summary>As an SQLite FTS5 query: <c>(电磁 AND 磁阀) OR (solenoid* AND valve*)</c> with each token quoted per group, groups joined by AND.</summary>
    public string ToFts5() => string.Join(" AND ", Groups.Select(g => "(" + string.Join(" OR ", g.Select(a => "(" + string.Join(" AND ", a.Select(t => "\"" + t.Text.Replace("\"", "\"\"") + "\"" + (t.Prefix ? "*" : ""))) + ")")) + ")"));

    /// <summary>As a PostgreSQL tsquery for the 'simple' configuration: <c>('电磁' &amp; '磁阀' | 'solenoid':* &amp; 'valve':*)</c> per group.</summary>
    public string ToTsQuery() => string.Join(" & ", Groups.Select(g => "(" + string.Join(" | ", g.Select(a => "(" + string.Join(" & ", a.Select(t => "'" + t.Text.Replace("'", "''").Replace("\\", "\\\\") + "'" + (t.Prefix ? ":*" : ""))) + ")")) + ")"));

    public override string ToString() => ToFts5();
}
