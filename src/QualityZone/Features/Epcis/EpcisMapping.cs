using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Traceability;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Epcis;

/// <summary>
/// Maps the events of a captured document onto the zone's traceability records, through the same
/// <see cref="TraceIngest"/> rules as the JSON API and the Excel templates (docs/architecture.md):
/// <list type="bullet">
/// <item>ObjectEvent, bizStep receiving, a quantity of a lot class → a purchase-ledger lot; the supplier is the
/// event's owning (or possessing) party source, named by the header's master data or the zone URN;</item>
/// <item>TransformationEvent with a zone batch class as output → a production batch, its inputQuantityList its inputs;</item>
/// <item>ObjectEvent on a batch class with bizStep assembling or inspecting (or the zone's qz:step) → a step of the batch;</item>
/// <item>ObjectEvent, bizStep shipping, quantities of batch classes → a shipment, its desadv the declaration number.</item>
/// </list>
/// Suppliers and key materials named in the header's master data are registered first when the
/// enterprise has not registered them. Events of other shapes, or about classes the enterprise
/// does not keep (a GTIN that is none of its material codes), are stored only.
/// </summary>
public sealed class EpcisMapping(AppDbContext db, TraceIngest ingest, ZoneClock zoneClock, TimeProvider clock)
{
    public const string ZoneContext = "https://qualityzone.fenghua.gov.cn/epcis/";

    public sealed record Outcome(Dictionary<int, string> Mapped, List<EpcisProblem> Problems);

    /// <summary>
    /// Whether an event can describe one of the zone's records — every branch of <see cref="ApplyAsync"/> needs one of
    /// these: a received lot (ObjectEvent, receiving, a lot class in quantityList), a step or shipment of a batch
    /// (ObjectEvent, a batch class in quantityList), a batch made (TransformationEvent, a batch class among its outputs).
    /// </summary>
    public static bool MayMap(JsonElement e)
    {
        var type = EpcisValidator.Str(e, "type");
        if (type == "TransformationEvent") return Classes(e, "outputQuantityList").Any(c => EpcisIds.ParseBatch(c) is not null);
        if (type != "ObjectEvent") return false;
        var receiving = EpcisValidator.Str(e, "bizStep") is { } step && EpcisXml.Short(step) == "receiving";
        return Classes(e, "quantityList").Any(c => EpcisIds.ParseBatch(c) is not null || receiving && EpcisIds.ParseLot(c) is not null);
    }

    private static IEnumerable<string> Classes(JsonElement e, string list) =>
        EpcisValidator.Member(e, list) is { ValueKind: JsonValueKind.Array } items
            ? items.EnumerateArray().Select(q => EpcisValidator.Str(q, "epcClass")).OfType<string>() : [];

