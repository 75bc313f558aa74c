using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Notifications;

/// <summary>In-app notifications, each also emailed by a background dispatcher when SMTP is configured.</summary>
public sealed class NotificationsModule : IModule
{
    public int Order => 25;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<NotificationService>();
        services.AddSingleton<EmailSettings>();
        services.AddSingleton<EmailDispatcher>();
        // Always on (not a scheduled job): a queued email is sent whatever Jobs:Enabled says.
        services.AddHostedService(sp => sp.GetRequiredService<EmailDispatcher>());
    }
}
