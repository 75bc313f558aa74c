using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Traceability;

// The traceability model of seed tasks 9.3 and 10, kept close to GS1 EPCIS 2.0 so that EPCIS
// capture can map onto it: a material lot received into the purchase ledger is an ObjectEvent
// (bizStep "receiving") of a class-level identifier with a lot (an LGTIN); a production batch that
// consumes lots and other batches is a TransformationEvent (inputQuantityList → outputQuantityList,
// bizStep "commissioning"); its process steps and inspections are ObjectEvents on the output
// (bizStep "assembling", "inspecting"); a shipment is an ObjectEvent with bizStep "shipping" and a
// bizTransaction of type "desadv"/customs declaration. docs/architecture.md has the mapping.

/// <summary>A supplier's standing with the enterprise (合格供方名录): only approved or conditional suppliers may deliver key materials.</summary>
public enum SupplierStatus { Approved, Conditional, Disqualified }

/// <summary>进货检验 / final inspection result. A concession (让步接收) is a documented acceptance of a deviation.</summary>
public enum InspectionResult { Pending, Pass, Fail, Concession }

/// <summary>What a step of a batch's record is: a process operation, an in-process inspection or a test.</summary>
public enum StepKind { Process, Inspection, Test }

/// <summary>A supplier of one enterprise. A supplier shared by many enterprises is a record in each (their approval is their own).</summary>
public sealed class Supplier : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    public required string Name { get; set; }
    /// <summary>统一社会信用代码 (GB 32100), optional: foreign suppliers have none.</summary>
    public string? CreditCode { get; set; }
    /// <summary>What the supplier supplies (供应物料), free text.</summary>
    public string? Supplies { get; set; }
    public string? Contact { get; set; }
    public SupplierStatus Status { get; set; } = SupplierStatus.Approved;
    public string? StatusReason { get; set; }
    /// <summary>The latest evaluation's grade and score (SupplierEvaluation), kept for lists.</summary>
    public string? Grade { get; set; }
    public decimal? Score { get; set; }
    public DateOnly? EvaluatedOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Revision { get; set; }
    public List<SupplierCertificate> Certificates { get; set; } = [];
}

/// <summary>A supplier's certificate (ISO 9001, IATF 16949, material certification…) with its expiry.</summary>
public sealed class SupplierCertificate : IAggregatePart
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SupplierId { get; set; }
    public required string Name { get; set; }
    public string? Number { get; set; }
    public DateOnly? ExpiresOn { get; set; }
    Guid IAggregatePart.AggregateId => SupplierId;

    public bool ValidOn(DateOnly day) => ExpiresOn is null || ExpiresOn >= day;
}

/// <summary>
/// A key material or component (关键原辅材料和零部件: barrel tube, piston rod, seals, coils, brass
/// bodies…) with its approved specification and approved suppliers — what each purchase-ledger
/// lot is checked against (seed task 9.3).
/// </summary>
public sealed class Material : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    /// <summary>The enterprise's material code, unique in the enterprise.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// <summary>The approved specification (牌号/规格), compared with each lot's.</summary>
    public required string Spec { get; set; }
    public string Unit { get; set; } = "件";
    public DateTimeOffset CreatedAt { get; set; }
    public List<MaterialSource> ApprovedSuppliers { get; set; } = [];
}

/// <summary>A supplier approved for a material (合格供方).</summary>
public sealed class MaterialSource : IAggregatePart
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MaterialId { get; set; }
    public Guid SupplierId { get; set; }
    Guid IAggregatePart.AggregateId => MaterialId;
}

/// <summary>
/// One lot received (进货台帐的一行): material, supplier, lot number, quantity, dates and the
/// incoming inspection. Lot numbers are the supplier's, so they are unique per supplier.
/// </summary>
public sealed class MaterialLot : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    public Guid MaterialId { get; set; }
    public Guid SupplierId { get; set; }
    public required string LotNumber { get; set; }
    /// <summary>The specification as delivered (from the delivery note or certificate), compared with the material's approved spec.</summary>
    public required string Spec { get; set; }
    public decimal Quantity { get; set; }
    public required string Unit { get; set; }
    public DateOnly ReceivedOn { get; set; }
    /// <summary>The agreed delivery date, when known: the supplier evaluation's on-time rate is computed from it.</summary>
    public DateOnly? DueOn { get; set; }
    public InspectionResult Inspection { get; set; } = InspectionResult.Pending;
    /// <summary>The incoming inspection report's number or summary.</summary>
    public string? InspectionReport { get; set; }
    /// <summary>How much production batches have consumed, kept by the ingest so that over-consumption is refused.</summary>
    public decimal ConsumedQuantity { get; set; }
    /// <summary>What was done about a flagged lot (returned, concession approved, quarantined…), by whom and when.</summary>
    public string? Disposition { get; set; }
    public string? DisposedBy { get; set; }
    public DateTimeOffset? DisposedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Revision { get; set; }
}

