using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Enterprises;

/// <summary>
/// An exporting enterprise of the zone. The foundation keeps only what accounts need to be bound
/// to an enterprise; the registry, admission and dynamic management build on it.
/// </summary>
public sealed class Enterprise : ISoftDeletable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>统一社会信用代码 (GB 32100-2015), 18 characters.</summary>
    public required string CreditCode { get; set; }
    public required string NameZh { get; set; }
    public string? NameEn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public bool IsDeleted { get; private set; }
    public DateTimeOffset? DeletedAt { get; private set; }

    public string Name => Text.Pick(NameZh, NameEn);

    public void MarkDeleted(DateTimeOffset at)
    {
        IsDeleted = true;
        DeletedAt = at;
    }
}

public sealed class EnterpriseConfiguration : IEntityTypeConfiguration<Enterprise>
{
    public void Configure(EntityTypeBuilder<Enterprise> builder)
    {
        builder.ToTable("enterprises");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.CreditCode).HasMaxLength(18).IsFixedLength(false);
        builder.Property(e => e.NameZh).HasMaxLength(200);
        builder.Property(e => e.NameEn).HasMaxLength(300);
        builder.HasIndex(e => e.CreditCode).IsUnique();
        builder.Ignore(e => e.Name);
    }
}
