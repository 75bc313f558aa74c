using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Json.Schema;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Epcis;

/// <summary>One reason a document is refused: where (a JSON pointer or an XML line) and why, in the reader's language.</summary>
public sealed record EpcisProblem(string Path, string Reason);

/// <summary>
/// A document read and checked: its events in JSON-LD form, its master data, its @context, or the reasons it is refused.
/// The events are read-only elements of one parsed document (no object per property is built for 1,000 events; issue 20).
/// </summary>
public sealed record EpcisDocument(List<JsonElement> Events, JsonArray Vocabularies, JsonNode? Context, List<EpcisProblem> Problems) : IDisposable
{
    /// <summary>
    /// The events' JSON text is the sender's (a JSON document that passed the schema): each is stored as received, its
    /// UTF-8 bytes copied once, without serializing the event again (<c>JsonMarshal.GetRawUtf8Value</c>).
    /// </summary>
    public bool RawJson { get; init; }

    /// <summary>The parsed JSON the events are read from, over the request's own bytes (not copied); returned to the pool on Dispose.</summary>
    public JsonDocument? Source { get; init; }

    public bool Valid => Problems.Count == 0;

    public void Dispose() => Source?.Dispose();
}

/// <summary>
/// Reads an EPCIS 2.0 capture document — JSON / JSON-LD or XML, a whole EPCISDocument or one bare
/// event — and checks it as the standard asks: JSON against GS1's EPCIS JSON schema (with its
/// formats asserted: date-time, uri), XML against GS1's XSDs, and both against the rules the
/// schemas leave to the text (EPCIS 2.0 §7.3–7.4, CBV 2.0 §7–8): mandatory fields, action
/// values, a time with its offset, identifiers as URIs, CBV words or URIs for bizStep and
/// disposition, namespaced user extensions. The schemas are GS1's files (Schemas/, their LICENSE
/// beside them), read once per process.
/// </summary>
public sealed class EpcisValidator
{
    public const string ContextUri = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld";

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(Resource("EPCIS-JSON-Schema.json")));
    private static readonly Lazy<XmlSchemaSet> Xsd = new(() =>
    {
        var set = new XmlSchemaSet { XmlResolver = new ResourceResolver() };
        using var reader = XmlReader.Create(new StringReader(Resource("EPCglobal-epcis-2_0.xsd")), new XmlReaderSettings { XmlResolver = new ResourceResolver(), DtdProcessing = DtdProcessing.Prohibit },
            "qz-schema:///EPCglobal-epcis-2_0.xsd");
        set.Add(null, reader);
        set.Compile();
        return set;
    });

    // CBV 2.0 §7.1 (business steps) and §7.2 (dispositions); anything else must be a URI (a custom vocabulary).
    private static readonly HashSet<string> BizSteps =
    [
        "accepting", "arriving", "assembling", "collecting", "commissioning", "consigning", "creating_class_instance", "cycle_counting", "decommissioning",
        "departing", "destroying", "disassembling", "dispensing", "encoding", "entering_exiting", "holding", "inspecting", "installing", "killing", "loading",
        "other", "packing", "picking", "receiving", "removing", "repackaging", "repairing", "replacing", "reserving", "retail_selling", "sampling",
        "sensor_reporting", "shipping", "staging_outbound", "stock_taking", "stocking", "storing", "transporting", "unloading", "unpacking", "void_shipping",
    ];
    private static readonly HashSet<string> Dispositions =
    [
        "active", "available", "completeness_verified", "completeness_inferred", "conformant", "container_closed", "container_open", "damaged", "destroyed",
        "dispensed", "disposed", "encoded", "expired", "in_progress", "in_transit", "inactive", "mismatch_instance", "mismatch_class", "mismatch_quantity",
        "needs_replacement", "no_pedigree_match", "non_conformant", "non_sellable_other", "partially_dispensed", "recalled", "reserved", "retail_sold",
        "returned", "sellable_accessible", "sellable_not_accessible", "stolen", "unavailable", "unknown",
    ];
    private static readonly HashSet<string> StandardFields =
    [
        "type", "eventTime", "eventTimeZoneOffset", "recordTime", "eventID", "errorDeclaration", "certificationInfo", "epcList", "action", "bizStep",
        "disposition", "readPoint", "bizLocation", "bizTransactionList", "quantityList", "sourceList", "destinationList", "sensorElementList",
        "persistentDisposition", "ilmd", "parentID", "childEPCs", "childQuantityList", "inputEPCList", "inputQuantityList", "outputEPCList",
        "outputQuantityList", "transformationID", "@context", "@id",
    ];
    private static readonly Regex Offset = new(@"^[+-]([01]\d|2[0-3]):[0-5]\d$", RegexOptions.Compiled);
    // xsd:dateTime with a mandatory zone (EPCIS 2.0 §7.4.1: eventTime is a time with its offset).
    private static readonly Regex Time = new(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.Compiled);

    /// <summary>
    /// Reads a document from the request's UTF-8 bytes. <paramref name="xml"/>: the body is XML (else JSON);
    /// <paramref name="singleEvent"/>: one bare event (POST /epcis/events). A JSON document is parsed in place (no text
    /// of 1.1 MB made of a 570 KB body, no copy of the parse; issue 20), an XML document decoded as a reader would
    /// (byte-order mark honoured). The caller disposes the result once it is done with its events.
    /// </summary>
    public EpcisDocument Read(ReadOnlyMemory<byte> body, bool xml, bool singleEvent)
    {
        var problems = new List<EpcisProblem>();
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty || body.Span.SequenceEqual(Utf8Bom)) return Refused(new EpcisProblem("", Text.Get("文档为空")));
        if (xml)
        {
            using var reader = new StreamReader(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(body, out var bytes) ? new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false)
                : new MemoryStream(body.ToArray(), writable: false), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var text = reader.ReadToEnd();
            return string.IsNullOrWhiteSpace(text) ? Refused(new EpcisProblem("", Text.Get("文档为空"))) : ReadXml(text, singleEvent, problems);
        }
        // RFC 8259 §8.1: JSON exchanged between systems is UTF-8. Bytes that are not are refused, not replaced and stored.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span)) return Refused(new EpcisProblem("", Text.Get("不是有效的 UTF-8 编码（JSON 文档应以 UTF-8 编码提交）")));
        return ReadJson(body.Span.StartsWith(Utf8Bom) ? body[Utf8Bom.Length..] : body, singleEvent, problems);
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static EpcisDocument Refused(EpcisProblem problem) => new([], [], null, [problem]);

    private EpcisDocument ReadJson(ReadOnlyMemory<byte> body, bool singleEvent, List<EpcisProblem> problems)
    {
        JsonDocument parsed;
        // A name twice in one object (RFC 8259 §4: names SHOULD be unique) leaves it open which value is meant: refused, not guessed.
        // Parsed once, over the body's bytes; every event below is read from it, and the caller disposes it.
        try { parsed = JsonDocument.Parse(body, new JsonDocumentOptions { AllowDuplicateProperties = false }); }
        catch (JsonException e) { return Refused(new EpcisProblem($"line {e.LineNumber + 1}", Text.Format("不是有效的 JSON：{0}", e.Message))); }
        try { return ReadJson(parsed, singleEvent, problems) with { Source = parsed }; }
        catch
        {
            parsed.Dispose();
            throw;
        }
    }

    private EpcisDocument ReadJson(JsonDocument parsed, bool singleEvent, List<EpcisProblem> problems)
    {
        var document = parsed.RootElement;
        if (document.ValueKind != JsonValueKind.Object) return Refused(new EpcisProblem("", Text.Get("应为一个 JSON 对象")));
        var type = Str(document, "type");
        if (singleEvent != EpcisXml.EventTypes.Contains(type))
            return Refused(new EpcisProblem("/type", singleEvent ? Text.Get("此地址只接收单个事件（type 应为 ObjectEvent 等事件类型），整份文档请提交到 /epcis/capture")
                : Text.Get("type 应为 EPCISDocument（单个事件请提交到 /epcis/events）")));
        if (!singleEvent && type != "EPCISDocument")
            return Refused(new EpcisProblem("/type", Text.Format("type 应为 EPCISDocument（收到 {0}）", type ?? "")));
        if (!singleEvent && Str(document, "schemaVersion") is { } version && !version.StartsWith('2'))
            return Refused(new EpcisProblem("/schemaVersion", Text.Format("只接收 EPCIS 2.0 文档（收到 {0}）", version)));

        var list = Member(Member(document, "epcisBody"), "eventList");
        List<JsonElement> events = singleEvent ? [document]
            : list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToList() : [];
        var schemaValid = SchemaValid(document, singleEvent);
        if (!schemaValid)
            problems.AddRange(SchemaProblems(Schema.Value.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical, RequireFormatValidation = true })));
        var context = Member(document, "@context") is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } found ? JsonNode.Parse(found.GetRawText()) : null;
        if (context is null) problems.Add(new EpcisProblem("/@context", Text.Get("缺少 @context（应包含 EPCIS 2.0 的上下文）")));
        var vocabularies = Member(Member(Member(document, "epcisHeader"), "epcisMasterData"), "vocabularyList") is { ValueKind: JsonValueKind.Array } v
            ? (JsonArray)JsonNode.Parse(v.GetRawText())! : [];
        return Checked(events, vocabularies, context, problems, singleEvent ? "" : "/epcisBody/eventList/") with { RawJson = schemaValid };
    }

    private static readonly EvaluationOptions Flag = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };
    private static readonly Lazy<JsonSchema> EventSchema = new(() =>
    {
        _ = Schema.Value; // registers GS1's schema under its $id, which the reference below names
        return JsonSchema.FromText("""{"$schema":"http://json-schema.org/draft-07/schema#","$ref":"https://gs1.github.io/EPCIS/EPCIS-JSON-Schema.json#/definitions/EPCIS-Document-Event"}""");
    });
    private static readonly Lazy<HashSet<string>> EnumValues = new(() =>
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        void Walk(JsonNode? node)
        {
            if (node is JsonObject o)
                foreach (var (key, value) in o)
                {
                    if (key == "enum" && value is JsonArray list) foreach (var item in list) { if (item?.GetValueKind() == JsonValueKind.String) values.Add((string)item!); }
                    else Walk(value);
                }
            else if (node is JsonArray a) foreach (var item in a) Walk(item);
        }
        Walk(JsonNode.Parse(Resource("EPCIS-JSON-Schema.json")));
        return values;
    });
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> EventVerdicts = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether the document passes GS1's schema, at a cost that does not grow with its events'
    /// variety but with their number (issue 20: 20,000 events a second). The envelope is checked
    /// once; each event against the schema's event definition, and an event whose skeleton — its
    /// keys, the types of its values, every string that is one of the schema's enum values kept
    /// verbatim, every other string reduced to what the schema asks of it (its character classes,
    /// and whether it is a URI, a date-time with offset, an offset, hex, a UN/ECE unit code, a CBV
    /// or GS1 vocabulary URI), whether an array repeats an item (uniqueItems) — has been seen passes
    /// with the verdict of the event that was evaluated for it. Events are evaluated on both cores.
    /// </summary>
    private static bool SchemaValid(JsonElement root, bool singleEvent)
    {
        if (singleEvent || Member(Member(root, "epcisBody"), "eventList") is not { ValueKind: JsonValueKind.Array } list) return Schema.Value.Evaluate(root, Flag).IsValid;
        // The envelope: the document with an empty event list.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name != "epcisBody") { property.WriteTo(writer); continue; }
                writer.WritePropertyName(property.Name);
                writer.WriteStartObject();
                writer.WriteStartArray("eventList");
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        using (var envelope = JsonDocument.Parse(buffer.WrittenMemory))
            if (!Schema.Value.Evaluate(envelope.RootElement, Flag).IsValid) return false;
        var events = list.EnumerateArray().ToArray();
        if (EventVerdicts.Count > 10_000) EventVerdicts.Clear();
        var valid = true;
        Parallel.ForEach(events, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (e, state) =>
        {
            var key = Skeleton(e);
            // Looked up by the skeleton's characters; a string is made only for a skeleton not seen before.
            if (!Lookup.TryGetValue(key.Span, out var verdict)) EventVerdicts[key.ToString()] = verdict = EventSchema.Value.Evaluate(e, Flag).IsValid;
            if (!verdict) { valid = false; state.Stop(); }
        });
        return valid;
    }

    private static readonly Regex Hex = new("^[A-Fa-f0-9]+$", RegexOptions.Compiled);
    private static readonly Regex Uom = new("^[A-Z0-9]{2,3}$", RegexOptions.Compiled);
    private static readonly Regex Version = new(@"^\d+(\.\d+)*$", RegexOptions.Compiled);
    private static readonly Regex SchemaOffset = new("^([+]|[-])((0[0-9]|1[0-3]):([0-5][0-9])|14:00)$", RegexOptions.Compiled);
    private static readonly Regex CbvOrGs1 = new(@"^(urn:epcglobal:cbv|https?://ns\.gs1\.org/cbv/|https?://gs1\.org/voc/|https?://www\.gs1\.org/voc/)", RegexOptions.Compiled);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        EventVerdicts.GetAlternateLookup<ReadOnlySpan<char>>();

    // One builder a thread, reused for every event it checks (1,000 events a document; issue 20).
    [ThreadStatic] private static System.Text.StringBuilder? skeletonText;

    /// <summary>The event's skeleton, in this thread's builder: valid until the thread's next skeleton.</summary>
    private static ReadOnlyMemory<char> Skeleton(JsonElement element)
    {
        // A builder grown by an outsized event is let go rather than kept by the thread for good.
        var text = skeletonText is { Capacity: <= 1 << 16 } kept ? kept.Clear() : skeletonText = new System.Text.StringBuilder(4096);
        void Write(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    text.Append('{');
                    foreach (var p in e.EnumerateObject()) { text.Append(p.Name).Append(':'); Write(p.Value); text.Append(','); }
                    text.Append('}');
                    break;
                case JsonValueKind.Array:
                    text.Append('[');
                    // A repeated item matters only where there are two (most lists name one identifier).
                    var seen = e.GetArrayLength() > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
                    var repeats = false;
                    foreach (var item in e.EnumerateArray()) { repeats |= seen is not null && !seen.Add(item.GetRawText()); Write(item); text.Append(','); }
                    text.Append(repeats ? "]!" : "]");
                    break;
                case JsonValueKind.String:
                    var s = e.GetString()!;
                    if (EnumValues.Value.Contains(s)) { text.Append('"').Append(s).Append('"'); break; }
                    // Runs of letters and digits as the classes they contain (upper, lower, digit), everything else verbatim:
                    // random identifiers (UUIDs, serials) then share a skeleton, while what a URI or a time is made of stays.
                    text.Append('~');
                    var run = 0;
                    foreach (var c in s)
                    {
                        var bit = char.IsAsciiLetterUpper(c) ? 1 : char.IsAsciiLetterLower(c) ? 2 : char.IsAsciiDigit(c) ? 4 : 0;
                        if (bit != 0) { run |= bit; continue; }
                        if (run != 0) { text.Append((char)('0' + run)); run = 0; }
                        text.Append(c > 127 ? 'u' : c);
                    }
                    if (run != 0) text.Append((char)('0' + run));
                    // Each test only where it can hold (a URI has a colon, a time starts with a digit…): cheap for the many identifiers.
                    var colon = s.Contains(':');
                    text.Append('|').Append(colon && Uri.TryCreate(s, UriKind.Absolute, out _) ? 'U' : '-')
                        .Append(s.Length >= 20 && char.IsAsciiDigit(s[0]) && Time.IsMatch(s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? 'D' : '-')
                        .Append(!colon && Hex.IsMatch(s) ? 'H' : '-').Append(s.Length is 2 or 3 && Uom.IsMatch(s) ? 'M' : '-').Append(!colon && Version.IsMatch(s) ? 'V' : '-')
                        .Append(s.Length == 6 && SchemaOffset.IsMatch(s) ? 'O' : '-').Append(colon && CbvOrGs1.IsMatch(s) ? 'C' : '-');
                    break;
                default:
                    text.Append(e.ValueKind switch { JsonValueKind.Number => 'N', JsonValueKind.True => 'T', JsonValueKind.False => 'F', _ => 'Z' });
                    break;
            }
        }
        Write(element);
        foreach (var chunk in text.GetChunks())
            if (chunk.Length == text.Length) return chunk;
        return text.ToString().AsMemory();
    }

    /// <summary>
    /// The schema's own errors, at most three: found by walking down the invalid branches only, so
    /// that the failed conditions of if/then and the other branches of a passing anyOf, which are
    /// not errors, are left out; the alternatives of a failing anyOf are joined.
    /// </summary>
    private static IEnumerable<EpcisProblem> SchemaProblems(EvaluationResults results)
    {
        var found = new List<(string Path, string Message)>();
        void Walk(EvaluationResults node)
        {
            if (node.IsValid || found.Count > 50) return;
            foreach (var error in node.Errors ?? new Dictionary<string, string>()) found.Add((node.InstanceLocation.ToString(), error.Value));
            foreach (var child in node.Details ?? []) if (!child.EvaluationPath.ToString().EndsWith("/if", StringComparison.Ordinal)) Walk(child);
        }
        Walk(results);
        var problems = found.GroupBy(e => e.Path).OrderByDescending(g => g.Key.Count(c => c == '/')).Take(3)
            .Select(g => new EpcisProblem(g.Key, Text.Format("不符合 EPCIS 2.0 JSON Schema：{0}", string.Join("; ", g.Select(e => e.Message).Distinct().Take(3))))).ToList();
        return problems.Count > 0 ? problems : [new EpcisProblem("", Text.Get("不符合 EPCIS 2.0 JSON Schema"))];
    }

    private EpcisDocument ReadXml(string body, bool singleEvent, List<EpcisProblem> problems)
    {
        XElement root;
        try
        {
            // DTDs are ignored, never fetched or expanded (GS1's own examples carry a <!DOCTYPE project>).
            using var reader = XmlReader.Create(new StringReader(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
            root = XElement.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e) { return Refused(new EpcisProblem($"line {e.LineNumber}", Text.Format("不是有效的 XML：{0}", e.Message))); }
        if (root.Name.NamespaceName.StartsWith("urn:epcglobal:epcis:xsd:1", StringComparison.Ordinal))
            return Refused(new EpcisProblem("/", Text.Get("只接收 EPCIS 2.0 文档（收到 EPCIS 1.x 的命名空间 urn:epcglobal:epcis:xsd:1）")));
        var bare = EpcisXml.EventTypes.Contains(root.Name.LocalName);
        if (singleEvent != bare)
            return Refused(new EpcisProblem("/", singleEvent ? Text.Get("此地址只接收单个事件，整份文档请提交到 /epcis/capture") : Text.Get("根元素应为 epcis:EPCISDocument（单个事件请提交到 /epcis/events）")));
        if (!bare && root.Name != XName.Get("EPCISDocument", EpcisXml.Namespace))
            return Refused(new EpcisProblem("/", Text.Format("根元素应为 {{{0}}}EPCISDocument（收到 {1}）", EpcisXml.Namespace, root.Name)));

        // A bare event is checked as the one event of a document, so that the XSD applies to it.
        var checkedRoot = bare ? new XElement(XName.Get("EPCISDocument", EpcisXml.Namespace), new XAttribute("schemaVersion", "2.0"),
            new XAttribute("creationDate", "2000-01-01T00:00:00Z"), new XElement("EPCISBody", new XElement("EventList", new XElement(root)))) : root;
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Xsd.Value, DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        settings.ValidationEventHandler += (_, e) =>
        {
            if (e.Severity == XmlSeverityType.Error && problems.Count < 10)
                problems.Add(new EpcisProblem(bare ? "/" : $"line {e.Exception?.LineNumber}", Text.Format("不符合 EPCIS 2.0 XSD：{0}", e.Message)));
        };
        using (var reader = XmlReader.Create(new StringReader(bare ? checkedRoot.ToString() : body), settings))
            while (reader.Read()) { }

        var (events, vocabularies, namespaces) = EpcisXml.Read(root);
        var context = new JsonArray(ContextUri);
        if (namespaces.Count > 0) context.Add(namespaces);
        return Checked(events.Select(e => JsonSerializer.SerializeToElement(e)).ToList(), vocabularies, context, problems, "/EPCISBody/EventList/");
    }

    /// <summary>The rules of the standard's text, on the JSON form of each event; the events checked on both cores, the reasons in document order.</summary>
    private static EpcisDocument Checked(List<JsonElement> events, JsonArray vocabularies, JsonNode? context, List<EpcisProblem> problems, string prefix)
    {
        // A document of master data only (no events) is captured: its vocabularies are kept.
        var found = new List<EpcisProblem>?[events.Count];
        Parallel.For(0, events.Count, i => found[i] = EventProblems(events[i], prefix.Length == 0 ? "" : prefix + i));
        // All of them: the capture job lists the first 50 and counts the rest.
        problems.AddRange(found.Where(f => f is not null).SelectMany(f => f!));
        return new EpcisDocument(events, vocabularies, context, problems);
    }

    /// <summary>What is wrong with one event, or null.</summary>
    private static List<EpcisProblem>? EventProblems(JsonElement e, string at)
    {
        List<EpcisProblem>? problems = null;
        void Problem(string field, string reason) => (problems ??= []).Add(new EpcisProblem($"{at}/{field}", reason));
        var type = Str(e, "type");
        if (!EpcisXml.EventTypes.Contains(type)) { Problem("type", Text.Format("事件类型“{0}”无效", type ?? "")); return problems; }
        if (Str(e, "eventTime") is not { } time) Problem("eventTime", Text.Get("缺少 eventTime"));
        else if (!Time.IsMatch(time) || !DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            Problem("eventTime", Text.Format("eventTime“{0}”应为带时区的时间，如 2026-07-22T06:45:00+08:00", time));
        if (Str(e, "eventTimeZoneOffset") is not { } offset) Problem("eventTimeZoneOffset", Text.Get("缺少 eventTimeZoneOffset"));
        else if (!Offset.IsMatch(offset)) Problem("eventTimeZoneOffset", Text.Format("eventTimeZoneOffset“{0}”应为 +08:00 这样的时区偏移", offset));
        var action = Str(e, "action");
        if (type != "TransformationEvent" && action is null) Problem("action", Text.Get("缺少 action（ADD、OBSERVE 或 DELETE）"));
        else if (action is not null && action is not ("ADD" or "OBSERVE" or "DELETE")) Problem("action", Text.Format("action“{0}”应为 ADD、OBSERVE 或 DELETE", action));
        if (Str(e, "bizStep") is { } step && !BizSteps.Contains(step) && !IsUri(step))
            Problem("bizStep", Text.Format("bizStep“{0}”不是 CBV 业务步骤，自定义业务步骤应为 URI", step));
        if (Str(e, "disposition") is { } disposition && !Dispositions.Contains(disposition) && !IsUri(disposition))
            Problem("disposition", Text.Format("disposition“{0}”不是 CBV 处置状态，自定义状态应为 URI", disposition));
        foreach (var (field, epc, _) in IdentifierRoles(e))
            if (!IsUri(epc)) Problem(field, Text.Format("标识“{0}”应为 URN 或 GS1 数字链接 URI", epc));
        if (Member(e, "ilmd") is { ValueKind: JsonValueKind.Object } ilmd)
            foreach (var key in ilmd.EnumerateObject().Select(p => p.Name).Where(k => !k.Contains(':')))
                Problem("ilmd/" + key, Text.Format("ilmd 字段“{0}”应带命名空间前缀（如 example:{0}）", key));
        foreach (var key in e.EnumerateObject().Select(p => p.Name).Where(k => !StandardFields.Contains(k) && !k.Contains(':')))
            Problem(key, Text.Format("“{0}”不是 EPCIS 2.0 的字段，扩展字段应带命名空间前缀", key));
        if (type is "ObjectEvent" && !Has(e, "epcList") && !Has(e, "quantityList") && !(action == "OBSERVE" && Has(e, "sensorElementList")))
            Problem("epcList", Text.Get("ObjectEvent 应有 epcList 或 quantityList"));
        return problems;
    }

    private static readonly (string Field, EpcRole Role)[] EpcLists = [("epcList", EpcRole.Epc), ("childEPCs", EpcRole.Child), ("inputEPCList", EpcRole.Input), ("outputEPCList", EpcRole.Output)];
    private static readonly (string Field, EpcRole Role)[] QuantityLists =
        [("quantityList", EpcRole.Class), ("childQuantityList", EpcRole.Class), ("inputQuantityList", EpcRole.InputClass), ("outputQuantityList", EpcRole.OutputClass)];

    /// <summary>Every identifier an event names, with its field and role: what the EPC index stores and MATCH_ queries read.</summary>
    public static List<(string Field, string Epc, EpcRole Role)> IdentifierRoles(JsonElement e)
    {
        var found = new List<(string Field, string Epc, EpcRole Role)>();
        foreach (var (field, role) in EpcLists)
            if (Member(e, field) is { ValueKind: JsonValueKind.Array } list)
                foreach (var item in list.EnumerateArray())
                    if (item.ValueKind == JsonValueKind.String) found.Add((field, item.GetString()!, role));
        if (Str(e, "parentID") is { } parent) found.Add(("parentID", parent, EpcRole.Parent));
        foreach (var (field, role) in QuantityLists)
            if (Member(e, field) is { ValueKind: JsonValueKind.Array } list)
                foreach (var item in list.EnumerateArray())
                    if (Str(item, "epcClass") is { } epcClass) found.Add((field, epcClass, role));
        return found;
    }

    /// <summary>A member of an object; Undefined when the element is no object or has no such member.</summary>
    public static JsonElement Member(JsonElement e, string key) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var value) ? value : default;

    /// <summary>The member is there and not null (as a JsonObject's indexer answering non-null).</summary>
    public static bool Has(JsonElement e, string key) => Member(e, key).ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);

    public static string? Str(JsonElement e, string key) => Member(e, key) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>An absolute URI (urn:, https:, a CURIE's expansion is not needed here: a prefix counts).</summary>
    public static bool IsUri(string value) => value.Length > 3 && value.IndexOf(':') is > 0 and var colon && !value.Contains(' ') && char.IsAsciiLetter(value[0])
        && value[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.');

    public static string? Str(JsonObject e, string key) => e[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Resource(string name)
    {
        using var stream = typeof(EpcisValidator).Assembly.GetManifestResourceStream(ResourceName(name))
            ?? throw new InvalidOperationException($"The EPCIS schema {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string ResourceName(string file) => "QualityZone.Features.Epcis.Schemas." + file;

    /// <summary>Resolves the XSDs' imports to the embedded files; nothing is fetched from the network.</summary>
    private sealed class ResourceResolver : XmlResolver
    {
        public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn) =>
            typeof(EpcisValidator).Assembly.GetManifestResourceStream(ResourceName(Path.GetFileName(absoluteUri.AbsolutePath)))
            ?? throw new XmlException($"Schema {absoluteUri} is not embedded.");

        public override Uri ResolveUri(Uri? baseUri, string? relativeUri) =>
            new(baseUri ?? new Uri("qz-schema:///"), relativeUri ?? "");
    }
}
