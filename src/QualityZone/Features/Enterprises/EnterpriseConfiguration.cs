using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace QualityZone.Features.Enterprises;

public sealed class EnterpriseConfiguration : IEntityTypeConfiguration<Enterprise>
{
    public void Configure(EntityTypeBuilder<Enterprise> builder)
    {
        builder.ToTable("enterprises");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.CreditCode).HasMaxLength(18);
        builder.Property(e => e.CustomsCode).HasMaxLength(10);
        builder.Property(e => e.NameZh).HasMaxLength(200);
        builder.Property(e => e.NameEn).HasMaxLength(300);
        builder.Property(e => e.Address).HasMaxLength(300);
        builder.Property(e => e.LegalRepresentative).HasMaxLength(50);
        builder.Property(e => e.QualityContact).HasMaxLength(50);
        builder.Property(e => e.QualityContactPhone).HasMaxLength(30);
        builder.Property(e => e.AnnualOutputWanYuan).HasPrecision(18, 2);
        builder.Property(e => e.AnnualExportWanUsd).HasPrecision(18, 2);
        builder.Property(e => e.CustomsCreditTier).HasMaxLength(64);
        builder.Property(e => e.LabCnasNumber).HasMaxLength(50);
        builder.Property(e => e.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Grade).HasMaxLength(2);
        builder.Property(e => e.AdmissionNumber).HasMaxLength(50);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasIndex(e => e.CreditCode).IsUnique();
        builder.HasIndex(e => e.State);
        builder.HasIndex(e => e.NameZh);
        builder.HasMany(e => e.Products).WithOne().HasForeignKey(p => p.EnterpriseId);
        builder.HasMany(e => e.Markets).WithOne().HasForeignKey(m => m.EnterpriseId);
        builder.HasMany(e => e.Events).WithOne().HasForeignKey(v => v.EnterpriseId);
        builder.Ignore(e => e.Name);
        builder.Ignore(e => e.AllowedActions);
    }
}

public sealed class EnterpriseProductConfiguration : IEntityTypeConfiguration<EnterpriseProduct>
{
    public void Configure(EntityTypeBuilder<EnterpriseProduct> builder)
    {
        builder.ToTable("enterprise_products");
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.HsCode).HasMaxLength(10);
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.HasIndex(p => p.HsCode);
        builder.HasIndex(p => p.EnterpriseId);
    }
}

public sealed class EnterpriseMarketConfiguration : IEntityTypeConfiguration<EnterpriseMarket>
{
    public void Configure(EntityTypeBuilder<EnterpriseMarket> builder)
    {
        builder.ToTable("enterprise_markets");
        builder.HasKey(m => new { m.EnterpriseId, m.CountryCode });
        builder.Property(m => m.CountryCode).HasMaxLength(2);
        builder.HasIndex(m => m.CountryCode);
    }
}

public sealed class EnterpriseEventConfiguration : IEntityTypeConfiguration<EnterpriseEvent>
{
    public void Configure(EntityTypeBuilder<EnterpriseEvent> builder)
    {
        builder.ToTable("enterprise_events");
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.Action).HasConversion<string>().HasMaxLength(24);
        builder.Property(v => v.FromState).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.ToState).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.Reason).HasMaxLength(2000);
        builder.Property(v => v.EvidenceSha256).HasMaxLength(64);
        builder.Property(v => v.EvidenceFileName).HasMaxLength(255);
        builder.Property(v => v.EvidenceContentType).HasMaxLength(128);
        builder.Property(v => v.Actor).HasMaxLength(256);
        builder.HasIndex(v => new { v.EnterpriseId, v.At });
    }
}
