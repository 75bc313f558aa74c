using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Laboratories;

/// <summary>
/// The road of an enterprise laboratory to CNAS accreditation (CNAS-RL01 认可规则, in this order): gap analysis
/// against ISO/IEC 17025:2017, the management system documents, trial operation of the system (CNAS asks for
/// at least six months before applying), an internal audit and a management review, the application, CNAS's
/// document review, the on-site assessment, the corrective actions the assessors raised, accreditation.
/// </summary>
public enum CnasStage { GapAnalysis, SystemDocuments, TrialOperation, InternalAudit, Application, DocumentReview, OnSiteAssessment, CorrectiveActions, Accredited }

/// <summary>How far a laboratory's evidence for one clause has come.</summary>
public enum ClauseState { NotStarted, InProgress, Ready }

/// <summary>
/// A candidate laboratory the zone guides to CNAS accreditation (task 18, measure 2): the enterprise, the lab's
/// scope, staff and equipment, its stage, and, once accredited, the certificate. The enterprise's CNAS status
/// (which its yearly evaluation scores) is written from here and nowhere else.
/// </summary>
public sealed class CandidateLab : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    public required string Name { get; set; }
    /// <summary>What the lab tests, the products and standards (e.g. ISO 6431 cylinders: sealing, endurance).</summary>
    public required string Scope { get; set; }
    public int Staff { get; set; }
    public string? Equipment { get; set; }
    /// <summary>The testing center's advisor who guides the lab.</summary>
    public string? Advisor { get; set; }
    /// <summary>The stage the lab is working on (the first not yet completed); Accredited once done.</summary>
    public CnasStage Stage { get; set; }
    public string? CertificateNumber { get; set; }
    public string? CertificateScope { get; set; }
    public DateOnly? AccreditedOn { get; set; }
    public DateOnly? CertificateExpiry { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }
    public List<LabStage> Stages { get; set; } = [];
    public List<LabClause> Clauses { get; set; } = [];

    public bool AccreditationValid(DateOnly today) => Stage == CnasStage.Accredited && CertificateExpiry >= today;
}

/// <summary>One stage of a lab's road: when it is planned to be done, when it was, and what shows it.</summary>
public sealed class LabStage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid LabId { get; set; }
    public CnasStage Stage { get; set; }
    public DateOnly? PlannedOn { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public string? Note { get; set; }
    public string? CompletedBy { get; set; }

    public bool Overdue(DateOnly today) => CompletedOn is null && PlannedOn < today;
}

/// <summary>A clause of ISO/IEC 17025:2017 for one lab: the lab's evidence and the advisor's comment.</summary>
public sealed class LabClause
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid LabId { get; set; }
    public required string Clause { get; set; }
    public ClauseState State { get; set; }
    public string? Evidence { get; set; }
    public string? AdvisorComment { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
}

public static class CnasLabels
{
    public static string Stage(CnasStage stage) => Text.Get(stage switch
    {
        CnasStage.GapAnalysis => "差距分析",
        CnasStage.SystemDocuments => "管理体系文件",
        CnasStage.TrialOperation => "体系试运行",
        CnasStage.InternalAudit => "内审和管理评审",
        CnasStage.Application => "提交认可申请",
        CnasStage.DocumentReview => "文件评审",
        CnasStage.OnSiteAssessment => "现场评审",
        CnasStage.CorrectiveActions => "整改",
        _ => "获得认可",
    });

    public static string ClauseState(ClauseState state) => Text.Get(state switch
    {
        Laboratories.ClauseState.NotStarted => "未开始",
        Laboratories.ClauseState.InProgress => "准备中",
        _ => "已具备",
    });

    /// <summary>
    /// The clauses of ISO/IEC 17025:2017 a lab documents: 4 general, 5 structural, 6 resource, 7 process and
    /// 8 management system requirements (the subclauses an assessor checks one by one).
    /// </summary>
    // <data>
    public static readonly IReadOnlyList<(string Clause, string Zh, string En)> Clauses =
    [
        ("4.1", "公正性", "Impartiality"), ("4.2", "保密性", "Confidentiality"),
        ("5", "结构要求", "Structural requirements"),
        ("6.2", "人员", "Personnel"), ("6.3", "设施和环境条件", "Facilities and environmental conditions"), ("6.4", "设备", "Equipment"), ("6.5", "计量溯源性", "Metrological traceability"), ("6.6", "外部提供的产品和服务", "Externally provided products and services"),
        ("7.1", "要求、标书和合同的评审", "Review of requests, tenders and contracts"), ("7.2", "方法的选择、验证和确认", "Selection, verification and validation of methods"), ("7.3", "抽样", "Sampling"), ("7.4", "检测物品的处置", "Handling of test items"), ("7.5", "技术记录", "Technical records"),
        ("7.6", "测量不确定度的评定", "Evaluation of measurement uncertainty"), ("7.7", "确保结果有效性", "Ensuring the validity of results"), ("7.8", "报告结果", "Reporting of results"), ("7.9", "投诉", "Complaints"), ("7.10", "不符合工作", "Nonconforming work"), ("7.11", "数据控制和信息管理", "Control of data and information management"),
        ("8.2", "管理体系文件", "Management system documents"), ("8.3", "管理体系文件的控制", "Control of management system documents"), ("8.4", "记录控制", "Control of records"), ("8.5", "应对风险和机遇的措施", "Actions to address risks and opportunities"), ("8.6", "改进", "Improvement"),
        ("8.7", "纠正措施", "Corrective actions"), ("8.8", "内部审核", "Internal audits"), ("8.9", "管理评审", "Management reviews"),
    ];
    // </data>

    public static string ClauseName(string clause) => Clauses.FirstOrDefault(c => c.Clause == clause) is { Zh: not null } c ? Text.Pick(c.Zh, c.En) : clause;
}

public sealed class LaboratoriesConfiguration : IEntityTypeConfiguration<CandidateLab>, IEntityTypeConfiguration<LabStage>, IEntityTypeConfiguration<LabClause>
{
    public void Configure(EntityTypeBuilder<CandidateLab> builder)
    {
        builder.ToTable("candidate_labs");
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Name).HasMaxLength(100);
        builder.Property(l => l.Scope).HasMaxLength(1000);
        builder.Property(l => l.Equipment).HasMaxLength(1000);
        builder.Property(l => l.Advisor).HasMaxLength(50);
        builder.Property(l => l.Stage).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.CertificateNumber).HasMaxLength(30);
        builder.Property(l => l.CertificateScope).HasMaxLength(1000);
        builder.Property(l => l.CreatedBy).HasMaxLength(256);
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.HasIndex(l => l.EnterpriseId);
        builder.HasOne<Enterprise>().WithMany().HasForeignKey(l => l.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(l => l.Stages).WithOne().HasForeignKey(s => s.LabId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(l => l.Clauses).WithOne().HasForeignKey(c => c.LabId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<LabStage> builder)
    {
        builder.ToTable("candidate_lab_stages");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Stage).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Note).HasMaxLength(1000);
        builder.Property(s => s.CompletedBy).HasMaxLength(256);
        builder.HasIndex(s => new { s.LabId, s.Stage }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<LabClause> builder)
    {
        builder.ToTable("candidate_lab_clauses");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Clause).HasMaxLength(8);
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(12);
        builder.Property(c => c.Evidence).HasMaxLength(2000);
        builder.Property(c => c.AdvisorComment).HasMaxLength(2000);
        builder.Property(c => c.UpdatedBy).HasMaxLength(256);
        builder.HasIndex(c => new { c.LabId, c.Clause }).IsUnique();
    }
}
