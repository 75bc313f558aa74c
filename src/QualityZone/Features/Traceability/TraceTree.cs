namespace QualityZone.Features.Traceability;

/// <summary>A batch in a backward trace, with its record and its inputs, sub-assemblies expanded.</summary>
public sealed record BackwardNode(TraceBatch Batch, int Level, IReadOnlyList<TraceStep> Steps, IReadOnlyList<BackwardInput> Inputs);

/// <summary>An input of a batch: a lot, a sub-assembly batch, or — in bad data — nothing (Missing) or a batch already on the path (Cycle).</summary>
public sealed record BackwardInput(decimal Quantity, TraceLot? Lot, BackwardNode? Batch, Guid? Missing, string? Cycle);

/// <summary>A batch in a forward trace: what it consumed of its parent, the shipments that carried it, and the batches that consumed it.</summary>
public sealed record ForwardNode(TraceBatch Batch, int Level, decimal Quantity, IReadOnlyList<TraceShipment> Shipments, IReadOnlyList<ForwardNode> Consumers);

/// <summary>Builds the trees shown on the pages, in the documents and by the API from a <see cref="TraceGraph"/>; a cycle ends a branch.</summary>
public static class TraceTree
{
    public static IReadOnlyList<BackwardNode> Backward(TraceGraph graph)
    {
        var path = new HashSet<Guid>();
        BackwardNode Node(TraceBatch batch, int level)
        {
            path.Add(batch.Id);
            var inputs = new List<BackwardInput>();
            foreach (var edge in graph.Inputs[batch.Id].OrderBy(e => e.InputBatchId is null).ThenBy(e => e.LotId is { } l && graph.Lots.TryGetValue(l, out var lot) ? lot.MaterialCode : ""))
            {
                if (edge.LotId is { } lotId)
                    inputs.Add(graph.Lots.TryGetValue(lotId, out var lot) ? new(edge.Quantity, lot, null, null, null) : new(edge.Quantity, null, null, lotId, null));
                else if (edge.InputBatchId is { } inputId)
                {
                    if (!graph.Batches.TryGetValue(inputId, out var input)) inputs.Add(new(edge.Quantity, null, null, inputId, null));
                    else if (path.Contains(inputId) || level >= TraceQueries.MaxDepth) inputs.Add(new(edge.Quantity, null, null, null, input.BatchNumber));
                    else inputs.Add(new(edge.Quantity, null, Node(input, level + 1), null, null));
                }
            }
            path.Remove(batch.Id);
            return new BackwardNode(batch, level, graph.Steps[batch.Id].OrderBy(s => s.Sequence).ToList(), inputs);
        }
        return graph.Roots.Where(graph.Batches.ContainsKey).Select(r => Node(graph.Batches[r], 1)).ToList();
    }

    /// <summary>The forward tree from the graph's start lots (or start batch): each consumer batch, its shipments, its consumers.</summary>
    public static IReadOnlyList<(TraceLot? Lot, IReadOnlyList<ForwardNode> Nodes)> Forward(TraceGraph graph)
    {
        var consumers = graph.Inputs.SelectMany(g => g).ToLookup(e => e.InputBatchId);
        var byLot = graph.Inputs.SelectMany(g => g).Where(e => e.LotId is not null).ToLookup(e => e.LotId!.Value);
        var shipments = graph.Shipments.ToLookup(s => s.BatchId);
        var path = new HashSet<Guid>();
        ForwardNode Node(TraceBatch batch, decimal quantity, int level)
        {
            path.Add(batch.Id);
            var next = consumers[batch.Id].Where(e => graph.Batches.ContainsKey(e.BatchId) && !path.Contains(e.BatchId) && level < TraceQueries.MaxDepth)
                .Select(e => Node(graph.Batches[e.BatchId], e.Quantity, level + 1)).ToList();
            path.Remove(batch.Id);
            return new ForwardNode(batch, level, quantity, shipments[batch.Id].ToList(), next);
        }
        if (graph.Lots.Count == 0)
            return graph.Roots.Where(graph.Batches.ContainsKey).Select(r => ((TraceLot?)null, (IReadOnlyList<ForwardNode>)[Node(graph.Batches[r], 0, 1)])).ToList();
        return graph.Lots.Values.OrderBy(l => l.ReceivedOn).Select(lot => ((TraceLot?)lot,
            (IReadOnlyList<ForwardNode>)byLot[lot.Id].Where(e => graph.Batches.ContainsKey(e.BatchId)).Select(e => Node(graph.Batches[e.BatchId], e.Quantity, 1)).ToList())).ToList();
    }
}

/// <summary>The model of the _ShipmentTable partial: shipment lines and the batches they name.</summary>
public sealed record ShipmentTable(IReadOnlyList<TraceShipment> Shipments, IReadOnlyDictionary<Guid, TraceBatch> Batches);
