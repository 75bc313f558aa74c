using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.ExportArchives;

/// <summary>The office sets the returns' due day and the monthly exchange rates (CNY and other currencies per USD).</summary>
[RequirePermission(ExportArchivesPermissions.Configure)]
public sealed class SettingsModel(AppDbContext db, ArchiveSettings settings, ZoneClock clock) : PageModel
{
    public int DueDay { get; private set; }
    public List<ExchangeRate> Rates { get; private set; } = [];
    public string DefaultPeriod => ExportReturn.PeriodOf(clock.Today.AddMonths(-1));
    public ZoneClock Clock => clock;

    public async Task OnGetAsync(CancellationToken ct)
    {
        DueDay = await settings.DueDayAsync(ct);
        Rates = await db.ExchangeRates.AsNoTracking().OrderByDescending(r => r.Period).ThenBy(r => r.Currency).Take(120).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostDueDayAsync(int dueDay, CancellationToken ct) =>
        await RunAsync(() => settings.SetDueDayAsync(dueDay, ct), Text.Format("月报截止日已设为次月 {0} 日。", dueDay));

    public async Task<IActionResult> OnPostRateAsync(string? period, string? currency, decimal? perUsd, CancellationToken ct) =>
        await RunAsync(() => settings.SetRateAsync(period ?? "", currency ?? "CNY", perUsd ?? 0, User.DisplayName(), ct), Text.Format("{0} 汇率已保存。", period));

    private async Task<IActionResult> RunAsync(Func<Task> change, string success)
    {
        try
        {
            await change();
            TempData["Success"] = success;
        }
        catch (BusinessRuleException ex)
        {
            TempData["Error"] = ex.Message;
        }
        return Redirect("/archives/settings");
    }
}
