using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Departments;

/// <summary>The member units as a pick list (in the seed's order), for the pages that assign work to a department.</summary>
public static class DepartmentChoices
{
    public static async Task<List<(Guid Id, string Name)>> DepartmentsAsync(AppDbContext db, CancellationToken ct) =>
        (await db.Departments.AsNoTracking().Where(d => d.IsActive).OrderBy(d => d.SortOrder).ToListAsync(ct)).Select(d => (d.Id, d.Name)).ToList();
}
