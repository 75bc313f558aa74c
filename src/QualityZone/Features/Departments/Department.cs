using QualityZone.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Departments;

/// <summary>
/// A member unit of the zone's leading group (区府办, 市场监管局, 检验检疫局, 气动协会 …). The code
/// is the stable short id used by the founding document's translation and by integrations.
/// </summary>
[CachedIn("departments")]
public sealed class Department
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Code { get; set; }
    public required string NameZh { get; set; }
    public string? NameEn { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;

    public string Name => Text.Pick(NameZh, NameEn);
}

public sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.ToTable("departments");
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Code).HasMaxLength(64);
        builder.Property(d => d.NameZh).HasMaxLength(100);
        builder.Property(d => d.NameEn).HasMaxLength(200);
        builder.HasIndex(d => d.Code).IsUnique();
        builder.Ignore(d => d.Name);
    }
}
