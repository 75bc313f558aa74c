using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;
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

    /// <summary>
    /// A task's state badge, and 已逾期 when it is overdue, on the task list and a task's page. Made here rather than as a
    /// partial view: a partial made a view, its context and its buffers for each of the list's 23 rows, a fifth of what
    /// <c>/tasks</c> allocated (issue 22.2: every request's fixed cost).
    /// </summary>
    public static IHtmlContent StateBadge(TaskView task, IStringLocalizer localizer)
    {
        var css = task.State switch { TaskState.Done => "bg-success", TaskState.InProgress => "bg-primary", _ => "bg-secondary" };
        var badge = new HtmlContentBuilder(6).AppendHtml($"<span class=\"badge {css}\">").Append(localizer[State(task.State)]).AppendHtml("</span>");
        if (task.IsOverdue) badge.AppendHtml(" <span class=\"badge bg-danger\" data-testid=\"overdue-badge\">").Append(localizer["已逾期"]).AppendHtml("</span>");
        return badge;
    }

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
