using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Features.Enterprises;

namespace QualityZone.Features.ExportArchives;

public sealed class ExportReturnConfiguration : IEntityTypeConfiguration<ExportReturn>
{
    public void Configure(EntityTypeBuilder<ExportReturn> builder)
    {
        builder.ToTable("export_returns");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Period).HasMaxLength(7);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.ReturnReason).HasMaxLength(1000);
        builder.Property(r => r.Revision).IsConcurrencyToken();
        builder.Property(r => r.ValueUsd).HasPrecision(18, 2);
        builder.Ignore(r => r.Latest);
        builder.Ignore(r => r.PendingRollups);
        builder.Ignore(r => r.VersionsStoppingInDatabase);
        // One return per enterprise and month: a second one is a duplicate, refused.
        builder.HasIndex(r => new { r.EnterpriseId, r.Period }).IsUnique();
        // The zone view's enterprise breakdown and the early warning's rates read a half-year of returns from this index alone (issue 22).
        builder.HasIndex(r => new { r.Period, r.EnterpriseId, r.EffectiveVersion, r.LineCount, r.ValueUsd, r.Batches, r.NonconformingBatches })
            .HasDatabaseName("IX_export_returns_statistics");
        // The office's desk counts a month's returns awaiting acceptance on every visit: from this index alone (issue 22).
        builder.HasIndex(r => new { r.Period, r.State });
        builder.HasOne<Enterprise>().WithMany().HasForeignKey(r => r.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Versions).WithOne().HasForeignKey(v => v.ReturnId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ExportReturnVersionConfiguration : IEntityTypeConfiguration<ExportReturnVersion>
{
    public void Configure(EntityTypeBuilder<ExportReturnVersion> builder)
    {
        builder.ToTable("export_return_versions");
        builder.Ignore(v => v.ContentInDatabase);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(v => v.Source).HasConversion<string>().HasMaxLength(20);
        builder.Property(v => v.Note).HasMaxLength(1000);
        builder.Property(v => v.CreatedBy).HasMaxLength(200);
        builder.Property(v => v.EditedBy).HasMaxLength(200);
        builder.Property(v => v.SubmittedBy).HasMaxLength(200);
        builder.Property(v => v.ReviewedBy).HasMaxLength(200);
        builder.Property(v => v.ReviewNote).HasMaxLength(1000);
        builder.HasIndex(v => new { v.ReturnId, v.Number }).IsUnique();
        builder.HasMany(v => v.Lines).WithOne().HasForeignKey(l => l.VersionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(v => v.Incidents).WithOne().HasForeignKey(i => i.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ExportReturnLineConfiguration : IEntityTypeConfiguration<ExportReturnLine>
{
    public void Configure(EntityTypeBuilder<ExportReturnLine> builder)
    {
        builder.ToTable("export_return_lines");
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Period).HasMaxLength(7);
        builder.Property(l => l.ProductName).HasMaxLength(200);
        builder.Property(l => l.Model).HasMaxLength(100);
        builder.Property(l => l.HsCode).HasMaxLength(10);
        builder.Property(l => l.HsHeading).HasMaxLength(4);
        builder.Property(l => l.CountryCode).HasMaxLength(2);
        builder.Property(l => l.Unit).HasMaxLength(20);
        builder.Property(l => l.Mode).HasConversion<string>().HasMaxLength(10);
        builder.Property(l => l.NonconformityDescription).HasMaxLength(1000);
        builder.Property(l => l.Quantity).HasPrecision(18, 4);
        builder.Property(l => l.NonconformingQuantity).HasPrecision(18, 4);
        builder.Property(l => l.ValueUsd).HasPrecision(18, 2);
        builder.Property(l => l.ValueCny).HasPrecision(18, 2);
        builder.Property(l => l.CnyPerUsd).HasPrecision(18, 4);
        // The zone's statistics (ZoneStatistics) group a month range's effective lines by month ×
        // market × heading × mode, and by month × enterprise. Each index below covers one of those
        // queries in its GROUP BY order, so SQLite aggregates while it reads the range, with no
        // sort and no visit to the table (a GROUP BY that needed a sort cost ~60 ms per half-year
        // of ~70,000 lines; docs/benchmarks.md).
        builder.HasIndex(l => new { l.Effective, l.Period, l.CountryCode, l.HsHeading, l.Mode, l.EnterpriseId, l.HsCode, l.ValueUsd, l.Batches, l.NonconformingBatches })
            .HasDatabaseName("IX_export_return_lines_statistics");
        builder.HasIndex(l => new { l.Effective, l.Period, l.EnterpriseId, l.HsCode, l.ValueUsd, l.Batches, l.NonconformingBatches })
            .HasDatabaseName("IX_export_return_lines_statistics_enterprise");
        builder.HasIndex(l => l.EnterpriseId);
    }
}

public sealed class ExportReturnIncidentConfiguration : IEntityTypeConfiguration<ExportReturnIncident>
{
    public void Configure(EntityTypeBuilder<ExportReturnIncident> builder)
    {
        builder.ToTable("export_return_incidents");
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Period).HasMaxLength(7);
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Reference).HasMaxLength(100);
        builder.Property(i => i.Countries).HasMaxLength(200);
        builder.Property(i => i.ProductName).HasMaxLength(200);
        builder.Property(i => i.HsCode).HasMaxLength(10);
        builder.Property(i => i.Summary).HasMaxLength(2000);
        builder.Property(i => i.Quantity).HasPrecision(18, 4);
        builder.Property(i => i.ValueUsd).HasPrecision(18, 2);
        builder.HasIndex(i => new { i.Effective, i.Period });
        builder.HasIndex(i => i.EnterpriseId);
    }
}

public sealed class ExchangeRateConfiguration : IEntityTypeConfiguration<ExchangeRate>
{
    public void Configure(EntityTypeBuilder<ExchangeRate> builder)
    {
        builder.ToTable("exchange_rates");
        builder.HasKey(r => new { r.Period, r.Currency });
        builder.Property(r => r.Period).HasMaxLength(7);
        builder.Property(r => r.Currency).HasMaxLength(3);
        builder.Property(r => r.PerUsd).HasPrecision(18, 4);
        builder.Property(r => r.SetBy).HasMaxLength(200);
    }
}

public sealed class ReturnReminderConfiguration : IEntityTypeConfiguration<ReturnReminder>
{
    public void Configure(EntityTypeBuilder<ReturnReminder> builder)
    {
        builder.ToTable("export_return_reminders");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Period).HasMaxLength(7);
        builder.HasIndex(r => new { r.EnterpriseId, r.Period }).IsUnique();
    }
}

public sealed class CustomsDeclarationLineConfiguration : IEntityTypeConfiguration<CustomsDeclarationLine>
{
    public void Configure(EntityTypeBuilder<CustomsDeclarationLine> builder)
    {
        builder.ToTable("customs_declaration_lines");
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.DeclarationNumber).HasMaxLength(18);
        builder.Property(l => l.Period).HasMaxLength(7);
        builder.Property(l => l.HsCode).HasMaxLength(10);
        builder.Property(l => l.GoodsName).HasMaxLength(200);
        builder.Property(l => l.CountryCode).HasMaxLength(2);
        builder.Property(l => l.Unit).HasMaxLength(20);
        builder.Property(l => l.Currency).HasMaxLength(3);
        builder.Property(l => l.ImportedBy).HasMaxLength(200);
        builder.Property(l => l.Quantity).HasPrecision(18, 4);
        builder.Property(l => l.TotalPrice).HasPrecision(18, 2);
        builder.Property(l => l.ValueUsd).HasPrecision(18, 2);
        // 报关单号 + 项号 identify a declaration line: the same line twice is a duplicate, refused.
        builder.HasIndex(l => new { l.DeclarationNumber, l.LineNumber }).IsUnique();
        builder.HasIndex(l => new { l.EnterpriseId, l.Period });
    }
}
