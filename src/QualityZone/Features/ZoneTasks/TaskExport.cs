using Microsoft.AspNetCore.Http.HttpResults;
using QualityZone.Infrastructure;
using MiniExcelLibs;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.ZoneTasks;

/// <summary>The tracker as an .xlsx workbook for the joint meeting, and evidence downloads.</summary>
public static class TaskExport
{
    public static void MapTaskDownloads(this WebApplication app)
    {
        // A founding document (task 3), for whoever may read the tasks.
        app.MapGet("/tasks/governance/documents/{id:guid}", async Task<Microsoft.AspNetCore.Http.HttpResults.Results<Microsoft.AspNetCore.Http.HttpResults.FileStreamHttpResult, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>> (Guid id, Infrastructure.Data.AppDbContext db, Infrastructure.Files.FileStore files, CancellationToken ct) =>
            {
                var document = await db.GoverningDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct);
                if (document is null || !files.Exists(document.Sha256)) return TypedResults.Problem(statusCode: 404, title: Infrastructure.Localization.Text.Get("文件不存在"));
                return TypedResults.File(files.OpenRead(document.Sha256), document.ContentType, document.FileName);
            })
            .RequirePermission(ZoneTasksPermissions.View).ExcludeFromDescription();

        app.MapGet("/tasks/export", async (string? q, string? dept, string? role, string? state, TaskProgress progress, ZoneClock clock, CancellationToken ct) =>
            {
                var tasks = IndexModel.Filter(await progress.ListAsync(ct), q, dept, role,
                    Enum.TryParse<TaskState>(state, out var s) ? s : null, state == "overdue").ToList();
                var stream = new MemoryStream();
                await stream.SaveAsAsync(Workbook(tasks), cancellationToken: ct);
                stream.Position = 0;
                var fileName = $"{Text.Get("示范区建设任务台账")}-{clock.Today:yyyyMMdd}.xlsx";
                return TypedResults.File(stream, QualityZone.Infrastructure.Documents.ExcelFiles.ContentType, fileName);
            })
            .RequirePermission(ZoneTasksPermissions.Export)
            .ExcludeFromDescription();

        app.MapGet("/tasks/evidence/{id:guid}", async Task<Results<ProblemHttpResult, FileStreamHttpResult>> (Guid id, AppDbContext db, FileStore files, CancellationToken ct) =>
            {
                var evidence = await db.EvidenceFiles.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
                if (evidence is null || !files.Exists(evidence.Sha256)) return TypedResults.Problem(statusCode: 404, title: Text.Get("佐证材料不存在"));
                return TypedResults.File(files.OpenRead(evidence.Sha256), evidence.ContentType, evidence.FileName, enableRangeProcessing: true);
            })
            .RequirePermission(ZoneTasksPermissions.View)
            .ExcludeFromDescription();
    }

    /// <summary>Two sheets: one row per task, and one row per measure with its status and evidence.</summary>
    public static Dictionary<string, object> Workbook(IReadOnlyList<TaskView> tasks)
    {
        var taskRows = tasks.Select(t => new Dictionary<string, object?>
        {
            [Text.Get("序号")] = t.Number,
            [Text.Get("任务名称")] = t.Name,
            [Text.Get("牵头部门")] = t.Lead.Name,
            [Text.Get("负责部门")] = string.Join(Text.ListSeparator, t.Responsible.Select(d => d.Name)),
            [Text.Get("协作部门")] = string.Join(Text.ListSeparator, (t.AllMembersCooperate ? [Text.Get("各成员单位")] : Array.Empty<string>()).Concat(t.Cooperating.Select(d => d.Name))),
            [Text.Get("时间安排")] = TaskLabels.Months(t.StartMonth, t.EndMonth),
            [Text.Get("开始日期")] = t.WindowStart.ToString("yyyy-MM-dd"),
            [Text.Get("截止日期")] = t.WindowEnd.ToString("yyyy-MM-dd"),
            [Text.Get("状态")] = Text.Get(TaskLabels.State(t.State)),
            [Text.Get("是否逾期")] = t.IsOverdue ? Text.Get("是") : Text.Get("否"),
            [Text.Get("措施数")] = t.Measures.Count,
            [Text.Get("已完成措施")] = t.MeasuresDone,
            [Text.Get("有佐证的措施")] = t.MeasuresWithEvidence,
            [Text.Get("档案完整度")] = Math.Round(t.Completeness, 4),
        }).ToList();
        var measureRows = tasks.SelectMany(t => t.Measures.Select(m => new Dictionary<string, object?>
        {
            [Text.Get("任务序号")] = t.Number,
            [Text.Get("措施序号")] = m.Number,
            [Text.Get("具体措施")] = m.Text,
            [Text.Get("牵头部门")] = t.Lead.Name,
            [Text.Get("状态")] = Text.Get(TaskLabels.Status(m.Status)),
            [Text.Get("佐证材料数")] = m.EvidenceCount,
            [Text.Get("状态更新人")] = m.StatusChangedBy ?? "",
        })).ToList();
        return new Dictionary<string, object>
        {
            [Text.Get("建设任务")] = taskRows,
            [Text.Get("具体措施")] = measureRows,
        };
    }
}
