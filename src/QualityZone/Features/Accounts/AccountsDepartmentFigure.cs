using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Departments;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Accounts;

/// <summary>The member-unit list's "accounts" column: the accounts bound to each unit.</summary>
public sealed class AccountsDepartmentFigure(AppDbContext db) : IDepartmentFigure
{
    public int Order => 30;
    public string Header => "用户";
    public string? Link(string departmentCode) => null;

    public async Task<IReadOnlyDictionary<Guid, int>> CountsAsync(CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.DepartmentId != null)
            .GroupBy(u => u.DepartmentId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
}
