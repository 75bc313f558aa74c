using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.ZoneTasks;

/// <summary>The Chinese labels (localization keys) of the tracker's states.</summary>
public static class TaskLabels
{
    public static string State(TaskState state) => state switch
    {
        TaskState.Done => "已完成",
        TaskState.InProgress => "推进中",
        _ => "未启动",
    };

    public static string Status(MeasureStatus status) => status switch
    {
        MeasureStatus.Done => "已完成",
        MeasureStatus.InProgress => "推进中",
        _ => "未启动",
    };

    public static string Role(TaskDepartmentRole role) => Role(role, lead: false);

    public static string Role(TaskDepartmentRole role, bool lead) => lead ? "牵头部门" : role == TaskDepartmentRole.Responsible ? "负责部门" : "协作部门";

    /// <summary>Months as 4-5月 in Chinese, Apr–May in English.</summary>
    public static string Months(int start, int end)
    {
        if (!Text.IsEnglish) return start == end ? $"{start}月" : $"{start}-{end}月";
        var names = System.Globalization.CultureInfo.GetCultureInfo("en").DateTimeFormat.AbbreviatedMonthNames;
        return start == end ? names[start - 1] : $"{names[start - 1]}–{names[end - 1]}";
    }
}
