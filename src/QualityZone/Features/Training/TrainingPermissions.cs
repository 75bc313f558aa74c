using QualityZone.Infrastructure.Auth;

namespace QualityZone.Features.Training;

public sealed class TrainingPermissions : IModulePermissions
{
    /// <summary>Sessions; an enterprise sees its own registrations, the member units all.</summary>
    public const string Read = "Training.Read";
    /// <summary>An enterprise registers its staff and checks them in at the venue.</summary>
    public const string Register = "Training.Register";
    /// <summary>Organize sessions and mark attendance: the office, the departments (task 18's leads), the association and the testing center.</summary>
    public const string Organize = "Training.Organize";
    /// <summary>Anyone reads the sessions open to the whole industry (the portal's training calendar).</summary>
    public const string Browse = "Training.Browse";

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(Read, "查看培训（企业仅本企业的报名）", [.. Roles.Staff, Roles.EnterpriseUser]),
        new(Register, "为本企业人员报名培训、扫码签到", Roles.EnterpriseUser),
        new(Organize, "组织培训、登记签到", Roles.Staff),
        new(Browse, "查看面向全行业开放的培训", Roles.Public),
    ];
}
