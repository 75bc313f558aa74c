using System.Globalization;
using System.Text.Json;

namespace QualityZone.Infrastructure.Localization;

/// <summary>
/// Generated text stored as its message key (the Chinese source text) and arguments, rendered in the reader's language
/// when shown (issue 21): a notification sent by a Chinese-speaking officer reads in English to an English reader.
/// Stored as a marked JSON string in the same text column, so records written before (plain text) and free text typed
/// by people are shown as they are. An argument may itself be a message (a state's label, say), rendered the same way;
/// numbers and dates are formatted in the reader's culture.
/// </summary>
public sealed record Msg(string Key, IReadOnlyList<object?> Args)
{
    // Chinese kept as it is (not \uXXXX): the stored text stays short and readable in the database.
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Marks a stored message; no text a person types starts with it.</summary>
    private const string Marker = "\u2063msg:";

    public static Msg Of(string key, params object?[] args) => new(key, args);

    private const string ListKey = "{list}";
    private const string ClausesKey = "{clauses}";
    private const string AsideKey = "{aside}";
    private const string PickKey = "{pick}";

    /// <summary>A name kept in both languages (a code list entry, say), shown in the reader's.</summary>
    public static Msg Pick(string chinese, string? english) => new(PickKey, [chinese, english]);

    /// <summary>Items joined as the reader's language lists them (、 in Chinese, ", " in English).</summary>
    public static Msg List(IEnumerable<object?> items) => new(ListKey, items.ToList());

    /// <summary>Clauses joined as the reader's language separates them (； in Chinese, "; " in English).</summary>
    public static Msg Clauses(IEnumerable<object?> clauses) => new(ClausesKey, clauses.ToList());

    /// <summary>A remark in the reader's parentheses (（…） in Chinese, " (…)" in English).</summary>
    public static Msg Aside(object? remark) => new(AsideKey, [remark]);

    /// <summary>In the current UI culture.</summary>
    public string Render() => Key switch
    {
        ListKey => Joined(Text.ListSeparator),
        ClausesKey => Joined(Text.ClauseSeparator),
        AsideKey => Text.Aside(Convert.ToString(RenderArg(Args.FirstOrDefault()), CultureInfo.CurrentCulture)),
        PickKey => Text.Pick(Convert.ToString(Args[0], CultureInfo.InvariantCulture) ?? "", Args.Count > 1 ? Convert.ToString(Args[1], CultureInfo.InvariantCulture) : null),
        _ => Formatted(),
    };

    private string Joined(string separator) => string.Join(separator, Args.Select(a => Convert.ToString(RenderArg(a), CultureInfo.CurrentCulture)));

    // A stored message comes back from a form now and then (a proposal's reason): one whose key does not fit its
    // arguments is shown as its key rather than failing the page.
    private string Formatted()
    {
        try { return Text.Format(Key, Args.Select(RenderArg).ToArray()); }
        catch (FormatException) { return Key; }
    }

    public override string ToString() => Render();

    /// <summary>The text to store.</summary>
    public string Store() => Marker + JsonSerializer.Serialize(new Stored(Key, Args.Select(ToStored).ToList()), Json);

    /// <summary>A stored text in the reader's language: a stored message is rendered, any other text is shown as it is.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(stored))]
    public static string? Render(string? stored) => Parse(stored)?.Render() ?? stored;

    /// <summary>The message a stored text holds, or null for plain text.</summary>
    public static Msg? Parse(string? stored)
    {
        if (stored is null || !stored.StartsWith(Marker, StringComparison.Ordinal)) return null;
        try
        {
            var value = JsonSerializer.Deserialize<Stored>(stored.AsSpan(Marker.Length), Json);
            return value is null ? null : FromStored(value);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static object? RenderArg(object? arg) => arg switch
    {
        Msg message => message.Render(),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => arg,
    };

    private sealed record Stored(string K, List<StoredArg> A);

    /// <summary>An argument as stored: text (T), a number (N), a date (D) or a nested message (M).</summary>
    private sealed record StoredArg(string? T = null, decimal? N = null, string? D = null, Stored? M = null);

    private static StoredArg ToStored(object? arg) => arg switch
    {
        null => new StoredArg(),
        Msg message => new StoredArg(M: new Stored(message.Key, message.Args.Select(ToStored).ToList())),
        DateOnly date => new StoredArg(D: date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        int or long or decimal or double or float or short => new StoredArg(N: Convert.ToDecimal(arg, CultureInfo.InvariantCulture)),
        _ => new StoredArg(T: Convert.ToString(arg, CultureInfo.InvariantCulture)),
    };

    private static Msg FromStored(Stored stored) => new(stored.K, stored.A.Select(FromStoredArg).ToList());

    private static object? FromStoredArg(StoredArg arg) =>
        arg.M is { } nested ? FromStored(nested)
        : arg.N is { } number ? number
        : arg.D is { } date ? DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture)
        : arg.T;
}
