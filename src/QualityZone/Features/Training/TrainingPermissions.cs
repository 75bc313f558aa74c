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

    public static IReadOnlyList<Permission> All { get; } =
    [
        new(Read, "查看培训（企业仅本企业的报名）", [.. Roles.Staff, Roles.EnterpriseUser]),
        new(Register, "为本企业人员报名培训、扫码签到", Roles.EnterpriseUser),
        new(Organize, "组织培训、登记签到", Roles.Staff),
    ];
}
