using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Testing;

/// <summary>
/// The enterprise page's testing section (task 17): its supervision sampling results (监督抽检) first — what
/// the departments look for when they judge the enterprise — then its latest own commissions, with the
/// year's counts and failures.
/// </summary>
public sealed class EnterpriseTestingPanel(AppDbContext db, ZoneClock clock) : IEnterprisePanel
{
    public const int Shown = 10;

    public sealed record Row(Guid Id, string Number, RequestKind Kind, string ProductName, RequestState State, string? ReportNumber, DateTimeOffset? IssuedAt, bool Withdrawn, bool Failed);

    public sealed record View(Guid EnterpriseId, int SampledThisYear, int SampledFailedThisYear, int CommissionsThisYear, IReadOnlyList<Row> Supervision, IReadOnlyList<Row> Commissions);

    public int Order => 40;

    public async Task<EnterprisePanel?> LoadAsync(Enterprise enterprise, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!PermissionCatalog.IsGranted(user, TestingPermissions.Read)) return null;
        var requests = db.TestRequests.AsNoTracking().Where(r => r.EnterpriseId == enterprise.Id);
        var since = new DateTimeOffset(clock.Today.Year, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var year = await requests.Where(r => r.RequestedAt >= since && r.State != RequestState.Cancelled)
            .GroupBy(r => r.Kind)
            .Select(g => new { g.Key, Count = g.Count(), Failed = g.Count(r => r.IssuedAt != null && r.WithdrawnAt == null && r.ReportFailed) })
            .ToListAsync(ct);
        async Task<List<Row>> LatestAsync(RequestKind kind) => await requests.Where(r => r.Kind == kind).OrderByDescending(r => r.Number).Take(Shown)
            .Select(r => new Row(r.Id, r.Number, r.Kind, r.ProductName, r.State, r.ReportNumber, r.IssuedAt, r.WithdrawnAt != null,
                r.ReportFailed))
            .ToListAsync(ct);
        var supervision = await LatestAsync(RequestKind.Supervision);
        var commissions = await LatestAsync(RequestKind.Commission);
        if (supervision.Count == 0 && commissions.Count == 0) return null;
        var sampled = year.SingleOrDefault(y => y.Key == RequestKind.Supervision);
        return new EnterprisePanel("/Features/Testing/_EnterpriseTestingPanel.cshtml", new View(enterprise.Id, sampled?.Count ?? 0, sampled?.Failed ?? 0,
            year.SingleOrDefault(y => y.Key == RequestKind.Commission)?.Count ?? 0, supervision, commissions));
    }
}
