using QualityZone.Infrastructure;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Settings;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.ZoneTasks;

public enum TaskState { NotStarted, InProgress, Done }

public sealed record TaskDepartmentView(Guid Id, string Code, string NameZh, string? NameEn, TaskDepartmentRole Role, bool IsLead)
{
    public string Name => Text.Pick(NameZh, NameEn);
}

public sealed record MeasureView(Guid Id, int Number, string TextZh, string? TextEn, MeasureStatus Status, int EvidenceCount, DateTimeOffset? StatusChangedAt, string? StatusChangedBy)
{
    public string Text => Infrastructure.Localization.Text.Pick(TextZh, TextEn);
    public bool HasEvidence => EvidenceCount > 0;
}

/// <summary>A task as the tracker shows it: its departments, measures, state and archive completeness.</summary>
public sealed record TaskView(
    int Number, string NameZh, string? NameEn, int StartMonth, int EndMonth, bool AllMembersCooperate,
    IReadOnlyList<TaskDepartmentView> Departments, IReadOnlyList<MeasureView> Measures,
    TaskState State, bool IsOverdue, DateOnly WindowStart, DateOnly WindowEnd)
{
    public string Name => Text.Pick(NameZh, NameEn);
    public TaskDepartmentView Lead => Departments.First(d => d.IsLead);
    // Lists made once: a view is shared by every request of the day (TaskProgress).
    public IReadOnlyList<TaskDepartmentView> Responsible { get; } = Departments.Where(d => d.Role == TaskDepartmentRole.Responsible).ToList();
    public IReadOnlyList<TaskDepartmentView> Cooperating { get; } = Departments.Where(d => d.Role == TaskDepartmentRole.Cooperating).ToList();
    public int MeasuresWithEvidence => Measures.Count(m => m.HasEvidence);
    public int MeasuresDone => Measures.Count(m => m.Status == MeasureStatus.Done);
    /// <summary>Archive completeness: measures with at least one evidence file / all measures.</summary>
    public double Completeness => Measures.Count == 0 ? 0 : (double)MeasuresWithEvidence / Measures.Count;

    public bool Involves(Guid? departmentId) =>
        departmentId is { } id && (AllMembersCooperate || Departments.Any(d => d.Id == id));

    public bool IsLedBy(Guid? departmentId) => departmentId is { } id && Lead.Id == id;
}

/// <summary>The zone-wide figures of the dashboard and the list header.</summary>
public sealed record ZoneProgress(int Tasks, int Done, int InProgress, int NotStarted, int Overdue, int Measures, int MeasuresWithEvidence)
{
    public double Completeness => Measures == 0 ? 0 : (double)MeasuresWithEvidence / Measures;

    public static ZoneProgress Of(IReadOnlyCollection<TaskView> tasks) => new(
        tasks.Count,
        tasks.Count(t => t.State == TaskState.Done),
        tasks.Count(t => t.State == TaskState.InProgress),
        tasks.Count(t => t.State == TaskState.NotStarted),
        tasks.Count(t => t.IsOverdue),
        tasks.Sum(t => t.Measures.Count),
        tasks.Sum(t => t.MeasuresWithEvidence));
}

/// <summary>
/// Reads the tracker and applies its rules: a task's state follows its measures; a task is overdue
/// when its window (months of the construction year, in the zone's time zone) has passed and it is
/// not done.
/// </summary>
public sealed class TaskProgress(AppDbContext db, ZoneSettings settings, ZoneClock zoneClock, ReadCache cache)
{
    public Task<IReadOnlyList<TaskView>> ListAsync(CancellationToken cancellationToken = default) => LoadAsync(null, cancellationToken);

    public async Task<TaskView?> GetAsync(int number, CancellationToken cancellationToken = default) =>
        (await LoadAsync(number, cancellationToken)).SingleOrDefault();

    private sealed record TaskRow(int Number, string NameZh, string? NameEn, int StartMonth, int EndMonth, bool AllMembersCooperate);
    private sealed record TrackerRows(IReadOnlyList<TaskRow> Tasks, ILookup<int, TaskDepartmentView> Departments, ILookup<int, MeasureView> Measures)
    {
        /// <summary>The views of the last construction year and day asked for, made once for all the requests of that day (immutable, shared).</summary>
        public volatile TrackerViews? Views;
    }

    private sealed record TrackerViews(int Year, DateOnly Today, IReadOnlyList<TaskView> Tasks);

