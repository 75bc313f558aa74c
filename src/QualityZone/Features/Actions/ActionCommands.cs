using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Notifications;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Actions;

public sealed record ActionInput(ActionSource? Source, string? SourceReference, Guid? EnterpriseId, Guid? OwnerDepartmentId,
    string? Title, string? Description, ActionSeverity? Severity, DateOnly? DueOn);

/// <summary>
/// Raises, answers, verifies and cancels corrective actions. Who may do what: the responsible party
/// (the enterprise, or the owner department for an action without one) answers; the owner department
/// or the office verifies; the office cancels. An enterprise never verifies, and never sees another's.
/// </summary>
public sealed class ActionCommands(AppDbContext db, NotificationService notifications, ZoneClock clock, TimeProvider time)
{
    /// <summary>The actions a user may see: staff all, an enterprise its own.</summary>
    public IQueryable<CorrectiveAction> Visible(ClaimsPrincipal user)
    {
        var scope = EnterpriseScope.For(user);
        var actions = db.CorrectiveActions.AsNoTracking();
        return actions.ForOptionalScope(scope);
    }

    public static bool CanRespond(ClaimsPrincipal user, CorrectiveAction action) =>
        user.IsInRole(Roles.ZoneAdmin)
        || (action.EnterpriseId is { } enterprise ? user.IsInRole(Roles.EnterpriseUser) && user.EnterpriseId() == enterprise
            : user.IsInRole(Roles.DepartmentStaff) && action.OwnerDepartmentId is { } owner && user.DepartmentId() == owner);

    public static bool CanVerify(ClaimsPrincipal user, CorrectiveAction action) =>
        user.IsInRole(Roles.ZoneAdmin) || (user.IsInRole(Roles.DepartmentStaff) && action.OwnerDepartmentId is { } owner && user.DepartmentId() == owner);

    public static bool CanCancel(ClaimsPrincipal user) => user.IsInRole(Roles.ZoneAdmin);

