using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MiniExcelLibs;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Commitments;

/// <summary>Coverage of the letter (signed / in the zone), who has not signed, and the template with its versions.</summary>
[RequirePermission(CommitmentsPermissions.View)]
public sealed class IndexModel(CommitmentService letters, Notifications.NotificationService notifications, ZoneClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Show { get; set; }
    [BindProperty(SupportsGet = true)] public bool Export { get; set; }
    public Coverage Coverage { get; private set; } = new(1, 0, 0, []);
    public IReadOnlyList<CoverageRow> Rows { get; private set; } = [];
    public CommitmentTemplate Current { get; private set; } = null!;
    public IReadOnlyList<CommitmentTemplate> Versions { get; private set; } = [];
    public bool CanManage => PermissionCatalog.IsGranted(User, CommitmentsPermissions.Manage);
    public string Local(DateTimeOffset instant) => clock.Format(instant);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!Export) return Page();
        var stream = new MemoryStream();
        await stream.SaveAsAsync(Rows.Select(r => new Dictionary<string, object?>
        {
            [Text.Get("企业名称")] = r.NameZh, [Text.Get("统一社会信用代码")] = r.CreditCode, [Text.Get("状态")] = Text.Get(EnterpriseLabels.State(r.State)),
            [Text.Get("已签版本")] = r.SignedVersion, [Text.Get("签署日期")] = r.SignedOn?.ToString("yyyy-MM-dd"),
            [Text.Get("是否已签当前版本")] = r.SignedVersion == Coverage.CurrentVersion ? Text.Get("是") : Text.Get("否"),
        }), cancellationToken: ct);
        stream.Position = 0;
        return File(stream, QualityZone.Infrastructure.Documents.ExcelFiles.ContentType, $"{Text.Get("承诺书签署情况")}-{clock.Today:yyyyMMdd}.xlsx");
    }

    public async Task<IActionResult> OnPostAsync(string? title, string? body, CancellationToken ct)
    {
        if (!CanManage) return StatusCode(StatusCodes.Status403Forbidden);
        var result = await letters.PublishAsync(User, title, body, ct);
        if (!result.Succeeded)
        {
            ModelState.AddModelError("", result.Error!);
            await LoadAsync(ct);
            return Page();
        }
        TempData["Success"] = Text.Get("已发布新版本，所有企业须重新签署");
        return Redirect("/commitments");
    }

    /// <summary>Reminds every user of each enterprise in the zone that has not signed the current version.</summary>
    public async Task<IActionResult> OnPostRemindAsync(CancellationToken ct)
    {
        if (!CanManage) return StatusCode(StatusCodes.Status403Forbidden);
        var coverage = await letters.CoverageAsync(ct);
        var unsigned = coverage.Rows.Where(r => r.SignedVersion != coverage.CurrentVersion).Select(r => r.EnterpriseId).ToList();
        // Stored as messages, read in each reader's language.
        var count = await notifications.NotifyEnterprisesAsync(unsigned, Msg.Of("请签署质量诚信承诺书（v{0}）", coverage.CurrentVersion),
            Msg.Of("请下载承诺书，盖章签字后上传扫描件并登记签署。").Store(), id => $"/enterprises/{id}#commitment", ct);
        TempData["Success"] = Text.Format("已提醒 {0} 家未签企业的 {1} 位用户", unsigned.Count, count);
        return Redirect("/commitments");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Coverage = await letters.CoverageAsync(ct);
        Rows = Show switch
        {
            "signed" => Coverage.Rows.Where(r => r.SignedVersion == Coverage.CurrentVersion).ToList(),
            "all" => Coverage.Rows,
            _ => Coverage.Rows.Where(r => r.SignedVersion != Coverage.CurrentVersion).ToList(),
        };
        Current = await letters.CurrentAsync(ct);
        Versions = await letters.VersionsAsync(ct);
    }
}
