using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Traceability;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Epcis;

/// <summary>
/// What a foreign buyer asks for: the events behind one shipment — every lot received, every batch
/// made with its inputs, every step and test, the shipment itself — as one EPCIS 2.0 document,
/// from the shipment's backward trace. The header carries the master data (suppliers and the buyer
/// as parties, key materials as EPC classes with their approved specification), so that the
/// document can be read, and captured again (EpcisMapping), without the zone.
/// </summary>
public sealed class EpcisExport(AppDbContext db, TraceQueries queries, ZoneClock zoneClock, TimeProvider clock)
{
    public async Task<JsonObject?> ShipmentAsync(ClaimsPrincipal user, Guid shipmentId, CancellationToken ct)
    {
        var graph = await queries.BackwardFromShipmentAsync(user, shipmentId, ct);
        if (graph is null || graph.Shipments.Count == 0) return null;
        var shipment = graph.Shipments[0];
        var issuer = await db.Enterprises.Where(e => e.Id == shipment.EnterpriseId).Select(e => e.CreditCode).SingleAsync(ct);
        var supplierIds = graph.Lots.Values.Select(l => l.SupplierId).Distinct().ToList();
        var creditCodes = await db.Suppliers.Where(s => supplierIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.CreditCode, ct);

        var events = new JsonArray();
        foreach (var lot in graph.Lots.Values.OrderBy(l => l.ReceivedOn).ThenBy(l => l.LotNumber))
        {
            var e = Event("ObjectEvent", At(lot.ReceivedOn, 9), Id("lot", lot.Id));
            e["action"] = "ADD";
            e["bizStep"] = "receiving";
            e["disposition"] = lot.Inspection switch { InspectionResult.Pass or InspectionResult.Concession => "conformant", InspectionResult.Fail => "non_conformant", _ => "in_progress" };
            e["quantityList"] = new JsonArray(Quantity(EpcisIds.Lot(issuer, lot.MaterialCode, lot.LotNumber), lot.Quantity, lot.Unit));
            e["sourceList"] = new JsonArray(new JsonObject { ["type"] = "owning_party", ["source"] = EpcisIds.Party(issuer, lot.Supplier) });
            e["qz:spec"] = lot.Spec;
            e["qz:unit"] = lot.Unit;
            e["qz:inspection"] = lot.Inspection.ToString();
            if (lot.InspectionReport is { } report) e["qz:inspectionReport"] = report;
            events.Add(e);
        }
        foreach (var batch in Ordered(graph))
        {
            var e = Event("TransformationEvent", At(batch.CompletedOn, 17), Id("batch", batch.Id));
            e["bizStep"] = "commissioning";
            e["inputQuantityList"] = new JsonArray(graph.Inputs[batch.Id].Select(input => (JsonNode)(input.LotId is { } lotId && graph.Lots.TryGetValue(lotId, out var lot)
                ? Quantity(EpcisIds.Lot(issuer, lot.MaterialCode, lot.LotNumber), input.Quantity, lot.Unit)
                : Quantity(EpcisIds.Batch(issuer, graph.Batches.TryGetValue(input.InputBatchId ?? Guid.Empty, out var sub) ? sub.BatchNumber : input.InputBatchId.ToString()!),
                    input.Quantity, sub?.Unit))).ToArray());
            e["outputQuantityList"] = new JsonArray(Quantity(EpcisIds.Batch(issuer, batch.BatchNumber), batch.Quantity, batch.Unit));
            var ilmd = new JsonObject { ["qz:productModel"] = batch.ProductModel, ["qz:unit"] = batch.Unit, ["qz:startedOn"] = batch.StartedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["qz:finalInspection"] = batch.FinalInspection.ToString() };
            if (batch.ProductName is { } name) ilmd["qz:productName"] = name;
            if (batch.SerialFrom is { } from) ilmd["qz:serialFrom"] = from;
            if (batch.SerialTo is { } to) ilmd["qz:serialTo"] = to;
            if (batch.TestReport is { } test) ilmd["qz:testReport"] = test;
            e["ilmd"] = ilmd;
            events.Add(e);
            foreach (var step in graph.Steps[batch.Id].OrderBy(s => s.Sequence))
            {
                var s = Event("ObjectEvent", step.PerformedAt, Id($"step:{step.Sequence}", batch.Id));
                s["action"] = "OBSERVE";
                s["bizStep"] = step.Kind == StepKind.Process ? "assembling" : "inspecting";
                s["disposition"] = step.Passed ? "conformant" : "non_conformant";
                s["quantityList"] = new JsonArray(Quantity(EpcisIds.Batch(issuer, batch.BatchNumber), batch.Quantity, batch.Unit));
                var detail = new JsonObject { ["name"] = step.Name, ["kind"] = step.Kind.ToString() };
                if (step.Operator is { } op) detail["operator"] = op;
                if (step.Equipment is { } equipment) detail["equipment"] = equipment;
                if (step.Result is { } result) detail["result"] = result;
                s["qz:step"] = detail;
                events.Add(s);
            }
        }
        var shipping = Event("ObjectEvent", At(shipment.ShippedOn, 10), Id("shipment", shipment.ShipmentId));
        shipping["action"] = "OBSERVE";
        shipping["bizStep"] = "shipping";
        shipping["disposition"] = "in_transit";
        shipping["bizTransactionList"] = new JsonArray(new JsonObject { ["type"] = "desadv", ["bizTransaction"] = EpcisIds.Declaration(issuer, shipment.DeclarationNumber) });
        shipping["quantityList"] = new JsonArray(graph.Shipments.Select(l => (JsonNode)Quantity(EpcisIds.Batch(issuer, graph.Batches[l.BatchId].BatchNumber), l.Quantity, graph.Batches[l.BatchId].Unit)).ToArray());
        shipping["destinationList"] = new JsonArray(new JsonObject { ["type"] = "owning_party", ["destination"] = EpcisIds.Party(issuer, shipment.Buyer) });
        shipping["qz:country"] = shipment.CountryCode;
        shipping["qz:lines"] = new JsonArray(graph.Shipments.Select(l => (JsonNode)new JsonObject
            { ["epcClass"] = EpcisIds.Batch(issuer, graph.Batches[l.BatchId].BatchNumber), ["valueUsd"] = l.ValueUsd }).ToArray());
        events.Add(shipping);

        return new JsonObject
        {
            ["@context"] = new JsonArray(EpcisValidator.ContextUri, new JsonObject { ["qz"] = EpcisMapping.ZoneContext }),
            ["type"] = "EPCISDocument",
            ["schemaVersion"] = "2.0",
            ["creationDate"] = Time(clock.GetUtcNow()),
            ["epcisHeader"] = new JsonObject { ["epcisMasterData"] = new JsonObject { ["vocabularyList"] = MasterData(issuer, graph, creditCodes, shipment) } },
            ["epcisBody"] = new JsonObject { ["eventList"] = events },
        };
    }

