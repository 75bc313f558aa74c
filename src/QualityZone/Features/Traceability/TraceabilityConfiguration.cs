using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Features.Enterprises;

namespace QualityZone.Features.Traceability;

public sealed class SupplierConfiguration : IEntityTypeConfiguration<Supplier>
{
    public void Configure(EntityTypeBuilder<Supplier> builder)
    {
        builder.ToTable("suppliers");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.CreditCode).HasMaxLength(18);
        builder.Property(s => s.Supplies).HasMaxLength(500);
        builder.Property(s => s.Contact).HasMaxLength(200);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.StatusReason).HasMaxLength(1000);
        builder.Property(s => s.Grade).HasMaxLength(2);
        builder.Property(s => s.Score).HasPrecision(5, 1);
        builder.Property(s => s.Revision).IsConcurrencyToken();
        builder.HasIndex(s => new { s.EnterpriseId, s.Name }).IsUnique();
        builder.HasOne<Enterprise>().WithMany().HasForeignKey(s => s.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Certificates).WithOne().HasForeignKey(c => c.SupplierId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class SupplierCertificateConfiguration : IEntityTypeConfiguration<SupplierCertificate>
{
    public void Configure(EntityTypeBuilder<SupplierCertificate> builder)
    {
        builder.ToTable("supplier_certificates");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Number).HasMaxLength(100);
    }
}

