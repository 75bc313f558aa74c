using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace QualityZone.Features.Epcis;

/// <summary>
/// The stored JSON-LD events written in the XML binding, for a query that asks for XML
/// (Accept: application/xml): the reverse of <see cref="EpcisXml"/> — CBV words back to their
/// URNs, lists to their element lists, extension keys to elements of the namespaces the event's
/// or the document's @context names — in the element order of the EPCIS 2.0 XSD.
/// </summary>
public static class EpcisXmlWriter
{
    private static readonly XNamespace Query = "urn:epcglobal:epcis-query:xsd:2";
    private static readonly string[] Common = ["eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "errorDeclaration", "certificationInfo"];
    // EPCIS 2.0 XSD: each event type's xs:sequence after the common fields.
    private static readonly Dictionary<string, string[]> Sequence = new()
    {
        ["ObjectEvent"] = ["epcList", "action", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", "quantityList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition", "ilmd"],
        ["AggregationEvent"] = ["parentID", "childEPCs", "action", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", "childQuantityList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition"],
        ["TransactionEvent"] = ["bizTransactionList", "parentID", "epcList", "action", "bizStep", "disposition", "readPoint", "bizLocation", "quantityList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition"],
        ["TransformationEvent"] = ["inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList", "transformationID", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition", "ilmd"],
        ["AssociationEvent"] = ["parentID", "childEPCs", "childQuantityList", "action", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition"],
    };

    /// <summary>An EPCISQueryDocument with the page's events.</summary>
    public static string QueryDocument(IReadOnlyList<string> events, DateTimeOffset now)
    {
        var prefixes = new Dictionary<string, string>(StringComparer.Ordinal) { ["qz"] = EpcisMapping.ZoneContext };
        var list = new XElement("EventList", events.Select(e => Event(JsonNode.Parse(e)!.AsObject(), prefixes)));
        var root = new XElement(Query + "EPCISQueryDocument", new XAttribute(XNamespace.Xmlns + "epcisq", Query.NamespaceName),
            new XAttribute("schemaVersion", "2.0"), new XAttribute("creationDate", now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
            prefixes.Select(p => new XAttribute(XNamespace.Xmlns + p.Key, p.Value)),
            new XElement("EPCISBody", new XElement(Query + "QueryResults", new XElement("queryName", "SimpleEventQuery"), new XElement("resultsBody", list))));
        return new XDeclaration("1.0", "UTF-8", null) + Environment.NewLine + root;
    }

    public static XElement Event(JsonObject e, Dictionary<string, string> prefixes)
    {
        foreach (var context in (e["@context"] as JsonArray ?? []).OfType<JsonObject>())
            foreach (var (prefix, uri) in context)
                if (uri is JsonValue v && v.TryGetValue<string>(out var ns)) prefixes.TryAdd(prefix, ns);
        var type = (string)e["type"]!;
        var element = new XElement(type);
        foreach (var field in Common.Concat(Sequence.GetValueOrDefault(type) ?? []))
            if (e[field] is { } value) element.Add(Field(field, value, prefixes));
        foreach (var (key, value) in e.Where(p => p.Key.Contains(':') && !p.Key.StartsWith('@')))
            if (value is not null) element.Add(Extension(key, value, prefixes));
        return element;
    }

    private static object Field(string name, JsonNode value, Dictionary<string, string> prefixes) => name switch
    {
        "epcList" or "childEPCs" or "inputEPCList" or "outputEPCList" => new XElement(name, Items(value).Select(v => new XElement("epc", Text(v)))),
        "quantityList" or "childQuantityList" or "inputQuantityList" or "outputQuantityList" => new XElement(name, Items(value).OfType<JsonObject>().Select(q =>
            new XElement("quantityElement", new XElement("epcClass", Text(q["epcClass"])), q["quantity"] is { } n ? new XElement("quantity", Text(n)) : null,
                q["uom"] is { } u ? new XElement("uom", Text(u)) : null))),
        "bizTransactionList" => new XElement(name, Items(value).OfType<JsonObject>().Select(t => Typed("bizTransaction", t, "urn:epcglobal:cbv:btt:"))),
        "sourceList" => new XElement(name, Items(value).OfType<JsonObject>().Select(t => Typed("source", t, "urn:epcglobal:cbv:sdt:"))),
        "destinationList" => new XElement(name, Items(value).OfType<JsonObject>().Select(t => Typed("destination", t, "urn:epcglobal:cbv:sdt:"))),
        "readPoint" or "bizLocation" => new XElement(name, new XElement("id", Text(value["id"])),
            value.AsObject().Where(p => p.Key != "id" && p.Value is not null).Select(p => Extension(p.Key, p.Value!, prefixes))),
        "bizStep" => new XElement(name, Urn(Text(value), "urn:epcglobal:cbv:bizstep:")),
        "disposition" => new XElement(name, Urn(Text(value), "urn:epcglobal:cbv:disp:")),
        "persistentDisposition" => new XElement(name, new[] { "unset", "set" }.SelectMany(k => Items(value[k]).Select(v => new XElement(k, Urn(Text(v), "urn:epcglobal:cbv:disp:"))))),
        "errorDeclaration" => new XElement(name, value["declarationTime"] is { } at ? new XElement("declarationTime", Text(at)) : null,
            value["reason"] is { } reason ? new XElement("reason", Urn(Text(reason), "urn:epcglobal:cbv:er:")) : null,
            value["correctiveEventIDs"] is { } ids ? new XElement("correctiveEventIDs", Items(ids).Select(i => new XElement("correctiveEventID", Text(i)))) : null,
            value.AsObject().Where(p => p.Key.Contains(':') && p.Value is not null).Select(p => Extension(p.Key, p.Value!, prefixes))),
        "sensorElementList" => new XElement(name, Items(value).OfType<JsonObject>().Select(s => new XElement("sensorElement",
            s["sensorMetadata"] is JsonObject meta ? new XElement("sensorMetadata", Attributes(meta, prefixes)) : null,
            Items(s["sensorReport"]).OfType<JsonObject>().Select(r => new XElement("sensorReport", Attributes(r, prefixes))),
            s.Where(p => p.Key.Contains(':') && p.Value is not null).Select(p => Extension(p.Key, p.Value!, prefixes))))),
        "ilmd" => new XElement(name, value.AsObject().Where(p => p.Value is not null).Select(p => Extension(p.Key, p.Value!, prefixes))),
        _ => new XElement(name, Text(value)),
    };

    private static IEnumerable<XAttribute> Attributes(JsonObject values, Dictionary<string, string> prefixes) =>
        values.Where(p => p.Value is not null).Select(p => new XAttribute(Name(p.Key, prefixes), p.Key == "type" && !Text(p.Value).Contains(':') ? "gs1:" + Text(p.Value) : Text(p.Value)));

    private static XElement Typed(string name, JsonObject item, string cbv)
    {
        var element = new XElement(name, Text(item[name]));
        if (item["type"] is { } type) element.Add(new XAttribute("type", Urn(Text(type), cbv)));
        return element;
    }

    /// <summary>An extension value as elements: an array repeats the element, an object nests its members.</summary>
    private static IEnumerable<XElement> Extension(string key, JsonNode value, Dictionary<string, string> prefixes)
    {
        var name = Name(key, prefixes);
        if (value is JsonArray array)
        {
            foreach (var item in array.Where(i => i is not null)) foreach (var element in Extension(key, item!, prefixes)) yield return element;
            yield break;
        }
        yield return value is JsonObject o
            ? new XElement(name, o.Where(p => p.Value is not null).Select(p => Extension(p.Key, p.Value!, prefixes)))
            : new XElement(name, Text(value));
    }

    private static XName Name(string key, Dictionary<string, string> prefixes)
    {
        var colon = key.IndexOf(':');
        if (colon < 0) return key;
        var prefix = key[..colon];
        var ns = prefixes.GetValueOrDefault(prefix) ?? (prefix == "gs1" ? "https://gs1.org/voc/" : prefix == "cbvmda" ? "urn:epcglobal:cbv:mda" : $"urn:qz:unknown-prefix:{prefix}");
        prefixes.TryAdd(prefix, ns);
        return XName.Get(key[(colon + 1)..], ns);
    }

    private static string Urn(string value, string cbv) => value.Contains(':') ? value : cbv + value;

    private static IEnumerable<JsonNode?> Items(JsonNode? value) => value as JsonArray ?? (value is null ? [] : [value]);

    private static string Text(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValueKind() == JsonValueKind.True ? "true" : "false",
        _ => value.ToJsonString(),
    };
}
