using System.Data.Common;
using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Traceability;

public sealed record TraceBatch(Guid Id, Guid EnterpriseId, string BatchNumber, string ProductModel, string? ProductName, decimal Quantity, string Unit,
    DateOnly StartedOn, DateOnly CompletedOn, string? SerialFrom, string? SerialTo, InspectionResult FinalInspection, string? TestReport);
public sealed record TraceStep(Guid BatchId, int Sequence, StepKind Kind, string Name, DateTimeOffset PerformedAt, string? Operator, string? Equipment, string? Result, bool Passed);
public sealed record TraceEdge(Guid BatchId, Guid? LotId, Guid? InputBatchId, decimal Quantity);
public sealed record TraceLot(Guid Id, string LotNumber, string MaterialCode, string MaterialName, string Spec, string ApprovedSpec, Guid SupplierId, string Supplier,
    SupplierStatus SupplierStatus, bool SupplierApproved, decimal Quantity, string Unit, DateOnly ReceivedOn, InspectionResult Inspection, string? InspectionReport)
{
    /// <summary>The ledger check's flags, computed once (trees, tables and documents read them several times).</summary>
    public IReadOnlyList<string> Flags { get; } = LedgerCheck.Flags(SupplierStatus, SupplierApproved, Spec, ApprovedSpec, Inspection, consumed: true);
}
public sealed record TraceShipment(Guid ShipmentId, Guid EnterpriseId, string DeclarationNumber, DateOnly ShippedOn, string Buyer, string CountryCode, Guid BatchId, decimal Quantity, decimal ValueUsd);

/// <summary>
/// What a trace found: the batches, their steps and inputs, the lots with their suppliers, the
/// shipments — and the gaps in the data (a batch without a process record or inputs, an input
/// pointing at nothing, a cycle), which are reported rather than followed.
/// </summary>
public sealed class TraceGraph
{
    public required IReadOnlyList<Guid> Roots { get; init; }
    /// <summary>A forward trace from a supplier: its name (also when none of its lots has been received).</summary>
    public string? SupplierName { get; init; }
    public Dictionary<Guid, TraceBatch> Batches { get; } = [];
    public ILookup<Guid, TraceStep> Steps { get; set; } = Array.Empty<TraceStep>().ToLookup(s => s.BatchId);
    public ILookup<Guid, TraceEdge> Inputs { get; set; } = Array.Empty<TraceEdge>().ToLookup(e => e.BatchId);
    public Dictionary<Guid, TraceLot> Lots { get; } = [];
    public List<TraceShipment> Shipments { get; } = [];
    public List<string> Gaps { get; } = [];
    public int Depth { get; set; }

    public IEnumerable<TraceLot> SuppliersLots => Lots.Values.OrderBy(l => l.Supplier).ThenBy(l => l.LotNumber);
}

/// <summary>A recall notice's scope: the candidate shipments, the lots behind them, and every shipment that shares a suspect lot.</summary>
public sealed record RecallScope(RecallNotice Notice, IReadOnlyList<TraceShipment> Candidates, IReadOnlyList<RecallLot> SuspectLots,
    IReadOnlyList<TraceShipment> Affected, Dictionary<Guid, TraceBatch> Batches)
{
    /// <summary>The affected shipment lines that are not candidates, computed once (page, API and both documents list them).</summary>
    public IReadOnlyList<TraceShipment> Others { get; } = NotIn(Affected, Candidates);

    private static List<TraceShipment> NotIn(IReadOnlyList<TraceShipment> lines, IReadOnlyList<TraceShipment> excluded)
    {
        var shipments = excluded.Select(c => c.ShipmentId).ToHashSet();
        return lines.Where(l => !shipments.Contains(l.ShipmentId)).ToList();
    }
}

/// <param name="DownstreamShipments">Shipments reached from the lot; null when the user narrowed the scope to other lots.</param>
public sealed record RecallLot(TraceLot Lot, int CandidateBatches, int? DownstreamShipments);

