using QualityZone.Features.Enterprises;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Risks;

/// <summary>Risk categories of the export product risk management system (seed task 13).</summary>
public enum RiskCategory { Product, Market, Supplier, Process }

/// <summary>Levels of the matrix and of the early-warning score: 低 / 中 / 高 / 极高.</summary>
public enum RiskLevel { Low, Medium, High, Extreme }

public enum ReviewOutcome { Unchanged, Reduced, Increased, Closed }

/// <summary>
/// An entry of the risk register (风险登记册): zone-wide (no enterprise) or one enterprise's. Likelihood and
/// severity 1–5 before controls (inherent) and after (residual), rated on the office's 5 × 5 matrix
/// (ISO 31000:2018 6.4 risk assessment; GB/T 24353-2022 is its national adoption).
/// </summary>
public sealed class RiskItem : IEnterpriseOptionallyOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>风险编号 such as FX-2026-007.</summary>
    public required string Number { get; set; }
    public Guid? EnterpriseId { get; set; }
    public RiskCategory Category { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public int InherentLikelihood { get; set; }
    public int InherentSeverity { get; set; }
    public string? Controls { get; set; }
    public int ResidualLikelihood { get; set; }
    public int ResidualSeverity { get; set; }
    public Guid? OwnerDepartmentId { get; set; }
    public string? Owner { get; set; }
    public DateOnly NextReviewOn { get; set; }
    public bool Closed { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }
    public List<RiskReview> Reviews { get; set; } = [];
}

/// <summary>A periodic review of a risk: the rating found, the outcome, the next date.</summary>
public sealed class RiskReview : IAggregatePart
{
    Guid IAggregatePart.AggregateId => RiskId;
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RiskId { get; set; }
    public DateOnly ReviewedOn { get; set; }
    public ReviewOutcome Outcome { get; set; }
    public int Likelihood { get; set; }
    public int Severity { get; set; }
    public required string Note { get; set; }
    public required string Reviewer { get; set; }
    public DateTimeOffset At { get; set; }
}

public static class RiskLabels
{
    public static string Category(RiskCategory category) => Text.Get(category switch
    {
        RiskCategory.Product => "产品质量风险",
        RiskCategory.Market => "市场与法规风险",
        RiskCategory.Supplier => "供应链风险",
        _ => "生产过程风险",
    });

    public static string Level(RiskLevel level) => Text.Get(LevelKey(level));

    /// <summary>The level's name as a message key (kept in stored messages, rendered in each reader's language).</summary>
    public static string LevelKey(RiskLevel level) => level switch
    {
        RiskLevel.Low => "低",
        RiskLevel.Medium => "中",
        RiskLevel.High => "高",
        _ => "极高",
    };

    public static string LevelCss(RiskLevel level) => level switch
    {
        RiskLevel.Low => "success",
        RiskLevel.Medium => "warning",
        RiskLevel.High => "danger",
        _ => "dark",
    };

    public static string Outcome(ReviewOutcome outcome) => Text.Get(outcome switch
    {
        ReviewOutcome.Unchanged => "维持",
        ReviewOutcome.Reduced => "降低",
        ReviewOutcome.Increased => "升高",
        _ => "关闭",
    });

    public static readonly string[] LikelihoodNames = ["极少发生", "不太可能", "可能", "很可能", "几乎肯定"];
    public static readonly string[] SeverityNames = ["轻微", "较小", "中等", "重大", "灾难性"];
}

public sealed class RisksConfiguration : IEntityTypeConfiguration<RiskItem>, IEntityTypeConfiguration<RiskReview>,
    IEntityTypeConfiguration<WarningSignal>, IEntityTypeConfiguration<EnterpriseRiskScore>
{
    public void Configure(EntityTypeBuilder<RiskItem> builder)
    {
        builder.ToTable("risk_items");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Number).HasMaxLength(30);
        builder.HasIndex(r => r.Number).IsUnique();
        builder.Property(r => r.Category).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Title).HasMaxLength(300);
        builder.Property(r => r.Description).HasMaxLength(4000);
        builder.Property(r => r.Controls).HasMaxLength(4000);
        builder.Property(r => r.Owner).HasMaxLength(100);
        builder.Property(r => r.CreatedBy).HasMaxLength(256);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => new { r.EnterpriseId, r.Closed });
        builder.HasOne<Enterprises.Enterprise>().WithMany().HasForeignKey(r => r.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Departments.Department>().WithMany().HasForeignKey(r => r.OwnerDepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Reviews).WithOne().HasForeignKey(v => v.RiskId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<RiskReview> builder)
    {
        builder.ToTable("risk_reviews");
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.Note).HasMaxLength(4000);
        builder.Property(v => v.Reviewer).HasMaxLength(256);
        builder.HasIndex(v => v.RiskId);
    }

    public void Configure(EntityTypeBuilder<WarningSignal> builder)
    {
        builder.ToTable("warning_signals");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.Evidence).HasMaxLength(2000);
        builder.Property(s => s.Link).HasMaxLength(300);
        builder.HasIndex(s => s.EnterpriseId);
        builder.HasOne<Enterprises.Enterprise>().WithMany().HasForeignKey(s => s.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<EnterpriseRiskScore> builder)
    {
        builder.ToTable("enterprise_risk_scores");
        builder.HasKey(s => s.EnterpriseId);
        builder.Property(s => s.Level).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.PreviousLevel).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(s => s.Score);
        builder.HasOne<Enterprises.Enterprise>().WithMany().HasForeignKey(s => s.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>The model of a likelihood × severity pair of fields on a form.</summary>
public sealed record RatingFields(string Legend, string LikelihoodName, int Likelihood, string SeverityName, int Severity);
