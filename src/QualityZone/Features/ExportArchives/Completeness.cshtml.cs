using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MiniExcelLibs;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.ExportArchives;

/// <summary>Filing completeness of a year: every obliged enterprise × every month so far.</summary>
[RequirePermission(ExportArchivesPermissions.Analyse)]
public sealed class CompletenessModel(ArchiveQueries queries, ZoneClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Grade { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    /// <summary>
    /// Enterprises shown, 100 to a page: the zone's 600 on one page were 1.4 MB of HTML (6,600 cells) and the
    /// server's memory over 400 MB under repeated requests (issue 22.6). The filing rates and the Excel export cover all.
    /// </summary>
    public const int PageSize = 100;
    public Paged<CompletenessRow> Shown { get; private set; } = null!;

    public List<string> Periods { get; private set; } = [];
    public List<CompletenessRow> Rows { get; private set; } = [];

    /// <summary>Filed (submitted, accepted or returned) share of the obliged cells of a month, in percent.</summary>
    public int FiledShare(string period)
    {
        var cells = Rows.Where(r => r.Cells.ContainsKey(period)).Select(r => r.Cells[period].Status).ToList();
        return cells.Count == 0 ? 0 : (int)Math.Round(100.0 * cells.Count(IsFiled) / cells.Count);
    }

    public string Link(int page) => $"/archives/completeness?year={Year}&grade={Uri.EscapeDataString(Grade ?? "")}&q={Uri.EscapeDataString(Q ?? "")}&page={page}";

    public static bool IsFiled(FilingStatus s) => s is FilingStatus.Submitted or FilingStatus.Accepted or FilingStatus.Returned;

    public async Task<IActionResult> OnGetAsync(bool export, CancellationToken ct)
    {
        Year ??= clock.Today.AddMonths(-1).Year;
        (Periods, Rows) = await queries.CompletenessAsync(Year.Value, Grade, ct);
        var q = Q?.Trim();
        Shown = Paged<CompletenessRow>.Of(string.IsNullOrEmpty(q) ? Rows : Rows.Where(r => r.Name.Contains(q, StringComparison.OrdinalIgnoreCase)).ToList(), PageNumber, PageSize);
        if (!export) return Page();
        var stream = new MemoryStream();
        await stream.SaveAsAsync(Rows.Select(r =>
        {
            var row = new Dictionary<string, object?> { [Text.Get("企业名称")] = r.Name, [Text.Get("等级")] = r.Grade };
            foreach (var p in Periods)
                row[p] = r.Cells.TryGetValue(p, out var c) ? Text.Get(ArchiveLabels.Filing(c.Status)) + (c.Late ? Text.Get("（逾期）") : "") : "—";
            return row;
        }), cancellationToken: ct);
        stream.Position = 0;
        return File(stream, ExcelFiles.ContentType, $"{Text.Get("月报报送完整性")}-{Year}.xlsx");
    }
}
