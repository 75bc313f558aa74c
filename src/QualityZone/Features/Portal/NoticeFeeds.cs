using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using QualityZone.Features.Reference;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Portal;

/// <summary>A notice as a feed gives it, before it is stored.</summary>
public sealed record NoticeRecord(NoticeType Type, NoticeSource Source, string Reference, string Title, string? Summary, IReadOnlyList<string> Markets,
    IReadOnlyList<string> HsCodes, string? Country, string? Brand, string? Model, string? Risk, string? Measures, string? OriginCountry, string? Url,
    DateOnly? PublishedOn, DateOnly? CommentDeadline = null, DateOnly? LastPublishDate = null, string? ParentReference = null);

public sealed record FeedError(int Record, string Message);

public sealed record FeedParse(string Format, IReadOnlyList<NoticeRecord> Records, IReadOnlyList<FeedError> Errors);

/// <summary>
/// Readers for the real feeds' formats (domain-facts.md, "Foreign notices"), detected from the file itself:
/// WTO ePing notification search results (JSON), EU Safety Gate alerts (the XML export and the OpenDataSoft
/// JSON records), US CPSC recalls (the SaferProducts JSON array and the retired api.usa.gov format), and the
/// normalized CPSC + Safety Gate records of the canon-event seeds. Every record is checked; a file with any
/// bad record is reported whole and nothing of it is stored.
/// </summary>
public static class NoticeFeeds
{
    public const int MaxRecords = 100_000;

    /// <summary>The 27 member states: a Safety Gate alert or an EU notification concerns all of them.</summary>

