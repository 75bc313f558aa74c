using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Policies;

/// <summary>The kinds of document in the register (task 1: development plan and supporting policies; task 19: preferential policies and facilitation measures).</summary>
public enum PolicyType { DevelopmentPlan, Reward, Facilitation, Appraisal, Other }

/// <summary>How a reward's amount is worked out for one enterprise.</summary>
public enum AmountKind { Fixed, PerItem, ShareOfBase }

/// <summary>
/// A policy document of the zone (政策文件): title, issuing unit, document number (文号), dates and full text.
/// A reward or subsidy policy carries its eligibility rule and amount; a trade-facilitation measure carries its
/// conditions and the unit that grants it. Enterprises read the published ones; the public reads the public ones.
/// </summary>
public sealed class Policy : SoftDeletable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public PolicyType Type { get; set; }
    public required string Title { get; set; }
    public required string IssuingUnit { get; set; }
    /// <summary>文号, e.g. 奉政发〔2026〕12号.</summary>
    public string? DocumentNumber { get; set; }
    public DateOnly IssuedOn { get; set; }
    public DateOnly EffectiveOn { get; set; }
    public DateOnly? ExpiresOn { get; set; }
    public required string Body { get; set; }
    public bool Published { get; set; }
    /// <summary>Shown on the public portal as well (only when published).</summary>
    public bool IsPublic { get; set; }
    /// <summary>The unit that reviews claims (a reward) or grants the measure (facilitation): 经信局, 海关, 中信保…</summary>
    public Guid? ResponsibleDepartmentId { get; set; }
    /// <summary>The eligibility rule (rewards) or conditions (measures), in the rule language of <see cref="EligibilityRule"/>.</summary>
    public string? Rule { get; set; }
    public AmountKind AmountKind { get; set; }
    /// <summary>Yuan: the fixed amount, or the amount per item.</summary>
    public decimal Amount { get; set; }
    /// <summary>Percent of the base, for <see cref="AmountKind.ShareOfBase"/>.</summary>
    public decimal SharePercent { get; set; }
    /// <summary>The numeric criterion counting the items or giving the base (e.g. standards_drafted, testing_fees).</summary>
    public string? BaseCriterion { get; set; }
    public decimal? CapPerEnterprise { get; set; }
    public decimal? Budget { get; set; }
    /// <summary>The office grants it to the eligible enterprises without an application (免申即享).</summary>
    public bool GrantWithoutApplication { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }
    public List<PolicyFile> Files { get; set; } = [];

    public bool HasRule => Type is PolicyType.Reward or PolicyType.Facilitation;
    public bool InForce(DateOnly today) => Published && EffectiveOn <= today && (ExpiresOn is null || ExpiresOn >= today);

    /// <summary>The entitlement of one enterprise: the amount by the policy's kind from the base criterion's value, capped.</summary>
    public decimal Entitlement(decimal? baseValue)
    {
        var amount = AmountKind switch
        {
            AmountKind.Fixed => Amount,
            AmountKind.PerItem => Amount * Math.Max(0, baseValue ?? 0),
            _ => Math.Round(Math.Max(0, baseValue ?? 0) * SharePercent / 100m, 2),
        };
        return CapPerEnterprise is { } cap ? Math.Min(cap, amount) : amount;
    }
}

