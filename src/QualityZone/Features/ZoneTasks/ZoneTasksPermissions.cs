using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.ZoneTasks;

public sealed class ZoneTasksPermissions : IModulePermissions
{
    public const string View = "ZoneTasks.View";
    public const string RecordProgress = "ZoneTasks.RecordProgress";
    public const string AddNote = "ZoneTasks.AddNote";
    public const string Export = "ZoneTasks.Export";
    public const string Configure = "ZoneTasks.Configure";
    /// <summary>The leading group, its office and the founding documents (task 3): the zone office keeps them.</summary>
    public const string Governance = "ZoneTasks.Governance";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(View, "查看23项建设任务、责任矩阵与时间表", Roles.Staff),
        // Narrowed per task by TaskAccess: only the lead department (or the zone office admin).
        new(RecordProgress, "更新措施状态、上传与撤回佐证材料", Roles.Staff),
        // Narrowed per task by TaskAccess: departments that take part in the task.
        new(AddNote, "填写措施进展情况", Roles.Staff),
        new(Export, "导出任务台账（Excel）", Roles.Staff),
        new(Configure, "设置建设年度", Roles.ZoneAdmin),
        new(Governance, "维护领导小组、建设办成员分工和建设方案等文件", Roles.ZoneAdmin),
    ];
}
