using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Publicity;

/// <summary>Draft → in review → published; a case sent back returns to draft with the reviewer's note.</summary>
public enum CaseState { Draft, InReview, Published }

public enum CaseTopic { QualityControl, Traceability, Laboratory, ExportCompliance, Brand }

public enum MediaType { Newspaper, Television, Radio, Online, WeChat }

/// <summary>
/// A best-practice case (task 23: spread advanced quality management experience and methods to the whole
/// industry): how an enterprise of the zone does something well, with documents and photos, written by the
/// enterprise or the association and published on the portal after the association or the office reviewed it.
/// </summary>
public sealed class PracticeCase : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    public required string Title { get; set; }
    public CaseTopic Topic { get; set; }
    public required string Summary { get; set; }
    public required string Body { get; set; }
    public CaseState State { get; set; }
    public required string Author { get; set; }
    public string? ReviewNote { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public int Version { get; set; }
    public List<CaseFile> Files { get; set; } = [];
}

/// <summary>A document or photo of a case; public with the case once it is published.</summary>
public sealed class CaseFile
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public required string Sha256 { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>A report about the zone in the media (task 22: publicity through TV, radio, the internet and the press).</summary>
public sealed class MediaItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Outlet { get; set; }
    public DateOnly PublishedOn { get; set; }
    public required string Title { get; set; }
    public string? Url { get; set; }
    public MediaType Type { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

public static class PublicityLabels
{
    public static string State(CaseState state) => Text.Get(state switch
    {
        CaseState.Draft => "草稿",
        CaseState.InReview => "待审核",
        _ => "已发布",
    });

    public static string Topic(CaseTopic topic) => Text.Get(topic switch
    {
        CaseTopic.QualityControl => "质量控制",
        CaseTopic.Traceability => "质量追溯",
        CaseTopic.Laboratory => "实验室建设",
        CaseTopic.ExportCompliance => "出口合规",
        _ => "品牌建设",
    });

    public static string Type(MediaType type) => Text.Get(type switch
    {
        MediaType.Newspaper => "报刊",
        MediaType.Television => "电视",
        MediaType.Radio => "广播",
        MediaType.Online => "网络",
        _ => "微信公众号",
    });
}

public sealed class PublicityConfiguration : IEntityTypeConfiguration<PracticeCase>, IEntityTypeConfiguration<CaseFile>, IEntityTypeConfiguration<MediaItem>
{
    public void Configure(EntityTypeBuilder<PracticeCase> builder)
    {
        builder.ToTable("practice_cases");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Title).HasMaxLength(200);
        builder.Property(c => c.Topic).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.Summary).HasMaxLength(500);
        builder.Property(c => c.Body).HasMaxLength(20000);
        builder.Property(c => c.Author).HasMaxLength(256);
        builder.Property(c => c.ReviewNote).HasMaxLength(1000);
        builder.Property(c => c.ReviewedBy).HasMaxLength(256);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => new { c.State, c.PublishedAt });
        builder.HasIndex(c => c.EnterpriseId);
        builder.HasOne<Enterprise>().WithMany().HasForeignKey(c => c.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Files).WithOne().HasForeignKey(f => f.CaseId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CaseFile> builder)
    {
        builder.ToTable("practice_case_files");
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Sha256).HasMaxLength(64);
        builder.Property(f => f.FileName).HasMaxLength(255);
        builder.Property(f => f.ContentType).HasMaxLength(128);
    }

    public void Configure(EntityTypeBuilder<MediaItem> builder)
    {
        builder.ToTable("media_items");
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Outlet).HasMaxLength(100);
        builder.Property(m => m.Title).HasMaxLength(300);
        builder.Property(m => m.Url).HasMaxLength(500);
        builder.Property(m => m.Type).HasConversion<string>().HasMaxLength(12);
        builder.Property(m => m.RecordedBy).HasMaxLength(256);
        builder.HasIndex(m => m.PublishedOn);
    }
}