    public static FeedParse Parse(byte[] content)
    {
        if (!System.Text.Unicode.Utf8.IsValid(content)) return Failed(Text.Get("文件不是 UTF-8 编码"));
        // JSON is read from the bytes as received (a 10,000-record file is 6 MB; decoded to a string first it was 12 MB more).
        var body = content.AsMemory();
        if (body.Span.StartsWith("\uFEFF"u8)) body = body[3..];
        var start = body.Span.IndexOfAnyExcept(" \t\r\n"u8);
        if (start >= 0 && body.Span[start] == (byte)'<') return ParseXml(Encoding.UTF8.GetString(body.Span[start..]));
        JsonDocument json;
        try { json = JsonDocument.Parse(body, new JsonDocumentOptions { AllowTrailingCommas = true }); }
        catch (JsonException) { return Failed(Text.Get("文件无法解析：既不是 JSON 也不是 XML")); }
        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Array) return root.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } first && Has(first, "RecallNumber")
                ? Read("CPSC SaferProducts", root.EnumerateArray(), Cpsc)
                : Read("WTO ePing", root.EnumerateArray(), Eping);
            if (root.ValueKind != JsonValueKind.Object) return Failed(Text.Get("无法识别的文件格式"));
            if (Get(root, "seeds") is { ValueKind: JsonValueKind.Array } seeds) return Read("canon-event seeds (CPSC + Safety Gate)", seeds.EnumerateArray(), Seed);
            if (Get(root, "success") is { } success && Get(success, "results") is { ValueKind: JsonValueKind.Array } legacy) return Read("CPSC api.usa.gov", legacy.EnumerateArray(), CpscLegacy);
            if (Get(root, "records") is { ValueKind: JsonValueKind.Array } records) return Read("Safety Gate OpenDataSoft", records.EnumerateArray(), SafetyGateOds);
            if (Get(root, "results") is { ValueKind: JsonValueKind.Array } results && results.EnumerateArray().FirstOrDefault() is var r && (Has(r, "alert_number") || Has(r, "reference")))
                return Read("Safety Gate OpenDataSoft", results.EnumerateArray(), SafetyGateOds);
            if ((Get(root, "items") ?? Get(root, "results")) is { ValueKind: JsonValueKind.Array } items) return Read("WTO ePing", items.EnumerateArray(), Eping);
            return Failed(Text.Get("无法识别的文件格式"));
        }
    }

    private static FeedParse Failed(string message) => new("?", [], [new FeedError(0, message)]);

    private static FeedParse Read(string format, IEnumerable<JsonElement> items, Func<JsonElement, NoticeRecord> map)
    {
        var records = new List<NoticeRecord>();
        var errors = new List<FeedError>();
        var index = 0;
        foreach (var item in items)
        {
            index++;
            if (index > MaxRecords) { errors.Add(new FeedError(index, Text.Format("一个文件最多 {0} 条记录", MaxRecords))); break; }
            try
            {
                var record = map(item);
                if (string.IsNullOrWhiteSpace(record.Reference)) errors.Add(new FeedError(index, Text.Get("缺少编号")));
                else if (string.IsNullOrWhiteSpace(record.Title)) errors.Add(new FeedError(index, Text.Format("{0}：缺少标题", record.Reference)));
                else records.Add(record);
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException or KeyNotFoundException)
            {
                errors.Add(new FeedError(index, Text.Format("记录无法读取：{0}", ex.Message)));
            }
        }
        foreach (var duplicate in records.GroupBy(r => (r.Source, r.Reference)).Where(g => g.Count() > 1))
            errors.Add(new FeedError(0, Text.Format("编号“{0}”在文件中重复", duplicate.Key.Reference)));
        return new FeedParse(format, records, errors);
    }

    // WTO ePing search results: documentSymbol, notifyingMember, distributionDate, finalDateForComments, title,
    // description, products, hsCodes, objective, links. (No real export is stored in reference-data: the
    // fixture follows this field list.)
    private static NoticeRecord Eping(JsonElement e)
    {
        var symbol = Str(e, "documentSymbol") ?? Str(e, "symbol") ?? "";
        var member = Str(e, "notifyingMember") ?? Str(e, "member");
        var markets = ReferenceData.MarketsOf(member);
        var hs = Strings(e, "hsCodes").Select(ReferenceData.NormalizeHsCode).Where(h => h.Length >= 4).Select(h => h[..Math.Min(6, h.Length)]).ToList();
        // The summary stays in the source's language (ePing writes English), labels included: a Chinese label stored in it would show in the English UI too.
        var summary = Join(Str(e, "description"), Str(e, "products") is { } p ? $"Products: {p}" : null, Str(e, "objective") ?? string.Join(", ", Strings(e, "objectives")));
        return new NoticeRecord(NoticeType.TbtNotification, NoticeSource.WtoEping, symbol, Str(e, "title") ?? "", summary, markets, hs, member, null, null, null, null, null,
            Strings(e, "links").FirstOrDefault() ?? Str(e, "link"), Date(e, "distributionDate"), Date(e, "finalDateForComments"), null, ParentOf(symbol));
    }

    /// <summary>G/TBT/N/EU/1234/Add.1 belongs to G/TBT/N/EU/1234 (also /Corr.n and /Rev.n).</summary>
    public static string? ParentOf(string symbol)
    {
        var at = symbol.IndexOf("/Add.", StringComparison.OrdinalIgnoreCase);
        if (at < 0) at = symbol.IndexOf("/Corr.", StringComparison.OrdinalIgnoreCase);
        if (at < 0) at = symbol.IndexOf("/Rev.", StringComparison.OrdinalIgnoreCase);
        return at > 0 ? symbol[..at] : null;
    }

    // EU Safety Gate, OpenDataSoft records: {"records":[{"record":{"fields":{…}}}]} or {"results":[{…}]}.
    private static NoticeRecord SafetyGateOds(JsonElement e)
    {
        var f = Get(e, "record") is { } record ? Get(record, "fields") ?? record : Get(e, "fields") ?? e;
        return SafetyGate(Str(f, "alert_number") ?? Str(f, "reference") ?? "", Str(f, "product_name") ?? Str(f, "name") ?? "", Str(f, "product_brand") ?? Str(f, "brand"),
            Str(f, "product_model") ?? Str(f, "model"), Str(f, "product_category") ?? Str(f, "category"), Str(f, "risk_type") ?? Str(f, "hazard"), Str(f, "measures"),
            Str(f, "notifying_country"), Str(f, "country_of_origin"), Str(f, "url"), Date(f, "alert_date") ?? Date(f, "publication_date"));
    }

    private static NoticeRecord SafetyGate(string reference, string product, string? brand, string? model, string? category, string? risk, string? measures,
        string? notifying, string? origin, string? url, DateOnly? published) =>
        new(NoticeType.Recall, NoticeSource.SafetyGate, reference.Trim(), product, Join(category, risk), ReferenceData.EuMembers, [], notifying, brand, model, risk, measures, origin, url, published);

    // EU Safety Gate XML export (field list of domain-facts.md; no real export is stored in reference-data).
    private static FeedParse ParseXml(string text)
    {
        XDocument document;
        try { document = XDocument.Parse(text); }
        catch (System.Xml.XmlException ex) { return Failed(Text.Format("XML 无法解析：{0}", ex.Message)); }
        var alerts = document.Descendants().Where(x => x.Name.LocalName is "alert" or "notification").ToList();
        if (alerts.Count == 0) return Failed(Text.Get("XML 中没有 alert 记录"));
        string? X(XElement parent, params string[] names) => names.Select(n => parent.Descendants().FirstOrDefault(d => d.Name.LocalName.Equals(n, StringComparison.OrdinalIgnoreCase))?.Value.Trim())
            .FirstOrDefault(v => !string.IsNullOrEmpty(v));
        var json = alerts.Select(a => SafetyGate(X(a, "reference", "alertNumber") ?? "", X(a, "name", "productName") ?? "", X(a, "brand"), X(a, "type", "model", "modelType"),
            X(a, "category"), Join(X(a, "riskType"), X(a, "technicalDefect")), X(a, "measures", "measuresTaken"), X(a, "notifyingCountry"), X(a, "countryOfOrigin"), X(a, "url"),
            ParseDate(X(a, "publicationDate", "date"))));
        var records = json.ToList();
        var errors = records.Select((r, i) => (r, i)).Where(x => string.IsNullOrEmpty(x.r.Reference) || string.IsNullOrEmpty(x.r.Title))
            .Select(x => new FeedError(x.i + 1, Text.Get("缺少编号或产品名称"))).ToList();
        return new FeedParse("Safety Gate XML", records.Where(r => !string.IsNullOrEmpty(r.Reference) && !string.IsNullOrEmpty(r.Title)).ToList(), errors);
    }

    // CPSC SaferProducts: RecallID, RecallNumber, RecallDate, LastPublishDate, Title, Description, URL, Products[], Hazards[], Remedies[], Manufacturers[], ManufacturerCountries[].
    private static NoticeRecord Cpsc(JsonElement e)
    {
        var products = Objects(e, "Products").ToList();
        var manufacturers = Objects(e, "Manufacturers").Select(m => Str(m, "Name")).OfType<string>().ToList();
        var origins = Objects(e, "ManufacturerCountries").Select(c => Str(c, "Country")).OfType<string>().ToList();
        return new NoticeRecord(NoticeType.Recall, NoticeSource.Cpsc, Str(e, "RecallNumber") ?? "", Str(e, "Title") ?? "",
            Join(Str(e, "Description"), string.Join("; ", products.Select(p => Join(Str(p, "Name"), Str(p, "Type"), Str(p, "NumberOfUnits"))))),
            ["US"], [], "US", string.Join("; ", manufacturers), string.Join("; ", products.Select(p => Str(p, "Model")).OfType<string>()),
            string.Join("; ", Objects(e, "Hazards").Select(h => Str(h, "Name")).OfType<string>()), string.Join("; ", Objects(e, "Remedies").Select(r => Str(r, "Name")).OfType<string>()),
            string.Join("; ", origins), Str(e, "URL"), Date(e, "RecallDate"), null, Date(e, "LastPublishDate"));
    }

    // The retired api.usa.gov recalls format (real CPSC records of 2010–2013 in reference-data).
    private static NoticeRecord CpscLegacy(JsonElement e) =>
        new(NoticeType.Recall, NoticeSource.Cpsc, Str(e, "recall_number") ?? "", Strings(e, "descriptions").FirstOrDefault() ?? string.Join(", ", Strings(e, "product_types")),
            Join(string.Join("; ", Strings(e, "descriptions")), string.Join(", ", Strings(e, "product_types"))), ["US"], [], "US", string.Join("; ", Strings(e, "manufacturers")), null,
            string.Join("; ", Strings(e, "hazards")), null, string.Join(", ", Strings(e, "countries")), Str(e, "recall_url"), Date(e, "recall_date"));

    // canon-event seeds: {authority, ref, published, name, brand, model, gtin, category, hazard, url} (real, normalized by that project).
    private static NoticeRecord Seed(JsonElement e)
    {
        var authority = Str(e, "authority");
        var reference = Str(e, "ref") ?? "";
        var published = Date(e, "published");
        return authority == "SAFETY_GATE"
            ? SafetyGate(reference, Str(e, "name") ?? "", Str(e, "brand"), Str(e, "model"), Str(e, "category"), Str(e, "hazard"), null, null, null, Str(e, "url"), published)
            : new NoticeRecord(NoticeType.Recall, NoticeSource.Cpsc, reference, Str(e, "name") ?? "", Str(e, "hazard"), ["US"], [], "US", Str(e, "brand"), Str(e, "model"),
                Str(e, "hazard"), null, null, Str(e, "url"), published);
    }

    /// <summary>WTO member names that differ from the ISO/CLDR English names.</summary>
    private static JsonElement? Get(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object) return null;
        foreach (var p in e.EnumerateObject()) if (p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) return p.Value;
        return null;
    }

    private static bool Has(JsonElement e, string name) => Get(e, name) is not null;

    private static string? Str(JsonElement e, string name) => Get(e, name) switch
    {
        { ValueKind: JsonValueKind.String } v => string.IsNullOrWhiteSpace(v.GetString()) ? null : v.GetString()!.Trim(),
        { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
        { ValueKind: JsonValueKind.Array } v => string.Join("; ", v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : x.GetRawText())) is { Length: > 0 } s ? s : null,
        _ => null,
    };

    private static IEnumerable<string> Strings(JsonElement e, string name) => Get(e, name) switch
    {
        { ValueKind: JsonValueKind.Array } v => v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!.Trim()).Where(s => s.Length > 0),
        { ValueKind: JsonValueKind.String } v => v.GetString()!.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        _ => [],
    };

    private static IEnumerable<JsonElement> Objects(JsonElement e, string name) =>
        Get(e, name) is { ValueKind: JsonValueKind.Array } v ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object) : [];

    private static DateOnly? Date(JsonElement e, string name) => ParseDate(Str(e, name));

    private static DateOnly? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParse(text.Length >= 10 ? text[..10] : text, CultureInfo.InvariantCulture, out var day)) return day;
        throw new FormatException(Text.Format("日期“{0}”无法识别", text));
    }

    private static string? Join(params string?[] parts) => parts.Where(p => !string.IsNullOrWhiteSpace(p)).ToList() is { Count: > 0 } list ? string.Join(" — ", list) : null;
}
