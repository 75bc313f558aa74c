using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Portal;

/// <summary><c>/portal/participation</c>: the standards participation register (task 14.1): which enterprise drafts which standard, at which level, in which role.</summary>
[RequirePermission(PortalPermissions.Respond)]
public sealed class ParticipationModel(AppDbContext db, TimeProvider time) : PageModel
{
    public static readonly string[] Levels = ["国际标准", "国家标准", "行业标准", "团体标准"];
    public static readonly string[] Roles = ["主持起草", "参与起草"];
    public sealed record Row(StandardParticipation Entry, string Enterprise);
    public List<Row> Entries { get; private set; } = [];
    public List<(Guid Id, string Name)> Enterprises { get; private set; } = [];
    public string? Error { get; private set; }
    [BindProperty] public Guid? Enterprise { get; set; }
    [BindProperty] public string? StandardNumber { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Level { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public int? Year { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Enterprise is not { } enterprise || !await db.Enterprises.AnyAsync(e => e.Id == enterprise, ct)) Error = Text.Get("请选择企业");
        else if (string.IsNullOrWhiteSpace(StandardNumber) || string.IsNullOrWhiteSpace(Title) || StandardNumber.Trim().Length > 100 || Title.Trim().Length > 300)
            Error = Text.Get("请填写标准编号（不超过 100 字）和名称（不超过 300 字）");
        else if (!Levels.Contains(Level) || !Roles.Contains(Role)) Error = Text.Get("请选择标准级别和参与方式");
        else if (Year is not (>= 1990 and <= 2100)) Error = Text.Get("请填写年份");
        else
        {
            db.StandardParticipations.Add(new StandardParticipation { EnterpriseId = enterprise, StandardNumber = StandardNumber.Trim(), Title = Title.Trim(), Level = Level!, Role = Role!, Year = Year.Value, RecordedBy = User.DisplayName(), RecordedAt = time.GetUtcNow() });
            await db.SaveChangesAsync(ct);
            return Redirect("/portal/participation");
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Entries = await (from p in db.StandardParticipations.AsNoTracking() join e in db.Enterprises on p.EnterpriseId equals e.Id orderby p.Year descending, p.StandardNumber
                         select new Row(p, e.NameZh)).ToListAsync(ct);
        Enterprises = await EnterpriseQueries.ChoicesAsync(db, ct);
        Year ??= DateTime.UtcNow.Year;
    }
}
