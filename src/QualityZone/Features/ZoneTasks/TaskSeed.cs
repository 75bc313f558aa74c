using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.ZoneTasks;

/// <summary>
/// Seeds the 23 tasks exactly as the founding document lists them (tasks.seed.json: Chinese
/// original and English translation, responsible departments with the lead first, cooperating
/// departments, months). Idempotent: existing tasks and their progress are left alone.
/// </summary>
public static class TaskSeed
{
    public sealed record MeasureEntry(string Zh, string En);

    public sealed record Entry(int Number, int StartMonth, int EndMonth, string NameZh, string NameEn,
        string[] Responsible, string[] Cooperating, bool AllMembersCooperate, MeasureEntry[] Measures);

    public static IReadOnlyList<Entry> Entries() => SeedFile.Read<Entry>(typeof(TaskSeed), "tasks.seed.json");

    public static async Task EnsureAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var existing = await db.ZoneTasks.Select(t => t.Number).ToListAsync(cancellationToken);
        var departments = await db.Departments.ToDictionaryAsync(d => d.Code, d => d.Id, cancellationToken);
        foreach (var entry in Entries().Where(e => !existing.Contains(e.Number)))
        {
            var task = new ZoneTask
            {
                Number = entry.Number, NameZh = entry.NameZh, NameEn = entry.NameEn,
                StartMonth = entry.StartMonth, EndMonth = entry.EndMonth, AllMembersCooperate = entry.AllMembersCooperate,
            };
            task.Departments.AddRange(entry.Responsible.Select((code, i) => new TaskDepartment
                { TaskNumber = entry.Number, DepartmentId = departments[code], Role = TaskDepartmentRole.Responsible, Position = i }));
            task.Departments.AddRange(entry.Cooperating.Select((code, i) => new TaskDepartment
                { TaskNumber = entry.Number, DepartmentId = departments[code], Role = TaskDepartmentRole.Cooperating, Position = i }));
            task.Measures.AddRange(entry.Measures.Select((m, i) => new TaskMeasure(entry.Number, i + 1, m.Zh, m.En)));
            db.ZoneTasks.Add(task);
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
