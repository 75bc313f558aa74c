using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Traceability;

/// <summary><c>/trace/suppliers</c>: the supplier list (合格供方名录) with standing, grade and certificate expiry.</summary>
[RequirePermission(TraceabilityPermissions.View)]
public sealed class SuppliersModel(AppDbContext db, ZoneClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Enterprise { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public SupplierStatus? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    public List<(Guid Id, string Name)> Choices { get; private set; } = [];
    public Paged<Row> Suppliers { get; private set; } = null!;
    public DateOnly Today => clock.Today;

    public sealed record Row(Supplier Supplier, string Enterprise, DateOnly? FirstExpiry, int Lots);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Choices = await TracePages.ChoicesAsync(User, db, ct);
        var enterprise = TracePages.EnterpriseFor(User, Enterprise);
        var query = db.Suppliers.AsNoTracking();
        if (enterprise is { } e) query = query.Where(s => s.EnterpriseId == e);
        if (!string.IsNullOrWhiteSpace(Q)) query = query.Where(s => s.Name.Contains(Q.Trim()) || (s.Supplies != null && s.Supplies.Contains(Q.Trim())) || s.CreditCode == Q.Trim());
        if (Status is { } status) query = query.Where(s => s.Status == status);
        var rows = from s in query
                   join en in db.Enterprises on s.EnterpriseId equals en.Id
                   orderby s.Status descending, s.Name
                   select new Row(s, en.NameZh, db.SupplierCertificates.Where(c => c.SupplierId == s.Id).Min(c => c.ExpiresOn), db.MaterialLots.Count(l => l.SupplierId == s.Id));
        Suppliers = await Paged<Row>.CreateAsync(rows, PageNumber, 50, ct);
    }

    public string Link(int page) => $"/trace/suppliers?enterprise={Enterprise}&q={Uri.EscapeDataString(Q ?? "")}&status={Status}&page={page}";
}