/// <summary>
/// A production batch (生产批次): the output of a transformation that consumed material lots and
/// other batches (sub-assemblies, any depth), with its process record and final inspection.
/// </summary>
public sealed class ProductionBatch : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    /// <summary>Unique in the enterprise.</summary>
    public required string BatchNumber { get; set; }
    public required string ProductModel { get; set; }
    public string? ProductName { get; set; }
    public decimal Quantity { get; set; }
    public required string Unit { get; set; }
    public DateOnly StartedOn { get; set; }
    public DateOnly CompletedOn { get; set; }
    /// <summary>Serial numbers of the batch's units, first and last; serials of one range have the same length, so they compare as text.</summary>
    public string? SerialFrom { get; set; }
    public string? SerialTo { get; set; }
    public InspectionResult FinalInspection { get; set; } = InspectionResult.Pending;
    public string? TestReport { get; set; }
    /// <summary>Quantity consumed by other batches or shipped, kept by the ingest so that overuse is refused.</summary>
    public decimal UsedQuantity { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// One process step, inspection or test of a batch: when, who, on what equipment, with what result.
/// Keyed by a database-generated integer, unlike business records: nothing refers to a step by its
/// id, and a Guid key would add a text index to millions of rows (the MES ingest, docs/benchmarks.md).
/// </summary>
public sealed class BatchStep
{
    public long Id { get; set; }
    public Guid BatchId { get; set; }
    public int Sequence { get; set; }
    public StepKind Kind { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset PerformedAt { get; set; }
    public string? Operator { get; set; }
    public string? Equipment { get; set; }
    public string? Result { get; set; }
    public bool Passed { get; set; } = true;
}

/// <summary>An input of a batch (EPCIS inputQuantityList): a material lot or another batch, with the quantity consumed. Integer key, as <see cref="BatchStep"/>.</summary>
public sealed class BatchComponent
{
    public long Id { get; set; }
    public Guid BatchId { get; set; }
    public Guid? MaterialLotId { get; set; }
    public Guid? InputBatchId { get; set; }
    public decimal Quantity { get; set; }
}

/// <summary>A shipment (出口发货): the export declaration, the buyer, the destination and what batches it carried.</summary>
public sealed class Shipment : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    /// <summary>报关单号 (18 digits) or the enterprise's shipment number when not yet declared; unique in the enterprise.</summary>
    public required string DeclarationNumber { get; set; }
    public DateOnly ShippedOn { get; set; }
    public required string Buyer { get; set; }
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public required string CountryCode { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<ShipmentLine> Lines { get; set; } = [];
}

public sealed class ShipmentLine
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ShipmentId { get; set; }
    public Guid BatchId { get; set; }
    public decimal Quantity { get; set; }
    public decimal ValueUsd { get; set; }
    /// <summary>The HS code declared (optional): with it, a month's shipments can be summed into the monthly export return (ShipmentReturns).</summary>
    public string? HsCode { get; set; }
}

/// <summary>
/// A supplier scorecard for a period: the criteria computed from the ledger (rejection rate,
/// on-time rate, certificate validity) and the audit score entered by the evaluator, weighted by
/// the zone's settings (<see cref="SupplierScoring"/>) into a score and a grade.
/// </summary>
public sealed class SupplierEvaluation : IAggregatePart, IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SupplierId { get; set; }
    public Guid EnterpriseId { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public int LotsReceived { get; set; }
    public int LotsRejected { get; set; }
    public int LotsWithDueDate { get; set; }
    public int LotsOnTime { get; set; }
    public decimal QualityScore { get; set; }
    public decimal DeliveryScore { get; set; }
    public decimal CertificateScore { get; set; }
    public decimal AuditScore { get; set; }
    public decimal Score { get; set; }
    public required string Grade { get; set; }
    public string? Note { get; set; }
    public required string EvaluatedBy { get; set; }
    public DateTimeOffset EvaluatedAt { get; set; }
    Guid IAggregatePart.AggregateId => SupplierId;
}

/// <summary>Labels of the module's enums, in Chinese with the English translation through Text.</summary>
public static class TraceLabels
{
    public static string Of(SupplierStatus status) => Text.Get(status switch
    {
        SupplierStatus.Approved => "合格供应商",
        SupplierStatus.Conditional => "有条件合格",
        _ => "取消资格",
    });

    public static string Of(InspectionResult result) => Text.Get(result switch
    {
        InspectionResult.Pass => "合格",
        InspectionResult.Fail => "不合格",
        InspectionResult.Concession => "让步接收",
        _ => "待检",
    });

    public static string Of(StepKind kind) => Text.Get(kind switch
    {
        StepKind.Inspection => "检验",
        StepKind.Test => "试验",
        _ => "工序",
    });

    public static string Css(InspectionResult result) => result switch
    {
        InspectionResult.Pass => "success",
        InspectionResult.Fail => "danger",
        InspectionResult.Concession => "warning",
        _ => "secondary",
    };

    public static string Css(SupplierStatus status) => status switch
    {
        SupplierStatus.Approved => "success",
        SupplierStatus.Conditional => "warning",
        _ => "danger",
    };

    /// <summary>Parses a result as written in Excel or JSON: the enum name or its Chinese label.</summary>
    public static InspectionResult? ParseResult(string? value) => value?.Trim() switch
    {
        null or "" => null,
        "合格" or "pass" or "Pass" or "PASS" => InspectionResult.Pass,
        "不合格" or "fail" or "Fail" or "FAIL" => InspectionResult.Fail,
        "让步接收" or "concession" or "Concession" => InspectionResult.Concession,
        "待检" or "pending" or "Pending" => InspectionResult.Pending,
        _ => (InspectionResult)(-1),
    };

    public static StepKind? ParseKind(string? value) => value?.Trim() switch
    {
        null or "" or "工序" or "process" or "Process" => StepKind.Process,
        "检验" or "inspection" or "Inspection" => StepKind.Inspection,
        "试验" or "test" or "Test" => StepKind.Test,
        _ => null,
    };

    public static void RequireKnown(InspectionResult? result)
    {
        if (result is { } r && !Enum.IsDefined(r)) throw new BusinessRuleException(Text.Get("检验结果应为 合格、不合格、让步接收 或 待检"));
    }
}
