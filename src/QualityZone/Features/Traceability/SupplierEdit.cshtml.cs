using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Traceability;

/// <summary><c>/trace/suppliers/edit/{id?}</c>: register or change a supplier and its certificates.</summary>
[RequirePermission(TraceabilityPermissions.Record)]
public sealed class SupplierEditModel(AppDbContext db, SupplierCommands commands) : PageModel
{
    public const string NewIndex = "__i__";
    [BindProperty(SupportsGet = true)] public Guid? Enterprise { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? CreditCode { get; set; }
    [BindProperty] public string? Supplies { get; set; }
    [BindProperty] public string? Contact { get; set; }
    [BindProperty] public List<CertificateInput> Certificates { get; set; } = [];
    public List<(Guid Id, string Name)> Choices { get; private set; } = [];
    public string? Error { get; private set; }
    public Guid? Id { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        if (id is { } existing)
        {
            var supplier = await db.Suppliers.AsNoTracking().Include(s => s.Certificates).SingleOrDefaultAsync(s => s.Id == existing, ct);
            if (supplier is null || !EnterpriseScope.For(User).Allows(supplier.EnterpriseId)) return NotFound();
            (Enterprise, Name, CreditCode, Supplies, Contact) = (supplier.EnterpriseId, supplier.Name, supplier.CreditCode, supplier.Supplies, supplier.Contact);
            Certificates = supplier.Certificates.OrderBy(c => c.Name).Select(c => new CertificateInput(c.Name, c.Number, c.ExpiresOn)).ToList();
        }
        Certificates.Add(new CertificateInput(null, null, null));
        Choices = id is null ? await TracePages.ChoicesAsync(User, db, ct) : [];
        Enterprise ??= User.EnterpriseId();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        var enterprise = id is { } existing ? await db.Suppliers.Where(s => s.Id == existing).Select(s => (Guid?)s.EnterpriseId).SingleOrDefaultAsync(ct) : Enterprise ?? User.EnterpriseId();
        if (enterprise is null && id is not null) return NotFound();
        var (result, savedId) = enterprise is null
            ? (Infrastructure.CommandResult.Invalid(Infrastructure.Localization.Text.Get("请选择企业")), null)
            : await commands.SaveSupplierAsync(User, enterprise.Value, id, new SupplierInput(Name, CreditCode, Supplies, Contact, Certificates), ct);
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Succeeded) return Redirect($"/trace/suppliers/{savedId}");
        Error = result.Error;
        Choices = id is null ? await TracePages.ChoicesAsync(User, db, ct) : [];
        if (Certificates.Count == 0) Certificates.Add(new CertificateInput(null, null, null));
        return Page();
    }
}