    /// <summary>
    /// The tracker's rows, kept in memory until a task, measure, evidence file or department changes
    /// (ReadCache; every page of the tracker and the dashboards read them). The state and the
    /// overdue flag depend on the construction year and today: the views are made again when either moves.
    /// </summary>
    private async Task<IReadOnlyList<TaskView>> LoadAsync(int? number, CancellationToken ct)
    {
        var year = await settings.GetConstructionYearAsync(ct);
        var today = zoneClock.Today;
        var rows = await cache.GetAsync("tasks.tracker", ["tasks", "departments"], ReadRowsAsync, ct);
        if (rows.Views is not { } views || views.Year != year || views.Today != today)
            rows.Views = views = new TrackerViews(year, today, ViewsOf(rows, year, today));
        return number is null ? views.Tasks : views.Tasks.Where(t => t.Number == number).ToList();
    }

    private static List<TaskView> ViewsOf(TrackerRows rows, int year, DateOnly today) =>
        rows.Tasks.Select(t =>
        {
            var taskMeasures = rows.Measures[t.Number].ToList();
            var state = StateOf(taskMeasures.Select(m => m.Status).ToList());
            var (start, end) = WindowOf(year, t.StartMonth, t.EndMonth);
            return new TaskView(t.Number, t.NameZh, t.NameEn, t.StartMonth, t.EndMonth, t.AllMembersCooperate,
                rows.Departments[t.Number].ToList(), taskMeasures, state, state != TaskState.Done && today > end, start, end);
        }).ToList();

    /// <summary>Three flat queries (tasks, departments, measures with evidence counts) joined in memory: several times faster than one nested EF projection (docs/benchmarks.md).</summary>
    private async Task<TrackerRows> ReadRowsAsync(CancellationToken ct)
    {
        var tasks = await db.ZoneTasks.AsNoTracking().OrderBy(t => t.Number)
            .Select(t => new TaskRow(t.Number, t.NameZh, t.NameEn, t.StartMonth, t.EndMonth, t.AllMembersCooperate)).ToListAsync(ct);
        var departments = (await db.TaskDepartments.AsNoTracking()
                .OrderBy(d => d.TaskNumber).ThenBy(d => d.Role).ThenBy(d => d.Position)
                .Select(d => new { d.TaskNumber, View = new TaskDepartmentView(d.DepartmentId, d.Department!.Code, d.Department.NameZh, d.Department.NameEn, d.Role, d.Role == TaskDepartmentRole.Responsible && d.Position == 0) })
                .ToListAsync(ct))
            .ToLookup(d => d.TaskNumber, d => d.View);
        var measures = (await db.TaskMeasures.AsNoTracking()
                .OrderBy(m => m.TaskNumber).ThenBy(m => m.Number)
                .Select(m => new { m.TaskNumber, View = new MeasureView(m.Id, m.Number, m.TextZh, m.TextEn, m.Status, m.Evidence.Count(), m.StatusChangedAt, m.StatusChangedBy) })
                .ToListAsync(ct))
            .ToLookup(m => m.TaskNumber, m => m.View);
        return new TrackerRows(tasks, departments, measures);
    }

    public static TaskState StateOf(IReadOnlyCollection<MeasureStatus> statuses) =>
        statuses.Count > 0 && statuses.All(s => s == MeasureStatus.Done) ? TaskState.Done
        : statuses.All(s => s == MeasureStatus.NotStarted) ? TaskState.NotStarted
        : TaskState.InProgress;

    public static (DateOnly Start, DateOnly End) WindowOf(int year, int startMonth, int endMonth) =>
        (new DateOnly(year, startMonth, 1), new DateOnly(year, endMonth, DateTime.DaysInMonth(year, endMonth)));

}

/// <summary>Who may do what on a given task, beyond the module permission (resource-based check).</summary>
public static class TaskAccess
{
    /// <summary>The lead department (牵头部门) runs the task and files its records; the zone office admin may act for it.</summary>
    public static bool CanRecordProgress(ClaimsPrincipal user, TaskView task) =>
        PermissionCatalog.IsGranted(user, ZoneTasksPermissions.RecordProgress)
        && (user.IsInRole(Roles.ZoneAdmin) || task.IsLedBy(user.DepartmentId()));

    /// <summary>Responsible and cooperating departments report progress notes.</summary>
    public static bool CanAddNote(ClaimsPrincipal user, TaskView task) =>
        PermissionCatalog.IsGranted(user, ZoneTasksPermissions.AddNote)
        && (user.IsInRole(Roles.ZoneAdmin) || task.Involves(user.DepartmentId()));
}