    /// <summary>
    /// Maps the events onto the zone's records. <paramref name="positions"/>: each event's place in the document, for the
    /// reasons' paths. The outcome's <c>Mapped</c> is keyed by the index in <paramref name="events"/>.
    /// </summary>
    public async Task<Outcome?> ApplyAsync(ClaimsPrincipal user, Guid enterpriseId, IReadOnlyList<JsonObject> events, IReadOnlyList<int> positions, JsonArray vocabularies, string prefix,
        CancellationToken ct)
    {
        var master = MasterData(vocabularies);
        var mapped = new Dictionary<int, string>();
        var problems = new List<EpcisProblem>();
        // The enterprise's suppliers and materials are read only when the document can need them (a stream of observations does not).
        if (master.Values.Any(m => Str(m, "qz:kind") is "supplier" or "material")) await RegisterFromMasterDataAsync(enterpriseId, master, ct);
        var receives = events.Any(e => Type(e) == "ObjectEvent" && Step(e) == "receiving");
        var materials = !receives ? new Dictionary<string, (string Code, string Spec, string Unit)>(StringComparer.OrdinalIgnoreCase)
            : (await db.Materials.AsNoTracking().Where(m => m.EnterpriseId == enterpriseId).Select(m => new { m.Code, m.Spec, m.Unit }).ToListAsync(ct))
                .ToDictionary(m => m.Code, m => (m.Code, m.Spec, m.Unit), StringComparer.OrdinalIgnoreCase);

        // Lots received.
        var lots = new List<LotRecord>();
        var lotEvents = new List<int>();
        var lotSuppliers = new Dictionary<(string, string), string>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (Type(e) != "ObjectEvent" || Step(e) != "receiving" || Action(e) == "DELETE" || e["quantityList"] is not JsonArray quantities) continue;
            foreach (var q in quantities.OfType<JsonObject>())
            {
                if (EpcisIds.ParseLot(Str(q, "epcClass") ?? "") is not var (materialCode, lotNumber)) continue;
                var known = materials.TryGetValue(materialCode, out var material);
                if (!known && !Str(q, "epcClass")!.StartsWith(EpcisIds.Namespace, StringComparison.Ordinal)) continue; // a GTIN the enterprise does not keep
                var supplier = Party(e, "sourceList", "source", master);
                if (supplier is not null) lotSuppliers[(materialCode, lotNumber)] = supplier;
                lots.Add(new LotRecord(supplier, materialCode, lotNumber, Ext(e, "spec") ?? (known ? material.Spec : null), Quantity(q), Ext(e, "unit") ?? (known ? material.Unit : null) ?? Str(q, "uom"),
                    LocalDate(e), DateOnly.TryParse(Ext(e, "dueOn"), CultureInfo.InvariantCulture, out var due) ? due : null,
                    Ext(e, "inspection") ?? Inspection(e), Ext(e, "inspectionReport")));
                lotEvents.Add(i);
                mapped[i] = "lot";
            }
        }

