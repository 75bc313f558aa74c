using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Meetings;

public sealed class MeetingsPermissions : IModulePermissions
{
    /// <summary>Joint meetings, their minutes and resolutions: the member units.</summary>
    public const string View = "Meetings.View";
    /// <summary>Schedule meetings, record minutes and resolutions: the zone office, which convenes them.</summary>
    public const string Manage = "Meetings.Manage";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(View, "查看联席会议、纪要与决议", Roles.Staff),
        new(Manage, "召集联席会议，记录纪要与决议", Roles.ZoneAdmin),
    ];
}
