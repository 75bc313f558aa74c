using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Admission;

/// <summary>The admission criteria (入区条件, task 6.1), kept by the zone office: added, deactivated, never deleted (applications keep theirs).</summary>
[RequirePermission(AdmissionPermissions.Decide)]
public sealed class CriteriaModel(AppDbContext db) : PageModel
{
    public IReadOnlyList<AdmissionCriterion> Criteria { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Criteria = await db.AdmissionCriteria.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(string? code, string? textZh, string? textEn, CancellationToken ct)
    {
        code = code?.Trim();
        var error = Settings.ListsModel.CheckCode(code)
            ?? (string.IsNullOrWhiteSpace(textZh) || textZh.Length > 500 ? Text.Get("请输入入区条件（不超过 500 个字）") : null)
            ?? (textEn?.Length > 500 ? Text.Get("请输入入区条件（不超过 500 个字）") : null)
            ?? (await db.AdmissionCriteria.AnyAsync(c => c.Code == code, ct) ? Text.Format("代码 {0} 已存在", code) : null);
        if (error is null)
        {
            var order = await db.AdmissionCriteria.MaxAsync(c => (int?)c.SortOrder, ct) ?? 0;
            db.AdmissionCriteria.Add(new AdmissionCriterion { Code = code!, TextZh = textZh!.Trim(), TextEn = string.IsNullOrWhiteSpace(textEn) ? null : textEn.Trim(), SortOrder = order + 10 });
            await db.SaveChangesAsync(ct);
        }
        return Done(error);
    }

    public async Task<IActionResult> OnPostToggleAsync(Guid id, CancellationToken ct)
    {
        var criterion = await db.AdmissionCriteria.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (criterion is null) return NotFound();
        criterion.IsActive = !criterion.IsActive;
        await db.SaveChangesAsync(ct);
        return Done(null);
    }

    private IActionResult Done(string? error)
    {
        TempData[error is null ? "Success" : "Error"] = error ?? Text.Get("已保存");
        return Redirect("/admission/criteria");
    }
}