/// <summary>A foreign notification or recall naming a product model, a destination country and a period; optionally narrowed to suspect lots.</summary>
public sealed record RecallNotice(Guid? EnterpriseId, string Model, string Country, DateOnly From, DateOnly To, IReadOnlyList<Guid> Lots);

/// <summary>
/// Traces backward (from a shipment, batch or serial number to every sub-assembly, step, lot and
/// supplier) and forward (from a lot, supplier or batch to every downstream batch and shipment),
/// and computes recall scopes. A hot path (architecture.md): recursive SQL over the covering
/// indexes of batch_components, on a connection of its own, no row through EF; UNION (not UNION
/// ALL) makes a cycle in bad data end the recursion instead of looping, and the tree built here
/// reports it. The SQL is the same on SQLite and PostgreSQL.
/// </summary>
public sealed class TraceQueries(RawSql sql)
{
    /// <summary>Deeper than any real assembly (issue: at least 10 levels); a path this long is reported, not followed.</summary>
    public const int MaxDepth = 64;

    public async Task<TraceGraph?> BackwardFromShipmentAsync(ClaimsPrincipal user, Guid shipmentId, CancellationToken ct)
    {
        var scope = EnterpriseScope.For(user);
        await using var connection = await sql.SessionAsync(ct);
        var shipments = await ShipmentLinesAsync(connection, """WHERE s."Id" = @p0""", [shipmentId], ct);
        if (shipments.Count == 0 || !scope.Allows(shipments[0].EnterpriseId)) return null;
        var graph = await BackwardAsync(connection, shipments.Select(s => s.BatchId).Distinct().ToList(), ct);
        graph.Shipments.AddRange(shipments);
        return graph;
    }

    public async Task<TraceGraph?> BackwardFromBatchAsync(ClaimsPrincipal user, Guid batchId, CancellationToken ct)
    {
        await using var connection = await sql.SessionAsync(ct);
        var enterpriseId = await EnterpriseOfAsync(connection, """SELECT "EnterpriseId" FROM production_batches WHERE "Id" = @p0""", batchId, ct);
        if (enterpriseId is null || !EnterpriseScope.For(user).Allows(enterpriseId.Value)) return null;
        var graph = await BackwardAsync(connection, [batchId], ct);
        graph.Shipments.AddRange(await ShipmentLinesAsync(connection, """WHERE l."BatchId" = @p0""", [batchId], ct));
        return graph;
    }

