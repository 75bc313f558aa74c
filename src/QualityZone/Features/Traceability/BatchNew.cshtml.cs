using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Traceability;

/// <summary>
/// <c>/trace/batches/new</c> and <c>/trace/shipments/new</c>: one batch (with its steps and inputs)
/// or one shipment (with its lines) entered by hand, checked by the same TraceIngest as Excel and the API.
/// A recorded batch or shipment is not edited: what was made and shipped is history.
/// </summary>
[RequirePermission(TraceabilityPermissions.Record)]
public sealed class BatchNewModel(AppDbContext db, TraceIngest ingest) : PageModel
{
    public const string NewIndex = "__i__";
    /// <summary>Step times are entered in the zone's time (UTC+8).</summary>
    private static readonly TimeSpan ZoneOffset = TimeSpan.FromHours(8);

    public sealed class StepForm { public string? Name { get; set; } public StepKind Kind { get; set; } public DateTime? At { get; set; } public string? Operator { get; set; } public string? Equipment { get; set; } public string? Result { get; set; } public bool Failed { get; set; } }
    public sealed class InputForm { public string? Lot { get; set; } public string? Supplier { get; set; } public string? Batch { get; set; } public decimal? Quantity { get; set; } }
    public sealed class LineForm { public string? Batch { get; set; } public decimal? Quantity { get; set; } public string? HsCode { get; set; } public decimal? ValueUsd { get; set; } }

    [BindProperty(SupportsGet = true)] public Guid? Enterprise { get; set; }
    [BindProperty] public string? Number { get; set; }
    [BindProperty] public string? ProductModel { get; set; }
    [BindProperty] public string? ProductName { get; set; }
    [BindProperty] public decimal? Quantity { get; set; }
    [BindProperty] public string? Unit { get; set; }
    [BindProperty] public DateOnly? StartedOn { get; set; }
    [BindProperty] public DateOnly? CompletedOn { get; set; }
    [BindProperty] public string? SerialFrom { get; set; }
    [BindProperty] public string? SerialTo { get; set; }
    [BindProperty] public InspectionResult FinalInspection { get; set; } = InspectionResult.Pass;
    [BindProperty] public string? TestReport { get; set; }
    [BindProperty] public List<StepForm> Steps { get; set; } = [];
    [BindProperty] public List<InputForm> Inputs { get; set; } = [];
    [BindProperty] public DateOnly? ShippedOn { get; set; }
    [BindProperty] public string? Buyer { get; set; }
    [BindProperty] public string? Country { get; set; }
    [BindProperty] public List<LineForm> Lines { get; set; } = [];
    public IReadOnlyList<TraceError> Errors { get; private set; } = [];
    public List<string> OpenLots { get; private set; } = [];
    public List<string> OpenBatches { get; private set; } = [];
    public bool IsShipment => Request.Path.StartsWithSegments("/trace/shipments");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (TracePages.EnterpriseFor(User, Enterprise ?? User.EnterpriseId()) is not { } e) return Redirect(IsShipment ? "/trace/shipments" : "/trace/batches");
        Enterprise = e;
        Steps = [new StepForm { Name = Text.Get("装配"), Kind = StepKind.Process }, new StepForm { Name = Text.Get("气密性检验"), Kind = StepKind.Inspection }, new StepForm { Name = Text.Get("出厂性能试验"), Kind = StepKind.Test }];
        Inputs = [new InputForm(), new InputForm(), new InputForm()];
        Lines = [new LineForm()];
        await LoadChoicesAsync(e, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (TracePages.EnterpriseFor(User, Enterprise) is not { } e) return NotFound();
        IngestResult? result;
        if (IsShipment)
            result = await ingest.ShipmentsAsync(User, e, [new ShipmentRecord(Number, ShippedOn, Buyer, Country,
                Lines.Where(l => !string.IsNullOrWhiteSpace(l.Batch) || l.Quantity is not null).Select(l => new ShipmentLineRecord(l.Batch, l.Quantity, l.ValueUsd, l.HsCode)).ToList())], ct);
        else
            result = await ingest.BatchesAsync(User, e, [new BatchRecord(Number, ProductModel, ProductName, Quantity, Unit, StartedOn, CompletedOn, SerialFrom, SerialTo,
                FinalInspection.ToString(), TestReport,
                Steps.Where(s => !string.IsNullOrWhiteSpace(s.Name)).Select(s => new StepRecord(s.Name, s.Kind.ToString(),
                    s.At is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Unspecified), ZoneOffset) : null, s.Operator, s.Equipment, s.Result, !s.Failed)).ToList(),
                Inputs.Where(i => !string.IsNullOrWhiteSpace(i.Lot) || !string.IsNullOrWhiteSpace(i.Batch)).Select(i => new InputRecord(i.Lot, i.Supplier, i.Batch, i.Quantity)).ToList())], ct);
        if (result is null) return NotFound();
        if (result.Succeeded)
        {
            var number = Number!.Trim();
            if (IsShipment)
                return Redirect($"/trace/backward?shipment={await db.Shipments.Where(s => s.EnterpriseId == e && s.DeclarationNumber == number).Select(s => s.Id).SingleAsync(ct)}");
            return Redirect($"/trace/backward?batch={await db.ProductionBatches.Where(b => b.EnterpriseId == e && b.BatchNumber == number).Select(b => b.Id).SingleAsync(ct)}");
        }
        Errors = result.Errors;
        await LoadChoicesAsync(e, ct);
        return Page();
    }

    /// <summary>Lots with quantity left and recent batches, offered as suggestions while typing.</summary>
    private async Task LoadChoicesAsync(Guid enterprise, CancellationToken ct)
    {
        OpenLots = await db.MaterialLots.AsNoTracking().Where(l => l.EnterpriseId == enterprise && l.ConsumedQuantity < l.Quantity)
            .OrderByDescending(l => l.ReceivedOn).Take(300).Select(l => l.LotNumber).ToListAsync(ct);
        OpenBatches = await db.ProductionBatches.AsNoTracking().Where(b => b.EnterpriseId == enterprise && b.UsedQuantity < b.Quantity)
            .OrderByDescending(b => b.CompletedOn).Take(300).Select(b => b.BatchNumber).ToListAsync(ct);
    }

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.List is null && e.Field == field)?.Reason;
}
