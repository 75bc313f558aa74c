using System.Collections.Frozen;
using System.Text;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Reference;

public sealed record Country(string Code, string NameZh, string NameEn)
{
    public string Name => Text.Pick(NameZh, NameEn);
}

public sealed record HsEntry(string Code, string Description, string? DescriptionZh = null)
{
    /// <summary>In the reader's language: the Chinese tariff's wording where hs2022-zh.csv has it (the zone's headings), else the English.</summary>
    public string Name => Text.Pick(DescriptionZh ?? Description, Description);
}

/// <summary>
/// The HS 2022 nomenclature and the ISO 3166 countries the platform ships (NOTICE.md). China
/// declares 10-digit codes; the first six digits are the international HS subheading and are
/// checked against HS 2022, the national digits after them are kept as entered.
/// </summary>
public static class ReferenceData
{
    private static readonly Lazy<FrozenDictionary<string, HsEntry>> Hs = new(() =>
    {
        // Chinese wording for the headings and subheadings the zone's products use (NOTICE.md: no openly licensed Chinese HS table exists).
        var chinese = ReadCsv("hs2022-zh.csv").ToDictionary(r => r[0], r => r[1]);
        return ReadCsv("hs2022.csv").ToFrozenDictionary(r => r[0], r => new HsEntry(r[0], r[1], chinese.GetValueOrDefault(r[0])));
    });

    private static readonly Lazy<FrozenDictionary<string, Country>> CountriesByCode = new(() =>
        ReadCsv("countries.csv").ToFrozenDictionary(r => r[0], r => new Country(r[0], r[1], r[2]), StringComparer.OrdinalIgnoreCase));

    public static IEnumerable<Country> Countries => CountriesByCode.Value.Values.OrderBy(c => c.Code);

    public static Country? FindCountry(string? code) =>
        code is not null && CountriesByCode.Value.TryGetValue(code.Trim(), out var country) ? country : null;

    private static readonly Lazy<FrozenDictionary<string, Country>> CountriesByName = new(() =>
        Countries.SelectMany(c => new[] { (c.NameZh, c), (c.NameEn, c) }).Where(p => p.Item1.Length > 0).DistinctBy(p => p.Item1, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(p => p.Item1, p => p.c, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// A country as a person enters it: its ISO code, its Chinese or English name, or the picker's DE 德国 Germany.
    /// </summary>
    public static Country? ParseCountry(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var trimmed = text.Trim();
        return FindCountry(trimmed) ?? (CountriesByName.Value.TryGetValue(trimmed, out var named) ? named : null)
            ?? (trimmed.Split(' ', 2) is [{ Length: 2 } code, _] ? FindCountry(code) : null);
    }

    /// <summary>Digits only, as declared: "8412.31" and "8412 31 00 00" both become "84123100..".</summary>
    public static string NormalizeHsCode(string? code) => new((code ?? "").Where(char.IsAsciiDigit).ToArray());

    /// <summary>6 to 10 digits whose first six are an HS 2022 subheading.</summary>
    public static bool IsKnownHsCode(string? code)
    {
        var digits = NormalizeHsCode(code);
        return digits.Length is >= 6 and <= 10 && (code ?? "").All(c => char.IsAsciiDigit(c) || c is '.' or ' ')
            && Hs.Value.ContainsKey(digits[..6]);
    }

    public static HsEntry? FindHs(string? code)
    {
        var digits = NormalizeHsCode(code);
        if (digits.Length >= 6 && Hs.Value.TryGetValue(digits[..6], out var subheading)) return subheading;
        return digits.Length >= 4 && Hs.Value.TryGetValue(digits[..4], out var heading) ? heading : null;
    }

    private static IEnumerable<string[]> ReadCsv(string fileName)
    {
        using var stream = typeof(ReferenceData).Assembly.GetManifestResourceStream($"QualityZone.Features.Reference.{fileName}")
            ?? throw new InvalidOperationException($"Features/Reference/{fileName} is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        reader.ReadLine(); // header
        var rows = new List<string[]>();
        while (reader.ReadLine() is { } line) rows.Add(SplitCsvLine(line));
        return rows;
    }

    /// <summary>RFC 4180 fields on one line (the shipped files have no line breaks inside fields).</summary>
    private static string[] SplitCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields.ToArray();
    }

    /// <summary>The 27 member states of the European Union (a notice or market of "EU" means all of them).</summary>
    public static readonly string[] EuMembers = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"];

    private static readonly Dictionary<string, string> WtoMemberNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["United States of America"] = "US", ["Korea, Republic of"] = "KR", ["Russian Federation"] = "RU", ["Chinese Taipei"] = "TW",
        ["Viet Nam"] = "VN", ["Türkiye"] = "TR", ["Turkey"] = "TR", ["Hong Kong, China"] = "HK", ["Macao, China"] = "MO", ["United Kingdom"] = "GB",
    };

    /// <summary>
    /// A notifying member or recall country as the feeds give it (in English, "European Union", "Korea, Republic of") in the
    /// reader's language: the country's name where the member is a country we know, the text as given otherwise.
    /// </summary>
    public static string MemberName(string? member)
    {
        if (string.IsNullOrWhiteSpace(member)) return "—";
        var markets = MarketsOf(member);
        if (markets.Count > 1) return Text.Get("欧盟");
        return markets is [var code] && FindCountry(code) is { } country ? country.Name : member.Trim();
    }

    /// <summary>Markets named by a notifying member: the EU's 27, or the country's code.</summary>
    public static IReadOnlyList<string> MarketsOf(string? member)
    {
        if (string.IsNullOrWhiteSpace(member)) return [];
        if (member.Contains("European Union", StringComparison.OrdinalIgnoreCase) || member.Trim() is "EU" or "欧盟") return EuMembers;
        var name = member.Trim();
        var code = name.Length == 2 ? name.ToUpperInvariant()
            : WtoMemberNames.TryGetValue(name, out var alias) ? alias
            : Countries.FirstOrDefault(c => c.NameEn.Equals(name, StringComparison.OrdinalIgnoreCase) || c.NameZh == name)?.Code;
        return code is null ? [] : [code];
    }
}