    /// <summary>Forward from lots (a lot, or every lot of a supplier) or from a batch: every batch downstream and every shipment that carried one.</summary>
    public async Task<TraceGraph?> ForwardAsync(ClaimsPrincipal user, Guid? lotId, Guid? supplierId, Guid? batchId, CancellationToken ct)
    {
        var scope = EnterpriseScope.For(user);
        await using var connection = await sql.SessionAsync(ct);
        List<Guid> lots = [];
        Guid? enterpriseId;
        string? supplierName = null;
        if (lotId is { } lot) enterpriseId = await EnterpriseOfAsync(connection, """SELECT "EnterpriseId" FROM material_lots WHERE "Id" = @p0""", lot, ct);
        else if (supplierId is { } supplier)
        {
            // The supplier's enterprise and its name in one read (the trace names it, also when none of its lots has come in).
            enterpriseId = null;
            await using (var reader = await ReadAsync(connection, """SELECT "EnterpriseId", "Name" FROM suppliers WHERE "Id" = @p0""", [supplier], ct))
                if (await reader.ReadAsync(ct)) (enterpriseId, supplierName) = (reader.GetGuid(0), reader.GetString(1));
            lots = await IdsAsync(connection, """SELECT "Id" FROM material_lots WHERE "SupplierId" = @p0""", [supplier], ct);
        }
        else if (batchId is { } batch) enterpriseId = await EnterpriseOfAsync(connection, """SELECT "EnterpriseId" FROM production_batches WHERE "Id" = @p0""", batch, ct);
        else return null;
        if (enterpriseId is null || !scope.Allows(enterpriseId.Value)) return null;
        if (lotId is { } single) lots = [single];
        // A supplier with no lot received yet reaches nothing (it was traced as a batch, which failed: found by the link walk of issue 21).
        if (supplierId is not null && lots.Count == 0) return new TraceGraph { Roots = [], SupplierName = supplierName };

        var starts = lots.Count > 0
            ? $"""SELECT "BatchId" FROM batch_components WHERE {In("\"MaterialLotId\"")}"""
            : """SELECT "Id" FROM production_batches WHERE "Id" = @p0""";
        var parameters = lots.Count > 0 ? [Ids(lots)] : new List<object> { batchId!.Value };
        var graph = new TraceGraph { Roots = lots.Count > 0 ? lots : [batchId!.Value], SupplierName = supplierName };
        // As backward: the walk returns the batches themselves, and their inputs, the start lots and the shipments
        // come back together in one command — three round trips in all instead of six (PostgreSQL's p99, issue 22).
        await using (var reader = await ReadAsync(connection, $"""
            WITH RECURSIVE up("Id") AS (
                {starts}
                UNION
                SELECT c."BatchId" FROM batch_components c JOIN up ON c."InputBatchId" = up."Id"
            )
            SELECT {BatchColumns} {Reached("production_batches b", "b.\"Id\"", "up")}
            """, parameters, ct))
            while (await reader.ReadAsync(ct)) AddBatch(graph, reader);
        var reached = graph.Batches.Keys.ToList();
        List<TraceEdge> edges = [];
        {
            await using var reader = await ReadAsync(connection, $"""
                {EdgeSql} WHERE {In("\"BatchId\"")};
                {ShipmentSql} WHERE {In("l.\"BatchId\"")} {ShipmentOrder};
                {LotSql} WHERE {sql.InIds("l.\"Id\"", "@p1")};
                """, [Ids(reached), Ids(lots)], ct);
            while (await reader.ReadAsync(ct)) edges.Add(ReadEdge(reader));
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct)) graph.Shipments.Add(ReadShipment(reader, 0));
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct)) AddLot(graph, reader);
        }
        // The edges that lead downstream: inputs of reached batches that are a start lot or a reached batch.
        var starting = lots.ToHashSet();
        var reachedSet = reached.ToHashSet();
        graph.Inputs = edges.Where(e => (e.LotId is { } l && starting.Contains(l)) || (e.InputBatchId is { } b && reachedSet.Contains(b))).ToLookup(e => e.BatchId);
        return graph;
    }

    /// <summary>The recall scope of a notice: set-based SQL from the candidate shipments back to their lots and forward again to every shipment.</summary>
    public Task<RecallScope> RecallAsync(ClaimsPrincipal user, RecallNotice notice, CancellationToken ct)
    {
        var scope = EnterpriseScope.For(user);
        return RecallAsync(scope.All ? notice.EnterpriseId : scope.EnterpriseId ?? Guid.Empty, notice, ct);
    }

    /// <summary>The recall scope within one enterprise (or the zone when null), for the system: a trace request opened by a foreign recall.</summary>
    public async Task<RecallScope> RecallAsync(Guid? enterpriseId, RecallNotice notice, CancellationToken ct)
    {
        await using var connection = await sql.SessionAsync(ct);
        var where = new StringBuilder("""WHERE s."CountryCode" = @p0 AND s."ShippedOn" >= @p1 AND s."ShippedOn" <= @p2 AND b."ProductModel" = @p3""");
        List<object> parameters = [notice.Country, notice.From, notice.To, notice.Model];
        if (enterpriseId is { } e)
        {
            where.Append(""" AND s."EnterpriseId" = @p4""");
            parameters.Add(e);
        }
        var candidateSql = $"""SELECT l."BatchId" FROM shipments s JOIN shipment_lines l ON l."ShipmentId" = s."Id" JOIN production_batches b ON b."Id" = l."BatchId" {where}""";
        var candidates = await ShipmentLinesAsync(connection, $"""JOIN production_batches b ON b."Id" = l."BatchId" {where}""", parameters, ct);

        // Back from the candidate batches to every lot they (and their sub-assemblies) consumed. The
        // CROSS JOIN keeps SQLite walking from the few reached batches into the backward index; given
        // a GROUP BY or a join it may choose, it scans all five million inputs by lot instead
        // (1.3 s instead of 2 ms at the bench's scale; docs/benchmarks.md). Counted here, not in SQL, for the same reason.
        var usedBy = new Dictionary<Guid, HashSet<Guid>>();
        await using (var reader = await ReadAsync(connection, $"""
            WITH RECURSIVE tree("Id") AS (
                {candidateSql}
                UNION
                SELECT c."InputBatchId" FROM batch_components c JOIN tree t ON c."BatchId" = t."Id" WHERE c."InputBatchId" IS NOT NULL
            )
            SELECT c."MaterialLotId", c."BatchId" {Reached("batch_components c", "c.\"BatchId\"", "tree")} AND c."MaterialLotId" IS NOT NULL
            """, parameters, ct))
            while (await reader.ReadAsync(ct))
            {
                var lot = reader.GetGuid(0);
                if (!usedBy.TryGetValue(lot, out var batches)) usedBy[lot] = batches = [];
                batches.Add(reader.GetGuid(1));
            }
        var suspects = usedBy.Select(u => (Lot: u.Key, Batches: u.Value.Count)).ToList();

        // Forward from each suspect lot (or the ones the user kept) to every batch and shipment, remembering which lot led there.
        var chosen = (notice.Lots.Count > 0 ? suspects.Where(s => notice.Lots.Contains(s.Lot)) : suspects).Select(s => s.Lot).ToHashSet();
        // The walk returns (lot, batch) pairs only; the shipments of those batches come by key. A
        // join from the recursive result to the shipments let PostgreSQL, which guesses millions
        // of rows for a recursive CTE, hash both shipment tables (1 s instead of 20 ms).
        var pairs = new List<(Guid Lot, Guid Batch)>();
        if (chosen.Count > 0)
        {
            await using var reader = await ReadAsync(connection, $"""
                WITH RECURSIVE up("Lot", "Id") AS (
                    SELECT "MaterialLotId", "BatchId" FROM batch_components WHERE {In("\"MaterialLotId\"")}
                    UNION
                    SELECT up."Lot", c."BatchId" FROM batch_components c JOIN up ON c."InputBatchId" = up."Id"
                )
                SELECT "Lot", "Id" FROM up
                """, [Ids(chosen)], ct);
            while (await reader.ReadAsync(ct)) pairs.Add((reader.GetGuid(0), reader.GetGuid(1)));
        }
        var shippedBy = (await ShipmentLinesForBatchesAsync(connection, pairs.Select(p => p.Batch).Distinct().ToList(), ct)).ToLookup(l => l.BatchId);
        var downstream = pairs.SelectMany(p => shippedBy[p.Batch].Select(shipment => (p.Lot, Shipment: shipment))).ToList();

        var graph = new TraceGraph { Roots = [] };
        await LoadLotsAsync(connection, graph, suspects.Select(s => s.Lot).ToList(), ct);
        var perLot = downstream.GroupBy(d => d.Lot).ToDictionary(g => g.Key, g => g.Select(d => d.Shipment.ShipmentId).Distinct().Count());
        var lots = suspects.Where(s => graph.Lots.ContainsKey(s.Lot))
            .Select(s => new RecallLot(graph.Lots[s.Lot], s.Batches, chosen.Contains(s.Lot) ? perLot.GetValueOrDefault(s.Lot) : null))
            // The likely cause first (issue 21): the lot in most of the candidate batches; among equals the one that reached
            // the most shipments (the widest exposure), then the ones the ledger check flagged.
            .OrderByDescending(l => l.CandidateBatches).ThenByDescending(l => l.DownstreamShipments ?? 0).ThenByDescending(l => l.Lot.Flags.Count)
            .ThenBy(l => l.Lot.Supplier).ThenBy(l => l.Lot.LotNumber).ToList();
        var affected = downstream.Select(d => d.Shipment).Concat(candidates).DistinctBy(s => (s.ShipmentId, s.BatchId)).OrderBy(s => s.ShippedOn).ThenBy(s => s.DeclarationNumber).ToList();
        await LoadBatchesAsync(connection, graph, affected.Select(a => a.BatchId).Distinct().ToList(), ct);
        return new RecallScope(notice, candidates, lots, affected, graph.Batches);
    }

    private async Task<TraceGraph> BackwardAsync(RawSql.Session connection, List<Guid> roots, CancellationToken ct)
    {
        var graph = new TraceGraph { Roots = roots };
        if (roots.Count == 0) return graph;
        // Round trips are most of a trace's cost (p99 < 10 ms at 1M batches): the walk returns the
        // batches themselves, and their inputs, steps and lots come back together in one command.
        await using (var reader = await ReadAsync(connection, $"""
            WITH RECURSIVE tree("Id") AS (
                SELECT "Id" FROM production_batches WHERE {In("\"Id\"")}
                UNION
                SELECT c."InputBatchId" FROM batch_components c JOIN tree t ON c."BatchId" = t."Id" WHERE c."InputBatchId" IS NOT NULL
            )
            SELECT {BatchColumns} {Reached("production_batches b", "b.\"Id\"", "tree")}
            """, [Ids(roots)], ct))
            while (await reader.ReadAsync(ct)) AddBatch(graph, reader);
        var reached = graph.Batches.Keys.ToList();
        {
            // One parameter for the reached batches, read three times: the same text for every trace.
            await using var reader = await ReadAsync(connection, $"""
                {EdgeSql} WHERE {In("\"BatchId\"")};
                {StepSql} WHERE {In("\"BatchId\"")} ORDER BY "BatchId", "Sequence";
                {LotSql} WHERE l."Id" IN (SELECT "MaterialLotId" FROM batch_components WHERE {In("\"BatchId\"")} AND "MaterialLotId" IS NOT NULL);
                """, [Ids(reached)], ct);
            var edges = new List<TraceEdge>();
            while (await reader.ReadAsync(ct)) edges.Add(ReadEdge(reader));
            await reader.NextResultAsync(ct);
            var steps = new List<TraceStep>();
            while (await reader.ReadAsync(ct)) steps.Add(ReadStep(reader));
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct)) AddLot(graph, reader);
            graph.Inputs = edges.ToLookup(e => e.BatchId);
            graph.Steps = steps.ToLookup(s => s.BatchId);
        }
        FindGaps(graph);
        return graph;
    }

    /// <summary>Walks the tree from the roots as it will be shown, noting cycles, dangling inputs and missing records.</summary>
    private static void FindGaps(TraceGraph graph)
    {
        foreach (var root in graph.Roots.Where(r => !graph.Batches.ContainsKey(r)))
            graph.Gaps.Add(Text.Format("引用的批次不存在（{0}）", root));
        foreach (var batch in graph.Batches.Values.OrderBy(b => b.BatchNumber))
        {
            if (!graph.Steps[batch.Id].Any()) graph.Gaps.Add(Text.Format("批次 {0} 没有工序与检验记录", batch.BatchNumber));
            if (!graph.Inputs[batch.Id].Any()) graph.Gaps.Add(Text.Format("批次 {0} 没有投料记录", batch.BatchNumber));
            if (batch.FinalInspection == InspectionResult.Pending) graph.Gaps.Add(Text.Format("批次 {0} 没有出厂检验结论", batch.BatchNumber));
            foreach (var edge in graph.Inputs[batch.Id])
            {
                if (edge.LotId is { } lot && !graph.Lots.ContainsKey(lot)) graph.Gaps.Add(Text.Format("批次 {0} 的投入物料批不存在（{1}）", batch.BatchNumber, lot));
                if (edge.InputBatchId is { } input && !graph.Batches.ContainsKey(input)) graph.Gaps.Add(Text.Format("批次 {0} 的投入子批次不存在（{1}）", batch.BatchNumber, input));
            }
        }
        var path = new List<Guid>();
        void Walk(Guid id)
        {
            if (path.Contains(id))
            {
                var cycle = path.Skip(path.IndexOf(id)).Append(id).Select(b => graph.Batches[b].BatchNumber);
                graph.Gaps.Add(Text.Format("装配关系存在循环：{0}", string.Join(" → ", cycle)));
                return;
            }
            if (!graph.Batches.ContainsKey(id)) return;
            if (path.Count >= MaxDepth)
            {
                graph.Gaps.Add(Text.Format("装配层级超过 {0} 层，未继续展开", MaxDepth));
                return;
            }
            path.Add(id);
            graph.Depth = Math.Max(graph.Depth, path.Count);
            foreach (var edge in graph.Inputs[id])
                if (edge.InputBatchId is { } input) Walk(input);
            path.RemoveAt(path.Count - 1);
        }
        foreach (var root in graph.Roots) Walk(root);
    }

    private const string BatchColumns = """
        b."Id", b."EnterpriseId", b."BatchNumber", b."ProductModel", b."ProductName", b."Quantity", b."Unit", b."StartedOn", b."CompletedOn",
        b."SerialFrom", b."SerialTo", b."FinalInspection", b."TestReport"
        """;
    private const string EdgeSql = """SELECT "BatchId", "MaterialLotId", "InputBatchId", "Quantity" FROM batch_components""";
    private const string StepSql = """SELECT "BatchId", "Sequence", "Kind", "Name", "PerformedAt", "Operator", "Equipment", "Result", "Passed" FROM batch_steps""";
    private const string LotSql = """
        SELECT l."Id", l."LotNumber", m."Code", m."Name", l."Spec", m."Spec", s."Id", s."Name", s."Status",
               EXISTS (SELECT 1 FROM material_sources a WHERE a."MaterialId" = l."MaterialId" AND a."SupplierId" = l."SupplierId"),
               l."Quantity", l."Unit", l."ReceivedOn", l."Inspection", l."InspectionReport"
        FROM material_lots l JOIN materials m ON m."Id" = l."MaterialId" JOIN suppliers s ON s."Id" = l."SupplierId"
        """;

    private void AddBatch(TraceGraph graph, DbDataReader reader)
    {
        var batch = new TraceBatch(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), Str(reader, 4), Amount(reader, 5), reader.GetString(6),
            reader.GetFieldValue<DateOnly>(7), reader.GetFieldValue<DateOnly>(8), Str(reader, 9), Str(reader, 10), Enum.Parse<InspectionResult>(reader.GetString(11)), Str(reader, 12));
        graph.Batches[batch.Id] = batch;
    }

    private TraceEdge ReadEdge(DbDataReader reader) =>
        new(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetGuid(2), Amount(reader, 3));

    private TraceStep ReadStep(DbDataReader reader) => new(reader.GetGuid(0), reader.GetInt32(1), Enum.Parse<StepKind>(reader.GetString(2)), reader.GetString(3),
        Instant(reader, 4), Str(reader, 5), Str(reader, 6), Str(reader, 7), reader.GetBoolean(8));

    private void AddLot(TraceGraph graph, DbDataReader reader)
    {
        var lot = new TraceLot(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
            reader.GetGuid(6), reader.GetString(7), Enum.Parse<SupplierStatus>(reader.GetString(8)), reader.GetBoolean(9), Amount(reader, 10), reader.GetString(11),
            reader.GetFieldValue<DateOnly>(12), Enum.Parse<InspectionResult>(reader.GetString(13)), Str(reader, 14));
        graph.Lots[lot.Id] = lot;
    }

    private async Task LoadBatchesAsync(RawSql.Session connection, TraceGraph graph, List<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return;
        await using var reader = await ReadAsync(connection, $"""SELECT {BatchColumns} FROM production_batches b WHERE {In("b.\"Id\"")}""", [Ids(ids)], ct);
        while (await reader.ReadAsync(ct)) AddBatch(graph, reader);
    }

    private async Task LoadLotsAsync(RawSql.Session connection, TraceGraph graph, List<Guid> lots, CancellationToken ct)
    {
        if (lots.Count == 0) return;
        await using var reader = await ReadAsync(connection, $"""{LotSql} WHERE {In("l.\"Id\"")}""", [Ids(lots)], ct);
        while (await reader.ReadAsync(ct)) AddLot(graph, reader);
    }

    private const string ShipmentSql = """
        SELECT s."Id", s."EnterpriseId", s."DeclarationNumber", s."ShippedOn", s."Buyer", s."CountryCode", l."BatchId", l."Quantity", l."ValueUsd"
        FROM shipments s JOIN shipment_lines l ON l."ShipmentId" = s."Id"
        """;
    private const string ShipmentOrder = """ORDER BY s."ShippedOn", s."DeclarationNumber" """;

    private async Task<List<TraceShipment>> ShipmentLinesAsync(RawSql.Session connection, string where, List<object> parameters, CancellationToken ct)
    {
        var lines = new List<TraceShipment>();
        await using var reader = await ReadAsync(connection, $"""{ShipmentSql} {where} {ShipmentOrder}""", parameters, ct);
        while (await reader.ReadAsync(ct)) lines.Add(ReadShipment(reader, 0));
        return lines;
    }

    private async Task<List<TraceShipment>> ShipmentLinesForBatchesAsync(RawSql.Session connection, List<Guid> batches, CancellationToken ct)
    {
        return batches.Count == 0 ? [] : await ShipmentLinesAsync(connection, $"""WHERE {In("l.\"BatchId\"")}""", [Ids(batches)], ct);
    }

    private TraceShipment ReadShipment(DbDataReader reader, int at) => new(reader.GetGuid(at), reader.GetGuid(at + 1), reader.GetString(at + 2),
        reader.GetFieldValue<DateOnly>(at + 3), reader.GetString(at + 4), reader.GetString(at + 5), reader.GetGuid(at + 6), Amount(reader, at + 7), Amount(reader, at + 8));

    /// <summary>The enterprise a record belongs to (the trace's scope check), read on the trace's own connection instead of through EF.</summary>
    private static async Task<Guid?> EnterpriseOfAsync(RawSql.Session connection, string sql, Guid id, CancellationToken ct)
    {
        await using var reader = await ReadAsync(connection, sql, [id], ct);
        return await reader.ReadAsync(ct) ? reader.GetGuid(0) : null;
    }

    private async Task<List<Guid>> IdsAsync(RawSql.Session connection, string sql, List<object> parameters, CancellationToken ct)
    {
        var ids = new List<Guid>();
        await using var reader = await ReadAsync(connection, sql, parameters, ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return ids;
    }

    /// <summary>"column is one of the keys in @p0" — id lists travel as one parameter (<see cref="RawSql.IdList"/>), so each statement has one text.</summary>
    private string In(string column) => sql.InIds(column, "@p0");

    /// <summary>
    /// "FROM <paramref name="table"/> WHERE <paramref name="key"/> is a batch the walk <paramref name="walk"/> reached". On SQLite a
    /// CROSS JOIN, which keeps its planner walking from the few reached batches into the index. PostgreSQL estimates a
    /// recursive walk at ten times its start per level (136,698 rows for a lot's 28 batches) and, given a join, merges
    /// with the whole primary key in order: a lot used by the latest batches took 455–569 ms instead of 0.2 (issue 22,
    /// docs/benchmarks.md). The walk's ids as one array make it look up each reached key in the index, whatever the estimate.
    /// </summary>
    private string Reached(string table, string key, string walk) => sql.Sqlite
        ? $"""FROM {walk} t CROSS JOIN {table} WHERE {key} = t."Id" """
        : $"""FROM {table} WHERE {key} = ANY(ARRAY(SELECT "Id" FROM {walk}))""";
    private object Ids(IEnumerable<Guid> ids) => sql.IdList(ids);

    /// <summary>Runs the session's command for this text (prepared once per kept connection), its parameters @p0, @p1… in the order given.</summary>
    private static Task<DbDataReader> ReadAsync(RawSql.Session connection, string text, List<object> parameters, CancellationToken ct) =>
        connection.ReadAsync(text, parameters.Select((value, i) => ("@p" + i, value)).ToList(), ct);

    private decimal Amount(DbDataReader reader, int i) => sql.Amount(reader, i);
    private DateTimeOffset Instant(DbDataReader reader, int i) => sql.Instant(reader, i);
    private static string? Str(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
}
