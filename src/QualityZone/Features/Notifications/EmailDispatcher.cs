using QualityZone.Infrastructure.Localization;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Jobs;

namespace QualityZone.Features.Notifications;

/// <summary>
/// SMTP settings (<c>Smtp:Host</c>, <c>Smtp:Port</c>, <c>Smtp:From</c>, <c>Smtp:User</c>,
/// <c>Smtp:Password</c>, <c>Smtp:Security</c> = None / StartTls / SslOnConnect / Auto,
/// <c>Smtp:BaseUrl</c> for links). Email is off unless a host and a sender are set.
/// </summary>
public sealed class EmailSettings(IConfiguration configuration)
{
    public string? Host { get; } = configuration["Smtp:Host"];
    public int Port { get; } = configuration.GetValue("Smtp:Port", 25);
    public string? From { get; } = configuration["Smtp:From"];
    public string? User { get; } = configuration["Smtp:User"];
    public string? Password { get; } = configuration["Smtp:Password"];
    public SecureSocketOptions Security { get; } = Enum.TryParse<SecureSocketOptions>(configuration["Smtp:Security"], true, out var s) ? s : SecureSocketOptions.Auto;
    /// <summary>The platform's public address, so that an email's link can be followed (https://zone.example.cn).</summary>
    public string? BaseUrl { get; } = configuration["Smtp:BaseUrl"]?.TrimEnd('/');
    public TimeSpan Interval { get; } = TimeSpan.FromSeconds(configuration.GetValue("Smtp:IntervalSeconds", 30));
    public bool Enabled => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);
}

/// <summary>
/// Sends the email copies of notifications. A failure is recorded on the notification and retried
/// on the next rounds (up to five attempts); the in-app notification is there regardless.
/// </summary>
public sealed class EmailDispatcher(IServiceScopeFactory scopes, JobLeases leases, EmailSettings settings, TimeProvider clock, ILogger<EmailDispatcher> logger)
    : ScheduledJob(scopes, leases, logger)
{
    public const int MaxAttempts = 5;

    public override string Name => "email";
    protected override TimeSpan Interval => settings.Interval;
    protected override TimeSpan FirstRunAfter => TimeSpan.Zero;
    protected override bool Enabled => settings.Enabled;

    protected override Task RunAsync(IServiceProvider services, CancellationToken ct) => SendPendingAsync(ct);

    /// <summary>Sends what is pending; returns how many were sent.</summary>
    public async Task<int> SendPendingAsync(CancellationToken ct)
    {
        if (!settings.Enabled) return 0;
        // One send at a time in this process: the scheduled run (which starts with the host) and a
        // run asked for directly would otherwise read the same pending rows and send each twice.
        await sending.WaitAsync(ct);
        try { return await SendPendingOnceAsync(ct); }
        finally { sending.Release(); }
    }

    private readonly SemaphoreSlim sending = new(1, 1);

    private async Task<int> SendPendingOnceAsync(CancellationToken ct)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var pending = await db.Notifications.Where(n => n.EmailTo != null && n.EmailSentAt == null && n.EmailAttempts < MaxAttempts)
            .OrderBy(n => n.CreatedAt).Take(200).ToListAsync(ct);
        if (pending.Count == 0) return 0;
        var sent = 0;
        var attempted = new HashSet<Guid>();
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(settings.Host!, settings.Port, settings.Security, ct);
            if (!string.IsNullOrEmpty(settings.User)) await client.AuthenticateAsync(settings.User, settings.Password ?? "", ct);
            foreach (var notification in pending)
            {
                attempted.Add(notification.Id);
                notification.EmailAttempts++;
                try
                {
                    await client.SendAsync(Message(notification), ct);
                    notification.EmailSentAt = clock.GetUtcNow();
                    notification.EmailError = null;
                    sent++;
                }
                catch (Exception ex) when (ex is SmtpCommandException or ParseException or FormatException)
                {
                    // This message was refused (a bad address, say): the others still go.
                    notification.EmailError = Truncate(ex.Message);
                }
            }
            await client.DisconnectAsync(true, ct);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or SmtpProtocolException or AuthenticationException or SslHandshakeException)
        {
            // The server is unreachable or broke off: what was not sent counts one attempt and waits for the next round.
            foreach (var notification in pending.Where(n => n.EmailSentAt is null))
            {
                if (!attempted.Contains(notification.Id)) notification.EmailAttempts++;
                notification.EmailError = Truncate(ex.Message);
            }
            logger.LogWarning(ex, "SMTP server {Host}:{Port} failed", settings.Host, settings.Port);
        }
        using (QualityZone.Infrastructure.Data.AuditActor.Use("system"))
            await db.SaveChangesAsync(CancellationToken.None);
        return sent;
    }

    private MimeMessage Message(Notification notification)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From!));
        message.To.Add(MailboxAddress.Parse(notification.EmailTo!));
        // An email is read outside the platform, where the reader's language is not known: Chinese, the users' first
        // language (the stored messages render in it), as the signature.
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = Text.Chinese;
        try
        {
            var title = Msg.Render(notification.Title);
            message.Subject = title;
            var link = notification.Link is null ? "" : "\n\n" + (settings.BaseUrl ?? "") + notification.Link;
            // <data>
            const string signature = "奉化出口气动元件质量安全示范区 · QualityZone";
            // </data>
            message.Body = new TextPart("plain") { Text = (Msg.Render(notification.Body) ?? title) + link + "\n\n-- \n" + signature };
        }
        finally { System.Globalization.CultureInfo.CurrentUICulture = culture; }
        return message;
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];
}
