using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Features.Departments;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.ZoneTasks;

[RequirePermission(ZoneTasksPermissions.View)]
public sealed class IndexModel(TaskProgress progress, AppDbContext db, ReadCache cache) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dept { get; set; }
    [BindProperty(SupportsGet = true)] public string? Role { get; set; }
    [BindProperty(SupportsGet = true, Name = "state")] public string? StateText { get; set; }

    public TaskState? State => Enum.TryParse<TaskState>(StateText, out var s) ? s : null;
    public bool OverdueOnly => StateText == "overdue";
    public IReadOnlyList<TaskView> Tasks { get; private set; } = [];
    public ZoneProgress Progress { get; private set; } = ZoneProgress.Of([]);
    public IReadOnlyList<Department> Departments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var all = await progress.ListAsync(ct);
        Progress = ZoneProgress.Of(all);
        Departments = await DepartmentChoices.ActiveAsync(db, cache, ct);
        Tasks = Filter(all, Q, Dept, Role, State, OverdueOnly).ToList();
    }

    /// <summary>The list's filters; the Excel export applies the same ones.</summary>
    public static IEnumerable<TaskView> Filter(IEnumerable<TaskView> tasks, string? q, string? dept, string? role, TaskState? state, bool overdueOnly)
    {
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            tasks = tasks.Where(t => t.Number.ToString() == term
                || t.NameZh.Contains(term, StringComparison.OrdinalIgnoreCase)
                || (t.NameEn?.Contains(term, StringComparison.OrdinalIgnoreCase) ?? false)
                || t.Measures.Any(m => m.TextZh.Contains(term, StringComparison.OrdinalIgnoreCase) || (m.TextEn?.Contains(term, StringComparison.OrdinalIgnoreCase) ?? false)));
        }
        if (!string.IsNullOrEmpty(dept))
        {
            tasks = role == "lead"
                ? tasks.Where(t => t.Lead.Code == dept)
                : tasks.Where(t => t.AllMembersCooperate || t.Departments.Any(d => d.Code == dept));
        }
        if (state is not null) tasks = tasks.Where(t => t.State == state);
        if (overdueOnly) tasks = tasks.Where(t => t.IsOverdue);
        return tasks;
    }
}
