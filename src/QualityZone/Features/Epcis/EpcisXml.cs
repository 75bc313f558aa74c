using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace QualityZone.Features.Epcis;

/// <summary>
/// The XML binding of EPCIS 2.0 read into its JSON-LD form (EPCIS 2.0 §9 and the JSON schema), so
/// that one set of rules, one mapping and one query serve both: list elements become arrays, typed
/// elements (bizTransaction, source, destination) objects, CBV URNs their bare words
/// ("urn:epcglobal:cbv:bizstep:receiving" → "receiving"), and extension elements keys with their
/// namespace prefix, the prefixes added to the document's @context.
/// </summary>
public static class EpcisXml
{
    public const string Namespace = "urn:epcglobal:epcis:xsd:2";
    public static readonly string[] EventTypes = ["ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"];

    private static readonly HashSet<string> EpcLists = ["epcList", "childEPCs", "inputEPCList", "outputEPCList"];
    private static readonly HashSet<string> QuantityLists = ["quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"];
    private static readonly HashSet<string> NumericAttributes = ["value", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue"];

    /// <summary>The events of an EPCISDocument (or one bare event), its master data and the namespaces its extensions use.</summary>
    public static (List<JsonObject> Events, JsonArray Vocabularies, JsonObject Namespaces) Read(XElement root)
    {
        var namespaces = new JsonObject();
        var events = EventTypes.Contains(root.Name.LocalName)
            ? [Event(root, namespaces)]
            : root.Descendants().Where(e => e.Name.Namespace == XNamespace.None && EventTypes.Contains(e.Name.LocalName) && e.Parent?.Name.LocalName is "EventList" or "extension")
                .Select(e => Event(e, namespaces)).ToList();
        var vocabularies = new JsonArray();
        foreach (var vocabulary in root.Descendants().Where(e => e.Name.LocalName == "Vocabulary"))
        {
            var elements = new JsonArray();
            foreach (var element in vocabulary.Descendants().Where(e => e.Name.LocalName == "VocabularyElement"))
            {
                var attributes = new JsonArray();
                foreach (var attribute in element.Elements().Where(e => e.Name.LocalName == "attribute"))
                    attributes.Add(new JsonObject { ["id"] = (string?)attribute.Attribute("id"), ["attribute"] = attribute.HasElements ? Extension(attribute, namespaces) : attribute.Value });
                var children = element.Elements().Where(e => e.Name.LocalName == "children").SelectMany(c => c.Elements()).Select(c => (JsonNode)c.Value.Trim()).ToArray();
                var item = new JsonObject { ["id"] = (string?)element.Attribute("id"), ["attributes"] = attributes };
                if (children.Length > 0) item["children"] = new JsonArray(children);
                elements.Add(item);
            }
            vocabularies.Add(new JsonObject { ["type"] = (string?)vocabulary.Attribute("type"), ["vocabularyElementList"] = elements });
        }
        return (events, vocabularies, namespaces);
    }

    private static JsonObject Event(XElement element, JsonObject namespaces)
    {
        var result = new JsonObject { ["type"] = element.Name.LocalName };
        Fields(element, result, namespaces);
        return result;
    }

    private static void Fields(XElement element, JsonObject result, JsonObject namespaces)
    {
        foreach (var child in element.Elements())
        {
            if (child.Name.Namespace != XNamespace.None)
            {
                AddExtension(result, child, namespaces);
                continue;
            }
            var name = child.Name.LocalName;
            if (name == "extension") { Fields(child, result, namespaces); continue; }
            result[name] = name switch
            {
                _ when EpcLists.Contains(name) => new JsonArray(child.Elements().Select(e => (JsonNode)e.Value.Trim()).ToArray()),
                _ when QuantityLists.Contains(name) => new JsonArray(child.Elements().Select(q => (JsonNode)Quantity(q)).ToArray()),
                "bizTransactionList" => Typed(child, "bizTransaction"),
                "sourceList" => Typed(child, "source"),
                "destinationList" => Typed(child, "destination"),
                "readPoint" or "bizLocation" => Location(child, namespaces),
                "persistentDisposition" => Persistent(child),
                "errorDeclaration" => ErrorDeclaration(child, namespaces),
                "sensorElementList" => new JsonArray(child.Elements().Select(s => (JsonNode)Sensor(s, namespaces)).ToArray()),
                "ilmd" => Extension(child, namespaces),
                "bizStep" or "disposition" => Short(child.Value.Trim()),
                _ => child.Value.Trim(),
            };
        }
    }

    private static JsonObject Quantity(XElement element)
    {
        var result = new JsonObject { ["epcClass"] = element.Element("epcClass")?.Value.Trim() };
        if (element.Element("quantity")?.Value is { } quantity && double.TryParse(quantity, NumberStyles.Float, CultureInfo.InvariantCulture, out var q)) result["quantity"] = q;
        if (element.Element("uom")?.Value is { } uom) result["uom"] = uom.Trim();
        return result;
    }

    private static JsonArray Typed(XElement list, string key) => new(list.Elements().Select(e =>
    {
        var item = new JsonObject();
        if ((string?)e.Attribute("type") is { } type) item["type"] = Short(type);
        item[key] = e.Value.Trim();
        return (JsonNode)item;
    }).ToArray());

    private static JsonObject Location(XElement element, JsonObject namespaces)
    {
        var result = new JsonObject { ["id"] = element.Element("id")?.Value.Trim() };
        foreach (var child in element.Elements().Where(e => e.Name.LocalName != "id")) AddExtension(result, child, namespaces);
        return result;
    }

    private static JsonObject Persistent(XElement element)
    {
        var result = new JsonObject();
        foreach (var group in element.Elements().GroupBy(e => e.Name.LocalName))
            result[group.Key] = new JsonArray(group.Select(e => (JsonNode)Short(e.Value.Trim())).ToArray());
        return result;
    }

    private static JsonObject ErrorDeclaration(XElement element, JsonObject namespaces)
    {
        var result = new JsonObject();
        foreach (var child in element.Elements())
        {
            if (child.Name.Namespace != XNamespace.None) AddExtension(result, child, namespaces);
            else if (child.Name.LocalName == "correctiveEventIDs") result["correctiveEventIDs"] = new JsonArray(child.Elements().Select(e => (JsonNode)e.Value.Trim()).ToArray());
            else result[child.Name.LocalName] = child.Name.LocalName == "reason" ? Short(child.Value.Trim()) : child.Value.Trim();
        }
        return result;
    }

    private static JsonObject Sensor(XElement element, JsonObject namespaces)
    {
        var result = new JsonObject();
        var reports = new JsonArray();
        foreach (var child in element.Elements())
        {
            if (child.Name.LocalName == "sensorMetadata" && child.Name.Namespace == XNamespace.None) result["sensorMetadata"] = Attributes(child, namespaces);
            else if (child.Name.LocalName == "sensorReport" && child.Name.Namespace == XNamespace.None) reports.Add(Attributes(child, namespaces));
            else AddExtension(result, child, namespaces);
        }
        if (reports.Count > 0) result["sensorReport"] = reports;
        return result;
    }

    private static JsonObject Attributes(XElement element, JsonObject namespaces)
    {
        var result = new JsonObject();
        foreach (var attribute in element.Attributes().Where(a => !a.IsNamespaceDeclaration))
        {
            var key = attribute.Name.Namespace == XNamespace.None ? attribute.Name.LocalName : Prefixed(element, attribute.Name, namespaces);
            result[key] = key switch
            {
                _ when NumericAttributes.Contains(key) && double.TryParse(attribute.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
                "booleanValue" => attribute.Value is "true" or "1",
                "type" => Short(attribute.Value),
                _ => attribute.Value,
            };
        }
        return result;
    }

    /// <summary>An extension element as a value: text, or an object of its children (repeated names become arrays).</summary>
    private static JsonNode Extension(XElement element, JsonObject namespaces)
    {
        if (!element.HasElements) return element.Value.Trim();
        var result = new JsonObject();
        foreach (var child in element.Elements()) AddExtension(result, child, namespaces);
        return result;
    }

    private static void AddExtension(JsonObject target, XElement element, JsonObject namespaces)
    {
        var key = element.Name.Namespace == XNamespace.None ? element.Name.LocalName : Prefixed(element, element.Name, namespaces);
        var value = Extension(element, namespaces);
        if (target[key] is JsonArray array) array.Add(value);
        else if (target.ContainsKey(key)) target[key] = new JsonArray(target[key]!.DeepClone(), value);
        else target[key] = value;
    }

    private static string Prefixed(XElement scope, XName name, JsonObject namespaces)
    {
        var uri = name.NamespaceName;
        var prefix = scope.GetPrefixOfNamespace(name.Namespace);
        if (string.IsNullOrEmpty(prefix))
        {
            prefix = namespaces.FirstOrDefault(n => (string?)n.Value == uri).Key ?? "ns" + (namespaces.Count + 1);
        }
        namespaces[prefix] = uri;
        return prefix + ":" + name.LocalName;
    }

    private static readonly (string Urn, string Web)[] CbvPrefixes =
    [
        ("urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-"), ("urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-"),
        ("urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-"), ("urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-"),
        ("urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-"), ("gs1:", "https://gs1.org/voc/"),
    ];

    /// <summary>A CBV value's bare word, as the JSON binding writes it; any other URI unchanged.</summary>
    public static string Short(string value)
    {
        foreach (var (urn, web) in CbvPrefixes)
        {
            if (value.StartsWith(urn, StringComparison.Ordinal)) return value[urn.Length..];
            if (value.StartsWith(web, StringComparison.Ordinal)) return value[web.Length..];
        }
        return value;
    }
}
