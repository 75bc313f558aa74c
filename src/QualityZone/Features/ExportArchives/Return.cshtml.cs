using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.ExportArchives;

/// <summary>A change between two versions of a return, line by line (product, model, HS code, destination).</summary>
public sealed record LineChange(string Kind, string Line, string Detail);

/// <summary>
/// One monthly return: any of its versions, what changed from the version before, and the actions
/// the user may take (submit, amend, accept, return for correction).
/// </summary>
[RequirePermission(ExportArchivesPermissions.View)]
public sealed class ReturnModel(AppDbContext db, ReturnCommands commands, ZoneClock clock) : PageModel
{
    public ExportReturn Report { get; private set; } = null!;
    public ExportReturnVersion Shown { get; private set; } = null!;
    public string EnterpriseName { get; private set; } = "";
    public IReadOnlyList<LineChange> Changes { get; private set; } = [];
    public bool CanFile { get; private set; }
    public bool CanReview => PermissionCatalog.IsGranted(User, ExportArchivesPermissions.Review);
    public ZoneClock Clock => clock;

    public async Task<IActionResult> OnGetAsync(Guid id, int? v, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is null) return NotFound();
        Shown = Report.Versions.SingleOrDefault(x => x.Number == (v ?? Report.LatestVersion)) ?? Report.Latest;
        var before = Report.Versions.SingleOrDefault(x => x.Number == Shown.Number - 1);
        Changes = before is null ? [] : Compare(before, Shown);
        return Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync(Guid id, int revision, CancellationToken ct) =>
        Done(id, await commands.SubmitAsync(User, id, revision, ct), Text.Get("月报已提交。"));

    public async Task<IActionResult> OnPostAmendAsync(Guid id, int revision, CancellationToken ct)
    {
        var result = await commands.AmendAsync(User, id, revision, null, ct);
        return result.Succeeded ? Redirect($"/archives/returns/edit/{id}") : Done(id, result, "");
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid id, int revision, CancellationToken ct) =>
        Done(id, await commands.AcceptAsync(User, id, revision, ct), Text.Get("月报已审核通过。"));

    public async Task<IActionResult> OnPostReturnAsync(Guid id, int revision, string? reason, CancellationToken ct) =>
        Done(id, await commands.ReturnForCorrectionAsync(User, id, revision, reason, ct), Text.Get("月报已退回企业修改。"));

    private IActionResult Done(Guid id, ReturnResult result, string success)
    {
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Status == StatusCodes.Status403Forbidden) return StatusCode(403);
        if (result.Succeeded) TempData["Success"] = success;
        else TempData["Error"] = result.Errors[0].Message;
        return Redirect($"/archives/returns/{id}");
    }

    private async Task<ExportReturn?> LoadAsync(Guid id, CancellationToken ct)
    {
        var report = await commands.LoadAsync(User, id, ct);
        if (report is null) return null;
        Report = report;
        EnterpriseName = await db.Enterprises.AsNoTracking().Where(e => e.Id == report.EnterpriseId).Select(e => Text.Pick(e.NameZh, e.NameEn)).SingleAsync(ct);
        CanFile = await commands.CanFileAsync(User, report.EnterpriseId, ct);
        return report;
    }

    /// <summary>Lines added, removed or changed between two versions, and the incidents likewise.</summary>
    public static List<LineChange> Compare(ExportReturnVersion before, ExportReturnVersion after)
    {
        static string Key(ExportReturnLine l) => $"{l.ProductName} {l.Model} · {l.HsCode} · {l.CountryCode}";
        static string Describe(ExportReturnLine l) => Text.Format("{0} {1}，{2} 美元，{3} 批（不合格 {4}）", l.Quantity.ToString("0.####"), l.Unit, l.ValueUsd.ToString("N2"), l.Batches, l.NonconformingBatches);
        var changes = new List<LineChange>();
        var old = before.Lines.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        var now = after.Lines.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        foreach (var (key, line) in now)
        {
            if (!old.TryGetValue(key, out var previous)) changes.Add(new(Text.Get("新增"), key, Describe(line)));
            else if (Describe(previous) != Describe(line) || previous.NonconformityDescription != line.NonconformityDescription || previous.Mode != line.Mode)
                changes.Add(new(Text.Get("修改"), key, $"{Describe(previous)} → {Describe(line)}"));
        }
        foreach (var (key, line) in old.Where(o => !now.ContainsKey(o.Key)))
            changes.Add(new(Text.Get("删除"), key, Describe(line)));
        static string IncidentKey(ExportReturnIncident i) => $"{Text.Get(ArchiveLabels.Kind(i.Kind))} {i.Reference} {i.Countries} {i.Summary}";
        var oldIncidents = before.Incidents.Select(IncidentKey).ToHashSet();
        var newIncidents = after.Incidents.Select(IncidentKey).ToHashSet();
        changes.AddRange(newIncidents.Except(oldIncidents).Select(k => new LineChange(Text.Get("新增"), k, "")));
        changes.AddRange(oldIncidents.Except(newIncidents).Select(k => new LineChange(Text.Get("删除"), k, "")));
        if (before.NoExports != after.NoExports)
            changes.Add(new(Text.Get("修改"), Text.Get("本月无出口"), after.NoExports ? Text.Get("是") : Text.Get("否")));
        return changes;
    }
}
