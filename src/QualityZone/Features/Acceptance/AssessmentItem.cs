using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Acceptance;

/// <summary>The six blocks the assessors score a demonstration zone on at acceptance (验收).</summary>
public enum AcceptanceBlock { BasicConditions, GuaranteeSystem, SupervisionSystem, RiskSystem, ServiceSystem, Results }

/// <summary>The module whose records prove an item, besides the evidence filed on its construction tasks.</summary>
public enum EvidenceSource { None, Governance, Admissions, Meetings, Commitments, Inspections, Actions, Traceability, Risks, Portal, Reports, Indicators }

/// <summary>How well an item is proved: no evidence, less than its minimum, or enough.</summary>
public enum EvidenceStrength { Missing, Weak, Sufficient }

/// <summary>
/// An item of the acceptance self-assessment sheet (验收自评表): its block, weight and scoring
/// guidance, the department that answers for it, the evidence the platform gathers for it (the
/// evidence of its construction tasks and the records of one module) and the self-score with the
/// reviewer's. The office edits the sheet; the weights always add up to 100.
/// </summary>
public sealed class AssessmentItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public AcceptanceBlock Block { get; set; }
    public required string Code { get; set; }
    public required string TitleZh { get; set; }
    public string? TitleEn { get; set; }
    public string? Guidance { get; set; }
    public decimal Weight { get; set; }
    public EvidenceSource Source { get; set; }
    /// <summary>The construction tasks whose evidence counts for the item, "4,5".</summary>
    public string TaskNumbers { get; set; } = "";
    /// <summary>How many pieces of evidence make the item sufficiently proved.</summary>
    public int MinEvidence { get; set; } = 1;
    public Guid DepartmentId { get; set; }
    public decimal? SelfScore { get; set; }
    public string? SelfScoredBy { get; set; }
    public decimal? ReviewScore { get; set; }
    public string? ReviewedBy { get; set; }
    public string? ReviewComment { get; set; }
    public int Position { get; set; }
    public int Version { get; set; }
    public List<AssessmentFile> Files { get; set; } = [];

    public string Title => Text.Pick(TitleZh, TitleEn);

    public IReadOnlyList<int> Tasks => TaskNumbers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(n => int.TryParse(n, out var number) ? number : 0).Where(n => n > 0).ToList();

    /// <summary>
    /// The evidence the item needs: its minimum, and for what must cover every admitted enterprise —
    /// commitment letters (承诺书签署覆盖率 100 %), the yearly joint inspection — at least one per admitted enterprise.
    /// </summary>
    public int Required(int admittedEnterprises) => Source is EvidenceSource.Commitments or EvidenceSource.Inspections ? Math.Max(MinEvidence, admittedEnterprises) : MinEvidence;

    public static EvidenceStrength StrengthOf(int count, int required) => count == 0 ? EvidenceStrength.Missing : count < required ? EvidenceStrength.Weak : EvidenceStrength.Sufficient;
}

/// <summary>Evidence filed by hand on an item (a document the platform does not hold).</summary>
public sealed class AssessmentFile : SoftDeletable, IAggregatePart
{
    Guid IAggregatePart.AggregateId => ItemId;
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ItemId { get; set; }
    public required string Sha256 { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public string? Description { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

public static class AcceptanceLabels
{
    public static string Block(AcceptanceBlock block) => Text.Get(block switch
    {
        AcceptanceBlock.BasicConditions => "基本条件",
        AcceptanceBlock.GuaranteeSystem => "建设保障体系",
        AcceptanceBlock.SupervisionSystem => "质量安全监管体系",
        AcceptanceBlock.RiskSystem => "风险管理体系",
        AcceptanceBlock.ServiceSystem => "公共服务体系",
        _ => "建设成效",
    });

    /// <summary>The block with its number, as the catalogue and the dossier's folders name it (1. 基本条件).</summary>
    public static string Numbered(AcceptanceBlock block) => $"{(int)block + 1}. {Block(block)}";

    public static string Strength(EvidenceStrength strength) => Text.Get(strength switch
    {
        EvidenceStrength.Missing => "缺少佐证",
        EvidenceStrength.Weak => "佐证不足",
        _ => "佐证充分",
    });

    public static string Css(EvidenceStrength strength) => strength switch
    {
        EvidenceStrength.Missing => "danger",
        EvidenceStrength.Weak => "warning",
        _ => "success",
    };

    public static string Source(EvidenceSource source) => Text.Get(source switch
    {
        EvidenceSource.Governance => "领导小组与建设方案",
        EvidenceSource.Admissions => "入区企业名录",
        EvidenceSource.Meetings => "联席会议纪要",
        EvidenceSource.Commitments => "质量安全承诺书",
        EvidenceSource.Inspections => "联合检查记录",
        EvidenceSource.Actions => "已关闭的整改事项",
        EvidenceSource.Traceability => "企业追溯记录",
        EvidenceSource.Risks => "风险登记与预警",
        EvidenceSource.Portal => "信息平台发布的国外信息",
        EvidenceSource.Reports => "已报送的质量分析报告",
        EvidenceSource.Indicators => "已审定的成效指标",
        _ => "—",
    });
}

public sealed class AcceptanceConfiguration : IEntityTypeConfiguration<AssessmentItem>, IEntityTypeConfiguration<AssessmentFile>
{
    public void Configure(EntityTypeBuilder<AssessmentItem> builder)
    {
        builder.ToTable("assessment_items");
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Block).HasConversion<string>().HasMaxLength(24);
        builder.Property(i => i.Code).HasMaxLength(16);
        builder.HasIndex(i => i.Code).IsUnique();
        builder.Property(i => i.TitleZh).HasMaxLength(200);
        builder.Property(i => i.TitleEn).HasMaxLength(300);
        builder.Property(i => i.Guidance).HasMaxLength(2000);
        builder.Property(i => i.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.TaskNumbers).HasMaxLength(100);
        builder.Property(i => i.SelfScoredBy).HasMaxLength(256);
        builder.Property(i => i.ReviewedBy).HasMaxLength(256);
        builder.Property(i => i.ReviewComment).HasMaxLength(1000);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasOne<Departments.Department>().WithMany().HasForeignKey(i => i.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(i => i.Files).WithOne().HasForeignKey(f => f.ItemId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<AssessmentFile> builder)
    {
        builder.ToTable("assessment_files");
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Sha256).HasMaxLength(64);
        builder.Property(f => f.FileName).HasMaxLength(255);
        builder.Property(f => f.ContentType).HasMaxLength(100);
        builder.Property(f => f.Description).HasMaxLength(500);
        builder.Property(f => f.UploadedBy).HasMaxLength(256);
    }
}
