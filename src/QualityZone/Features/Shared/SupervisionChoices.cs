using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Shared;

/// <summary>The pick lists the supervision pages share: member units (in the seed's order).</summary>
public static class SupervisionChoices
{
    public static async Task<List<(Guid Id, string Name)>> DepartmentsAsync(AppDbContext db, CancellationToken ct) =>
        (await db.Departments.AsNoTracking().Where(d => d.IsActive).OrderBy(d => d.SortOrder).ToListAsync(ct)).Select(d => (d.Id, d.Name)).ToList();
}
