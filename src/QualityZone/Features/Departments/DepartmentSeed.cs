using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Departments;

/// <summary>Seeds the member units named in the founding document (departments.seed.json). Idempotent.</summary>
public static class DepartmentSeed
{
    private sealed record Entry(string Code, string NameZh, string NameEn);

    public static async Task EnsureAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var entries = SeedFile.Read<Entry>(typeof(DepartmentSeed), "departments.seed.json");
        var existing = await db.Departments.Select(d => d.Code).ToListAsync(cancellationToken);
        var order = 0;
        foreach (var entry in entries)
        {
            order += 10;
            if (existing.Contains(entry.Code)) continue;
            db.Departments.Add(new Department { Code = entry.Code, NameZh = entry.NameZh, NameEn = entry.NameEn, SortOrder = order });
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
