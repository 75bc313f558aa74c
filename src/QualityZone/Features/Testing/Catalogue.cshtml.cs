using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Testing;

/// <summary>
/// <c>/testing/catalogue</c>: the center's test items and packages with price, turnaround and CNAS scope;
/// for the office and the finance bureau the year's subsidy rule and the subsidy ledger (Excel).
/// </summary>
[RequirePermission(TestingPermissions.Read)]
public sealed class CatalogueModel(AppDbContext db, TestingCommands commands, ZoneClock clock) : PageModel
{
    public List<TestItem> Items { get; private set; } = [];
    public List<TestPackage> Packages { get; private set; } = [];
    public SubsidyRule? Rule { get; private set; }
    public decimal Committed { get; private set; }
    public int Year => clock.Today.Year;
    public bool ManagesSubsidy => PermissionCatalog.IsGranted(User, TestingPermissions.Subsidy);
    public string? Error { get; private set; }
    [BindProperty] public SubsidyRule Input { get; set; } = new();

    public bool EditsCatalogue => PermissionCatalog.IsGranted(User, TestingPermissions.Operate);
    /// <summary>The item in the edit form: one of the catalogue (?edit=CODE) or a new one (?edit=new).</summary>
    public TestItemInput? Editing { get; private set; }

    public async Task OnGetAsync(string? edit, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!EditsCatalogue || edit is null) return;
        Editing = edit == "new" ? new TestItemInput(true, null, null, null, null, null, null, null, 0, 5, 1, false)
            : Items.FirstOrDefault(i => i.Code == edit) is { } i ? new TestItemInput(false, i.Code, i.NameZh, i.NameEn, i.Standard, i.Unit, i.Min, i.Max, i.Price, i.TurnaroundDays, i.SampleQuantity, i.CnasScope) : null;
    }

    public async Task<IActionResult> OnPostItemAsync(TestItemInput item, CancellationToken ct)
    {
        if (!EditsCatalogue) return StatusCode(StatusCodes.Status403Forbidden);
        var result = await commands.SaveItemAsync(User, item, ct);
        if (result.Succeeded) return Redirect("/testing/catalogue");
        db.ChangeTracker.Clear();
        Error = result.Error;
        Response.StatusCode = result.Status;
        await LoadAsync(ct);
        Editing = item;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ManagesSubsidy) return StatusCode(StatusCodes.Status403Forbidden);
        Input.Year = clock.Today.Year;
        var result = await commands.SetRuleAsync(User, Input, ct);
        if (result.Succeeded) return Redirect("/testing/catalogue#subsidy");
        db.ChangeTracker.Clear();
        Error = result.Error;
        Response.StatusCode = result.Status;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The subsidy ledger of the year for the finance bureau: one row per subsidised request.</summary>
    public async Task<IActionResult> OnGetLedgerAsync(CancellationToken ct)
    {
        if (!ManagesSubsidy) return StatusCode(StatusCodes.Status403Forbidden);
        var rows = (await (from r in commands.SubsidisedIn(clock.Today.Year, null)
                           join e in db.Enterprises.AsNoTracking() on r.EnterpriseId equals e.Id
                           where r.Subsidy > 0
                           orderby r.Number
                           select new { r.Number, e.NameZh, e.CreditCode, r.ProductName, r.RequestedAt, r.Fee, r.Subsidy, r.EnterpriseShare, r.State, r.ReportNumber }).ToListAsync(ct))
            .Select(r => new Dictionary<string, object?>
            {
                [Text.Get("委托编号")] = r.Number, [Text.Get("企业名称")] = r.NameZh, [Text.Get("统一社会信用代码")] = r.CreditCode, [Text.Get("产品名称")] = r.ProductName,
                [Text.Get("委托日期")] = clock.Format(r.RequestedAt, "yyyy-MM-dd"), [Text.Get("检测费（元）")] = r.Fee, [Text.Get("补贴（元）")] = r.Subsidy,
                [Text.Get("企业承担（元）")] = r.EnterpriseShare, [Text.Get("状态")] = TestingLabels.State(r.State), [Text.Get("报告编号")] = r.ReportNumber,
            }).ToList();
        var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, sheetName: Text.Get("补贴台账"), cancellationToken: ct);
        stream.Position = 0;
        return File(stream, ExcelFiles.ContentType, $"{Text.Get("检测补贴台账")}-{clock.Today.Year}.xlsx");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Items = await commands.CatalogueAsync(ct);
        Packages = await db.TestPackages.AsNoTracking().OrderBy(p => p.Code).ToListAsync(ct);
        (Rule, Committed) = await commands.BudgetAsync(clock.Today.Year, ct);
        if (Input.Year == 0 && Rule is not null) Input = Rule;
    }
}
