using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Notifications;

/// <summary>An in-app notification to one user (reminders, decisions, new assignments).</summary>
public sealed class Notification
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string UserId { get; set; }
    public required string Title { get; set; }
    public string? Body { get; set; }
    public string? Link { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.UserId).HasMaxLength(450);
        builder.Property(n => n.Title).HasMaxLength(200);
        builder.Property(n => n.Body).HasMaxLength(2000);
        builder.Property(n => n.Link).HasMaxLength(500);
        builder.HasIndex(n => new { n.UserId, n.ReadAt });
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
/// Sends notifications. Texts are stored in Chinese, the users' language; email delivery is for
/// when SMTP is configured (not yet built).
/// </summary>
public sealed class NotificationService(AppDbContext db, TimeProvider clock)
{
    /// <summary>Notifies every active user of the given enterprises; returns how many were notified.</summary>
    public async Task<int> NotifyEnterprisesAsync(IReadOnlyCollection<Guid> enterpriseIds, string title, string? body, Func<Guid, string?> link, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Where(u => u.IsActive && u.EnterpriseId != null && enterpriseIds.Contains(u.EnterpriseId.Value))
            .Select(u => new { u.Id, EnterpriseId = u.EnterpriseId!.Value }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        db.Notifications.AddRange(users.Select(u => new Notification { UserId = u.Id, Title = title, Body = body, Link = link(u.EnterpriseId), CreatedAt = now }));
        await db.SaveChangesAsync(ct);
        return users.Count;
    }

    public Task<int> UnreadCountAsync(string userId, CancellationToken ct) =>
        db.Notifications.AsNoTracking().CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);
}
