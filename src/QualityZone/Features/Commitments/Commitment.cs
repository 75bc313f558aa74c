using QualityZone.Features.Enterprises;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Commitments;

/// <summary>
/// A version of the quality integrity commitment letter (质量诚信承诺书, task 8: "sign a letter with
/// every enterprise in the zone, one by one"). The zone office edits the text; a new version asks
/// every enterprise to sign again. Placeholders: {企业名称} {统一社会信用代码} {法定代表人} {地址} {日期}.
/// </summary>
public sealed class CommitmentTemplate
{
    // <data>
    public static readonly string[] Placeholders = ["{企业名称}", "{统一社会信用代码}", "{法定代表人}", "{地址}", "{日期}"];
    // </data>

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public int Version { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

/// <summary>A signed letter: which version, when, by whom, with the scanned signed copy.</summary>
public sealed class CommitmentLetter : SoftDeletable, IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    public int TemplateVersion { get; set; }
    public DateOnly SignedOn { get; set; }
    public required string Signatory { get; set; }
    public required string FileSha256 { get; set; }
    public required string FileName { get; set; }
    public required string FileContentType { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }

}

public sealed class CommitmentTemplateConfiguration : IEntityTypeConfiguration<CommitmentTemplate>
{
    public void Configure(EntityTypeBuilder<CommitmentTemplate> builder)
    {
        builder.ToTable("commitment_templates");
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Title).HasMaxLength(100);
        builder.Property(t => t.Body).HasMaxLength(20000);
        builder.Property(t => t.CreatedBy).HasMaxLength(256);
        builder.HasIndex(t => t.Version).IsUnique();
    }
}

public sealed class CommitmentLetterConfiguration : IEntityTypeConfiguration<CommitmentLetter>
{
    public void Configure(EntityTypeBuilder<CommitmentLetter> builder)
    {
        builder.ToTable("commitment_letters");
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Signatory).HasMaxLength(50);
        builder.Property(l => l.FileSha256).HasMaxLength(64);
        builder.Property(l => l.FileName).HasMaxLength(255);
        builder.Property(l => l.FileContentType).HasMaxLength(128);
        builder.Property(l => l.RecordedBy).HasMaxLength(256);
        builder.HasIndex(l => new { l.EnterpriseId, l.TemplateVersion });
    }
}

public sealed class CommitmentsPermissions : IModulePermissions
{
    /// <summary>Edit the letter's text (task 8 is led by the zone office with the association).</summary>
    public const string Manage = "Commitments.Manage";
    public const string View = "Commitments.View";
    /// <summary>Download the generated letter and record the signed copy: staff who manage, or the enterprise itself.</summary>
    public const string Sign = "Commitments.Sign";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(Manage, "编辑质量诚信承诺书模板", Roles.ZoneAdmin, Roles.AssociationStaff),
        new(View, "查看承诺书签署情况", Roles.Staff),
        new(Sign, "下载承诺书、登记签署（企业用户仅限本企业）", Roles.ZoneAdmin, Roles.AssociationStaff, Roles.EnterpriseUser),
    ];
}
