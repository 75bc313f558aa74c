using System.Text.RegularExpressions;

namespace QualityZone.Features.Epcis;

/// <summary>
/// The identifiers the zone writes and reads in EPCIS events (docs/architecture.md, "EPCIS 2.0").
/// A lot of a material coded by its GTIN is a GS1 Digital Link with the lot (AI 01 + AI 10,
/// GS1 Digital Link 1.2), the same lot as an LGTIN EPC class URN is read too (TDS 2.1 §6.3.1);
/// every other record is a URN of the zone's own namespace, issued under the enterprise's unified
/// social credit code: urn:qz:{credit code}:{kind}:{key…}, each key percent-encoded (RFC 3986),
/// so that Chinese lot numbers and colons survive. The issuer is informational: a document is
/// always captured into the enterprise of the token that sends it.
/// </summary>
public static partial class EpcisIds
{
    public const string Namespace = "urn:qz:";
    public const string DigitalLinkHost = "https://id.gs1.org";

    public static string Lot(string issuer, string materialCode, string lotNumber) => IsGtin(materialCode)
        ? $"{DigitalLinkHost}/01/{materialCode}/10/{Uri.EscapeDataString(lotNumber)}"
        : Urn(issuer, "lot", materialCode, lotNumber);

    public static string Material(string issuer, string materialCode) => IsGtin(materialCode) ? $"{DigitalLinkHost}/01/{materialCode}" : Urn(issuer, "material", materialCode);
    public static string Batch(string issuer, string batchNumber) => Urn(issuer, "batch", batchNumber);
    public static string Party(string issuer, string name) => Urn(issuer, "party", name);
    public static string Declaration(string issuer, string number) => Urn(issuer, "declaration", number);

    private static string Urn(string issuer, string kind, params string[] keys) => $"{Namespace}{issuer}:{kind}:{string.Join(':', keys.Select(Uri.EscapeDataString))}";

    /// <summary>A zone URN's kind and keys (unescaped), or null.</summary>
    public static (string Kind, string[] Keys)? Parse(string uri)
    {
        if (!uri.StartsWith(Namespace, StringComparison.Ordinal)) return null;
        var parts = uri[Namespace.Length..].Split(':');
        if (parts.Length < 3) return null;
        return (parts[1], parts[2..].Select(Uri.UnescapeDataString).ToArray());
    }

    /// <summary>A lot class: the material code (a GTIN for GS1 identifiers) and the lot number; null when the class is no lot.</summary>
    public static (string MaterialCode, string LotNumber)? ParseLot(string epcClass)
    {
        if (Parse(epcClass) is ("lot", [var material, var lot])) return (material, lot);
        if (DigitalLink().Match(epcClass) is { Success: true } link) return (link.Groups[1].Value, Uri.UnescapeDataString(link.Groups[2].Value));
        if (Lgtin().Match(epcClass) is { Success: true } lgtin && GtinOf(lgtin.Groups[1].Value, lgtin.Groups[2].Value) is { } gtin)
            return (gtin, Uri.UnescapeDataString(lgtin.Groups[3].Value));
        return null;
    }

    public static string? ParseBatch(string epcClass) => Parse(epcClass) is ("batch", [var number]) ? number : null;

    /// <summary>GTIN-14 of an SGTIN/LGTIN's company prefix and item reference (the indicator digit leads the item reference), with its check digit.</summary>
    public static string? GtinOf(string companyPrefix, string itemReference)
    {
        if (companyPrefix.Length + itemReference.Length != 13 || itemReference.Length == 0) return null;
        var body = itemReference[0] + companyPrefix + itemReference[1..];
        return body.All(char.IsAsciiDigit) ? body + CheckDigit(body) : null;
    }

    /// <summary>A 14-digit GTIN with a correct check digit (GS1 General Specifications §7.9.1).</summary>
    public static bool IsGtin(string code) => code.Length == 14 && code.All(char.IsAsciiDigit) && CheckDigit(code[..13]) == code[13];

    private static char CheckDigit(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++) sum += (body[body.Length - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
        return (char)('0' + (10 - sum % 10) % 10);
    }

    [GeneratedRegex(@"^https?://[^/]+(?:/[^/]+)*?/01/(\d{14})/10/([^/?#]+)")]
    private static partial Regex DigitalLink();

    [GeneratedRegex(@"^urn:epc:class:lgtin:(\d+)\.(\d+)\.(.+)$")]
    private static partial Regex Lgtin();
}
