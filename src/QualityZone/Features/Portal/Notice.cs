using QualityZone.Features.Enterprises;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Portal;

/// <summary>What a notice is (seed task 16: standards, technical regulations, foreign notifications, recalls, returns, guidance; tasks 22–23: news and good practice).</summary>
public enum NoticeType { Standard, Regulation, TbtNotification, Recall, Detention, Guidance, News, Case }

/// <summary>Where a notice came from: written by staff, or imported from a feed.</summary>
public enum NoticeSource { Editorial, WtoEping, SafetyGate, Cpsc }

/// <summary>草稿 → 待审核 → 已发布 (→ 已撤回). Imported notices are published as they come: they are the regulator's own words.</summary>
public enum NoticeStatus { Draft, InReview, Published, Withdrawn }

/// <summary>
/// One item of the information platform (质量安全信息服务平台): a foreign standard, a technical regulation,
/// a WTO TBT notification, a recall or alert, a return or detention, guidance, news or a good-practice case.
/// Markets and HS codes are kept as delimited lists (";DE;FR;", ";848120;8412;") — what matching reads.
/// </summary>
public sealed class Notice : IBulkCreated
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public NoticeType Type { get; set; }
    public NoticeSource Source { get; set; }
    /// <summary>The source's own key: G/TBT/N/EU/1234, A12/00328/22, a CPSC recall number, a standard's number.</summary>
    public string? Reference { get; set; }
    /// <summary>For an addendum, corrigendum or revision: the notification it belongs to.</summary>
    public Guid? ParentId { get; set; }
    public required string Title { get; set; }
    public string? Summary { get; set; }
    /// <summary>Rich text, sanitized when saved (no script, no event handlers, no foreign frames).</summary>
    public string? BodyHtml { get; set; }
    public string Markets { get; set; } = "";
    public string HsCodes { get; set; } = "";
    /// <summary>Notifying member, or the authority's country.</summary>
    public string? Country { get; set; }
    public string? Brand { get; set; }
    public string? Model { get; set; }
    public string? Risk { get; set; }
    public string? Measures { get; set; }
    public string? OriginCountry { get; set; }
    public string? Url { get; set; }
    public DateOnly? PublishedOn { get; set; }
    /// <summary>A regulation's applies-from date, a standard's publication.</summary>
    public DateOnly? AppliesFrom { get; set; }
    /// <summary>A TBT notification's final date for comments.</summary>
    public DateOnly? CommentDeadline { get; set; }
    public DateOnly? ValidUntil { get; set; }
    /// <summary>Equivalents (GB/T …) of a foreign standard, or what a regulation requires.</summary>
    public string? Equivalents { get; set; }
    public NoticeStatus Status { get; set; } = NoticeStatus.Draft;
    /// <summary>The text as search tokens (CJK unigrams and bigrams, lower-case words), maintained on save.</summary>
    [NotAudited]
    public string SearchTokens { get; set; } = "";
    /// <summary>
    /// The notice concerns the zone's products (pneumatic and fluid-power components, <see cref="NoticeSearch.ConcernsZone"/>):
    /// the recalls list shows these first and the rest below (issue 21), maintained on save.
    /// </summary>
    public bool ConcernsZone { get; set; }
    /// <summary>
    /// SQLite: the rowid of the notice's full-text row while it is published — its place in the portal's order
    /// (publication day, then indexing order), so a search reads matches newest first and stops at a page.
    /// </summary>
    [NotAudited]
    public long? SearchKey { get; set; }
    /// <summary>CPSC's LastPublishDate: the incremental load asks for what changed after the latest one.</summary>
    public DateOnly? LastPublishDate { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
    /// <summary>Created by a feed import, which audits the import once (<see cref="IBulkCreated"/>); not stored.</summary>
    [System.ComponentModel.DataAnnotations.Schema.NotMapped]
    public bool CreatedInBulk { get; set; }

    public IEnumerable<string> MarketList => Markets.Split(';', StringSplitOptions.RemoveEmptyEntries);
    public IEnumerable<string> HsList => HsCodes.Split(';', StringSplitOptions.RemoveEmptyEntries);
    public static string Join(IEnumerable<string> codes) => codes.Any() ? ";" + string.Join(";", codes.Distinct()) + ";" : "";
}

