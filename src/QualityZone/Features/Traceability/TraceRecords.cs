namespace QualityZone.Features.Traceability;

// What comes in — from the web forms, the Excel templates and the MES/ERP API alike — before it is
// checked by TraceIngest. Every field is nullable so that a missing one is reported, not thrown.

/// <summary>A lot received into the purchase ledger (EPCIS ObjectEvent, bizStep receiving).</summary>
/// <param name="Supplier">The supplier's name or credit code, as registered by the enterprise.</param>
/// <param name="Material">The material code of the enterprise's key material list.</param>
public sealed record LotRecord(string? Supplier, string? Material, string? LotNumber, string? Spec, decimal? Quantity, string? Unit,
    DateOnly? ReceivedOn, DateOnly? DueOn, string? Inspection, string? InspectionReport);

/// <summary>A production batch (EPCIS TransformationEvent): what it made, its process record and what it consumed.</summary>
public sealed record BatchRecord(string? BatchNumber, string? ProductModel, string? ProductName, decimal? Quantity, string? Unit,
    DateOnly? StartedOn, DateOnly? CompletedOn, string? SerialFrom, string? SerialTo, string? FinalInspection, string? TestReport,
    List<StepRecord>? Steps, List<InputRecord>? Inputs);

/// <summary>A process step, inspection or test; Kind is Process, Inspection or Test (工序/检验/试验).</summary>
public sealed record StepRecord(string? Name, string? Kind, DateTimeOffset? At, string? Operator, string? Equipment, string? Result, bool? Passed);

/// <summary>An input: a material lot (with its supplier when the lot number alone is ambiguous) or another batch (a sub-assembly).</summary>
public sealed record InputRecord(string? Lot, string? Supplier, string? Batch, decimal? Quantity);

/// <summary>A shipment (EPCIS ObjectEvent, bizStep shipping) with the batches it carried.</summary>
public sealed record ShipmentRecord(string? DeclarationNumber, DateOnly? ShippedOn, string? Buyer, string? Country, List<ShipmentLineRecord>? Lines);

public sealed record ShipmentLineRecord(string? Batch, decimal? Quantity, decimal? ValueUsd, string? HsCode = null);

/// <summary>
/// One thing wrong with the input: the record (0-based, as sent), the list inside it and the item
/// (Steps, Inputs, Lines), the field, and the reason in the user's language.
/// </summary>
public sealed record TraceError(int Record, string? List, int? Item, string Field, string Reason)
{
    /// <summary>The JSON path of the field, as the API reports it: [3].Inputs[1].Lot.</summary>
    public string Path => List is null ? $"[{Record}].{Field}" : $"[{Record}].{List}[{Item}].{Field}";
}

/// <summary>The outcome of an ingest: how many records were saved, or why nothing was. Conflict: a duplicate of something already saved.</summary>
public sealed record IngestResult(int Records, int Rows, IReadOnlyList<TraceError> Errors, bool Conflict = false)
{
    public bool Succeeded => Errors.Count == 0;
}
