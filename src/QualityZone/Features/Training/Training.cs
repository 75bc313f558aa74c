using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Training;

/// <summary>What a session teaches: the subjects task 18 and the zone's management measures name.</summary>
public enum TrainingTopic { ForeignStandards, Tbt, QualityManagement, Traceability, Laboratory, ExportCompliance, SiteVisit }

public enum RegistrationState { Registered, Waitlisted, Cancelled }

/// <summary>How an attendance was recorded: by the participant scanning the venue's code, or by the organizer.</summary>
public enum CheckInMethod { QrCode, Organizer }

/// <summary>
/// A training session of the zone's public training platform (task 18: 每年至少组织 2 次培训): topic, organizing
/// department, trainer, time and place (or an online link), capacity and a quota per enterprise. Enterprises
/// register named staff; the venue shows a QR code that checks a participant in during the session only.
/// </summary>
public sealed class TrainingSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Title { get; set; }
    public TrainingTopic Topic { get; set; }
    public Guid OrganizerDepartmentId { get; set; }
    public required string Trainer { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public string? Place { get; set; }
    public string? OnlineLink { get; set; }
    public int Capacity { get; set; }
    /// <summary>How many staff one enterprise may register.</summary>
    public int QuotaPerEnterprise { get; set; }
    public string? Description { get; set; }
    /// <summary>Open to the whole industry: listed on the public portal as well.</summary>
    public bool Public { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    /// <summary>The secret in the venue's QR code; another session's code never checks anyone in here.</summary>
    public required string CheckInCode { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }

    public double Hours => Math.Round((EndsAt - StartsAt).TotalHours, 1);

    /// <summary>
    /// When the venue's code checks participants in: from half an hour before the start to the end. A code
    /// photographed and shared later is worth nothing.
    /// </summary>
    public bool CheckInOpen(DateTimeOffset now) => CancelledAt is null && now >= StartsAt.AddMinutes(-30) && now <= EndsAt;
}

/// <summary>A named participant an enterprise registered; attended when checked in.</summary>
public sealed class TrainingRegistration : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SessionId { get; set; }
    public Guid EnterpriseId { get; set; }
    public required string ParticipantName { get; set; }
    public string? Position { get; set; }
    public RegistrationState State { get; set; }
    public required string RegisteredBy { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset? AttendedAt { get; set; }
    public CheckInMethod? CheckedInBy { get; set; }
}

public static class TrainingLabels
{
    public static string Topic(TrainingTopic topic) => Text.Get(topic switch
    {
        TrainingTopic.ForeignStandards => "国外技术标准与法规",
        TrainingTopic.Tbt => "技术性贸易措施（TBT）",
        TrainingTopic.QualityManagement => "质量管理",
        TrainingTopic.Traceability => "质量追溯",
        TrainingTopic.Laboratory => "实验室管理与检测能力",
        TrainingTopic.ExportCompliance => "出口合规",
        _ => "观摩交流",
    });

    public static string State(RegistrationState state) => Text.Get(state switch
    {
        RegistrationState.Registered => "已报名",
        RegistrationState.Waitlisted => "候补",
        _ => "已取消",
    });
}

public sealed class TrainingConfiguration : IEntityTypeConfiguration<TrainingSession>, IEntityTypeConfiguration<TrainingRegistration>
{
    public void Configure(EntityTypeBuilder<TrainingSession> builder)
    {
        builder.ToTable("training_sessions");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Title).HasMaxLength(200);
        builder.Property(s => s.Topic).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Trainer).HasMaxLength(100);
        builder.Property(s => s.Place).HasMaxLength(200);
        builder.Property(s => s.OnlineLink).HasMaxLength(500);
        builder.Property(s => s.Description).HasMaxLength(4000);
        builder.Property(s => s.CheckInCode).HasMaxLength(32);
        builder.Property(s => s.CreatedBy).HasMaxLength(256);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.Ignore(s => s.Hours);
        builder.HasIndex(s => s.StartsAt);
    }

    public void Configure(EntityTypeBuilder<TrainingRegistration> builder)
    {
        builder.ToTable("training_registrations");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.ParticipantName).HasMaxLength(50);
        builder.Property(r => r.Position).HasMaxLength(50);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(12);
        builder.Property(r => r.CheckedInBy).HasConversion<string>().HasMaxLength(12);
        builder.Property(r => r.RegisteredBy).HasMaxLength(256);
        builder.HasIndex(r => new { r.SessionId, r.State });
        builder.HasIndex(r => new { r.EnterpriseId, r.SessionId });
        builder.HasOne<TrainingSession>().WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Enterprise>().WithMany().HasForeignKey(r => r.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
    }
}
