using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.ZoneTasks;

/// <summary>The tracker as JSON: <c>/api/tasks</c>. The same handlers as the pages.</summary>
public static class ZoneTasksApi
{
    public sealed record DepartmentDto(string Code, string NameZh, string? NameEn);
    public sealed record MeasureDto(int Number, string TextZh, string? TextEn, MeasureStatus Status, int EvidenceCount, DateTimeOffset? StatusChangedAt, string? StatusChangedBy);
    public sealed record TaskDto(
        int Number, string NameZh, string? NameEn, int StartMonth, int EndMonth, DateOnly WindowStart, DateOnly WindowEnd,
        DepartmentDto Lead, IReadOnlyList<DepartmentDto> Responsible, IReadOnlyList<DepartmentDto> Cooperating, bool AllMembersCooperate,
        TaskState State, bool IsOverdue, int MeasuresWithEvidence, double EvidenceCompleteness, IReadOnlyList<MeasureDto> Measures);
    public sealed record ChangeStatusRequest(MeasureStatus Status, int? Version);
    public sealed record AddNoteRequest(string? Text);

    public static void MapZoneTasksApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/tasks").WithTags("ZoneTasks");

        api.MapGet("/", async (TaskProgress progress, CancellationToken ct) =>
                (await progress.ListAsync(ct)).Select(ToDto).ToList())
            .RequirePermission(ZoneTasksPermissions.View)
            .WithSummary("23 项建设任务 / The 23 construction tasks");

        api.MapGet("/{number:int}", async Task<Results<Ok<TaskDto>, ProblemHttpResult>> (int number, TaskProgress progress, CancellationToken ct) =>
                await progress.GetAsync(number, ct) is { } task ? TypedResults.Ok(ToDto(task)) : TypedResults.Problem(statusCode: 404, title: Infrastructure.Localization.Text.Format("任务 {0} 不存在", number)))
            .RequirePermission(ZoneTasksPermissions.View)
            .WithSummary("一项任务及其措施 / One task with its measures");

        api.MapPut("/{number:int}/measures/{measure:int}/status", async Task<Results<NoContent, ProblemHttpResult>> (int number, int measure, [FromBody] ChangeStatusRequest request, ClaimsPrincipal user, MeasureCommands commands, CancellationToken ct) =>
            {
                var result = await commands.ChangeStatusAsync(user, number, measure, request.Status, request.Version, ct);
                return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
            })
            .RequirePermission(ZoneTasksPermissions.RecordProgress)
            .WithSummary("牵头部门更新措施状态 / The lead department sets a measure's status");

        api.MapPost("/{number:int}/measures/{measure:int}/notes", async Task<Results<NoContent, ProblemHttpResult>> (int number, int measure, [FromBody] AddNoteRequest request, ClaimsPrincipal user, MeasureCommands commands, CancellationToken ct) =>
            {
                var result = await commands.AddNoteAsync(user, number, measure, request.Text, ct);
                return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
            })
            .RequirePermission(ZoneTasksPermissions.AddNote)
            .WithSummary("填写进展情况 / Add a progress note");
    }

    public static TaskDto ToDto(TaskView t) => new(
        t.Number, t.NameZh, t.NameEn, t.StartMonth, t.EndMonth, t.WindowStart, t.WindowEnd,
        Dept(t.Lead), t.Responsible.Select(Dept).ToList(), t.Cooperating.Select(Dept).ToList(), t.AllMembersCooperate,
        t.State, t.IsOverdue, t.MeasuresWithEvidence, Math.Round(t.Completeness, 4),
        t.Measures.Select(m => new MeasureDto(m.Number, m.TextZh, m.TextEn, m.Status, m.EvidenceCount, m.StatusChangedAt, m.StatusChangedBy)).ToList());

    private static DepartmentDto Dept(TaskDepartmentView d) => new(d.Code, d.NameZh, d.NameEn);
}
