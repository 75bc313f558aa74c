using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using QualityZone.Features.Reference;
using QualityZone.Features.Settings;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Enterprises;

/// <summary>The register: search, filters, paging, Excel export. An enterprise user is sent to its own page.</summary>
[RequirePermission(EnterprisesPermissions.Read)]
public sealed class IndexModel(EnterpriseQueries queries, IEnumerable<IEnterpriseListFilter> listFilters, AppDbContext db, ZoneClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public EnterpriseState? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? Grade { get; set; }
    [BindProperty(SupportsGet = true)] public string? Hs { get; set; }
    [BindProperty(SupportsGet = true)] public string? Market { get; set; }
    /// <summary>"expiring": enterprises with a certificate expired or expiring within 60 days.</summary>
    [BindProperty(SupportsGet = true)] public string? Cert { get; set; }
    /// <summary>"unsigned": enterprises in the zone that have not signed the current commitment letter.</summary>
    /// <summary>The filter a module above contributes (the unsigned commitment letter), by its key.</summary>
    [BindProperty(SupportsGet = true)] public string? Letter { get; set; }
    public IReadOnlyList<IEnterpriseListFilter> ListFilters { get; } = [.. listFilters];
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public bool Export { get; set; }

    public Paged<EnterpriseRow> Rows { get; private set; } = new([], 1, 20, 0);
    public Dictionary<EnterpriseState, int> Counts { get; private set; } = [];
    public IReadOnlyList<Country> MarketOptions { get; private set; } = [];
    public bool CanManage => PermissionCatalog.IsGranted(User, EnterprisesPermissions.Manage);
    private Dictionary<string, string> tiers = [];

    public string TierName(string? code) => code is not null && tiers.TryGetValue(code, out var name) ? name : "—";

    public string Link(int page, bool export = false) =>
        $"/enterprises?q={Uri.EscapeDataString(Q ?? "")}&state={State}&grade={Grade}&hs={Hs}&market={Market}&cert={Cert}&letter={Letter}&page={page}" + (export ? "&export=true" : "");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var scope = EnterpriseScope.For(User);
        if (!scope.All) return scope.EnterpriseId is { } own ? Redirect($"/enterprises/{own}") : Forbid();
        var filter = new EnterpriseFilter(Q, State, Grade, Hs, Market,
            CertificatesExpiringBy: Cert == "expiring" ? clock.Today.AddDays(Certificate.WarningDays) : null,
            Contributed: ListFilters.FirstOrDefault(f => f.Key == Letter) is { } chosen ? await chosen.PrepareAsync(ct) : null);
        tiers = (await db.ItemsAsync(CodeLists.CustomsCreditTiers, ct)).ToDictionary(i => i.Code, i => i.Name);
        if (Export) return await ExportAsync(scope, filter, ct);

        Rows = await queries.PageAsync(scope, filter, PageNumber, 20, ct);
        Counts = await queries.CountsAsync(scope, ct);
        var used = await db.EnterpriseMarkets.AsNoTracking().Select(m => m.CountryCode).Distinct().ToListAsync(ct);
        MarketOptions = used.Select(ReferenceData.FindCountry).OfType<Country>().OrderBy(c => c.Name).ToList();
        return Page();
    }

    private async Task<IActionResult> ExportAsync(EnterpriseScope scope, EnterpriseFilter filter, CancellationToken ct)
    {
        var rows = await queries.Rows(queries.Filtered(scope, filter)).ToListAsync(ct);
        var stream = new MemoryStream();
        await stream.SaveAsAsync(rows.Select(e => new Dictionary<string, object?>
        {
            [Text.Get("企业名称")] = e.NameZh, [Text.Get("英文名称")] = e.NameEn, [Text.Get("统一社会信用代码")] = e.CreditCode,
            [Text.Get("海关注册编码")] = e.CustomsCode, [Text.Get("状态")] = Text.Get(EnterpriseLabels.State(e.State)), [Text.Get("等级")] = e.Grade,
            [Text.Get("入区编号")] = e.AdmissionNumber, [Text.Get("入区日期")] = e.AdmittedOn?.ToString("yyyy-MM-dd"),
            [Text.Get("海关信用等级")] = TierName(e.CustomsCreditTier), [Text.Get("年出口额（万美元）")] = e.AnnualExportWanUsd,
            [Text.Get("质量负责人")] = e.QualityContact, [Text.Get("产品数")] = e.Products, [Text.Get("出口市场数")] = e.Markets,
        }), cancellationToken: ct);
        stream.Position = 0;
        return File(stream, QualityZone.Infrastructure.Documents.ExcelFiles.ContentType, $"{Text.Get("企业名录")}-{clock.Today:yyyyMMdd}.xlsx");
    }
}
