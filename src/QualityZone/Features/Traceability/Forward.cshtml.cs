using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Traceability;

/// <summary><c>/trace/forward?lot=…|supplier=…|batch=…</c>: everything downstream — batches, sub-assemblies, shipments with countries, buyers and quantities.</summary>
[RequirePermission(TraceabilityPermissions.View)]
public sealed class ForwardModel(TraceQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Lot { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Supplier { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Batch { get; set; }
    public TraceGraph Graph { get; private set; } = null!;
    public IReadOnlyList<(TraceLot? Lot, IReadOnlyList<ForwardNode> Nodes)> Branches { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await queries.ForwardAsync(User, Lot, Supplier, Batch, ct) is not { } graph) return NotFound();
        Graph = graph;
        Branches = TraceTree.Forward(graph);
        return Page();
    }
}
