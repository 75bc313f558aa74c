using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Accounts;

/// <summary>
/// Creates the roles and, on first start, the first administrator. There is no default password:
/// Admin:Email and Admin:Password are used when configured; otherwise a random password is
/// generated and printed once.
/// </summary>
public static class AccountBootstrap
{
    public static async Task EnsureAsync(IServiceProvider services, IConfiguration configuration, ILogger logger, CancellationToken cancellationToken)
    {
        var roleManager = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.Assignable)
        {
            if (!await roleManager.RoleExistsAsync(role)) Check(await roleManager.CreateAsync(new IdentityRole(role)));
        }

        var users = services.GetRequiredService<UserManager<AppUser>>();
        var db = services.GetRequiredService<AppDbContext>();
        var anyAdmin = await db.UserRoles.AnyAsync(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.ZoneAdmin), cancellationToken);
        if (anyAdmin) return;

        var email = configuration["Admin:Email"] ?? "admin@qualityzone.local";
        var password = configuration["Admin:Password"];
        var generated = string.IsNullOrEmpty(password);
        if (generated) password = GeneratePassword();

        var zoneOffice = await db.Departments.Where(d => d.Code == "zone-office").Select(d => (Guid?)d.Id).SingleOrDefaultAsync(cancellationToken);
        var admin = new AppUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = "建设办管理员",
            DepartmentId = zoneOffice, CreatedAt = DateTimeOffset.UtcNow,
        };
        Check(await users.CreateAsync(admin, password!));
        Check(await users.AddToRoleAsync(admin, Roles.ZoneAdmin));

        if (generated)
        {
            // Printed once, to the console only: the operator copies it and changes it after signing in.
            Console.WriteLine();
            Console.WriteLine("================================================================");
            Console.WriteLine($" 首个管理员 / First administrator: {email}");
            Console.WriteLine($" 初始密码 / Initial password:      {password}");
            Console.WriteLine(" 请登录后立即修改密码 / Change it after signing in.");
            Console.WriteLine("================================================================");
            Console.WriteLine();
        }
        logger.LogInformation("Created the first administrator {Email}", email);
    }

    public static string GeneratePassword()
    {
        // Letters and digits without look-alikes, plus the classes the password policy requires.
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
        var chars = Enumerable.Range(0, 16).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]);
        return "Qz-" + new string(chars.ToArray()) + "9a";
    }

    public static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
