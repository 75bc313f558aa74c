using Microsoft.AspNetCore.Identity;
using QualityZone.Features.Accounts;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Demo;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Infrastructure.Cli;

/// <summary>
/// Verbs of the same executable (README, "Command line"):
/// <c>token create --email E [--name N] [--days D]</c>, <c>seed-demo [--password P] [--enterprises N] [--months M] [--lines L] [--batches B]</c>, <c>migrate</c>, <c>rebuild-rollups</c>,
/// <c>backup --to DIR</c>, <c>restore --from DIR</c>.
/// They use the same configuration as the server, so they act on the same database.
/// </summary>
public static class CliVerbs
{
    private static readonly string[] Verbs = ["token", "seed-demo", "migrate", "rebuild-rollups", "backup", "restore"];

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        try
        {
            // A backup reads the database as it is; a restore writes into an empty one: neither migrates nor seeds first.
            if (args[0] is "backup" or "restore") return await BackupVerbAsync(app.Services, args);
            await app.InitializeAsync();
            using var actor = AuditActor.Use("cli");
            await using var scope = app.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            switch (args[0])
            {
                case "migrate":
                    Console.WriteLine("数据库已是最新 / The database is up to date.");
                    return 0;
                case "rebuild-rollups":
                    var cells = await Features.ExportArchives.ExportRollupCell.RebuildAsync(services.GetRequiredService<AppDbContext>(), CancellationToken.None);
                    Console.WriteLine($"汇总表已按生效明细重建 / Rollups rebuilt from the effective lines: {cells} cells");
                    return 0;
                case "token" when args.Length > 1 && args[1] == "create":
                    return await CreateTokenAsync(services, args);
                case "seed-demo":
                    return await SeedDemoAsync(services, args);
                default:
                    Console.Error.WriteLine("用法 / usage: token create --email <user> [--name <name>] [--days <n>] | seed-demo [--password <p>] [--enterprises <n>] [--months <m>] [--lines <per month>] [--batches <per enterprise>] | migrate | rebuild-rollups | backup --to <dir> | restore --from <dir>");
                    return 2;
            }
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }

    private static async Task<int> BackupVerbAsync(IServiceProvider services, string[] args)
    {
        var backups = ActivatorUtilities.CreateInstance<Backup.Backups>(services);
        if (args[0] == "backup")
        {
            if (Option(args, "--to") is not { } to) { Console.Error.WriteLine("缺少 --to / --to is required"); return 2; }
            var manifest = await backups.BackupAsync(to, CancellationToken.None);
            Console.WriteLine($"备份完成 / Backed up: {manifest.Tables.Count} tables, {manifest.Tables.Values.Sum()} rows, {manifest.Files.Count} files → {Path.GetFullPath(to)}");
            return 0;
        }
        if (Option(args, "--from") is not { } from) { Console.Error.WriteLine("缺少 --from / --from is required"); return 2; }
        var differences = await backups.RestoreAsync(from, CancellationToken.None);
        if (differences.Count > 0)
        {
            Console.Error.WriteLine("恢复后行数与备份清单不符 / Row counts differ from the manifest:\n" + string.Join("\n", differences));
            return 1;
        }
        Console.WriteLine($"恢复完成，各表行数与备份清单一致 / Restored; every table's count matches the manifest ({Path.GetFullPath(from)})");
        return 0;
    }

    private static async Task<int> CreateTokenAsync(IServiceProvider services, string[] args)
    {
        var email = Option(args, "--email");
        if (email is null)
        {
            Console.Error.WriteLine("缺少 --email / --email is required");
            return 2;
        }
        var user = await services.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
        if (user is null || !user.IsActive)
        {
            Console.Error.WriteLine($"用户不存在或已停用 / No active user {email}");
            return 1;
        }
        int? days = int.TryParse(Option(args, "--days"), out var d) ? d : null;
        var result = await services.GetRequiredService<ApiTokenService>().CreateAsync(user.Id, Option(args, "--name") ?? "CLI", days, CancellationToken.None);
        if (result.Error is not null)
        {
            Console.Error.WriteLine(result.Error);
            return 1;
        }
        // The token alone on stdout, so scripts can capture it: TOKEN=$(... token create ...)
        Console.WriteLine(result.PlainText);
        return 0;
    }

    private static async Task<int> SeedDemoAsync(IServiceProvider services, string[] args)
    {
        var seeder = ActivatorUtilities.CreateInstance<DemoSeeder>(services);
        var options = new DemoSeeder.Options(
            Password: Option(args, "--password"),
            Enterprises: int.TryParse(Option(args, "--enterprises"), out var n) ? n : 300,
            ReturnMonths: int.TryParse(Option(args, "--months"), out var months) ? months : 60,
            LinesPerMonth: int.TryParse(Option(args, "--lines"), out var lines) ? lines : 8)
        {
            // --batches N: N production batches for every enterprise (the bench's scale); by default the named demo enterprises get more.
            BatchesPerEnterprise = int.TryParse(Option(args, "--batches"), out var batches) ? batches : 40,
            NamedBatches = int.TryParse(Option(args, "--batches"), out var all) ? all : 2000,
            // --actions N: N more corrective actions over five years, and a tenth as many risks (the bench's scale).
            ExtraActions = int.TryParse(Option(args, "--actions"), out var actions) ? actions : 0,
            // --test-requests N: N more test requests over three years with ten results each (the bench's scale).
            ExtraTestRequests = int.TryParse(Option(args, "--test-requests"), out var tests) ? tests : 0,
            // --training-sessions N: N more past sessions with 100 participants each, all present (the bench's scale).
            ExtraTrainingSessions = int.TryParse(Option(args, "--training-sessions"), out var sessions) ? sessions : 0,
        };
        var accounts = await seeder.SeedAsync(options, CancellationToken.None);
        Console.WriteLine("演示账号 / Demo accounts:");
        foreach (var account in accounts)
            Console.WriteLine($"  {account.Email,-26} {account.Password,-24} {account.Role,-22} {account.DisplayName}");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
