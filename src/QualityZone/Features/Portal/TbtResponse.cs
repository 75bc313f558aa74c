using QualityZone.Features.Enterprises;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Portal;

/// <summary>收集影响 → 已汇总 → 已提交评议 → 已结案.</summary>
public enum TbtCaseState { Collecting, Consolidated, Sent, Closed }

public enum ImpactLevel { None, Low, Medium, High }

/// <summary>
/// The association's response to a TBT notification (seed task 14: 参与应对国外技术性贸易措施): the matched
/// enterprises are asked for their impact by a date before the notification's final date for comments, one
/// comment is consolidated, sent (when, to whom) and its outcome recorded.
/// </summary>
public sealed class TbtCase
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid NoticeId { get; set; }
    public TbtCaseState State { get; set; } = TbtCaseState.Collecting;
    public DateOnly ImpactDeadline { get; set; }
    public string? Comment { get; set; }
    public DateOnly? SentOn { get; set; }
    public string? SentTo { get; set; }
    public string? Outcome { get; set; }
    public required string OpenedBy { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public int Version { get; set; }
    public List<TbtInvitation> Invitations { get; set; } = [];
    public List<ImpactStatement> Impacts { get; set; } = [];
}

public sealed class TbtInvitation : IAggregatePart, IEnterpriseOwned
{
    Guid IAggregatePart.AggregateId => CaseId;
    public Guid CaseId { get; set; }
    public Guid EnterpriseId { get; set; }
}

/// <summary>An enterprise's statement of how the measure affects it (private to it and the staff).</summary>
public sealed class ImpactStatement : IAggregatePart, IEnterpriseOwned
{
    Guid IAggregatePart.AggregateId => CaseId;
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public Guid EnterpriseId { get; set; }
    public ImpactLevel Level { get; set; }
    public required string Description { get; set; }
    public decimal? AffectedExportsWanUsd { get; set; }
    public required string SubmittedBy { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
}

/// <summary>Which enterprise takes part in drafting which standard (task 14.1: 参与国际、国家、行业标准制修订).</summary>
public sealed class StandardParticipation : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    public required string StandardNumber { get; set; }
    public required string Title { get; set; }
    /// <summary>国际 / 国家 / 行业 / 团体.</summary>
    public required string Level { get; set; }
    /// <summary>主持起草 / 参与起草.</summary>
    public required string Role { get; set; }
    public int Year { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

public static class TbtLabels
{
    public static string State(TbtCaseState state) => Text.Get(state switch
    {
        TbtCaseState.Collecting => "收集影响",
        TbtCaseState.Consolidated => "已汇总评议意见",
        TbtCaseState.Sent => "已提交评议",
        _ => "已结案",
    });

    public static string Impact(ImpactLevel level) => Text.Get(level switch
    {
        ImpactLevel.None => "无影响",
        ImpactLevel.Low => "影响较小",
        ImpactLevel.Medium => "影响较大",
        _ => "影响严重",
    });
}

public sealed class TbtConfiguration : IEntityTypeConfiguration<TbtCase>, IEntityTypeConfiguration<TbtInvitation>, IEntityTypeConfiguration<ImpactStatement>, IEntityTypeConfiguration<StandardParticipation>
{
    public void Configure(EntityTypeBuilder<TbtCase> builder)
    {
        builder.ToTable("tbt_cases");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Comment).HasMaxLength(20000);
        builder.Property(c => c.SentTo).HasMaxLength(300);
        builder.Property(c => c.Outcome).HasMaxLength(4000);
        builder.Property(c => c.OpenedBy).HasMaxLength(256);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.NoticeId).IsUnique();
        builder.HasOne<Notice>().WithMany().HasForeignKey(c => c.NoticeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Invitations).WithOne().HasForeignKey(i => i.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Impacts).WithOne().HasForeignKey(i => i.CaseId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<TbtInvitation> builder)
    {
        builder.ToTable("tbt_invitations");
        builder.HasKey(i => new { i.CaseId, i.EnterpriseId });
        builder.HasIndex(i => i.EnterpriseId);
    }

    public void Configure(EntityTypeBuilder<ImpactStatement> builder)
    {
        builder.ToTable("tbt_impact_statements");
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Level).HasConversion<string>().HasMaxLength(10);
        builder.Property(i => i.Description).HasMaxLength(4000);
        builder.Property(i => i.AffectedExportsWanUsd).HasPrecision(14, 2);
        builder.Property(i => i.SubmittedBy).HasMaxLength(256);
        builder.HasIndex(i => new { i.CaseId, i.EnterpriseId }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<StandardParticipation> builder)
    {
        builder.ToTable("standard_participations");
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.StandardNumber).HasMaxLength(100);
        builder.Property(p => p.Title).HasMaxLength(300);
        builder.Property(p => p.Level).HasMaxLength(20);
        builder.Property(p => p.Role).HasMaxLength(20);
        builder.Property(p => p.RecordedBy).HasMaxLength(256);
        builder.HasIndex(p => p.EnterpriseId);
        builder.HasOne<Enterprises.Enterprise>().WithMany().HasForeignKey(p => p.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
    }
}
