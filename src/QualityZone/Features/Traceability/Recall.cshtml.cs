using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Traceability;

/// <summary>
/// <c>/trace/recall</c>: from a foreign notice (model, country, period) to the candidate shipments,
/// the lots and suppliers behind them, and every other shipment that shares a suspect lot; the
/// user can narrow the suspects (say, to the seal lots) and export the scope.
/// </summary>
[RequirePermission(TraceabilityPermissions.View)]
public sealed class RecallModel(AppDbContext db, TraceQueries queries, BatchEvidenceLookup evidence, ZoneClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Enterprise { get; set; }
    [BindProperty(SupportsGet = true)] public string? Model { get; set; }
    [BindProperty(SupportsGet = true)] public string? Country { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public List<Guid> Lots { get; set; } = [];
    /// <summary>The page of suspect lots and of other shipments: a seal lot can sit behind hundreds of lots and thousands of lines (issue 21).</summary>
    [BindProperty(SupportsGet = true, Name = "lotpage")] public int LotPage { get; set; } = 1;
    [BindProperty(SupportsGet = true, Name = "shippage")] public int ShipmentPage { get; set; } = 1;
    public const int LotsPerPage = 20;
    public const int ShipmentLinesPerPage = 100;
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    public RecallScope? Scope { get; private set; }
    public List<(Guid Id, string Name)> Enterprises { get; private set; } = [];
    public bool ChoosesEnterprise => EnterpriseScope.For(User).All;

    private async Task<bool> RunAsync(CancellationToken ct)
    {
        Enterprises = await TracePages.ChoicesAsync(User, db, ct);
        if (Model is null && Country is null && From is null && To is null) return false;
        Errors = RecallForm.Validate(Model, Country, From, To);
        if (Errors.Count > 0) return false;
        Scope = await queries.RecallAsync(User, new RecallNotice(Enterprise, Model!.Trim(), Country!.Trim().ToUpperInvariant(), From!.Value, To!.Value, Lots), ct);
        return true;
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (await RunAsync(ct)) ViewData[BatchEvidenceLookup.ViewDataKey] = await evidence.ForAsync(Scope!.Batches.Keys, ct);
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => await RunAsync(ct)
        ? File(await TraceReport.RecallXlsxAsync(Scope!, ct), ExcelFiles.ContentType, Text.Get("召回范围分析报告") + ".xlsx")
        : BadRequest();

    public async Task<IActionResult> OnGetDocxAsync(CancellationToken ct) => await RunAsync(ct)
        ? File(TraceReport.RecallDocx(Scope!, clock.Today), WordDocument.ContentType, Text.Get("召回范围分析报告") + ".docx")
        : BadRequest();

    public string Query(string? handler = null)
    {
        var parts = new List<string>();
        if (handler is not null) parts.Add("handler=" + handler);
        if (Enterprise is { } e) parts.Add($"enterprise={e}");
        parts.Add("model=" + Uri.EscapeDataString(Model ?? ""));
        parts.Add("country=" + Uri.EscapeDataString(Country ?? ""));
        parts.Add($"from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}");
        parts.AddRange(Lots.Select(l => $"lots={l}"));
        return "/trace/recall?" + string.Join("&", parts);
    }

    public string LotPageLink(int page) => $"{Query()}&lotpage={page}&shippage={ShipmentPage}";
    public string ShipmentPageLink(int page) => $"{Query()}&lotpage={LotPage}&shippage={page}";
}
