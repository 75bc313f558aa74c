using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Indicators;

/// <summary>
/// <c>/indicators</c>: each indicator's baseline, last three years and this year's target with its
/// status, a trend chart of one indicator; the office recomputes, sets targets, enters manual values
/// with evidence and approves a year for publication.
/// </summary>
[RequirePermission(IndicatorsPermissions.View)]
public sealed class IndexModel(IndicatorCommands commands) : PageModel
{
    public List<IndicatorRow> Rows { get; private set; } = [];
    public IReadOnlyList<int> Years => commands.Years;
    public bool CanManage => PermissionCatalog.IsGranted(User, IndicatorsPermissions.Manage);
    public string? Error { get; private set; }
    public string? Done { get; private set; }
    public IndicatorRow? Selected { get; private set; }
    public string Chart { get; private set; } = "";

    [BindProperty(SupportsGet = true)] public string? Code { get; set; }

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done switch { "computed" => Text.Get("已按当前数据重新计算"), "saved" => Text.Get("已保存"), "approved" => Text.Get("已审定并发布"), _ => null };
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostComputeAsync(CancellationToken ct)
    {
        if (!CanManage) return StatusCode(403);
        await commands.ComputeAsync(commands.Years, ct);
        return Redirect("/indicators?done=computed");
    }

    public async Task<IActionResult> OnPostYearAsync(Guid id, int year, decimal? target, decimal? value, string? note, IFormFile? evidence, CancellationToken ct)
    {
        if (!CanManage) return StatusCode(403);
        await using var stream = evidence?.OpenReadStream();
        return await AfterAsync(await commands.SetYearAsync(id, year, new IndicatorYearInput(target, value, note), stream, evidence?.FileName, ct), "saved", ct);
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid id, int year, CancellationToken ct)
    {
        if (!CanManage) return StatusCode(403);
        return await AfterAsync(await commands.ApproveAsync(User, id, year, ct), "approved", ct);
    }

    private async Task<IActionResult> AfterAsync(CommandResult result, string done, CancellationToken ct)
    {
        if (result.Succeeded) return Redirect($"/indicators?done={done}");
        Error = result.Error;
        Response.StatusCode = result.Status;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Rows = await commands.DashboardAsync(approvedOnly: false, ct);
        Selected = Rows.FirstOrDefault(r => r.Indicator.Code == Code) ?? Rows.FirstOrDefault();
        if (Selected is null) return;
        var years = Years.Prepend(Selected.Indicator.BaselineYear).Distinct().Order().ToList();
        Chart = JsonSerializer.Serialize(new
        {
            tooltip = new { trigger = "axis" },
            legend = new { top = 0 },
            grid = new { left = 50, right = 20, top = 40, bottom = 30 },
            xAxis = new { type = "category", data = years.Select(y => y.ToString()) },
            yAxis = new { type = "value", name = IndicatorLabels.Unit(Selected.Indicator.Unit) },
            series = new object[]
            {
                new { name = Text.Get("实际值"), type = "line", data = years.Select(y => y == Selected.Indicator.BaselineYear && !Selected.Years.ContainsKey(y) ? Selected.Indicator.BaselineValue : Selected.Years.GetValueOrDefault(y)?.Value) },
                new { name = Text.Get("目标值"), type = "line", lineStyle = new { type = "dashed" }, data = years.Select(y => Selected.Years.GetValueOrDefault(y)?.Target) },
            },
        });
    }
}
