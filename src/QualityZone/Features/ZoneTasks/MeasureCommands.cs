using QualityZone.Infrastructure;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.ZoneTasks;

/// <summary>
/// What departments do to a measure: change its status, add a progress note, file or withdraw
/// evidence. Used by the pages and the API alike; every refusal is logged.
/// </summary>
public sealed class MeasureCommands(AppDbContext db, TaskProgress progress, FileStore files, TimeProvider clock, ILogger<MeasureCommands> logger)
{
    public const int MaxNoteLength = 4000;

    public async Task<CommandResult> ChangeStatusAsync(ClaimsPrincipal user, int taskNumber, int measureNumber, MeasureStatus status, int? expectedVersion, CancellationToken ct)
    {
        var (task, measure, denied) = await LoadAsync(user, taskNumber, measureNumber, TaskAccess.CanRecordProgress, "只有牵头部门可以更新措施状态", ct);
        if (denied is not null) return denied;
        if (!Enum.IsDefined(status)) return CommandResult.Invalid(Text.Get("状态无效"));
        if (expectedVersion is not null && expectedVersion != measure!.Version)
            return CommandResult.Conflict(Text.Get("该措施已被他人修改，请刷新后重试"));
        measure!.ChangeStatus(status, user.DisplayName(), clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CommandResult.Conflict(Text.Get("该措施已被他人修改，请刷新后重试"));
        }
        logger.LogInformation("Task {Task} measure {Measure} set to {Status} by {User}", task!.Number, measureNumber, status, user.Identity?.Name);
        return CommandResult.Ok;
    }

    public async Task<CommandResult> AddNoteAsync(ClaimsPrincipal user, int taskNumber, int measureNumber, string? body, CancellationToken ct)
    {
        body = body?.Trim();
        if (string.IsNullOrEmpty(body)) return CommandResult.Invalid(Text.Get("进展情况不能为空"));
        if (body.Length > MaxNoteLength) return CommandResult.Invalid(Text.Format("进展情况不能超过 {0} 个字", MaxNoteLength));
        var (_, measure, denied) = await LoadAsync(user, taskNumber, measureNumber, TaskAccess.CanAddNote, "只有参与该任务的部门可以填写进展情况", ct);
        if (denied is not null) return denied;
        var departmentId = user.DepartmentId();
        var departmentName = departmentId is null ? null
            : await db.Departments.Where(d => d.Id == departmentId).Select(d => d.NameZh).SingleOrDefaultAsync(ct);
        db.MeasureNotes.Add(new MeasureNote
        {
            MeasureId = measure!.Id, AuthorId = user.UserId(), AuthorName = user.DisplayName(),
            DepartmentName = departmentName, Body = body, CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    public async Task<CommandResult> AddEvidenceAsync(ClaimsPrincipal user, int taskNumber, int measureNumber, Stream content, string fileName, string? description, CancellationToken ct)
    {
        var (_, measure, denied) = await LoadAsync(user, taskNumber, measureNumber, TaskAccess.CanRecordProgress, "只有牵头部门可以上传佐证材料", ct);
        if (denied is not null) return denied;
        description = description?.Trim();
        if (description?.Length > 500) return CommandResult.Invalid(Text.Get("说明不能超过 500 个字"));
        StoredFile stored;
        try
        {
            stored = await files.SaveAsync(content, fileName, ct);
        }
        catch (FileRejectedException ex)
        {
            logger.LogWarning("Evidence upload refused for task {Task} measure {Measure} by {User}: {Reason}", taskNumber, measureNumber, user.Identity?.Name, ex.Message);
            return CommandResult.Invalid(ex.Message);
        }
        db.EvidenceFiles.Add(new EvidenceFile
        {
            MeasureId = measure!.Id, Sha256 = stored.Sha256, FileName = stored.FileName, ContentType = stored.ContentType,
            Size = stored.Size, Description = string.IsNullOrEmpty(description) ? null : description,
            UploadedById = user.UserId(), UploadedByName = user.DisplayName(), UploadedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    public async Task<CommandResult> WithdrawEvidenceAsync(ClaimsPrincipal user, int taskNumber, Guid evidenceId, CancellationToken ct)
    {
        var evidence = await db.EvidenceFiles.Include(e => e.Measure).SingleOrDefaultAsync(e => e.Id == evidenceId && e.Measure!.TaskNumber == taskNumber, ct);
        if (evidence is null) return CommandResult.NotFound(Text.Get("佐证材料不存在"));
        var (_, _, denied) = await LoadAsync(user, taskNumber, evidence.Measure!.Number, TaskAccess.CanRecordProgress, "只有牵头部门可以撤回佐证材料", ct);
        if (denied is not null) return denied;
        db.EvidenceFiles.Remove(evidence); // becomes a soft delete in the audit interceptor
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    private async Task<(TaskView? Task, TaskMeasure? Measure, CommandResult? Denied)> LoadAsync(
        ClaimsPrincipal user, int taskNumber, int measureNumber, Func<ClaimsPrincipal, TaskView, bool> allowed, string deniedMessage, CancellationToken ct)
    {
        var task = await progress.GetAsync(taskNumber, ct);
        if (task is null) return (null, null, CommandResult.NotFound(Text.Format("任务 {0} 不存在", taskNumber)));
        if (!allowed(user, task))
        {
            logger.LogWarning("Refused: {User} on task {Task} measure {Measure}: {Reason}", user.Identity?.Name, taskNumber, measureNumber, deniedMessage);
            return (task, null, CommandResult.Forbidden(Text.Get(deniedMessage)));
        }
        var measure = await db.TaskMeasures.SingleOrDefaultAsync(m => m.TaskNumber == taskNumber && m.Number == measureNumber, ct);
        return measure is null
            ? (task, null, CommandResult.NotFound(Text.Format("任务 {0} 没有第 {1} 项措施", taskNumber, measureNumber)))
            : (task, measure, null);
    }
}
