using QualityZone.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Notifications;

/// <summary>An in-app notification to one user (reminders, decisions, new assignments).</summary>
[CachedIn("notifications")]
public sealed class Notification
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string UserId { get; set; }
    public required string Title { get; set; }
    public string? Body { get; set; }
    public string? Link { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    /// <summary>Where an email copy goes (set when SMTP is configured); sent by <see cref="EmailDispatcher"/>.</summary>
    public string? EmailTo { get; set; }
    public DateTimeOffset? EmailSentAt { get; set; }
    public int EmailAttempts { get; set; }
    public string? EmailError { get; set; }
}

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.UserId).HasMaxLength(450);
        builder.Property(n => n.Title).HasMaxLength(1000);
        builder.Property(n => n.Body).HasMaxLength(2000);
        builder.Property(n => n.Link).HasMaxLength(500);
        builder.Property(n => n.EmailTo).HasMaxLength(256);
        builder.Property(n => n.EmailError).HasMaxLength(500);
        builder.HasIndex(n => new { n.UserId, n.ReadAt });
        builder.HasIndex(n => new { n.EmailSentAt, n.EmailAttempts });
    }
}

public sealed class NotificationsPermissions : IModulePermissions
{
    public const string Own = "Notifications.Own";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(Own, "查看本人的消息提醒", Roles.Assignable),
    ];
}

/// <summary>
/// Sends notifications: in the app always, and as email too when SMTP is configured (the copy is
/// queued on the notification itself and sent by <see cref="EmailDispatcher"/>, so a mail server
/// that is down delays the email without losing it). Titles (and generated bodies) are stored as messages (<see cref="Msg"/>)
/// and read in each reader's language; a body a person wrote is kept as written.
/// </summary>
public sealed class NotificationService(AppDbContext db, TimeProvider clock, EmailSettings email, ReadCache cache)
{
    /// <summary>Notifies every active user of the given enterprises; returns how many were notified.</summary>
    public async Task<int> NotifyEnterprisesAsync(IReadOnlyCollection<Guid> enterpriseIds, Msg title, string? body, Func<Guid, string?> link, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Where(u => u.IsActive && u.EnterpriseId != null && enterpriseIds.Contains(u.EnterpriseId.Value))
            .Select(u => new { u.Id, u.Email, EnterpriseId = u.EnterpriseId!.Value }).ToListAsync(ct);
        Add(users.Select(u => (u.Id, (string?)u.Email, link(u.EnterpriseId))), title, body);
        await db.SaveChangesAsync(ct);
        return users.Count;
    }

    /// <summary>Notifies the active staff of a department (the owner of an action, say); saved with the caller's next SaveChanges.</summary>
    public async Task<int> NotifyDepartmentAsync(Guid departmentId, Msg title, string? body, string? link, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Where(u => u.IsActive && u.DepartmentId == departmentId).Select(u => new { u.Id, u.Email }).ToListAsync(ct);
        Add(users.Select(u => (u.Id, (string?)u.Email, link)), title, body);
        return users.Count;
    }

    /// <summary>Notifies the active users holding a role (the zone office, say); saved with the caller's next SaveChanges.</summary>
    public async Task<int> NotifyRoleAsync(string role, Msg title, string? body, string? link, CancellationToken ct)
    {
        var users = await (from u in db.Users
                           join ur in db.UserRoles on u.Id equals ur.UserId
                           join r in db.Roles on ur.RoleId equals r.Id
                           where r.Name == role && u.IsActive
                           select new { u.Id, u.Email }).ToListAsync(ct);
        Add(users.Select(u => (u.Id, (string?)u.Email, link)), title, body);
        return users.Count;
    }

    private void Add(IEnumerable<(string UserId, string? Email, string? Link)> recipients, Msg title, string? body)
    {
        var now = clock.GetUtcNow();
        db.Notifications.AddRange(recipients.Select(r => new Notification
        {
            UserId = r.UserId, Title = title.Store(), Body = body, Link = r.Link, CreatedAt = now, EmailTo = email.Enabled && !string.IsNullOrEmpty(r.Email) ? r.Email : null,
        }));
    }

    /// <summary>The header's badge on every page: kept in memory until a notification is added or read (ReadCache).</summary>
    public Task<int> UnreadCountAsync(string userId, CancellationToken ct) =>
        cache.GetAsync("notifications.unread." + userId, ["notifications"], c => db.Notifications.AsNoTracking().CountAsync(n => n.UserId == userId && n.ReadAt == null, c), ct);
}
