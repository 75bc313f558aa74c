using QualityZone.Features.Departments;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.ZoneTasks;

/// <summary>
/// One of the 23 construction tasks of the founding document (目标任务分解表). The months are months
/// of the construction year, which the zone office sets.
/// </summary>
[CachedIn("tasks")]
public sealed class ZoneTask
{
    public int Number { get; set; }
    public required string NameZh { get; set; }
    public string? NameEn { get; set; }
    public int StartMonth { get; set; }
    public int EndMonth { get; set; }
    /// <summary>各成员单位 or 其他成员单位 in the founding document: every member unit cooperates.</summary>
    public bool AllMembersCooperate { get; set; }
    public List<TaskDepartment> Departments { get; set; } = [];
    public List<TaskMeasure> Measures { get; set; } = [];

    public string Name => Text.Pick(NameZh, NameEn);
}

public enum TaskDepartmentRole { Responsible, Cooperating }

/// <summary>
/// A department's part in a task. Per the founding document's note, the responsible department
/// listed first (Position 0) is the lead department (牵头部门): it runs the activity and files its
/// archival records.
/// </summary>
[CachedIn("tasks")]
public sealed class TaskDepartment
{
    public int TaskNumber { get; set; }
    public Guid DepartmentId { get; set; }
    public Department? Department { get; set; }
    public TaskDepartmentRole Role { get; set; }
    public int Position { get; set; }

    public bool IsLead => Role == TaskDepartmentRole.Responsible && Position == 0;
}

public enum MeasureStatus { NotStarted, InProgress, Done }

/// <summary>
/// A concrete measure (具体措施) of a task. Its status is changed only by the lead department
/// through <see cref="ChangeStatus"/>; notes and evidence files record the work.
/// </summary>
[CachedIn("tasks")]
public sealed class TaskMeasure
{
    private TaskMeasure() { }

    public TaskMeasure(int taskNumber, int number, string textZh, string? textEn)
    {
        Id = Guid.CreateVersion7();
        TaskNumber = taskNumber;
        Number = number;
        TextZh = textZh;
        TextEn = textEn;
    }

    public Guid Id { get; private set; }
    public int TaskNumber { get; private set; }
    public ZoneTask? Task { get; private set; }
    public int Number { get; private set; }
    public string TextZh { get; private set; } = "";
    public string? TextEn { get; private set; }
    public MeasureStatus Status { get; private set; }
    public DateTimeOffset? StatusChangedAt { get; private set; }
    public string? StatusChangedBy { get; private set; }
    /// <summary>Optimistic concurrency: two people changing one measure cannot overwrite each other.</summary>
    public int Version { get; private set; }
    public List<MeasureNote> Notes { get; private set; } = [];
    public List<EvidenceFile> Evidence { get; private set; } = [];

    public string Text => Infrastructure.Localization.Text.Pick(TextZh, TextEn);

    public void ChangeStatus(MeasureStatus status, string actor, DateTimeOffset now)
    {
        if (!Enum.IsDefined(status)) throw new ArgumentOutOfRangeException(nameof(status));
        if (status == Status) return;
        Status = status;
        StatusChangedAt = now;
        StatusChangedBy = actor;
        Version++;
    }
}

/// <summary>A progress note (进展情况) on a measure.</summary>
public sealed class MeasureNote
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MeasureId { get; set; }
    public string? AuthorId { get; set; }
    public required string AuthorName { get; set; }
    public string? DepartmentName { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// An evidence document (佐证材料) filed against a measure. The file itself is kept by the file
/// store under its SHA-256; withdrawing evidence hides it but keeps the record and the file.
/// </summary>
[CachedIn("tasks")]
public sealed class EvidenceFile : SoftDeletable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MeasureId { get; set; }
    public TaskMeasure? Measure { get; set; }
    public required string Sha256 { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public string? Description { get; set; }
    public string? UploadedById { get; set; }
    public required string UploadedByName { get; set; }
    public DateTimeOffset UploadedAt { get; set; }

}