        // Steps, by batch class, then batches with their steps and inputs.
        var steps = new Dictionary<string, List<(int Event, StepRecord Step)>>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (Type(e) != "ObjectEvent" || e["quantityList"] is not JsonArray quantities) continue;
            if (e["qz:step"] is not JsonObject && Step(e) is not ("assembling" or "inspecting")) continue;
            foreach (var batch in quantities.OfType<JsonObject>().Select(q => EpcisIds.ParseBatch(Str(q, "epcClass") ?? "")).OfType<string>())
            {
                var step = e["qz:step"] as JsonObject;
                var kind = Str(step, "kind") ?? (Step(e) == "inspecting" ? "Inspection" : "Process");
                steps.TryAdd(batch, []);
                steps[batch].Add((i, new StepRecord(Str(step, "name") ?? Step(e), kind, DateTimeOffset.Parse(Str(e, "eventTime")!, CultureInfo.InvariantCulture),
                    Str(step, "operator"), Str(step, "equipment") ?? Str(e["readPoint"] as JsonObject, "id"), Str(step, "result"), Str(e, "disposition") != "non_conformant")));
                mapped[i] = "step";
            }
        }
        var batches = new List<BatchRecord>();
        var batchEvents = new List<int>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (Type(e) != "TransformationEvent" || e["outputQuantityList"] is not JsonArray outputs) continue;
            var output = outputs.OfType<JsonObject>().Select(q => (Quantity: q, Batch: EpcisIds.ParseBatch(Str(q, "epcClass") ?? ""))).FirstOrDefault(o => o.Batch is not null);
            if (output.Batch is not { } number) continue;
            var ilmd = e["ilmd"] as JsonObject;
            var inputs = new List<InputRecord>();
            foreach (var q in (e["inputQuantityList"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var epcClass = Str(q, "epcClass") ?? "";
                if (EpcisIds.ParseBatch(epcClass) is { } inputBatch) inputs.Add(new InputRecord(null, null, inputBatch, Quantity(q)));
                else if (EpcisIds.ParseLot(epcClass) is var (materialCode, lot))
                    inputs.Add(new InputRecord(lot, lotSuppliers.GetValueOrDefault((materialCode, lot)), null, Quantity(q)));
            }
            var completed = LocalDate(e);
            batches.Add(new BatchRecord(number, Str(ilmd, "qz:productModel") ?? number, Str(ilmd, "qz:productName"), Quantity(output.Quantity),
                Str(ilmd, "qz:unit") ?? Str(output.Quantity, "uom"), DateOnly.TryParse(Str(ilmd, "qz:startedOn"), CultureInfo.InvariantCulture, out var started) ? started : completed, completed,
                Str(ilmd, "qz:serialFrom"), Str(ilmd, "qz:serialTo"), Str(ilmd, "qz:finalInspection"), Str(ilmd, "qz:testReport"),
                steps.Remove(number, out var own) ? own.Select(s => s.Step).ToList() : [], inputs));
            batchEvents.Add(i);
            mapped[i] = "batch";
        }

        // Shipments.
        var shipments = new List<ShipmentRecord>();
        var shipmentEvents = new List<int>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (Type(e) != "ObjectEvent" || Step(e) != "shipping" || e["quantityList"] is not JsonArray quantities) continue;
            var lines = quantities.OfType<JsonObject>().Select(q => (Quantity: q, Batch: EpcisIds.ParseBatch(Str(q, "epcClass") ?? ""))).Where(l => l.Batch is not null).ToList();
            if (lines.Count == 0) continue;
            var values = (e["qz:lines"] as JsonArray ?? []).OfType<JsonObject>().ToDictionary(l => Str(l, "epcClass") ?? "", l => l);
            var declaration = (e["bizTransactionList"] as JsonArray ?? []).OfType<JsonObject>().Select(t => Str(t, "bizTransaction")).OfType<string>()
                .Select(t => EpcisIds.Parse(t) is ("declaration", [var n]) ? n : t).FirstOrDefault();
            var buyer = Party(e, "destinationList", "destination", master);
            shipments.Add(new ShipmentRecord(declaration, LocalDate(e), buyer, Ext(e, "country") ?? Attribute(master, PartyId(e, "destinationList", "destination"), "urn:epcglobal:cbv:mda#countryCode"),
                lines.Select(l => new ShipmentLineRecord(l.Batch, Quantity(l.Quantity),
                    values.TryGetValue(Str(l.Quantity, "epcClass")!, out var v) && v["valueUsd"] is JsonValue value ? value.GetValue<decimal>() : 0m,
                    values.TryGetValue(Str(l.Quantity, "epcClass")!, out var h) ? Str(h, "hsCode") : null)).ToList()));
            shipmentEvents.Add(i);
            mapped[i] = "shipment";
        }

        if (lots.Count > 0 && await ingest.LotsAsync(user, enterpriseId, lots, ct) is var lotResult && Failed(lotResult, lotEvents, positions, prefix, problems)) return new(mapped, problems);
        if (batches.Count > 0 && await ingest.BatchesAsync(user, enterpriseId, batches, ct) is var batchResult && Failed(batchResult, batchEvents, positions, prefix, problems))
            return new(mapped, problems);
        await AppendStepsAsync(enterpriseId, steps, positions, prefix, problems, ct);
        if (problems.Count > 0) return new(mapped, problems);
        if (shipments.Count > 0 && await ingest.ShipmentsAsync(user, enterpriseId, shipments, ct) is var shipmentResult && Failed(shipmentResult, shipmentEvents, positions, prefix, problems))
            return new(mapped, problems);
        return new(mapped, problems);
    }

    private static bool Failed(IngestResult? result, List<int> events, IReadOnlyList<int> positions, string prefix, List<EpcisProblem> problems)
    {
        if (result is null) { problems.Add(new EpcisProblem("", Text.Get("企业不存在"))); return true; }
        foreach (var error in result.Errors)
            problems.Add(new EpcisProblem($"{prefix}{(error.Record < events.Count ? positions[events[error.Record]] : error.Record)}", $"{error.Path}: {error.Reason}"));
        return !result.Succeeded;
    }

    /// <summary>Steps on batches recorded before (an inspection reported after the batch): appended to the batch's record.</summary>
    private async Task AppendStepsAsync(Guid enterpriseId, Dictionary<string, List<(int Event, StepRecord Step)>> steps, IReadOnlyList<int> positions, string prefix, List<EpcisProblem> problems,
        CancellationToken ct)
    {
        if (steps.Count == 0) return;
        var numbers = steps.Keys.ToList();
        var batches = await db.ProductionBatches.Where(b => b.EnterpriseId == enterpriseId && EF.Parameter(numbers).Contains(b.BatchNumber)).Select(b => new { b.Id, b.BatchNumber }).ToListAsync(ct);
        foreach (var (number, list) in steps)
        {
            if (batches.FirstOrDefault(b => b.BatchNumber == number) is not { } batch)
            {
                problems.AddRange(list.Select(s => new EpcisProblem($"{prefix}{positions[s.Event]}", Text.Format("批次“{0}”不存在", number))));
                continue;
            }
            var sequence = await db.BatchSteps.Where(s => s.BatchId == batch.Id).MaxAsync(s => (int?)s.Sequence, ct) ?? 0;
            foreach (var (_, step) in list)
                db.BatchSteps.Add(new BatchStep
                {
                    BatchId = batch.Id, Sequence = ++sequence, Name = step.Name ?? "", Kind = TraceLabels.ParseKind(step.Kind) ?? StepKind.Process, PerformedAt = step.At!.Value,
                    Operator = step.Operator, Equipment = step.Equipment, Result = step.Result, Passed = step.Passed ?? true,
                });
        }
        if (problems.Count == 0) await db.SaveChangesAsync(ct);
    }

    /// <summary>Suppliers and key materials the header describes and the enterprise has not registered (EPCIS 2.0 §7.2: master data travels with the events).</summary>
    private async Task RegisterFromMasterDataAsync(Guid enterpriseId, Dictionary<string, JsonObject> master, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var suppliers = await db.Suppliers.Where(s => s.EnterpriseId == enterpriseId).ToListAsync(ct);
        var materials = await db.Materials.Include(m => m.ApprovedSuppliers).Where(m => m.EnterpriseId == enterpriseId).ToListAsync(ct);
        var changed = false;
        foreach (var (id, element) in master.Where(m => Str(m.Value, "qz:kind") == "supplier"))
        {
            var name = Attribute(master, id, "urn:epcglobal:cbv:mda#name");
            if (string.IsNullOrWhiteSpace(name) || suppliers.Any(s => s.Name == name)) continue;
            var supplier = new Supplier { EnterpriseId = enterpriseId, Name = name, CreditCode = Attribute(master, id, "qz:creditCode"), Supplies = Attribute(master, id, "qz:supplies"), CreatedAt = now };
            suppliers.Add(supplier);
            db.Suppliers.Add(supplier);
            changed = true;
        }
        foreach (var (id, element) in master.Where(m => Str(m.Value, "qz:kind") == "material"))
        {
            var code = Attribute(master, id, "qz:code");
            if (string.IsNullOrWhiteSpace(code) || materials.Any(m => string.Equals(m.Code, code, StringComparison.OrdinalIgnoreCase))) continue;
            var material = new Material
            {
                EnterpriseId = enterpriseId, Code = code, Name = Attribute(master, id, "urn:epcglobal:cbv:mda#descriptionShort") ?? code,
                Spec = Attribute(master, id, "qz:spec") ?? "", Unit = Attribute(master, id, "qz:unit") ?? "件", CreatedAt = now,
            };
            foreach (var party in (Attribute(master, id, "qz:approvedSuppliers") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                if (suppliers.FirstOrDefault(s => s.Name == Attribute(master, party, "urn:epcglobal:cbv:mda#name")) is { } approved)
                    material.ApprovedSuppliers.Add(new MaterialSource { MaterialId = material.Id, SupplierId = approved.Id });
            materials.Add(material);
            db.Materials.Add(material);
            changed = true;
        }
        if (changed) await db.SaveChangesAsync(ct);
    }

    /// <summary>The header's vocabulary elements by id, each with its attributes as keys (and qz:kind from the zone's attribute).</summary>
    public static Dictionary<string, JsonObject> MasterData(JsonArray vocabularies)
    {
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var element in vocabularies.OfType<JsonObject>().SelectMany(v => (v["vocabularyElementList"] as JsonArray ?? []).OfType<JsonObject>()))
        {
            if (Str(element, "id") is not { } id) continue;
            var attributes = new JsonObject();
            foreach (var attribute in (element["attributes"] as JsonArray ?? []).OfType<JsonObject>())
                if (Str(attribute, "id") is { } key) attributes[Expand(key)] = attribute["attribute"]?.DeepClone();
            result[id] = attributes;
        }
        return result;
    }

    private static string Expand(string key) => key.StartsWith("cbvmda:", StringComparison.Ordinal) ? "urn:epcglobal:cbv:mda#" + key[7..] : key;

    private static string? Attribute(Dictionary<string, JsonObject> master, string? id, string key) =>
        id is not null && master.TryGetValue(id, out var element) ? element[key] switch { JsonValue v => v.ToString(), JsonArray a => string.Join(",", a), _ => null } : null;

    private static string? PartyId(JsonObject e, string list, string key)
    {
        var parties = (e[list] as JsonArray ?? []).OfType<JsonObject>().ToList();
        return parties.Where(p => Str(p, "type") == "owning_party").Concat(parties.Where(p => Str(p, "type") == "possessing_party")).Select(p => Str(p, key)).FirstOrDefault();
    }

    /// <summary>A party's name: from master data, from a zone party URN, or the identifier itself.</summary>
    private static string? Party(JsonObject e, string list, string key, Dictionary<string, JsonObject> master)
    {
        var id = PartyId(e, list, key);
        if (id is null) return null;
        return Attribute(master, id, "urn:epcglobal:cbv:mda#name") ?? (EpcisIds.Parse(id) is ("party", [var name]) ? name : id);
    }

    /// <summary>The date of the event on the zone's records: eventTime at its own offset (a lot received at 23:30 in Ningbo is received that day).</summary>
    private DateOnly LocalDate(JsonObject e)
    {
        var time = DateTimeOffset.Parse(Str(e, "eventTime")!, CultureInfo.InvariantCulture);
        var offset = Str(e, "eventTimeZoneOffset") is { } o && TimeSpan.TryParse(o.TrimStart('+'), CultureInfo.InvariantCulture, out var span) ? (o.StartsWith('-') ? -span : span) : zoneClock.ToZoneTime(time).Offset;
        return DateOnly.FromDateTime(time.ToOffset(offset).DateTime);
    }

    private static string? Inspection(JsonObject e) => Str(e, "disposition") switch { "conformant" => "Pass", "non_conformant" => "Fail", _ => null };
    private static decimal? Quantity(JsonObject q) => q["quantity"] is JsonValue v && v.TryGetValue<decimal>(out var d) ? d : null;
    private static string? Type(JsonObject e) => Str(e, "type");
    private static string? Action(JsonObject e) => Str(e, "action");
    private static string? Step(JsonObject e) => Str(e, "bizStep") is { } s ? EpcisXml.Short(s) : null;
    private static string? Ext(JsonObject e, string key) => Str(e, "qz:" + key);
    private static string? Str(JsonObject? e, string key) => e is null ? null : e[key] switch { JsonValue v when v.TryGetValue<string>(out var s) => s, JsonValue v => v.ToString(), _ => null };
}
