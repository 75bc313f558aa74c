namespace QualityZone.Infrastructure.Auth;

/// <summary>
/// The platform's roles (architecture.md, "Authorization"). <see cref="Public"/> is the anonymous
/// visitor: it is never assigned to an account, only named in permission grants.
/// </summary>
public static class Roles
{
    public const string ZoneAdmin = "zone-admin";
    public const string DepartmentStaff = "department-staff";
    public const string AssociationStaff = "association-staff";
    public const string TestingCenterStaff = "testing-center-staff";
    public const string EnterpriseUser = "enterprise-user";
    public const string Public = "public";

    /// <summary>Roles an account can hold.</summary>
    public static readonly string[] Assignable = [ZoneAdmin, DepartmentStaff, AssociationStaff, TestingCenterStaff, EnterpriseUser];

    /// <summary>Every role including the anonymous public, for the authorization matrix.</summary>
    public static readonly string[] All = [.. Assignable, Public];

    /// <summary>Staff of government departments and service bodies: every role but enterprises and the public.</summary>
    public static readonly string[] Staff = [ZoneAdmin, DepartmentStaff, AssociationStaff, TestingCenterStaff];

    public static string DisplayName(string role) => role switch
    {
        ZoneAdmin => "建设办管理员",
        DepartmentStaff => "部门工作人员",
        AssociationStaff => "协会工作人员",
        TestingCenterStaff => "检测中心工作人员",
        EnterpriseUser => "企业用户",
        Public => "公众",
        _ => role,
    };
}

/// <summary>Claim types the platform adds at sign-in.</summary>
public static class AppClaims
{
    public const string DepartmentId = "qz:department";
    public const string EnterpriseId = "qz:enterprise";
    public const string DisplayName = "qz:display-name";
}