/// <summary>A file attached to a notice (the regulation's text, a translation, a guidance document); public with the notice.</summary>
public sealed class NoticeAttachment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid NoticeId { get; set; }
    public required string Sha256 { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>A notice matched to an enterprise, with why and how sure; the enterprise acknowledges it.</summary>
public sealed class NoticeAlert : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid NoticeId { get; set; }
    public Guid EnterpriseId { get; set; }
    public required string Reason { get; set; }
    public decimal Confidence { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
}

/// <summary>An enterprise's own interest in a market or an HS code, beyond its export profile.</summary>
public sealed class NoticeSubscription : IEnterpriseOwned
{
    public Guid EnterpriseId { get; set; }
    /// <summary>"M" for a market (ISO 3166 alpha-2), "H" for an HS code (4 to 6 digits).</summary>
    public required string Kind { get; set; }
    public required string Code { get; set; }
}

/// <summary>
/// An enterprise's export profile, one row per market × HS-6 it exports to (its register entry's
/// products × markets, and the last twelve months of its returns), refreshed before matching.
/// </summary>
public sealed class ExportProfileEntry : IEnterpriseOwned
{
    public Guid EnterpriseId { get; set; }
    public required string CountryCode { get; set; }
    public required string HsCode { get; set; }
}

public static class NoticeLabels
{
    public static string Type(NoticeType type) => Text.Get(type switch
    {
        NoticeType.Standard => "国外标准",
        NoticeType.Regulation => "技术法规",
        NoticeType.TbtNotification => "TBT 通报",
        NoticeType.Recall => "召回与预警",
        NoticeType.Detention => "退运与扣留",
        NoticeType.Guidance => "应对指南",
        NoticeType.News => "新闻动态",
        _ => "质量案例",
    });

    public static string Status(NoticeStatus status) => Text.Get(status switch
    {
        NoticeStatus.Draft => "草稿",
        NoticeStatus.InReview => "待审核",
        NoticeStatus.Published => "已发布",
        _ => "已撤回",
    });

    public static string Source(NoticeSource source) => source switch
    {
        NoticeSource.WtoEping => "WTO ePing",
        NoticeSource.SafetyGate => "EU Safety Gate",
        NoticeSource.Cpsc => "US CPSC",
        _ => Text.Get("平台编辑"),
    };
}

public sealed class PortalConfiguration : IEntityTypeConfiguration<NoticeAttachment>, IEntityTypeConfiguration<Notice>, IEntityTypeConfiguration<NoticeAlert>, IEntityTypeConfiguration<NoticeSubscription>, IEntityTypeConfiguration<ExportProfileEntry>
{
    public void Configure(EntityTypeBuilder<Notice> builder)
    {
        builder.ToTable("notices");
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.Source).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.Reference).HasMaxLength(100);
        builder.Property(n => n.Title).HasMaxLength(500);
        builder.Property(n => n.Summary).HasMaxLength(8000);
        builder.Property(n => n.BodyHtml).HasMaxLength(200000);
        builder.Property(n => n.Markets).HasMaxLength(400);
        builder.Property(n => n.HsCodes).HasMaxLength(1000);
        foreach (var text in new[] { nameof(Notice.Country), nameof(Notice.OriginCountry) }) builder.Property(text).HasMaxLength(100);
        foreach (var text in new[] { nameof(Notice.Brand), nameof(Notice.Model), nameof(Notice.Url) }) builder.Property(text).HasMaxLength(500);
        foreach (var text in new[] { nameof(Notice.Risk), nameof(Notice.Measures), nameof(Notice.Equivalents) }) builder.Property(text).HasMaxLength(4000);
        builder.Property(n => n.SearchTokens).HasMaxLength(100000);
        builder.Property(n => n.CreatedBy).HasMaxLength(256);
        builder.Property(n => n.Version).IsConcurrencyToken();
        builder.HasIndex(n => new { n.Source, n.Reference }).IsUnique();
        builder.HasIndex(n => new { n.Status, n.Type, n.PublishedOn });
        builder.HasIndex(n => new { n.Status, n.Type, n.ConcernsZone, n.PublishedOn, n.CreatedAt });
        // The portal's "latest first" reads this index in order and stops at the page (no sort of every notice).
        builder.HasIndex(n => new { n.Status, n.PublishedOn, n.CreatedAt });
        builder.HasIndex(n => n.ParentId);
        builder.Ignore(n => n.MarketList);
        builder.Ignore(n => n.HsList);
    }

    public void Configure(EntityTypeBuilder<NoticeAttachment> builder)
    {
        builder.ToTable("notice_attachments");
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Sha256).HasMaxLength(64);
        builder.Property(a => a.FileName).HasMaxLength(260);
        builder.Property(a => a.ContentType).HasMaxLength(100);
        builder.Property(a => a.UploadedBy).HasMaxLength(256);
        builder.HasIndex(a => a.NoticeId);
        builder.HasOne<Notice>().WithMany().HasForeignKey(a => a.NoticeId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<NoticeAlert> builder)
    {
        builder.ToTable("notice_alerts");
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Reason).HasMaxLength(1000);
        builder.Property(a => a.Confidence).HasPrecision(4, 2);
        builder.Property(a => a.AcknowledgedBy).HasMaxLength(256);
        builder.HasIndex(a => new { a.NoticeId, a.EnterpriseId }).IsUnique();
        builder.HasIndex(a => new { a.EnterpriseId, a.AcknowledgedAt });
        builder.HasOne<Notice>().WithMany().HasForeignKey(a => a.NoticeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Enterprises.Enterprise>().WithMany().HasForeignKey(a => a.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<NoticeSubscription> builder)
    {
        builder.ToTable("notice_subscriptions");
        builder.HasKey(s => new { s.EnterpriseId, s.Kind, s.Code });
        builder.Property(s => s.Kind).HasMaxLength(1);
        builder.Property(s => s.Code).HasMaxLength(10);
        builder.HasOne<Enterprises.Enterprise>().WithMany().HasForeignKey(s => s.EnterpriseId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ExportProfileEntry> builder)
    {
        builder.ToTable("export_profiles");
        builder.HasKey(p => new { p.CountryCode, p.HsCode, p.EnterpriseId });
        builder.Property(p => p.CountryCode).HasMaxLength(2);
        builder.Property(p => p.HsCode).HasMaxLength(6);
        builder.HasIndex(p => p.EnterpriseId);
    }
}
