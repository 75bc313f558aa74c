namespace QualityZone.Features.Traceability;

/// <summary>
/// A check on a production batch made outside its own record, by a module above this one (the testing
/// center's reports on a batch, task 17): shown on the batch in the trace tree and the recall scope, so
/// a recall reads the batch's test results beside its steps and lots.
/// </summary>
public sealed record BatchEvidence(Guid BatchId, string Label, string Href, bool Failed);

/// <summary>Modules that keep checks of batches register one of these.</summary>
public interface IBatchEvidenceSource
{
    /// <summary>The checks of these batches; the batches are ones the user may see, and so are their checks (same enterprise).</summary>
    Task<IReadOnlyList<BatchEvidence>> ForBatchesAsync(IReadOnlyCollection<Guid> batchIds, CancellationToken ct);
}

/// <summary>Gathers the checks of a set of batches from every source, for the trace pages (a view-data entry their partials read).</summary>
public sealed class BatchEvidenceLookup(IEnumerable<IBatchEvidenceSource> sources)
{
    public const string ViewDataKey = "BatchEvidence";

    public async Task<ILookup<Guid, BatchEvidence>> ForAsync(IReadOnlyCollection<Guid> batchIds, CancellationToken ct)
    {
        var all = new List<BatchEvidence>();
        if (batchIds.Count > 0)
            foreach (var source in sources) all.AddRange(await source.ForBatchesAsync(batchIds, ct));
        return all.ToLookup(e => e.BatchId);
    }
}
