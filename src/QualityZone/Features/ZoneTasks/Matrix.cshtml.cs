using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Features.Departments;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.ZoneTasks;

/// <summary>Which department leads, shares or cooperates on which task.</summary>
[RequirePermission(ZoneTasksPermissions.View)]
public sealed class MatrixModel(TaskProgress progress, AppDbContext db, ReadCache cache) : PageModel
{
    public IReadOnlyList<TaskView> Tasks { get; private set; } = [];
    public IReadOnlyList<Department> Departments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Tasks = await progress.ListAsync(ct);
        Departments = await DepartmentChoices.ActiveAsync(db, cache, ct);
    }
}