public sealed class MaterialConfiguration : IEntityTypeConfiguration<Material>
{
    public void Configure(EntityTypeBuilder<Material> builder)
    {
        builder.ToTable("materials");
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Code).HasMaxLength(50);
        builder.Property(m => m.Name).HasMaxLength(200);
        builder.Property(m => m.Spec).HasMaxLength(200);
        builder.Property(m => m.Unit).HasMaxLength(20);
        builder.HasIndex(m => new { m.EnterpriseId, m.Code }).IsUnique();
        builder.HasOne<Enterprise>().WithMany().HasForeignKey(m => m.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(m => m.ApprovedSuppliers).WithOne().HasForeignKey(s => s.MaterialId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class MaterialSourceConfiguration : IEntityTypeConfiguration<MaterialSource>
{
    public void Configure(EntityTypeBuilder<MaterialSource> builder)
    {
        builder.ToTable("material_sources");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasIndex(s => new { s.MaterialId, s.SupplierId }).IsUnique();
        builder.HasOne<Supplier>().WithMany().HasForeignKey(s => s.SupplierId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class MaterialLotConfiguration : IEntityTypeConfiguration<MaterialLot>
{
    public void Configure(EntityTypeBuilder<MaterialLot> builder)
    {
        builder.ToTable("material_lots");
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.LotNumber).HasMaxLength(100);
        builder.Property(l => l.Spec).HasMaxLength(200);
        builder.Property(l => l.Unit).HasMaxLength(20);
        builder.Property(l => l.Inspection).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.InspectionReport).HasMaxLength(500);
        builder.Property(l => l.Disposition).HasMaxLength(1000);
        builder.Property(l => l.DisposedBy).HasMaxLength(200);
        builder.Property(l => l.Quantity).HasPrecision(18, 4);
        builder.Property(l => l.ConsumedQuantity).HasPrecision(18, 4);
        builder.Property(l => l.Revision).IsConcurrencyToken();
        // The supplier's lot number identifies the lot: a second delivery with the same number is a duplicate.
        builder.HasIndex(l => new { l.SupplierId, l.LotNumber }).IsUnique();
        builder.HasIndex(l => new { l.EnterpriseId, l.LotNumber });
        builder.HasIndex(l => l.LotNumber);
        builder.HasIndex(l => new { l.EnterpriseId, l.ReceivedOn });
        builder.HasIndex(l => l.MaterialId);
        builder.HasOne<Enterprise>().WithMany().HasForeignKey(l => l.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Material>().WithMany().HasForeignKey(l => l.MaterialId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Supplier>().WithMany().HasForeignKey(l => l.SupplierId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ProductionBatchConfiguration : IEntityTypeConfiguration<ProductionBatch>
{
    public void Configure(EntityTypeBuilder<ProductionBatch> builder)
    {
        builder.ToTable("production_batches");
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.BatchNumber).HasMaxLength(100);
        builder.Property(b => b.ProductModel).HasMaxLength(100);
        builder.Property(b => b.ProductName).HasMaxLength(200);
        builder.Property(b => b.Unit).HasMaxLength(20);
        builder.Property(b => b.SerialFrom).HasMaxLength(50);
        builder.Property(b => b.SerialTo).HasMaxLength(50);
        builder.Property(b => b.FinalInspection).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.TestReport).HasMaxLength(500);
        builder.Property(b => b.Quantity).HasPrecision(18, 4);
        builder.Property(b => b.UsedQuantity).HasPrecision(18, 4);
        builder.HasIndex(b => new { b.EnterpriseId, b.BatchNumber }).IsUnique();
        builder.HasIndex(b => b.BatchNumber);
        // The batch list shows the latest completed first; a model filter reads the enterprise's batches
        // in this order too (each index on this table slows the MES ingest, docs/benchmarks.md).
        builder.HasIndex(b => new { b.EnterpriseId, b.CompletedOn, b.BatchNumber });
        // A serial number is found by the range that holds it: the last ranges starting at or before it,
        // in the enterprise's own ranges or (customs, the office) in all.
        // Partial: most batches carry no serial numbers, and an index entry for each of them only slows the ingest.
        builder.HasIndex(b => b.SerialFrom).HasFilter("\"SerialFrom\" IS NOT NULL");
        builder.HasIndex(b => new { b.EnterpriseId, b.SerialFrom }).HasFilter("\"SerialFrom\" IS NOT NULL");
        builder.HasOne<Enterprise>().WithMany().HasForeignKey(b => b.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class BatchStepConfiguration : IEntityTypeConfiguration<BatchStep>
{
    public void Configure(EntityTypeBuilder<BatchStep> builder)
    {
        builder.ToTable("batch_steps");
        // An integer key generated by the database (a rowid alias on SQLite): no text index on millions of rows.
        builder.Property(s => s.Id).ValueGeneratedOnAdd();
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.Operator).HasMaxLength(100);
        builder.Property(s => s.Equipment).HasMaxLength(100);
        builder.Property(s => s.Result).HasMaxLength(500);
        builder.HasIndex(s => new { s.BatchId, s.Sequence });
        builder.HasOne<ProductionBatch>().WithMany().HasForeignKey(s => s.BatchId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class BatchComponentConfiguration : IEntityTypeConfiguration<BatchComponent>
{
    public void Configure(EntityTypeBuilder<BatchComponent> builder)
    {
        builder.ToTable("batch_components");
        builder.Property(c => c.Id).ValueGeneratedOnAdd();
        builder.Property(c => c.Quantity).HasPrecision(18, 4);
        // The trace walks this table both ways; each index covers one direction so that a step of
        // the recursion reads the index only (docs/benchmarks.md).
        builder.HasIndex(c => new { c.BatchId, c.MaterialLotId, c.InputBatchId, c.Quantity }).HasDatabaseName("IX_batch_components_backward");
        // An input is a lot or a sub-assembly batch, never both: each of these two holds only the inputs of its kind
        // (most inputs are lots, so the forward index skips nearly every row an MES ingest writes; issue 22.4). The
        // trace's joins and IN lists on the column imply the filter, so both databases still choose them.
        builder.HasIndex(c => new { c.MaterialLotId, c.BatchId }).HasDatabaseName("IX_batch_components_lot").HasFilter("\"MaterialLotId\" IS NOT NULL");
        builder.HasIndex(c => new { c.InputBatchId, c.BatchId }).HasDatabaseName("IX_batch_components_forward").HasFilter("\"InputBatchId\" IS NOT NULL");
        builder.HasOne<ProductionBatch>().WithMany().HasForeignKey(c => c.BatchId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ProductionBatch>().WithMany().HasForeignKey(c => c.InputBatchId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MaterialLot>().WithMany().HasForeignKey(c => c.MaterialLotId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> builder)
    {
        builder.ToTable("shipments");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.DeclarationNumber).HasMaxLength(50);
        builder.Property(s => s.Buyer).HasMaxLength(200);
        builder.Property(s => s.CountryCode).HasMaxLength(2);
        builder.HasIndex(s => new { s.EnterpriseId, s.DeclarationNumber }).IsUnique();
        // Customs and the office look a number up across the zone (TraceFinder): an index that starts with it.
        builder.HasIndex(s => s.DeclarationNumber);
        builder.HasIndex(s => new { s.EnterpriseId, s.ShippedOn });
        // Recall scope: a country and a period first.
        builder.HasIndex(s => new { s.CountryCode, s.ShippedOn });
        builder.HasOne<Enterprise>().WithMany().HasForeignKey(s => s.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Lines).WithOne().HasForeignKey(l => l.ShipmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ShipmentLineConfiguration : IEntityTypeConfiguration<ShipmentLine>
{
    public void Configure(EntityTypeBuilder<ShipmentLine> builder)
    {
        builder.ToTable("shipment_lines");
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Quantity).HasPrecision(18, 4);
        builder.Property(l => l.ValueUsd).HasPrecision(18, 2);
        builder.Property(l => l.HsCode).HasMaxLength(10);
        builder.HasIndex(l => new { l.ShipmentId, l.BatchId });
        builder.HasIndex(l => new { l.BatchId, l.ShipmentId });
        builder.HasOne<ProductionBatch>().WithMany().HasForeignKey(l => l.BatchId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class SupplierEvaluationConfiguration : IEntityTypeConfiguration<SupplierEvaluation>
{
    public void Configure(EntityTypeBuilder<SupplierEvaluation> builder)
    {
        builder.ToTable("supplier_evaluations");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Grade).HasMaxLength(2);
        builder.Property(e => e.Note).HasMaxLength(1000);
        builder.Property(e => e.EvaluatedBy).HasMaxLength(200);
        foreach (var score in new[] { nameof(SupplierEvaluation.QualityScore), nameof(SupplierEvaluation.DeliveryScore), nameof(SupplierEvaluation.CertificateScore),
                     nameof(SupplierEvaluation.AuditScore), nameof(SupplierEvaluation.Score) })
            builder.Property(score).HasPrecision(5, 1);
        builder.HasIndex(e => new { e.SupplierId, e.To });
        builder.HasOne<Supplier>().WithMany().HasForeignKey(e => e.SupplierId).OnDelete(DeleteBehavior.Restrict);
    }
}
