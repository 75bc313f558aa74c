using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Reference;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Traceability;

public enum TraceHitKind { Shipment, Batch, Serial, Lot }

/// <summary>Something a number typed into the trace box found, in the user's scope.</summary>
public sealed record TraceHit(TraceHitKind Kind, Guid Id, string Number, string Description, Guid EnterpriseId, string Enterprise);

/// <summary>
/// What the user starts from when a complaint arrives: a shipment (declaration) number, a batch
/// number, a serial number printed on the product, or a supplier's lot number. Exact numbers first,
/// then numbers starting with what was typed.
/// </summary>
public sealed class TraceFinder(AppDbContext db)
{
    public async Task<IReadOnlyList<TraceHit>> FindAsync(ClaimsPrincipal user, string? q, CancellationToken ct)
    {
        var text = q?.Trim() ?? "";
        if (text.Length < 2) return [];
        var scope = EnterpriseScope.For(user);
        var own = scope.EnterpriseId ?? Guid.Empty;
        var prefix = text + "%";
        var names = db.Enterprises.AsNoTracking();
        var hits = new List<TraceHit>();

        hits.AddRange(await (from s in db.Shipments.AsNoTracking()
                             join e in names on s.EnterpriseId equals e.Id
                             where (scope.All || s.EnterpriseId == own) && EF.Functions.Like(s.DeclarationNumber, prefix)
                             orderby s.DeclarationNumber
                             select new TraceHit(TraceHitKind.Shipment, s.Id, s.DeclarationNumber, s.ShippedOn.ToString() + " " + s.CountryCode + " " + s.Buyer, e.Id, e.Name))
            .Take(20).ToListAsync(ct));
        hits.AddRange(await (from b in db.ProductionBatches.AsNoTracking()
                             join e in names on b.EnterpriseId equals e.Id
                             where (scope.All || b.EnterpriseId == own) && EF.Functions.Like(b.BatchNumber, prefix)
                             orderby b.BatchNumber
                             select new TraceHit(TraceHitKind.Batch, b.Id, b.BatchNumber, b.ProductModel + " × " + b.Quantity.ToString(), e.Id, e.Name))
            .Take(20).ToListAsync(ct));
        // A serial number: the ranges that start at or before it (the nearest first), of the same length, that reach it.
        var ranges = await (from b in db.ProductionBatches.AsNoTracking()
                            join e in names on b.EnterpriseId equals e.Id
                            where b.SerialFrom != null && string.Compare(b.SerialFrom, text) <= 0 && (scope.All || b.EnterpriseId == own)
                            orderby b.SerialFrom descending
                            select new { b.Id, b.BatchNumber, b.ProductModel, b.SerialFrom, b.SerialTo, EnterpriseId = e.Id, Enterprise = e.Name })
            .Take(50).ToListAsync(ct);
        hits.AddRange(ranges.Where(r => r.SerialFrom!.Length == text.Length && string.CompareOrdinal(r.SerialTo, text) >= 0)
            .Select(r => new TraceHit(TraceHitKind.Serial, r.Id, r.BatchNumber, Text.Format("序列号 {0} 属于 {1}–{2}（{3}）", text, r.SerialFrom!, r.SerialTo!, r.ProductModel), r.EnterpriseId, r.Enterprise)));
        hits.AddRange(await (from l in db.MaterialLots.AsNoTracking()
                             join m in db.Materials on l.MaterialId equals m.Id
                             join s in db.Suppliers on l.SupplierId equals s.Id
                             join e in names on l.EnterpriseId equals e.Id
                             where (scope.All || l.EnterpriseId == own) && EF.Functions.Like(l.LotNumber, prefix)
                             orderby l.LotNumber
                             select new TraceHit(TraceHitKind.Lot, l.Id, l.LotNumber, m.Name + " · " + s.Name, e.Id, e.Name))
            .Take(20).ToListAsync(ct));
        return hits.OrderBy(h => h.Number != text).ThenBy(h => h.Kind).ThenBy(h => h.Number).ToList();
    }
}

/// <summary>The checks of a recall notice, shared by the page and the API.</summary>
public static class RecallForm
{
    public static Dictionary<string, string[]> Validate(string? model, string? country, DateOnly? from, DateOnly? to)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(model)) errors["Model"] = [Text.Get("请填写产品型号")];
        if (ReferenceData.FindCountry(country?.Trim().ToUpperInvariant()) is null) errors["Country"] = [Text.Get("请选择目的国")];
        if (from is null || to is null) errors["From"] = [Text.Get("请填写发货期间")];
        else if (from > to) errors["To"] = [Text.Get("截止日期不能早于起始日期")];
        return errors;
    }
}
