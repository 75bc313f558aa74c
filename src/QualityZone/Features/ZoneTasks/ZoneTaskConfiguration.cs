using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace QualityZone.Features.ZoneTasks;

public sealed class ZoneTaskConfiguration : IEntityTypeConfiguration<ZoneTask>
{
    public void Configure(EntityTypeBuilder<ZoneTask> builder)
    {
        builder.ToTable("zone_tasks");
        builder.HasKey(t => t.Number);
        builder.Property(t => t.Number).ValueGeneratedNever();
        builder.Property(t => t.NameZh).HasMaxLength(300);
        builder.Property(t => t.NameEn).HasMaxLength(400);
        builder.HasMany(t => t.Departments).WithOne().HasForeignKey(d => d.TaskNumber);
        builder.HasMany(t => t.Measures).WithOne(m => m.Task).HasForeignKey(m => m.TaskNumber);
        builder.Ignore(t => t.Name);
    }
}

public sealed class TaskDepartmentConfiguration : IEntityTypeConfiguration<TaskDepartment>
{
    public void Configure(EntityTypeBuilder<TaskDepartment> builder)
    {
        builder.ToTable("zone_task_departments");
        builder.HasKey(d => new { d.TaskNumber, d.DepartmentId });
        builder.Property(d => d.Role).HasConversion<string>().HasMaxLength(16);
        builder.HasOne(d => d.Department).WithMany().HasForeignKey(d => d.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => d.DepartmentId);
        builder.Ignore(d => d.IsLead);
    }
}

public sealed class TaskMeasureConfiguration : IEntityTypeConfiguration<TaskMeasure>
{
    public void Configure(EntityTypeBuilder<TaskMeasure> builder)
    {
        builder.ToTable("zone_task_measures");
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.TextZh).HasMaxLength(1000);
        builder.Property(m => m.TextEn).HasMaxLength(1000);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.StatusChangedBy).HasMaxLength(256);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasIndex(m => new { m.TaskNumber, m.Number }).IsUnique();
        builder.HasMany(m => m.Notes).WithOne().HasForeignKey(n => n.MeasureId);
        builder.HasMany(m => m.Evidence).WithOne(e => e.Measure).HasForeignKey(e => e.MeasureId);
        builder.Ignore(m => m.Text);
    }
}

public sealed class MeasureNoteConfiguration : IEntityTypeConfiguration<MeasureNote>
{
    public void Configure(EntityTypeBuilder<MeasureNote> builder)
    {
        builder.ToTable("zone_task_measure_notes");
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.AuthorName).HasMaxLength(256);
        builder.Property(n => n.DepartmentName).HasMaxLength(100);
        builder.Property(n => n.Body).HasMaxLength(4000);
        builder.HasIndex(n => new { n.MeasureId, n.CreatedAt });
    }
}

public sealed class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> builder)
    {
        builder.ToTable("zone_task_evidence");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Sha256).HasMaxLength(64);
        builder.Property(e => e.FileName).HasMaxLength(255);
        builder.Property(e => e.ContentType).HasMaxLength(128);
        builder.Property(e => e.Description).HasMaxLength(500);
        builder.Property(e => e.UploadedByName).HasMaxLength(256);
        builder.HasIndex(e => e.MeasureId);
    }
}
