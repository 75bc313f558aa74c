using QualityZone.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Reference;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Enterprises;

/// <summary>The register's filters (list page, Excel export and API share them).</summary>
public sealed record EnterpriseFilter(string? Q = null, EnterpriseState? State = null, string? Grade = null, string? Hs = null, string? Market = null, string? Tier = null,
    DateOnly? CertificatesExpiringBy = null, Func<IQueryable<Enterprise>, IQueryable<Enterprise>>? Contributed = null);

public sealed record EnterpriseRow(
    Guid Id, string CreditCode, string? CustomsCode, string NameZh, string? NameEn, EnterpriseState State, string? Grade,
    string? AdmissionNumber, DateOnly? AdmittedOn, string? CustomsCreditTier, decimal? AnnualExportWanUsd, string? QualityContact,
    int Products, int Markets);

public sealed class EnterpriseQueries(AppDbContext db)
{
    /// <summary>Every enterprise as (id, name in the user's language), by Chinese name: the choice staff pick from on module pages.</summary>
    public static async Task<List<(Guid Id, string Name)>> ChoicesAsync(AppDbContext db, CancellationToken ct) =>
        (await db.Enterprises.AsNoTracking().OrderBy(e => e.NameZh).Select(e => new { e.Id, e.NameZh, e.NameEn }).ToListAsync(ct))
            .Select(e => (e.Id, Text.Pick(e.NameZh, e.NameEn))).ToList();

    public IQueryable<Enterprise> Filtered(EnterpriseScope scope, EnterpriseFilter filter)
    {
        var query = db.Enterprises.AsNoTracking().ForScope(scope);
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var q = filter.Q.Trim();
            var upper = q.ToUpperInvariant();
            query = query.Where(e => e.NameZh.Contains(q) || (e.NameEn != null && e.NameEn.Contains(q)) || e.CreditCode == upper || e.CustomsCode == upper || e.AdmissionNumber == q);
        }
        if (filter.State is { } state) query = query.Where(e => e.State == state);
        if (!string.IsNullOrEmpty(filter.Grade)) query = filter.Grade == "none" ? query.Where(e => e.Grade == null) : query.Where(e => e.Grade == filter.Grade);
        if (!string.IsNullOrEmpty(filter.Tier)) query = query.Where(e => e.CustomsCreditTier == filter.Tier);
        var hs = ReferenceData.NormalizeHsCode(filter.Hs);
        if (hs.Length >= 2) query = query.Where(e => e.Products.Any(p => p.HsCode.StartsWith(hs)));
        if (!string.IsNullOrWhiteSpace(filter.Market))
        {
            var market = filter.Market.Trim().ToUpperInvariant();
            query = query.Where(e => e.Markets.Any(m => m.CountryCode == market));
        }
        if (filter.Contributed is { } contributed) query = contributed(query);
        if (filter.CertificatesExpiringBy is { } by)
            query = query.Where(e => db.Certificates.Any(c => c.EnterpriseId == e.Id && c.ValidTo <= by));
        return query;
    }

    /// <summary>Certificates expired or expiring within 60 days, soonest first (dashboards).</summary>
    public async Task<List<(Certificate Certificate, string EnterpriseName)>> ExpiringCertificatesAsync(EnterpriseScope scope, DateOnly today, int take, CancellationToken ct)
    {
        var by = today.AddDays(Certificate.WarningDays);
        var rows = await db.Certificates.AsNoTracking()
            .Where(c => c.ValidTo <= by)
            .Join(db.Enterprises.AsNoTracking().ForScope(scope).Where(e => e.State != EnterpriseState.Removed), c => c.EnterpriseId, e => e.Id, (c, e) => new { c, e.NameZh })
            .OrderBy(x => x.c.ValidTo).Take(take).ToListAsync(ct);
        return rows.Select(x => (x.c, x.NameZh)).ToList();
    }

    public IQueryable<EnterpriseRow> Rows(IQueryable<Enterprise> query) => query
        .OrderBy(e => e.State == EnterpriseState.Removed).ThenBy(e => e.NameZh)
        .Select(e => new EnterpriseRow(e.Id, e.CreditCode, e.CustomsCode, e.NameZh, e.NameEn, e.State, e.Grade, e.AdmissionNumber, e.AdmittedOn,
            e.CustomsCreditTier, e.AnnualExportWanUsd, e.QualityContact, e.Products.Count, e.Markets.Count));

    public Task<Paged<EnterpriseRow>> PageAsync(EnterpriseScope scope, EnterpriseFilter filter, int page, int pageSize, CancellationToken ct) =>
        Paged<EnterpriseRow>.CreateAsync(Rows(Filtered(scope, filter)), page, pageSize, ct);

    /// <summary>Counts by state for the list header (within the scope, ignoring the other filters).</summary>
    public async Task<Dictionary<EnterpriseState, int>> CountsAsync(EnterpriseScope scope, CancellationToken ct) =>
        await db.Enterprises.AsNoTracking().ForScope(scope).GroupBy(e => e.State).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    public Task<Enterprise?> DetailAsync(EnterpriseScope scope, Guid id, CancellationToken ct) =>
        db.Enterprises.AsNoTracking().ForScope(scope).AsSplitQuery()
            .Include(e => e.Products.OrderBy(p => p.HsCode)).Include(e => e.Markets)
            .Include(e => e.Events.OrderByDescending(v => v.At))
            .SingleOrDefaultAsync(e => e.Id == id, ct);
}
