using QualityZone.Features.Enterprises;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Actions;

/// <summary>Where a corrective action comes from (task 5: 检查、纠正和预防; task 4: 联席会议决议).</summary>
public enum ActionSource { InspectionFinding, Meeting, TestFailure, ForeignNotice, Complaint, Manual }

public enum ActionSeverity { Minor, Major, Critical }

/// <summary>
/// 待整改 → 整改中 → 待验证 → 已关闭; a failed verification sends it back to 整改中; the office may
/// cancel an action that is not yet closed. Closing is only by verification (ISO 9001:2015 10.2.1 f,
/// "review the effectiveness of any corrective action taken").
/// </summary>
public enum ActionState { Open, InProgress, PendingVerification, Closed, Cancelled }

public enum ActionStep { Respond, Submit, Verify, Reject, Cancel }

/// <summary>
/// A corrective and preventive action (CAPA, 整改措施): one problem, who answers it (an enterprise or a
/// department), who verifies it (the owner department or the office), by when, and the record of
/// containment, root cause, correction, prevention, evidence and verification.
/// </summary>
public sealed class CorrectiveAction : IEnterpriseOptionallyOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>整改编号 such as ZG-2026-0042, sequential per year.</summary>
    public required string Number { get; set; }
    public ActionSource Source { get; set; }
    /// <summary>What the source is: the finding, the meeting resolution, the test report or the notice number.</summary>
    public string? SourceReference { get; set; }
    public Guid? FindingId { get; set; }
    public Guid? MeetingId { get; set; }
    /// <summary>The enterprise that answers (null for an action of a department, as most meeting resolutions are).</summary>
    public Guid? EnterpriseId { get; set; }
    /// <summary>The department that owns the action and verifies it (or answers it when there is no enterprise).</summary>
    public Guid? OwnerDepartmentId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public ActionSeverity Severity { get; set; }
    public DateOnly DueOn { get; set; }
    public ActionState State { get; private set; } = ActionState.Open;
    /// <summary>临时控制措施 (containment).</summary>
    public string? Containment { get; private set; }
    /// <summary>原因分析 (root cause).</summary>
    public string? RootCause { get; private set; }
    /// <summary>纠正措施 (correction of this case).</summary>
    public string? Correction { get; private set; }
    /// <summary>预防措施 (what stops it recurring elsewhere).</summary>
    public string? Prevention { get; private set; }
    public string? EvidenceSha256 { get; private set; }
    public string? EvidenceFileName { get; private set; }
    public string? EvidenceContentType { get; private set; }
    public string? VerificationNote { get; private set; }
    public string? VerifiedBy { get; private set; }
    public DateTimeOffset? VerifiedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    /// <summary>When the overdue escalation went out (once per action).</summary>
    public DateTimeOffset? EscalatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }
    public List<ActionEvent> Events { get; set; } = [];

    public bool IsOpen => State is not (ActionState.Closed or ActionState.Cancelled);
    public bool IsOverdue(DateOnly today) => IsOpen && DueOn < today;

    /// <summary>Which step leads from which states to which state.</summary>
    public static readonly IReadOnlyDictionary<ActionStep, (ActionState[] From, ActionState To)> Steps = new Dictionary<ActionStep, (ActionState[], ActionState)>
    {
        [ActionStep.Respond] = ([ActionState.Open, ActionState.InProgress], ActionState.InProgress),
        [ActionStep.Submit] = ([ActionState.Open, ActionState.InProgress], ActionState.PendingVerification),
        [ActionStep.Verify] = ([ActionState.PendingVerification], ActionState.Closed),
        [ActionStep.Reject] = ([ActionState.PendingVerification], ActionState.InProgress),
        [ActionStep.Cancel] = ([ActionState.Open, ActionState.InProgress, ActionState.PendingVerification], ActionState.Cancelled),
    };

    public bool Allows(ActionStep step) => Steps[step].From.Contains(State);

    /// <summary>The answer of the responsible party: saved as work in progress, or submitted for verification.</summary>
    public void Respond(ActionResponse response, StoredFileRef? evidence, bool submit, string actor, DateTimeOffset now)
    {
        var step = submit ? ActionStep.Submit : ActionStep.Respond;
        Require(step);
        Containment = Clean(response.Containment) ?? Containment;
        RootCause = Clean(response.RootCause) ?? RootCause;
        Correction = Clean(response.Correction) ?? Correction;
        Prevention = Clean(response.Prevention) ?? Prevention;
        if (evidence is not null) (EvidenceSha256, EvidenceFileName, EvidenceContentType) = (evidence.Sha256, evidence.FileName, evidence.ContentType);
        if (submit)
        {
            // An action is submitted complete: why it happened, what was done, what stops it recurring, and proof.
            var missing = new List<string>();
            if (RootCause is null) missing.Add(Text.Get("原因分析"));
            if (Correction is null) missing.Add(Text.Get("纠正措施"));
            if (Prevention is null) missing.Add(Text.Get("预防措施"));
            if (EvidenceSha256 is null) missing.Add(Text.Get("整改证据"));
            if (missing.Count > 0) throw new BusinessRuleException(Text.Format("提交验证前请填写：{0}", string.Join(Text.Get("、"), missing)));
        }
        Move(step, submit ? Text.Get("提交验证") : Text.Get("填写整改情况"), actor, now);
    }

    /// <summary>Verification by the owner department or the office: effective closes the action, not effective sends it back.</summary>
    public void Verify(bool effective, string? note, string actor, DateTimeOffset now)
    {
        var step = effective ? ActionStep.Verify : ActionStep.Reject;
        Require(step);
        if (Clean(note) is not { } text) throw new BusinessRuleException(Text.Get("请填写验证意见"));
        if (effective)
        {
            (VerificationNote, VerifiedBy, VerifiedAt, ClosedAt) = (text, actor, now, now);
        }
        else VerificationNote = text;
        Move(step, text, actor, now);
    }

    public void Cancel(string? reason, string actor, DateTimeOffset now)
    {
        Require(ActionStep.Cancel);
        if (Clean(reason) is not { } text) throw new BusinessRuleException(Text.Get("请填写撤销原因"));
        Move(ActionStep.Cancel, text, actor, now);
    }

    public void Record(string actor, DateTimeOffset now) =>
        Events.Add(new ActionEvent { ActionId = Id, Step = null, From = State, To = State, Note = "登记整改事项", Actor = actor, At = now });

    private void Require(ActionStep step)
    {
        if (!Allows(step))
            throw new BusinessRuleException(Text.Format("整改事项当前状态为“{0}”，不能执行“{1}”", ActionLabels.State(State), ActionLabels.Step(step)));
    }

    private void Move(ActionStep step, string note, string actor, DateTimeOffset now)
    {
        var from = State;
        State = Steps[step].To;
        Events.Add(new ActionEvent { ActionId = Id, Step = step, From = from, To = State, Note = note, Actor = actor, At = now });
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

public sealed record ActionResponse(string? Containment, string? RootCause, string? Correction, string? Prevention);

/// <summary>A stored file as a record refers to it.</summary>
public sealed record StoredFileRef(string Sha256, string FileName, string ContentType);

/// <summary>One step of an action's history.</summary>
public sealed class ActionEvent : IAggregatePart
{
    Guid IAggregatePart.AggregateId => ActionId;
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ActionId { get; set; }
    public ActionStep? Step { get; set; }
    public ActionState From { get; set; }
    public ActionState To { get; set; }
    public required string Note { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
}

public static class ActionLabels
{
    public static string Source(ActionSource source) => Text.Get(source switch
    {
        ActionSource.InspectionFinding => "检查发现",
        ActionSource.Meeting => "联席会议",
        ActionSource.TestFailure => "检测不合格",
        ActionSource.ForeignNotice => "境外通报",
        ActionSource.Complaint => "投诉",
        _ => "其他",
    });

    public static string Severity(ActionSeverity severity) => Text.Get(severity switch
    {
        ActionSeverity.Critical => "严重",
        ActionSeverity.Major => "较重",
        _ => "一般",
    });

    public static string SeverityCss(ActionSeverity severity) => severity switch
    {
        ActionSeverity.Critical => "danger",
        ActionSeverity.Major => "warning",
        _ => "secondary",
    };

    public static string State(ActionState state) => Text.Get(state switch
    {
        ActionState.Open => "待整改",
        ActionState.InProgress => "整改中",
        ActionState.PendingVerification => "待验证",
        ActionState.Closed => "已关闭",
        _ => "已撤销",
    });

    public static string StateCss(ActionState state) => state switch
    {
        ActionState.Open => "danger",
        ActionState.InProgress => "warning",
        ActionState.PendingVerification => "info",
        ActionState.Closed => "success",
        _ => "secondary",
    };

    public static string Step(ActionStep step) => Text.Get(step switch
    {
        ActionStep.Respond => "填写整改情况",
        ActionStep.Submit => "提交验证",
        ActionStep.Verify => "验证通过",
        ActionStep.Reject => "验证不通过",
        _ => "撤销",
    });

    /// <summary>Days to answer by severity when no due date is given: 严重 15, 较重 30, 一般 60.</summary>
    public static int DefaultDays(ActionSeverity severity) => severity switch
    {
        ActionSeverity.Critical => 15,
        ActionSeverity.Major => 30,
        _ => 60,
    };
}

public sealed class ActionsConfiguration : IEntityTypeConfiguration<CorrectiveAction>, IEntityTypeConfiguration<ActionEvent>
{
    public void Configure(EntityTypeBuilder<CorrectiveAction> builder)
    {
        builder.ToTable("corrective_actions");
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Number).HasMaxLength(30);
        builder.HasIndex(a => a.Number).IsUnique();
        builder.Property(a => a.Source).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.Severity).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.State).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.SourceReference).HasMaxLength(200);
        builder.Property(a => a.Title).HasMaxLength(300);
        builder.Property(a => a.Description).HasMaxLength(4000);
        foreach (var text in new[] { nameof(CorrectiveAction.Containment), nameof(CorrectiveAction.RootCause), nameof(CorrectiveAction.Correction), nameof(CorrectiveAction.Prevention), nameof(CorrectiveAction.VerificationNote) })
            builder.Property(text).HasMaxLength(4000);
        builder.Property(a => a.EvidenceSha256).HasMaxLength(64);
        builder.Property(a => a.EvidenceFileName).HasMaxLength(260);
        builder.Property(a => a.EvidenceContentType).HasMaxLength(100);
        builder.Property(a => a.VerifiedBy).HasMaxLength(256);
        builder.Property(a => a.CreatedBy).HasMaxLength(256);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.EnterpriseId, a.State });
        builder.HasIndex(a => new { a.State, a.DueOn });
        // Covers the dashboard's count by source, state and lateness: an index scan instead of reading every (wide) row.
        builder.HasIndex(a => new { a.Source, a.State, a.DueOn });
        builder.HasIndex(a => a.MeetingId);
        builder.HasIndex(a => a.FindingId);
        builder.HasOne<Enterprises.Enterprise>().WithMany().HasForeignKey(a => a.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Departments.Department>().WithMany().HasForeignKey(a => a.OwnerDepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(a => a.Events).WithOne().HasForeignKey(e => e.ActionId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(a => a.IsOpen);
    }

    public void Configure(EntityTypeBuilder<ActionEvent> builder)
    {
        builder.ToTable("corrective_action_events");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Step).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.From).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.To).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.Note).HasMaxLength(4000);
        builder.Property(e => e.Actor).HasMaxLength(256);
        builder.HasIndex(e => e.ActionId);
    }
}
