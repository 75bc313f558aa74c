using QualityZone.Infrastructure.Localization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Features.ExportArchives;
using QualityZone.Features.Notifications;
using QualityZone.Infrastructure.Auth;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Notifications;

/// <summary>
/// A minimal SMTP server on a loopback port (RFC 5321 commands, no extensions) that keeps what it
/// receives, so the email copies of notifications are checked end to end through MailKit.
/// </summary>
public sealed class FakeSmtpServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    public List<string> Messages { get; } = [];
    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public FakeSmtpServer()
    {
        listener.Start();
        _ = AcceptAsync();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token); }
            catch (OperationCanceledException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 fake.smtp ready");
        while (await reader.ReadLineAsync() is { } line)
        {
            var command = line.Split(' ')[0].ToUpperInvariant();
            if (command == "DATA")
            {
                await writer.WriteLineAsync("354 end with .");
                var message = new StringBuilder();
                while (await reader.ReadLineAsync() is { } data && data != ".") message.AppendLine(data);
                lock (Messages) Messages.Add(message.ToString());
                await writer.WriteLineAsync("250 queued");
            }
            else if (command == "QUIT") { await writer.WriteLineAsync("221 bye"); return; }
            else await writer.WriteLineAsync(command is "EHLO" or "HELO" ? "250 fake.smtp" : "250 ok");
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
    }
}

public sealed class SmtpAppFactory : AppFactory
{
    public FakeSmtpServer Smtp { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", Smtp.Port.ToString());
        builder.UseSetting("Smtp:Security", "None");
        builder.UseSetting("Smtp:From", "zone-office@qualityzone.test");
        builder.UseSetting("Smtp:BaseUrl", "https://zone.example.cn");
        builder.UseSetting("Smtp:IntervalSeconds", "3600");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Smtp.Dispose();
    }
}

public sealed class EmailTests(SmtpAppFactory factory) : IClassFixture<SmtpAppFactory>
{
    [Fact]
    public async Task A_reminder_is_emailed_to_the_enterprise_and_the_office_when_smtp_is_configured()
    {
        var ct = TestContext.Current.CancellationToken;
        var enterprise = await factory.CreateEnterpriseAsync("奉化邮件提醒测试气动有限公司");
        var email = await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise);
        await factory.WithDbAsync(async db =>
        {
            var e = await db.Enterprises.SingleAsync(x => x.Id == enterprise, ct);
            e.Admit("FH-2020-0001", new DateOnly(2020, 1, 1), "测试", null, "测试", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(ct);
        });
        var period = DateTime.UtcNow.AddMonths(-3).ToString("yyyy-MM");
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ReturnReminders>().RemindAsync(period, force: false, ct);

        // The scheduled run starts with the host and may pick the reminders up first on a loaded
        // machine; sends are serialised, so once this call returns everything pending has gone,
        // whichever run sent it. What counts is what the server received.
        await factory.Services.GetRequiredService<EmailDispatcher>().SendPendingAsync(ct);
        Assert.True(factory.Smtp.Messages.Count >= 2, $"received {factory.Smtp.Messages.Count}"); // the enterprise's user and the office
        var toEnterprise = MimeKit.MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(factory.Smtp.Messages.Single(m => m.Contains(email)))), ct);
        Assert.Equal($"请尽快报送 {period} 出口质量月报", toEnterprise.Subject);
        Assert.Contains("https://zone.example.cn/archives/returns/edit?enterprise=", toEnterprise.TextBody);
        Assert.Contains(factory.Smtp.Messages, m => m.Contains(AppFactory.AdminEmail));
        // Sent once: nothing is pending any more.
        Assert.Equal(0, await factory.Services.GetRequiredService<EmailDispatcher>().SendPendingAsync(ct));
        var notification = await factory.WithDbAsync(db => (from n in db.Notifications join u in db.Users on n.UserId equals u.Id where u.Email == email select n).SingleAsync(ct));
        Assert.NotNull(notification.EmailSentAt);
        Assert.Equal(1, notification.EmailAttempts);

        // Issue 21: stored as a message, the notification reads in each reader's language (sent by a job in Chinese).
        var reader = await factory.SignInAsync(email);
        string Listed(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelector("main")!.TextContent;
        Assert.Contains($"请尽快报送 {period} 出口质量月报", Listed(await AppFactory.GetDocumentAsync(reader, "/notifications")));
        await reader.GetAsync("/culture/en", ct);
        var english = Listed(await AppFactory.GetDocumentAsync(reader, "/notifications"));
        Assert.Contains(Text.EnglishTranslations["请尽快报送 {0} 出口质量月报"].Replace("{0}", period), english);
        Assert.DoesNotContain("出口质量月报", english);
    }
}
