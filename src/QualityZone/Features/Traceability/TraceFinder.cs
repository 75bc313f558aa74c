using System.Linq.Expressions;
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
        var names = db.Enterprises.AsNoTracking();
        var hits = new List<TraceHit>();

        var shipments = StartingWith(db.Shipments.AsNoTracking(), s => s.DeclarationNumber, text);
        shipments = shipments.ForScope(scope);
        hits.AddRange((await (from s in shipments.OrderBy(s => s.DeclarationNumber).Take(20)
                             join e in names on s.EnterpriseId equals e.Id
                             select new HitRow(TraceHitKind.Shipment, s.Id, s.DeclarationNumber, s.ShippedOn.ToString() + " " + s.CountryCode + " " + s.Buyer, e.Id, e.NameZh, e.NameEn))
            .ToListAsync(ct)).Select(r => r.Hit));
        var batches = StartingWith(db.ProductionBatches.AsNoTracking(), b => b.BatchNumber, text);
        batches = batches.ForScope(scope);
        hits.AddRange((await (from b in batches.OrderBy(b => b.BatchNumber).Take(20)
                             join e in names on b.EnterpriseId equals e.Id
                             select new HitRow(TraceHitKind.Batch, b.Id, b.BatchNumber, b.ProductModel + " × " + b.Quantity.ToString(), e.Id, e.NameZh, e.NameEn))
            .ToListAsync(ct)).Select(r => r.Hit));
        // A serial number: the ranges that start at or before it (the nearest first), of the same
        // length, that reach it — read from (EnterpriseId, SerialFrom) for an enterprise, (SerialFrom) for staff.
        var serials = db.ProductionBatches.AsNoTracking().Where(b => b.SerialFrom != null && string.Compare(b.SerialFrom, text) <= 0);
        serials = serials.ForScope(scope);
        var ranges = await (from b in serials.OrderByDescending(b => b.SerialFrom).Take(50)
                            join e in names on b.EnterpriseId equals e.Id
                            select new { b.Id, b.BatchNumber, b.ProductModel, b.SerialFrom, b.SerialTo, EnterpriseId = e.Id, e.NameZh, e.NameEn }).ToListAsync(ct);
        hits.AddRange(ranges.Where(r => r.SerialFrom!.Length == text.Length && string.CompareOrdinal(r.SerialTo, text) >= 0)
            .Select(r => new TraceHit(TraceHitKind.Serial, r.Id, r.BatchNumber, Text.Format("序列号 {0} 属于 {1}–{2}（{3}）", text, r.SerialFrom!, r.SerialTo!, r.ProductModel),
                r.EnterpriseId, Text.Pick(r.NameZh, r.NameEn))));
        var lots = StartingWith(db.MaterialLots.AsNoTracking(), l => l.LotNumber, text);
        lots = lots.ForScope(scope);
        hits.AddRange((await (from l in lots.OrderBy(l => l.LotNumber).Take(20)
                             join m in db.Materials on l.MaterialId equals m.Id
                             join s in db.Suppliers on l.SupplierId equals s.Id
                             join e in names on l.EnterpriseId equals e.Id
                             select new HitRow(TraceHitKind.Lot, l.Id, l.LotNumber, m.Name + " · " + s.Name, e.Id, e.NameZh, e.NameEn))
            .ToListAsync(ct)).Select(r => r.Hit));
        return hits.OrderBy(h => h.Number != text).ThenBy(h => h.Kind).ThenBy(h => h.Number).ToList();
    }

    /// <summary>A hit as read from SQL: both names of the enterprise (Enterprise.Name is computed, in the user's language).</summary>
    private sealed record HitRow(TraceHitKind Kind, Guid Id, string Number, string Description, Guid EnterpriseId, string NameZh, string? NameEn)
    {
        public TraceHit Hit => new(Kind, Id, Number, Description, EnterpriseId, Text.Pick(NameZh, NameEn));
    }

    /// <summary>
    /// Numbers starting with <paramref name="text"/>. On SQLite a range (≥ text, &lt; text with its last
    /// character raised): an index search under the binary collation, where LIKE scans (200 ms over a
    /// million batches). PostgreSQL's linguistic collations do not keep a prefix contiguous, so LIKE there.
    /// </summary>
    private IQueryable<T> StartingWith<T>(IQueryable<T> query, Expression<Func<T, string>> number, string text)
    {
        Expression body;
        if (db.Database.IsNpgsql())
        {
            var like = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string)])!;
            body = Expression.Call(like, Expression.Constant(EF.Functions), number.Body, Expression.Constant(text.Replace("%", "").Replace("_", "") + "%"));
        }
        else
        {
            var compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
            var upper = text[..^1] + (char)(text[^1] + 1);
            body = Expression.AndAlso(
                Expression.GreaterThanOrEqual(Expression.Call(compare, number.Body, Expression.Constant(text)), Expression.Constant(0)),
                Expression.LessThan(Expression.Call(compare, number.Body, Expression.Constant(upper)), Expression.Constant(0)));
        }
        return query.Where(Expression.Lambda<Func<T, bool>>(body, number.Parameters[0]));
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