    public string? Validate(ActionInput input, DateOnly? notBefore = null)
    {
        if (input.Source is null) return Text.Get("请选择来源");
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Length > 300) return Text.Get("请填写问题（不超过 300 字）");
        if (input.Severity is null) return Text.Get("请选择严重程度");
        if (input.EnterpriseId is null && input.OwnerDepartmentId is null) return Text.Get("请选择整改企业或责任部门");
        if (input.DueOn is not { } due) return Text.Get("请填写整改期限");
        if (due < (notBefore ?? clock.Today)) return Text.Get("整改期限不能早于今天");
        return null;
    }

    /// <summary>Builds a new action (numbered, with its first history entry) and adds it to the unit of work.</summary>
    public async Task<CorrectiveAction> NewAsync(ActionInput input, string actor, CancellationToken ct, Guid? findingId = null, Guid? meetingId = null)
    {
        var year = clock.Today.Year;
        var prefix = $"ZG-{year}-";
        var next = await NumberSequences.NextAsync(db, prefix, async token =>
            NumberSequences.Highest(await db.CorrectiveActions.IgnoreQueryFilters().Where(a => a.Number.StartsWith(prefix)).Select(a => a.Number).ToListAsync(token), prefix), ct);
        var action = new CorrectiveAction
        {
            Number = $"{prefix}{next:D4}", Source = input.Source!.Value, SourceReference = input.SourceReference?.Trim(), EnterpriseId = input.EnterpriseId,
            OwnerDepartmentId = input.OwnerDepartmentId, Title = input.Title!.Trim(), Description = input.Description?.Trim(), Severity = input.Severity!.Value,
            DueOn = input.DueOn!.Value, FindingId = findingId, MeetingId = meetingId, CreatedBy = actor, CreatedAt = time.GetUtcNow(),
        };
        action.Record(actor, action.CreatedAt);
        db.CorrectiveActions.Add(action);
        return action;
    }

    public async Task<(CommandResult Result, Guid? Id)> CreateAsync(ClaimsPrincipal user, ActionInput input, CancellationToken ct)
    {
        if (Validate(input) is { } error) return (CommandResult.Invalid(error), null);
        if (input.EnterpriseId is { } enterpriseId && !await db.Enterprises.AnyAsync(e => e.Id == enterpriseId, ct)) return (CommandResult.Invalid(Text.Get("企业不存在")), null);
        if (input.OwnerDepartmentId is { } departmentId && !await db.Departments.AnyAsync(d => d.Id == departmentId, ct)) return (CommandResult.Invalid(Text.Get("部门不存在")), null);
        var action = await NewAsync(input, user.DisplayName(), ct);
        await NotifyAssignedAsync([action], ct);
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, action.Id);
    }

    /// <summary>Tells the responsible party of new actions (the enterprise's users, or the owner department's staff).</summary>
    public async Task NotifyAssignedAsync(IReadOnlyList<CorrectiveAction> actions, CancellationToken ct)
    {
        foreach (var action in actions)
        {
            var title = Msg.Of("新的整改事项 {0}：{1}", action.Number, action.Title);
            var body = Msg.Of("整改期限 {0:yyyy-MM-dd}。请填写原因分析、纠正和预防措施并上传证据后提交验证。", action.DueOn).Store();
            if (action.EnterpriseId is { } enterprise) await notifications.NotifyEnterprisesAsync([enterprise], title, body, _ => $"/actions/{action.Id}", ct);
            else if (action.OwnerDepartmentId is { } department) await notifications.NotifyDepartmentAsync(department, title, body, $"/actions/{action.Id}", ct);
        }
    }

    /// <summary>Whether the user may answer this action now (asked before an upload is stored).</summary>
    public async Task<CommandResult> CheckRespondAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var action = await LoadAsync(user, id, ct);
        if (action is null) return CommandResult.NotFound(Text.Get("整改事项不存在"));
        return CanRespond(user, action) ? CommandResult.Ok : CommandResult.Forbidden(Text.Get("只有整改责任方可以填写整改情况"));
    }

    public async Task<CommandResult> RespondAsync(ClaimsPrincipal user, Guid id, int version, ActionResponse response, StoredFileRef? evidence, bool submit, CancellationToken ct)
    {
        var action = await LoadAsync(user, id, ct);
        if (action is null) return CommandResult.NotFound(Text.Get("整改事项不存在"));
        if (!CanRespond(user, action)) return CommandResult.Forbidden(Text.Get("只有整改责任方可以填写整改情况"));
        return await ApplyAsync(action, version, () => action.Respond(response, evidence, submit, user.DisplayName(), time.GetUtcNow()), async () =>
        {
            if (!submit) return;
            var title = Msg.Of("整改事项 {0} 已提交验证", action.Number);
            if (action.OwnerDepartmentId is { } owner) await notifications.NotifyDepartmentAsync(owner, title, action.Title, $"/actions/{action.Id}", ct);
            else await notifications.NotifyRoleAsync(Roles.ZoneAdmin, title, action.Title, $"/actions/{action.Id}", ct);
        }, ct);
    }

    public async Task<CommandResult> VerifyAsync(ClaimsPrincipal user, Guid id, int version, bool effective, string? note, CancellationToken ct)
    {
        var action = await LoadAsync(user, id, ct);
        if (action is null) return CommandResult.NotFound(Text.Get("整改事项不存在"));
        if (!CanVerify(user, action)) return CommandResult.Forbidden(Text.Get("只有责任部门或建设办可以验证整改"));
        return await ApplyAsync(action, version, () => action.Verify(effective, note, user.DisplayName(), time.GetUtcNow()), async () =>
        {
            var title = Msg.Of(effective ? "整改事项 {0} 验证通过，已关闭" : "整改事项 {0} 验证未通过，请继续整改", action.Number);
            if (action.EnterpriseId is { } enterprise) await notifications.NotifyEnterprisesAsync([enterprise], title, note, _ => $"/actions/{action.Id}", ct);
        }, ct);
    }

    public async Task<CommandResult> CancelAsync(ClaimsPrincipal user, Guid id, int version, string? reason, CancellationToken ct)
    {
        var action = await LoadAsync(user, id, ct);
        if (action is null) return CommandResult.NotFound(Text.Get("整改事项不存在"));
        if (!CanCancel(user)) return CommandResult.Forbidden(Text.Get("只有建设办可以撤销整改事项"));
        return await ApplyAsync(action, version, () => action.Cancel(reason, user.DisplayName(), time.GetUtcNow()), () => Task.CompletedTask, ct);
    }

    private async Task<CorrectiveAction?> LoadAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var action = await db.CorrectiveActions.Include(a => a.Events).SingleOrDefaultAsync(a => a.Id == id, ct);
        return action is not null && (action.EnterpriseId is null ? EnterpriseScope.For(user).All : EnterpriseScope.For(user).Allows(action.EnterpriseId.Value)) ? action : null;
    }

    private async Task<CommandResult> ApplyAsync(CorrectiveAction action, int version, Action change, Func<Task> notify, CancellationToken ct)
    {
        if (action.Version != version) return CommandResult.Conflict(Text.Get("该记录已被他人修改，请刷新后重试"));
        try { change(); }
        catch (BusinessRuleException ex) { return CommandResult.Invalid(ex.Message); }
        action.Version++;
        await notify();
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return CommandResult.Conflict(Text.Get("该记录已被他人修改，请刷新后重试")); }
        return CommandResult.Ok;
    }
}

/// <summary>Overdue escalation: once an action passes its due date unanswered, the responsible party, the owner department and the office hear of it once.</summary>
public sealed class ActionEscalation(AppDbContext db, NotificationService notifications, ZoneClock clock, TimeProvider time)
{
    public async Task<int> EscalateAsync(CancellationToken ct)
    {
        var today = clock.Today;
        var overdue = await db.CorrectiveActions
            .Where(a => a.EscalatedAt == null && a.DueOn < today && (a.State == ActionState.Open || a.State == ActionState.InProgress || a.State == ActionState.PendingVerification))
            .Take(1000).ToListAsync(ct);
        if (overdue.Count == 0) return 0;
        foreach (var action in overdue)
        {
            var title = Msg.Of("整改事项 {0} 已逾期（期限 {1:yyyy-MM-dd}）", action.Number, action.DueOn);
            if (action.EnterpriseId is { } enterprise) await notifications.NotifyEnterprisesAsync([enterprise], title, action.Title, _ => $"/actions/{action.Id}", ct);
            if (action.OwnerDepartmentId is { } owner) await notifications.NotifyDepartmentAsync(owner, title, action.Title, $"/actions/{action.Id}", ct);
            action.EscalatedAt = time.GetUtcNow();
        }
        await notifications.NotifyRoleAsync(Roles.ZoneAdmin, Msg.Of("{0} 项整改事项逾期", overdue.Count), Msg.Of("已提醒整改责任方和责任部门。").Store(), "/actions?overdue=true", ct);
        await db.SaveChangesAsync(ct);
        return overdue.Count;
    }
}
