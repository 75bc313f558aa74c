using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using QualityZone.Features.Commitments;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Testing;

/// <summary>
/// <c>/testing/statement</c>: an enterprise's monthly statement (对账单) of its commissions — fee, subsidy and
/// what it pays for each request of the month, with totals — on screen and as Excel. An enterprise sees
/// only its own; the office and the finance bureau choose the enterprise; the center settles fees with it.
/// </summary>
[RequirePermission(TestingPermissions.Read)]
public sealed class StatementModel(AppDbContext db, ZoneClock clock) : PageModel
{
    public sealed record Line(Guid Id, string Number, DateTimeOffset RequestedAt, string ProductName, string? Model, RequestState State, string? ReportNumber, decimal Fee, decimal Subsidy, decimal Share);

    [BindProperty(SupportsGet = true)] public Guid? Enterprise { get; set; }
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    public List<(Guid Id, string Name)> Enterprises { get; private set; } = [];
    public List<Line> Lines { get; private set; } = [];
    public string? EnterpriseName { get; private set; }
    public DateOnly First { get; private set; }
    public string Format(DateTimeOffset at) => clock.Format(at, "yyyy-MM-dd");

    /// <summary>Only an enterprise (its own), the center and the units that manage the subsidy see statements.</summary>
    private bool ChoosesEnterprise => User.EnterpriseId() is null;
    private bool Allowed => !ChoosesEnterprise || PermissionCatalog.IsGranted(User, TestingPermissions.Subsidy) || PermissionCatalog.IsGranted(User, TestingPermissions.Operate);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : StatusCode(StatusCodes.Status403Forbidden);

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return StatusCode(StatusCodes.Status403Forbidden);
        if (EnterpriseName is null) return BadRequest();
        var rows = Lines.Select(l => new Dictionary<string, object?>
        {
            [Text.Get("委托编号")] = l.Number, [Text.Get("委托日期")] = Format(l.RequestedAt), [Text.Get("产品名称")] = l.ProductName, [Text.Get("型号规格")] = l.Model,
            [Text.Get("状态")] = TestingLabels.State(l.State), [Text.Get("报告编号")] = l.ReportNumber,
            [Text.Get("检测费（元）")] = l.Fee, [Text.Get("补贴（元）")] = l.Subsidy, [Text.Get("企业承担（元）")] = l.Share,
        }).ToList();
        rows.Add(new Dictionary<string, object?>
        {
            [Text.Get("委托编号")] = Text.Get("合计"), [Text.Get("委托日期")] = null, [Text.Get("产品名称")] = null, [Text.Get("型号规格")] = null, [Text.Get("状态")] = null, [Text.Get("报告编号")] = null,
            [Text.Get("检测费（元）")] = Lines.Sum(l => l.Fee), [Text.Get("补贴（元）")] = Lines.Sum(l => l.Subsidy), [Text.Get("企业承担（元）")] = Lines.Sum(l => l.Share),
        });
        var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, sheetName: Text.Get("对账单"), cancellationToken: ct);
        stream.Position = 0;
        return File(stream, ExcelFiles.ContentType, $"{Text.Get("检测费用对账单")}-{EnterpriseName}-{First:yyyy-MM}.xlsx");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!Allowed) return false;
        First = DateOnly.TryParseExact(Month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) ? month : new DateOnly(clock.Today.Year, clock.Today.Month, 1);
        Month = First.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (User.EnterpriseId() is { } own) Enterprise = own;
        else Enterprises = (await db.Enterprises.AsNoTracking().Where(e => CommitmentService.InZone.Contains(e.State)).OrderBy(e => e.NameZh)
            .Select(e => new { e.Id, e.NameZh }).ToListAsync(ct)).Select(e => (e.Id, e.NameZh)).ToList();
        if (Enterprise is not { } enterprise) return true;
        EnterpriseName = await db.Enterprises.AsNoTracking().Where(e => e.Id == enterprise).Select(e => e.NameZh).SingleOrDefaultAsync(ct);
        if (EnterpriseName is null) { Enterprise = null; return true; }
        // The month in zone time: what was requested between its first and last day, as the enterprise reads its calendar.
        var (from, to) = (clock.StartOf(First), clock.StartOf(First.AddMonths(1)));
        Lines = await db.TestRequests.AsNoTracking()
            .Where(r => r.EnterpriseId == enterprise && r.Kind == RequestKind.Commission && r.RequestedAt >= from && r.RequestedAt < to
                && r.State != RequestState.Cancelled && r.State != RequestState.SampleRefused)
            .OrderBy(r => r.Number)
            .Select(r => new Line(r.Id, r.Number, r.RequestedAt, r.ProductName, r.Model, r.State, r.ReportNumber, r.Fee, r.Subsidy, r.EnterpriseShare))
            .ToListAsync(ct);
        return true;
    }
}
