using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Commitments;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Testing;

/// <summary>
/// <c>/testing/new</c>: an enterprise commissions a package or single items for its own product, a
/// department orders supervision sampling at an enterprise; the quote (fee, subsidy, the enterprise's
/// share and why) is shown before the request is sent.
/// </summary>
[RequirePermission(TestingPermissions.Read)]
public sealed class NewModel(AppDbContext db, TestingCommands commands, SamplingProposals proposals) : PageModel
{
    public List<TestItem> Items { get; private set; } = [];
    public List<TestPackage> Packages { get; private set; } = [];
    public List<(Guid Id, string Name)> Enterprises { get; private set; } = [];
    public Quote? Quote { get; private set; }
    /// <summary>For supervision sampling: the enterprises the early warning proposes, with why.</summary>
    public IReadOnlyList<SamplingProposal> Proposals { get; private set; } = [];
    public string? Error { get; private set; }
    public bool Supervision => User.EnterpriseId() is null;

    [BindProperty] public Guid? EnterpriseId { get; set; }
    [BindProperty] public string? ProductName { get; set; }
    [BindProperty] public string? Model { get; set; }
    [BindProperty] public string? TargetMarket { get; set; }
    [BindProperty] public string? BatchNumber { get; set; }
    /// <summary>The failed report this request retests, when it is one (the items that failed are preselected).</summary>
    public string? Retests { get; private set; }
    /// <summary>Why the sampling was proposed (the early-warning level), when it came from the risk page.</summary>
    public string? ProposedBecause { get; private set; }
    [BindProperty] public string? PackageCode { get; set; }
    [BindProperty] public List<string> ItemCodes { get; set; } = [];

    /// <summary>
    /// A blank form, a package chosen from the catalogue, a retest of a failed report (its product, model,
    /// batch and failed items), or supervision sampling proposed for an enterprise by the early warning.
    /// </summary>
    public async Task<IActionResult> OnGetAsync(string? package, Guid? retest, Guid? enterprise, string? reason, CancellationToken ct)
    {
        if (!Allowed) return StatusCode(StatusCodes.Status403Forbidden);
        PackageCode = package;
        if (retest is { } id && await commands.FindAsync(id, ct) is { ReportNumber: not null } failed && TestingApi.Sees(User, failed))
        {
            (Retests, ProductName, Model, TargetMarket) = (failed.ReportNumber, failed.ProductName, failed.Model, failed.TargetMarket);
            ItemCodes = failed.Items.Where(i => failed.Current.Any(r => r.RequestItemId == i.Id && r.Verdict == Verdict.Fail)).Select(i => i.Code).ToList();
            BatchNumber = failed.BatchId is { } batch ? await db.ProductionBatches.AsNoTracking().Where(b => b.Id == batch).Select(b => b.BatchNumber).SingleOrDefaultAsync(ct) : null;
            if (Supervision) EnterpriseId = failed.EnterpriseId;
        }
        if (Supervision && enterprise is not null)
        {
            EnterpriseId = enterprise;
            ProposedBecause = reason?.Length > 200 ? reason[..200] : reason;
        }
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Shows the quote for what is chosen, without sending anything.</summary>
    public async Task<IActionResult> OnPostQuoteAsync(CancellationToken ct)
    {
        if (!Allowed) return StatusCode(StatusCodes.Status403Forbidden);
        await LoadAsync(ct);
        var enterprise = User.EnterpriseId() ?? EnterpriseId;
        var (items, error) = await commands.ItemsOfAsync(PackageCode, ItemCodes, ct);
        if (enterprise is null) error ??= QualityZone.Infrastructure.Localization.Text.Get("请选择抽检企业");
        if (error is not null) { Error = error; Response.StatusCode = 400; return Page(); }
        Quote = await commands.QuoteAsync(enterprise!.Value, Supervision ? RequestKind.Supervision : RequestKind.Commission, items.Sum(i => i.Price), null, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Allowed) return StatusCode(StatusCodes.Status403Forbidden);
        var (result, id) = await commands.CreateAsync(User, new RequestInput(EnterpriseId, ProductName, Model, null, TargetMarket, PackageCode, ItemCodes, BatchNumber), ct);
        if (result.Succeeded) return Redirect($"/testing/{id}");
        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private bool Allowed => PermissionCatalog.IsGranted(User, User.EnterpriseId() is null ? TestingPermissions.Order : TestingPermissions.Request);

    private async Task LoadAsync(CancellationToken ct)
    {
        Items = await db.TestItems.AsNoTracking().OrderBy(i => i.Position).ToListAsync(ct);
        Packages = await db.TestPackages.AsNoTracking().OrderBy(p => p.Code).ToListAsync(ct);
        if (Supervision && EnterpriseId is null) Proposals = await proposals.ProposeAsync(8, ct);
        if (Supervision)
            Enterprises = (await db.Enterprises.AsNoTracking().Where(e => CommitmentService.InZone.Contains(e.State)).OrderBy(e => e.NameZh)
                .Select(e => new { e.Id, e.NameZh }).ToListAsync(ct)).Select(e => (e.Id, e.NameZh)).ToList();
    }
}
