using QualityZone.Features.Enterprises;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Features.Actions;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Inspections;

/// <summary>How an item is answered: points out of a maximum, or pass/fail. Either may be not applicable.</summary>
public enum ItemKind { Points, PassFail }

public enum ItemResult { Pass, Fail, NotApplicable }

/// <summary>计划 → 检查中 → 待会签 → 已会签. A record is final once every team member has signed it.</summary>
public enum RecordState { Planned, InProgress, Submitted, Signed }

/// <summary>A checklist the office edits (检查表). Records copy its items, so editing it never changes a past record.</summary>
public sealed class ChecklistTemplate
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public string? Description { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
    public List<ChecklistItem> Items { get; set; } = [];
}

/// <summary>One question of a checklist, in a section, with its scoring and its rules for a failed answer.</summary>
public sealed class ChecklistItem : IAggregatePart
{
    Guid IAggregatePart.AggregateId => TemplateId;
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TemplateId { get; set; }
    public int Position { get; set; }
    public required string Section { get; set; }
    public required string Text { get; set; }
    public ItemKind Kind { get; set; }
    public int MaxPoints { get; set; }
    public bool FailRequiresNote { get; set; }
    public bool FailRequiresPhoto { get; set; }
    public bool FailRaisesFinding { get; set; }
}

/// <summary>
/// A joint inspection round of the year (联合检查, seed task 12: "每年至少开展一到两次联合检查"): the team
/// drawn from several member units, the checklist, and the enterprises to visit (one record each).
/// </summary>
public sealed class InspectionRound
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public int Year { get; set; }
    public required string Title { get; set; }
    public DateOnly StartOn { get; set; }
    public DateOnly EndOn { get; set; }
    public Guid TemplateId { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }
    public List<InspectionTeamMember> Team { get; set; } = [];
}

/// <summary>A member of a round's team: a user and the member unit it represents.</summary>
public sealed class InspectionTeamMember : IAggregatePart
{
    Guid IAggregatePart.AggregateId => RoundId;
    public Guid RoundId { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    public Guid DepartmentId { get; set; }
}

/// <summary>One enterprise's inspection in a round: answers, score, findings, signatures.</summary>
public sealed class InspectionRecord : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RoundId { get; set; }
    public Guid EnterpriseId { get; set; }
    public RecordState State { get; set; } = RecordState.Planned;
    /// <summary>Why the enterprise was chosen (risk level, grade, random share, the office's choice).</summary>
    /// <summary>Why the office chose the enterprise (a stored message from the proposal, or its own words); none: chosen by the office.</summary>
    public string? SelectionReason { get; set; }
    public const int MaxSelectionReason = 500;
    public DateOnly? VisitedOn { get; set; }
    public decimal? Score { get; set; }
    public decimal? MaxScore { get; set; }
    public string? Conclusion { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public int Version { get; set; }
    public List<InspectionAnswer> Answers { get; set; } = [];
    public List<InspectionFinding> Findings { get; set; } = [];
    public List<InspectionSignature> Signatures { get; set; } = [];

    /// <summary>The score as a percentage of the applicable points.</summary>
    public decimal? Percent => Score is { } score && MaxScore is > 0 ? Math.Round(score * 100 / MaxScore.Value, 1) : null;
}

/// <summary>An answer, with the item it answers copied in (text, kind, points, rules) as it stood when the round was planned.</summary>
public sealed class InspectionAnswer : IAggregatePart
{
    Guid IAggregatePart.AggregateId => RecordId;
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RecordId { get; set; }
    public int Position { get; set; }
    public required string Section { get; set; }
    public required string Text { get; set; }
    public ItemKind Kind { get; set; }
    public int MaxPoints { get; set; }
    public bool FailRequiresNote { get; set; }
    public bool FailRequiresPhoto { get; set; }
    public bool FailRaisesFinding { get; set; }
    public ItemResult? Result { get; set; }
    public int? Points { get; set; }
    public string? Note { get; set; }
    public string? PhotoSha256 { get; set; }
    public string? PhotoFileName { get; set; }
    public string? PhotoContentType { get; set; }
    /// <summary>A test report of the enterprise the inspector cites for this item (e.g. the product's type test), by its number.</summary>
    public string? ReportNumber { get; set; }
}

/// <summary>A finding (检查发现) with its severity; each becomes a corrective action for the enterprise.</summary>
public sealed class InspectionFinding : IAggregatePart, IEnterpriseOwned
{
    Guid IAggregatePart.AggregateId => RecordId;
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RecordId { get; set; }
    public Guid EnterpriseId { get; set; }
    public Guid? AnswerId { get; set; }
    public required string Description { get; set; }
    public ActionSeverity Severity { get; set; }
    public Guid? ActionId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A team member's signature on a submitted record (会签).</summary>
public sealed class InspectionSignature : IAggregatePart
{
    Guid IAggregatePart.AggregateId => RecordId;
    public Guid RecordId { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    public required string Department { get; set; }
    public DateTimeOffset SignedAt { get; set; }
}

public static class InspectionLabels
{
    public static string State(RecordState state) => Text.Get(state switch
    {
        RecordState.Planned => "计划",
        RecordState.InProgress => "检查中",
        RecordState.Submitted => "待会签",
        _ => "已会签",
    });

