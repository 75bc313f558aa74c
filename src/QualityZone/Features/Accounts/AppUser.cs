using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Features.Departments;
using QualityZone.Features.Enterprises;

namespace QualityZone.Features.Accounts;

/// <summary>
/// An account. Department staff are bound to one department, enterprise users to one enterprise;
/// the binding is what scopes their data. Accounts are deactivated, never deleted.
/// </summary>
public sealed class AppUser : IdentityUser
{
    public required string DisplayName { get; set; }
    public Guid? DepartmentId { get; set; }
    public Department? Department { get; set; }
    public Guid? EnterpriseId { get; set; }
    public Enterprise? Enterprise { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }
}

public sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(100);
        builder.HasOne(u => u.Department).WithMany().HasForeignKey(u => u.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(u => u.Enterprise).WithMany().HasForeignKey(u => u.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
    }
}
