using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace QualityZone.Features.Risks;

/// <summary><c>/risks</c>: the risk register with its heat map (residual or inherent), zone-wide or per enterprise.</summary>
[RequirePermission(RisksPermissions.View)]
public sealed class IndexModel(AppDbContext db, RiskCommands commands) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Enterprise { get; set; }
    /// <summary>"zone" for zone-level risks only.</summary>
    [BindProperty(SupportsGet = true)] public string? Scope { get; set; }
    [BindProperty(SupportsGet = true)] public RiskCategory? Category { get; set; }
    [BindProperty(SupportsGet = true)] public bool Inherent { get; set; }
    [BindProperty(SupportsGet = true)] public int? L { get; set; }
    [BindProperty(SupportsGet = true)] public int? S { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    public sealed record Row(RiskItem Risk, string? Enterprise, string? Department);
    public List<(Guid Id, string Name)> Choices { get; private set; } = [];
    public IReadOnlyList<HeatCell> Heat { get; private set; } = [];
    public Paged<Row> Risks { get; private set; } = null!;
    public RiskMatrix Matrix { get; private set; } = RiskMatrix.Default;
    public bool IsStaff => EnterpriseScope.For(User).All;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Choices = IsStaff ? await EnterpriseQueries.ChoicesAsync(db, ct) : [];
        Matrix = await commands.MatrixAsync(ct);
        var risks = commands.Visible(User);
        if (Scope == "zone") risks = risks.Where(r => r.EnterpriseId == null);
        else if (Enterprise is { } e) risks = risks.Where(r => r.EnterpriseId == e);
        if (Category is { } c) risks = risks.Where(r => r.Category == c);
        Heat = await commands.HeatMapAsync(risks, Inherent, ct);
        var open = risks.Where(r => !r.Closed);
        if (L is { } l && S is { } s) open = Inherent ? open.Where(r => r.InherentLikelihood == l && r.InherentSeverity == s) : open.Where(r => r.ResidualLikelihood == l && r.ResidualSeverity == s);
        var rows = from r in open
                   join en in db.Enterprises on r.EnterpriseId equals en.Id into ens
                   from en in ens.DefaultIfEmpty()
                   join d in db.Departments on r.OwnerDepartmentId equals d.Id into ds
                   from d in ds.DefaultIfEmpty()
                   orderby r.ResidualLikelihood * r.ResidualSeverity descending, r.Number
                   select new Row(r, en == null ? null : en.NameZh, d == null ? null : (Text.IsEnglish ? d.NameEn ?? d.NameZh : d.NameZh));
        Risks = await Paged<Row>.CreateAsync(rows, PageNumber, 50, ct);
    }

    public string Link(int page) => $"/risks?enterprise={Enterprise}&scope={Scope}&category={Category}&inherent={Inherent}&l={L}&s={S}&page={page}";
    public string CellLink(int l, int s) => $"/risks?enterprise={Enterprise}&scope={Scope}&category={Category}&inherent={Inherent}&l={l}&s={s}";
}
