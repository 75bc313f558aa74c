using QualityZone.Infrastructure.Modules;

namespace QualityZone.Features.Meetings;

/// <summary>Joint meetings (联席会议, tasks 4 and 5) and their resolutions.</summary>
public sealed class MeetingsModule : IModule
{
    public int Order => 85;

    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddScoped<MeetingCommands>().AddScoped<Actions.IActionPanel, MeetingActionPanel>();

    public IReadOnlyList<NavigationEntry> Navigation => [new("supervision", 0, "/meetings", "联席会议", MeetingsPermissions.View)];
}
