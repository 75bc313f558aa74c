using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Traceability;

/// <summary><c>/trace/backward?shipment=…|batch=…</c>: the whole story behind a shipment or a batch, as a tree, with the gaps in the data; .xlsx and .docx.</summary>
[RequirePermission(TraceabilityPermissions.View)]
public sealed class BackwardModel(AppDbContext db, TraceQueries queries, BatchEvidenceLookup evidence, ZoneClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Shipment { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Batch { get; set; }
    public TraceGraph Graph { get; private set; } = null!;
    public IReadOnlyList<BackwardNode> Tree { get; private set; } = [];
    public string Subject { get; private set; } = "";
    public string Enterprise { get; private set; } = "";
    public Guid EnterpriseId { get; private set; }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var graph = Shipment is { } s ? await queries.BackwardFromShipmentAsync(User, s, ct) : Batch is { } b ? await queries.BackwardFromBatchAsync(User, b, ct) : null;
        if (graph is null) return false;
        Graph = graph;
        Tree = TraceTree.Backward(graph);
        Subject = Shipment is not null
            ? Text.Format("出口发货 {0}", graph.Shipments.FirstOrDefault()?.DeclarationNumber ?? "")
            : Text.Format("生产批次 {0}", graph.Batches.GetValueOrDefault(Batch!.Value)?.BatchNumber ?? "");
        EnterpriseId = graph.Shipments.FirstOrDefault()?.EnterpriseId ?? graph.Batches.Values.First().EnterpriseId;
        var id = EnterpriseId;
        Enterprise = await db.Enterprises.AsNoTracking().Where(e => e.Id == id).Select(e => Text.Pick(e.NameZh, e.NameEn)).SingleAsync(ct);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        ViewData[BatchEvidenceLookup.ViewDataKey] = await evidence.ForAsync(Graph.Batches.Keys, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => await LoadAsync(ct)
        ? File(await TraceReport.BackwardXlsxAsync(Subject, Graph, t => clock.Format(t), ct), ExcelFiles.ContentType, Text.Get("质量追溯报告") + ".xlsx")
        : NotFound();

    public async Task<IActionResult> OnGetDocxAsync(CancellationToken ct) => await LoadAsync(ct)
        ? File(TraceReport.BackwardDocx(Subject, Enterprise, clock.Today, Graph, t => clock.Format(t)), WordDocument.ContentType, Text.Get("质量追溯报告") + ".docx")
        : NotFound();
}