    public static string StateCss(RecordState state) => state switch
    {
        RecordState.Planned => "secondary",
        RecordState.InProgress => "warning",
        RecordState.Submitted => "info",
        _ => "success",
    };

    public static string Result(ItemResult? result) => result switch
    {
        ItemResult.Pass => Text.Get("符合"),
        ItemResult.Fail => Text.Get("不符合"),
        ItemResult.NotApplicable => Text.Get("不适用"),
        _ => "—",
    };

    public static string Kind(ItemKind kind) => Text.Get(kind == ItemKind.Points ? "计分" : "符合/不符合");
}

public sealed class InspectionsConfiguration :
    IEntityTypeConfiguration<ChecklistTemplate>, IEntityTypeConfiguration<ChecklistItem>, IEntityTypeConfiguration<InspectionRound>,
    IEntityTypeConfiguration<InspectionTeamMember>, IEntityTypeConfiguration<InspectionRecord>, IEntityTypeConfiguration<InspectionAnswer>,
    IEntityTypeConfiguration<InspectionFinding>, IEntityTypeConfiguration<InspectionSignature>
{
    public void Configure(EntityTypeBuilder<ChecklistTemplate> builder)
    {
        builder.ToTable("checklist_templates");
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.Description).HasMaxLength(2000);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasMany(t => t.Items).WithOne().HasForeignKey(i => i.TemplateId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ChecklistItem> builder)
    {
        builder.ToTable("checklist_items");
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Section).HasMaxLength(100);
        builder.Property(i => i.Text).HasMaxLength(1000);
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(i => new { i.TemplateId, i.Position });
    }

    public void Configure(EntityTypeBuilder<InspectionRound> builder)
    {
        builder.ToTable("inspection_rounds");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Title).HasMaxLength(200);
        builder.Property(r => r.CreatedBy).HasMaxLength(256);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => r.Year);
        builder.HasOne<ChecklistTemplate>().WithMany().HasForeignKey(r => r.TemplateId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Team).WithOne().HasForeignKey(m => m.RoundId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<InspectionTeamMember> builder)
    {
        builder.ToTable("inspection_team_members");
        builder.HasKey(m => new { m.RoundId, m.UserId });
        builder.Property(m => m.UserId).HasMaxLength(450);
        builder.Property(m => m.Name).HasMaxLength(100);
        builder.HasOne<Departments.Department>().WithMany().HasForeignKey(m => m.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<InspectionRecord> builder)
    {
        builder.ToTable("inspection_records");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.SelectionReason).HasMaxLength(InspectionRecord.MaxSelectionReason);
        builder.Property(r => r.Conclusion).HasMaxLength(4000);
        builder.Property(r => r.SubmittedBy).HasMaxLength(256);
        builder.Property(r => r.Score).HasPrecision(9, 2);
        builder.Property(r => r.MaxScore).HasPrecision(9, 2);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => new { r.RoundId, r.EnterpriseId }).IsUnique();
        builder.HasIndex(r => r.EnterpriseId);
        builder.HasOne<InspectionRound>().WithMany().HasForeignKey(r => r.RoundId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Enterprises.Enterprise>().WithMany().HasForeignKey(r => r.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Answers).WithOne().HasForeignKey(a => a.RecordId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Findings).WithOne().HasForeignKey(f => f.RecordId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Signatures).WithOne().HasForeignKey(s => s.RecordId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(r => r.Percent);
    }

    public void Configure(EntityTypeBuilder<InspectionAnswer> builder)
    {
        builder.ToTable("inspection_answers");
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Section).HasMaxLength(100);
        builder.Property(a => a.Text).HasMaxLength(1000);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Result).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Note).HasMaxLength(2000);
        builder.Property(a => a.PhotoSha256).HasMaxLength(64);
        builder.Property(a => a.PhotoFileName).HasMaxLength(260);
        builder.Property(a => a.PhotoContentType).HasMaxLength(100);
        builder.Property(a => a.ReportNumber).HasMaxLength(20);
        builder.HasIndex(a => new { a.RecordId, a.Position });
    }

    public void Configure(EntityTypeBuilder<InspectionFinding> builder)
    {
        builder.ToTable("inspection_findings");
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Description).HasMaxLength(2000);
        builder.Property(f => f.Severity).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(f => f.RecordId);
        builder.HasIndex(f => f.EnterpriseId);
    }

    public void Configure(EntityTypeBuilder<InspectionSignature> builder)
    {
        builder.ToTable("inspection_signatures");
        builder.HasKey(s => new { s.RecordId, s.UserId });
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.Department).HasMaxLength(100);
    }
}
