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
    /// <summary>The share of the assessment's questions to answer right for a certificate (when the session has questions).</summary>
    public int PassMark { get; set; } = 60;
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
    /// <summary>The assessment's score in percent, once the participant answered (one attempt).</summary>
    public int? Score { get; set; }
    public DateTimeOffset? AssessedAt { get; set; }
    /// <summary>The participant's feedback: 1 (poor) to 5 (excellent), with a comment.</summary>
    public int? Rating { get; set; }
    public string? Comment { get; set; }
    /// <summary>The training certificate (培训合格证明): its number, and the code that verifies it on the public page.</summary>
    public string? CertificateNumber { get; set; }
    public string? CertificateCode { get; set; }
    public DateTimeOffset? CertificateIssuedAt { get; set; }

    /// <summary>Qualifies for a certificate: present, and passed the assessment if the session has one.</summary>
    public bool Qualifies(bool hasAssessment, int passMark) =>
        State == RegistrationState.Registered && AttendedAt is not null && (!hasAssessment || Score >= passMark);
}

/// <summary>A material of a session (slides, the regulation's text, a handout) for its participants to download.</summary>
public sealed class TrainingMaterial
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SessionId { get; set; }
    public required string Sha256 { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>One question of a session's short assessment: a single choice among two to six options.</summary>
public sealed class TrainingQuestion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SessionId { get; set; }
    public int Position { get; set; }
    public required string Text { get; set; }
    /// <summary>The options, one per line.</summary>
    public required string Options { get; set; }
    /// <summary>The right option's index (0-based) in <see cref="Options"/>.</summary>
    public int Answer { get; set; }

    public string[] OptionList => Options.Split('\n');
}

/// <summary>
/// An invitation to a session sent to an enterprise the platform proposed (recurring inspection findings of
/// the session's subject, a new foreign regulation or standard matched to its products), with the reason shown.
/// </summary>
public sealed class TrainingInvitation : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SessionId { get; set; }
    public Guid EnterpriseId { get; set; }
    public const int MaxReason = 500;
    public required string Reason { get; set; }
    public required string InvitedBy { get; set; }
    public DateTimeOffset InvitedAt { get; set; }
}

public static class TrainingLabels
{
    public static string Topic(TrainingTopic topic) => Text.Get(TopicZh(topic));

    /// <summary>The topic's name as printed on a certificate, whatever the reader's language.</summary>
    public static string TopicZh(TrainingTopic topic) => topic switch
    {
        TrainingTopic.ForeignStandards => "国外技术标准与法规",
        TrainingTopic.Tbt => "技术性贸易措施（TBT）",
        TrainingTopic.QualityManagement => "质量管理",
        TrainingTopic.Traceability => "质量追溯",
        TrainingTopic.Laboratory => "实验室管理与检测能力",
        TrainingTopic.ExportCompliance => "出口合规",
        _ => "观摩交流",
    };

    public static string CheckIn(CheckInMethod method) => Text.Get(method == CheckInMethod.QrCode ? "扫码签到" : "组织方登记签到");

    public static string State(RegistrationState state) => Text.Get(state switch
    {
        RegistrationState.Registered => "已报名",
        RegistrationState.Waitlisted => "候补",
        _ => "已取消",
    });
}

public sealed class TrainingConfiguration : IEntityTypeConfiguration<TrainingSession>, IEntityTypeConfiguration<TrainingRegistration>,
    IEntityTypeConfiguration<TrainingQuestion>, IEntityTypeConfiguration<TrainingInvitation>, IEntityTypeConfiguration<TrainingMaterial>
{
    public void Configure(EntityTypeBuilder<TrainingMaterial> builder)
    {
        builder.ToTable("training_materials");
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Sha256).HasMaxLength(64);
        builder.Property(m => m.FileName).HasMaxLength(255);
        builder.Property(m => m.ContentType).HasMaxLength(128);
        builder.Property(m => m.UploadedBy).HasMaxLength(256);
        builder.HasIndex(m => m.SessionId);
        builder.HasOne<TrainingSession>().WithMany().HasForeignKey(m => m.SessionId).OnDelete(DeleteBehavior.Cascade);
    }

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
        builder.Property(r => r.Comment).HasMaxLength(1000);
        builder.Property(r => r.CertificateNumber).HasMaxLength(30);
        builder.Property(r => r.CertificateCode).HasMaxLength(16);
        builder.HasIndex(r => r.CertificateNumber).IsUnique();
        builder.HasIndex(r => new { r.SessionId, r.State });
        builder.HasIndex(r => new { r.EnterpriseId, r.SessionId });
        builder.HasOne<TrainingSession>().WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Enterprise>().WithMany().HasForeignKey(r => r.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<TrainingQuestion> builder)
    {
        builder.ToTable("training_questions");
        builder.Property(q => q.Id).ValueGeneratedNever();
        builder.Property(q => q.Text).HasMaxLength(500);
        builder.Property(q => q.Options).HasMaxLength(2000);
        builder.Ignore(q => q.OptionList);
        builder.HasIndex(q => new { q.SessionId, q.Position });
        builder.HasOne<TrainingSession>().WithMany().HasForeignKey(q => q.SessionId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<TrainingInvitation> builder)
    {
        builder.ToTable("training_invitations");
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Reason).HasMaxLength(TrainingInvitation.MaxReason);
        builder.Property(i => i.InvitedBy).HasMaxLength(256);
        builder.HasIndex(i => new { i.SessionId, i.EnterpriseId }).IsUnique();
        builder.HasIndex(i => i.EnterpriseId);
        builder.HasOne<TrainingSession>().WithMany().HasForeignKey(i => i.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Enterprise>().WithMany().HasForeignKey(i => i.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
    }
}