/// <summary>An attachment of a policy document (the signed PDF, annexes).</summary>
public sealed class PolicyFile : IAggregatePart
{
    Guid IAggregatePart.AggregateId => PolicyId;
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PolicyId { get; set; }
    public required string Sha256 { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>申请 → 部门审核 → 批准 / 驳回 → 已拨付.</summary>
public enum ClaimState { Submitted, Reviewed, Approved, Rejected, Paid }

/// <summary>
/// An enterprise's claim of a reward for a year (奖励申请), or the office's grant without an application. The
/// criteria as they stood when it was made are kept with it, so the decision can be audited later even after the
/// data has moved on. One live claim per policy, enterprise, year and item (<see cref="ClaimKey"/>).
/// </summary>
public sealed class PolicyClaim : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Number { get; set; }
    public Guid PolicyId { get; set; }
    public Guid EnterpriseId { get; set; }
    public int Year { get; set; }
    /// <summary>What is claimed when a policy pays per item (a standard's number, a brand); empty otherwise.</summary>
    public string Item { get; set; } = "";
    /// <summary>"year|item" while the claim is alive, null once rejected: the unique index refuses a duplicate claim.</summary>
    public string? ClaimKey { get; set; }
    public ClaimState State { get; set; }
    public bool GrantedWithoutApplication { get; set; }
    public string? Statement { get; set; }
    /// <summary>The criteria, their values and sources at the time of the claim (JSON).</summary>
    public required string EligibilitySnapshot { get; set; }
    public decimal Entitled { get; set; }
    public decimal? ApprovedAmount { get; set; }
    public string? ReviewOpinion { get; set; }
    public string? ReviewFileSha256 { get; set; }
    public string? ReviewFileName { get; set; }
    public string? ReviewFileContentType { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? DecisionReason { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public DateOnly? PaidOn { get; set; }
    public decimal? PaidAmount { get; set; }
    public string? VoucherNumber { get; set; }
    public string? PaidBy { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>享受中 → 待撤销 (the conditions are no longer met) → 已撤销; or 恢复 when they are met again.</summary>
public enum GrantState { Active, FlaggedForWithdrawal, Withdrawn }

/// <summary>An enterprise enjoying a trade-facilitation measure (享受便利化措施), as granted by the measure's unit.</summary>
public sealed class MeasureGrant : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PolicyId { get; set; }
    public Guid EnterpriseId { get; set; }
    public GrantState State { get; set; }
    public DateOnly GrantedOn { get; set; }
    public required string GrantedBy { get; set; }
    public DateTimeOffset? FlaggedAt { get; set; }
    /// <summary>The failing criteria when it was flagged.</summary>
    public string? FlagReason { get; set; }
    public DateOnly? WithdrawnOn { get; set; }
    public string? WithdrawnBy { get; set; }
    public int Version { get; set; }
}

/// <summary>A weighted item of the yearly appraisal of the member units (task 1.2), set by the district office; weights add up to 100.</summary>
public sealed class AppraisalWeight
{
    public int Year { get; set; }
    public required string Code { get; set; }
    public int Weight { get; set; }
}

/// <summary>A manual item's score (0–100) of one unit for a year, with the reason.</summary>
public sealed class AppraisalManualScore
{
    public int Year { get; set; }
    public Guid DepartmentId { get; set; }
    public required string Code { get; set; }
    public decimal Score { get; set; }
    public string? Note { get; set; }
    public required string ScoredBy { get; set; }
    public DateTimeOffset ScoredAt { get; set; }
}

public sealed class PolicyConfiguration : IEntityTypeConfiguration<Policy>, IEntityTypeConfiguration<PolicyFile>, IEntityTypeConfiguration<PolicyClaim>,
    IEntityTypeConfiguration<MeasureGrant>, IEntityTypeConfiguration<AppraisalWeight>, IEntityTypeConfiguration<AppraisalManualScore>
{
    public void Configure(EntityTypeBuilder<Policy> builder)
    {
        builder.ToTable("policies");
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.AmountKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Title).HasMaxLength(200);
        builder.Property(p => p.IssuingUnit).HasMaxLength(100);
        builder.Property(p => p.DocumentNumber).HasMaxLength(64);
        builder.Property(p => p.Body).HasMaxLength(50000);
        builder.Property(p => p.Rule).HasMaxLength(2000);
        builder.Property(p => p.BaseCriterion).HasMaxLength(64);
        builder.Property(p => p.CreatedBy).HasMaxLength(100);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasMany(p => p.Files).WithOne().HasForeignKey(f => f.PolicyId);
        builder.HasIndex(p => new { p.Type, p.IssuedOn });
        builder.Ignore(p => p.HasRule);
    }

    public void Configure(EntityTypeBuilder<PolicyFile> builder)
    {
        builder.ToTable("policy_files");
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Sha256).HasMaxLength(64);
        builder.Property(f => f.FileName).HasMaxLength(255);
        builder.Property(f => f.ContentType).HasMaxLength(128);
    }

    public void Configure(EntityTypeBuilder<PolicyClaim> builder)
    {
        builder.ToTable("policy_claims");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Number).HasMaxLength(32);
        builder.Property(c => c.Item).HasMaxLength(100);
        builder.Property(c => c.ClaimKey).HasMaxLength(120);
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Statement).HasMaxLength(2000);
        builder.Property(c => c.EligibilitySnapshot).HasMaxLength(20000);
        builder.Property(c => c.ReviewOpinion).HasMaxLength(2000);
        builder.Property(c => c.ReviewFileSha256).HasMaxLength(64);
        builder.Property(c => c.ReviewFileName).HasMaxLength(255);
        builder.Property(c => c.ReviewFileContentType).HasMaxLength(128);
        builder.Property(c => c.DecisionReason).HasMaxLength(2000);
        builder.Property(c => c.VoucherNumber).HasMaxLength(64);
        builder.Property(c => c.ReviewedBy).HasMaxLength(100);
        builder.Property(c => c.DecidedBy).HasMaxLength(100);
        builder.Property(c => c.PaidBy).HasMaxLength(100);
        builder.Property(c => c.CreatedBy).HasMaxLength(100);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.Number).IsUnique();
        builder.HasIndex(c => new { c.PolicyId, c.EnterpriseId, c.ClaimKey }).IsUnique();
        builder.HasIndex(c => new { c.EnterpriseId, c.Year });
        builder.HasOne<Policy>().WithMany().HasForeignKey(c => c.PolicyId);
    }

    public void Configure(EntityTypeBuilder<MeasureGrant> builder)
    {
        builder.ToTable("measure_grants");
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.Property(g => g.State).HasConversion<string>().HasMaxLength(24);
        builder.Property(g => g.GrantedBy).HasMaxLength(100);
        builder.Property(g => g.WithdrawnBy).HasMaxLength(100);
        builder.Property(g => g.FlagReason).HasMaxLength(2000);
        builder.Property(g => g.Version).IsConcurrencyToken();
        builder.HasIndex(g => new { g.PolicyId, g.EnterpriseId }).IsUnique();
        builder.HasIndex(g => new { g.EnterpriseId, g.State });
        builder.HasOne<Policy>().WithMany().HasForeignKey(g => g.PolicyId);
    }

    public void Configure(EntityTypeBuilder<AppraisalWeight> builder)
    {
        builder.ToTable("appraisal_weights");
        builder.HasKey(w => new { w.Year, w.Code });
        builder.Property(w => w.Code).HasMaxLength(32);
    }

    public void Configure(EntityTypeBuilder<AppraisalManualScore> builder)
    {
        builder.ToTable("appraisal_manual_scores");
        builder.HasKey(s => new { s.Year, s.DepartmentId, s.Code });
        builder.Property(s => s.Code).HasMaxLength(32);
        builder.Property(s => s.Note).HasMaxLength(500);
        builder.Property(s => s.ScoredBy).HasMaxLength(100);
    }
}
