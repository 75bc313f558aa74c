using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Testing;

/// <summary>
/// <c>/testing/{id}/label</c>: the sample label the center prints when it receives a sample (a 60 × 40 mm
/// label printer, or several to a sheet): sample number, request, product, enterprise, date and the QR code
/// that opens the request on a tester's phone or tablet.
/// </summary>
[RequirePermission(TestingPermissions.Operate)]
public sealed class LabelModel(AppDbContext db, ZoneClock clock) : PageModel
{
    public sealed record Sample(Guid Id, string Number, string SampleNumber, string ProductName, string? Model, string Enterprise, DateTimeOffset ReceivedAt, int Quantity);

    public Sample Label { get; private set; } = null!;
    public string Received => clock.Format(Label.ReceivedAt, "yyyy-MM-dd");

    /// <summary>How many copies to print (one per sample unit by default).</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var found = await (from r in db.TestRequests.AsNoTracking()
                           join e in db.Enterprises.AsNoTracking() on r.EnterpriseId equals e.Id
                           where r.Id == id && r.SampleNumber != null
                           select new Sample(r.Id, r.Number, r.SampleNumber!, r.ProductName, r.Model, e.NameZh, r.SampleReceivedAt!.Value,
                               db.TestItems.Where(i => r.Items.Select(x => x.Code).Contains(i.Code)).Max(i => (int?)i.SampleQuantity) ?? 1)).SingleOrDefaultAsync(ct);
        if (found is null) return NotFound();
        Label = found;
        return Page();
    }
}
