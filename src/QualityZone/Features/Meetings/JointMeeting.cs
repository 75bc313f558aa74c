using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Meetings;

public enum MeetingState { Scheduled, Held }

/// <summary>
/// A joint meeting of the member units (联席会议, seed task 4: "建立联席会议制度，及时解决示范区建设中的问题"):
/// who was invited and who came, the agenda, the minutes; its resolutions are corrective actions of
/// source Meeting with an owner department and a due date, so they are tracked like any other action.
/// </summary>
public sealed class JointMeeting
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Title { get; set; }
    public DateTimeOffset ScheduledAt { get; set; }
    public string? Location { get; set; }
    public string? Agenda { get; set; }
    public string? Minutes { get; set; }
    public MeetingState State { get; set; } = MeetingState.Scheduled;
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }
    public List<MeetingAttendee> Attendees { get; set; } = [];
}

/// <summary>A member unit invited to a meeting, whether it attended, and who represented it.</summary>
public sealed class MeetingAttendee : IAggregatePart
{
    Guid IAggregatePart.AggregateId => MeetingId;
    public Guid MeetingId { get; set; }
    public Guid DepartmentId { get; set; }
    public bool Attended { get; set; }
    public string? Representative { get; set; }
}

public static class MeetingLabels
{
    public static string State(MeetingState state) => Text.Get(state == MeetingState.Held ? "已召开" : "待召开");
}

public sealed class MeetingsConfiguration : IEntityTypeConfiguration<JointMeeting>, IEntityTypeConfiguration<MeetingAttendee>
{
    public void Configure(EntityTypeBuilder<JointMeeting> builder)
    {
        builder.ToTable("joint_meetings");
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Title).HasMaxLength(200);
        builder.Property(m => m.Location).HasMaxLength(200);
        builder.Property(m => m.Agenda).HasMaxLength(4000);
        builder.Property(m => m.Minutes).HasMaxLength(20000);
        builder.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.CreatedBy).HasMaxLength(256);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasIndex(m => m.ScheduledAt);
        builder.HasMany(m => m.Attendees).WithOne().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<MeetingAttendee> builder)
    {
        builder.ToTable("joint_meeting_attendees");
        builder.HasKey(a => new { a.MeetingId, a.DepartmentId });
        builder.Property(a => a.Representative).HasMaxLength(100);
        builder.HasOne<Departments.Department>().WithMany().HasForeignKey(a => a.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>The model of the resolutions table: the actions, department names, today (for overdue).</summary>
public sealed record ResolutionTable(IReadOnlyList<Actions.CorrectiveAction> Actions, IReadOnlyDictionary<Guid, string> Departments, DateOnly Today);