    private static JsonArray MasterData(string issuer, TraceGraph graph, Dictionary<Guid, string?> creditCodes, TraceShipment shipment)
    {
        var parties = new JsonArray();
        foreach (var supplier in graph.Lots.Values.GroupBy(l => l.SupplierId).Select(g => g.First()).OrderBy(l => l.Supplier))
        {
            var attributes = new JsonArray(Attribute("cbvmda:name", supplier.Supplier), Attribute("qz:kind", "supplier"));
            if (creditCodes.GetValueOrDefault(supplier.SupplierId) is { } code) attributes.Add(Attribute("qz:creditCode", code));
            parties.Add(new JsonObject { ["id"] = EpcisIds.Party(issuer, supplier.Supplier), ["attributes"] = attributes });
        }
        parties.Add(new JsonObject
        {
            ["id"] = EpcisIds.Party(issuer, shipment.Buyer),
            ["attributes"] = new JsonArray(Attribute("cbvmda:name", shipment.Buyer), Attribute("cbvmda:countryCode", shipment.CountryCode), Attribute("qz:kind", "buyer")),
        });
        var classes = new JsonArray();
        foreach (var material in graph.Lots.Values.GroupBy(l => l.MaterialCode).OrderBy(g => g.Key))
        {
            var first = material.First();
            // Attribute values are numbers, strings or objects (the JSON schema): the approved suppliers as one space-separated list of party URIs.
            var approved = string.Join(' ', material.Where(l => l.SupplierApproved).Select(l => EpcisIds.Party(issuer, l.Supplier)).Distinct());
            classes.Add(new JsonObject
            {
                ["id"] = EpcisIds.Material(issuer, material.Key),
                ["attributes"] = new JsonArray(Attribute("cbvmda:descriptionShort", first.MaterialName), Attribute("qz:kind", "material"), Attribute("qz:code", material.Key),
                    Attribute("qz:spec", first.ApprovedSpec), Attribute("qz:unit", first.Unit), Attribute("qz:approvedSuppliers", approved)),
            });
        }
        return
        [
            new JsonObject { ["type"] = "urn:epcglobal:epcis:vtype:Party", ["vocabularyElementList"] = parties },
            new JsonObject { ["type"] = "urn:epcglobal:epcis:vtype:EPCClass", ["vocabularyElementList"] = classes },
        ];
    }

    /// <summary>Batches with their sub-assemblies first, so that a reader meets every input before the batch that consumes it.</summary>
    private static List<TraceBatch> Ordered(TraceGraph graph)
    {
        var ordered = new List<TraceBatch>();
        var seen = new HashSet<Guid>();
        void Visit(Guid id)
        {
            if (!seen.Add(id) || !graph.Batches.TryGetValue(id, out var batch)) return;
            foreach (var input in graph.Inputs[id]) if (input.InputBatchId is { } sub) Visit(sub);
            ordered.Add(batch);
        }
        foreach (var id in graph.Batches.Keys.OrderBy(k => graph.Batches[k].CompletedOn).ThenBy(k => graph.Batches[k].BatchNumber)) Visit(id);
        return ordered;
    }

    private JsonObject Event(string type, DateTimeOffset at, string id)
    {
        var local = zoneClock.ToZoneTime(at);
        return new JsonObject
        {
            ["type"] = type, ["eventTime"] = local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            ["eventTimeZoneOffset"] = local.ToString("zzz", CultureInfo.InvariantCulture), ["eventID"] = id,
        };
    }

    private DateTimeOffset At(DateOnly day, int hour) => zoneClock.StartOf(day).AddHours(hour);

    private static JsonObject Quantity(string epcClass, decimal quantity, string? unit)
    {
        var q = new JsonObject { ["epcClass"] = epcClass, ["quantity"] = quantity };
        if (Uom(unit) is { } uom) q["uom"] = uom;
        return q;
    }

    /// <summary>UN/ECE Recommendation 20 codes for the units the zone's records use; pieces (件, 只, 个, 套) have none in EPCIS (a count without uom).</summary>
    private static string? Uom(string? unit) => unit switch { "kg" or "千克" or "公斤" => "KGM", "m" or "米" => "MTR", "t" or "吨" => "TNE", "g" or "克" => "GRM", "L" or "升" => "LTR", _ => null };

    private static JsonObject Attribute(string id, string value) => new() { ["id"] = id, ["attribute"] = value };

    /// <summary>A stable eventID for a record (the same export gives the same IDs): a name-based UUID of the record's key.</summary>
    private static string Id(string kind, Guid record)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}:{record}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    private static string Time(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
