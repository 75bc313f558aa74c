using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Departments;

/// <summary>The member units as a pick list (in the seed's order), for the pages that assign work to a department.</summary>
public static class DepartmentChoices
{
    public static async Task<List<(Guid Id, string Name)>> DepartmentsAsync(AppDbContext db, CancellationToken ct) =>
        (await db.Departments.AsNoTracking().Where(d => d.IsActive).OrderBy(d => d.SortOrder).ToListAsync(ct)).Select(d => (d.Id, d.Name)).ToList();

    /// <summary>
    /// The active units in the seed's order, kept in memory until a department changes (ReadCache):
    /// the tracker's filters read them on every request. Shared between requests: read, never change.
    /// </summary>
    public static Task<IReadOnlyList<Department>> ActiveAsync(AppDbContext db, ReadCache cache, CancellationToken ct) =>
        cache.GetAsync<IReadOnlyList<Department>>("departments.active", ["departments"],
            async c => await db.Departments.AsNoTracking().Where(d => d.IsActive).OrderBy(d => d.SortOrder).ToListAsync(c), ct);
}
