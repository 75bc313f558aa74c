using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.ExportArchives;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Traceability;

/// <summary>
/// Shipments feed the monthly export return (seed task 11) when both exist: a month's shipment
/// lines become export declaration lines (declaration number, item number, date, HS code, goods,
/// destination, quantity, value in USD) and go through the customs data import of the archives
/// module, which sums them into the month's return and refuses a line imported twice.
/// </summary>
public sealed class ShipmentReturns(AppDbContext db, CustomsDeclarationImport customs)
{
    public sealed record Outcome(bool Succeeded, int Lines, IReadOnlyList<string> Periods, IReadOnlyList<string> Errors);

    public async Task<Outcome?> FeedAsync(ClaimsPrincipal user, Guid enterpriseId, string? period, CancellationToken ct)
    {
        if (!ExportReturn.TryParsePeriod(period, out var month)) return new Outcome(false, 0, [], [Text.Get("月份格式应为 yyyy-MM，如 2026-10")]);
        var first = month;
        var last = month.AddMonths(1).AddDays(-1);
        var rows = await (from s in db.Shipments.AsNoTracking()
                          join l in db.ShipmentLines on s.Id equals l.ShipmentId
                          join b in db.ProductionBatches on l.BatchId equals b.Id
                          where s.EnterpriseId == enterpriseId && s.ShippedOn >= first && s.ShippedOn <= last
                          orderby s.DeclarationNumber, l.Id
                          select new { s.DeclarationNumber, s.ShippedOn, s.CountryCode, l.HsCode, l.Quantity, l.ValueUsd, b.ProductModel, b.ProductName, b.Unit }).ToListAsync(ct);
        if (rows.Count == 0) return new Outcome(false, 0, [], [Text.Format("{0} 没有出口发货记录", period!)]);
        var missing = rows.Where(r => r.HsCode is null).Select(r => r.DeclarationNumber).Distinct().ToList();
        if (missing.Count > 0)
            return new Outcome(false, 0, [], [Text.Format("以下发货没有填写 HS 编码，无法汇总到月报：{0}", string.Join(Text.ListSeparator, missing.Take(20)))]);
        var lines = rows.GroupBy(r => r.DeclarationNumber).SelectMany(g => g.Select((r, i) => new DeclarationInput(r.DeclarationNumber, i + 1, r.ShippedOn, r.HsCode,
            r.ProductName ?? r.ProductModel, r.CountryCode, r.Quantity, r.Unit, r.ValueUsd, "USD"))).ToList();
        var result = await customs.ImportAsync(user, enterpriseId, lines, ct);
        if (result.Status == StatusCodes.Status404NotFound) return null;
        return new Outcome(result.Succeeded, result.Lines, result.Periods,
            result.Errors.Select(e => e.Row >= 1 && e.Row <= lines.Count
                ? Text.Format("报关单 {0} 第 {1} 项：{2}", lines[e.Row - 1].DeclarationNumber!, lines[e.Row - 1].LineNumber!, e.Reason)
                : e.Reason).Distinct().ToList());
    }
}
