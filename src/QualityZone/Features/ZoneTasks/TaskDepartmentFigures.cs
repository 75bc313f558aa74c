using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Departments;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.ZoneTasks;

/// <summary>The member-unit list's "tasks led" column: the tasks where the unit is the first responsible department (牵头部门).</summary>
public sealed class LeadTasksFigure(AppDbContext db) : IDepartmentFigure
{
    public int Order => 10;
    public string Header => "牵头任务";
    public string? Link(string departmentCode) => $"/tasks?dept={departmentCode}&role=lead";

    public async Task<IReadOnlyDictionary<Guid, int>> CountsAsync(CancellationToken ct) =>
        await db.TaskDepartments.AsNoTracking().Where(t => t.Role == TaskDepartmentRole.Responsible && t.Position == 0)
            .GroupBy(t => t.DepartmentId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
}

/// <summary>The member-unit list's "tasks taken part in" column: every role (lead, responsible, cooperating).</summary>
public sealed class TasksFigure(AppDbContext db) : IDepartmentFigure
{
    public int Order => 20;
    public string Header => "参与任务";
    public string? Link(string departmentCode) => $"/tasks?dept={departmentCode}";

    public async Task<IReadOnlyDictionary<Guid, int>> CountsAsync(CancellationToken ct) =>
        await db.TaskDepartments.AsNoTracking().GroupBy(t => t.DepartmentId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
}
