using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Audit;

public enum SecurityEventKind { SignedIn, SignInFailed, LockedOut, SignedOut }

/// <summary>
/// 安全日志: sign-ins, failed and refused sign-ins and sign-outs, kept apart from the audit trail of business data
/// (issue 21: they flooded it as changes of the user record). 《信息安全技术 网络安全等级保护基本要求》 (GB/T 22239—2019,
/// 8.1.4.3 安全审计) asks for these events with date, time, user, type and outcome.
/// </summary>
public sealed class SecurityEvent
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public SecurityEventKind Kind { get; set; }
    public string? UserId { get; set; }
    /// <summary>The account's email, or what was typed for an unknown one (never the password).</summary>
    public required string Account { get; set; }
    public string? DisplayName { get; set; }
    public string? RemoteAddress { get; set; }
    public string? UserAgent { get; set; }
}

public sealed class SecurityEventConfiguration : IEntityTypeConfiguration<SecurityEvent>
{
    public void Configure(EntityTypeBuilder<SecurityEvent> builder)
    {
        builder.ToTable("security_events");
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.UserId).HasMaxLength(450);
        builder.Property(e => e.Account).HasMaxLength(256);
        builder.Property(e => e.DisplayName).HasMaxLength(256);
        builder.Property(e => e.RemoteAddress).HasMaxLength(64);
        builder.Property(e => e.UserAgent).HasMaxLength(512);
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.Account, e.At });
    }
}

/// <summary>Writes the security log: one row per event, saved at once and never through the audit trail.</summary>
public sealed class SecurityLog(AppDbContext db, TimeProvider clock, IHttpContextAccessor http)
{
    public async Task RecordAsync(SecurityEventKind kind, string account, string? userId = null, string? displayName = null, CancellationToken ct = default)
    {
        var request = http.HttpContext;
        db.SecurityEvents.Add(new SecurityEvent
        {
            At = clock.GetUtcNow(), Kind = kind, UserId = userId, Account = Clip(account.Trim(), 256)!, DisplayName = Clip(displayName, 256),
            RemoteAddress = request?.Connection.RemoteIpAddress?.ToString(), UserAgent = Clip(request?.Request.Headers.UserAgent.ToString(), 512),
        });
        await db.SaveChangesAsync(ct);
    }

    private static string? Clip(string? text, int length) => text is null ? null : text.Length <= length ? text : text[..length];
}
