using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Backup;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Data;

/// <summary>
/// Issue 19, item 10: a running zone is backed up by the CLI while it takes writes, restored by the CLI into an
/// empty database and file directory, and every table's count and every file's hash are compared with the manifest.
/// </summary>
public abstract class BackupRestoreTests<TFactory>(TFactory factory) where TFactory : AppFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<ChildProcess.Result> CliAsync(Dictionary<string, string> settings, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "QualityZone.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (key, value) in settings) info.Environment[key] = value;
        info.Environment.Remove("Admin__Email");
        info.Environment.Remove("Admin__Password");
        // About 2 s each on a quiet machine; two minutes allows for a loaded one.
        return await ChildProcess.RunAsync(info, TimeSpan.FromMinutes(2), "qualityzone " + string.Join(' ', args));
    }

    [Fact]
    public async Task A_running_zone_is_backed_up_under_writes_and_restored_into_an_empty_one_with_every_count_and_file()
    {
        factory.RequireDatabase();
        var configuration = factory.Services.GetRequiredService<IConfiguration>();
        var provider = DatabaseSetup.GetProvider(configuration);
        var sourceConnection = configuration.GetConnectionString("Main") ?? "";

        // Something in every corner: enterprises, a notice, a stored file.
        var staff = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.AssociationStaff, "association")));
        var imported = await staff.PostAsync("/api/notices/import", new ByteArrayContent("""[{"RecallNumber":"BK-1","RecallID":515151,"Title":"Backup","RecallDate":"2026-01-05"}]"""u8.ToArray()), Ct);
        Assert.True(imported.IsSuccessStatusCode);
        var store = factory.Services.GetRequiredService<FileStore>();
        for (var i = 0; i < 3; i++) await store.SaveAsync(new MemoryStream(QualityZone.Infrastructure.Demo.DemoSeeder.MinimalPdf($"backup {i} {Guid.NewGuid()}")), $"证据{i}.pdf", Ct);

        // Writes go on while the backup runs.
        using var stop = new CancellationTokenSource();
        var writes = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await factory.CreateEnterpriseAsync($"备份期间写入气动{Interlocked.Increment(ref writes)}有限公司");
                await Task.Delay(20, CancellationToken.None);
            }
        }, CancellationToken.None);

        var backupDirectory = Path.Combine(Path.GetTempPath(), "qz-backup-" + Guid.NewGuid().ToString("N"));
        var restoreDirectory = Path.Combine(Path.GetTempPath(), "qz-restore-" + Guid.NewGuid().ToString("N"));
        string? restoreDatabase = null;
        try
        {
            var source = new Dictionary<string, string>
            {
                ["Database__Provider"] = provider.ToString(), ["Database__DataDirectory"] = factory.DataDirectory, ["ConnectionStrings__Main"] = sourceConnection,
            };
            var backup = await CliAsync(source, "backup", "--to", backupDirectory);
            stop.Cancel();
            await writer;
            Assert.True(backup.ExitCode == 0, backup.Stderr + backup.Stdout);
            Assert.True(writes > 0, "no write happened during the backup");

            var manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(Path.Combine(backupDirectory, Backups.ManifestName), Ct))!;
            Assert.True(manifest.Tables["enterprises"] > 0);
            Assert.True(manifest.Tables["DataProtectionKeys"] > 0, "the keys that sign the cookies are part of the backup");
            Assert.True(manifest.Files.Count >= 3);

            // An empty target: a new data directory, and for PostgreSQL a new database.
            var target = new Dictionary<string, string> { ["Database__Provider"] = provider.ToString(), ["Database__DataDirectory"] = restoreDirectory, ["ConnectionStrings__Main"] = "" };
            if (provider == DatabaseProvider.Postgres)
            {
                restoreDatabase = "qz_restore_" + Guid.NewGuid().ToString("N")[..12];
                await using var admin = new NpgsqlConnection(AppFactory.PostgresServer);
                await admin.OpenAsync(Ct);
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{restoreDatabase}\"", admin);
                await create.ExecuteNonQueryAsync(Ct);
                target["ConnectionStrings__Main"] = new NpgsqlConnectionStringBuilder(AppFactory.PostgresServer) { Database = restoreDatabase }.ToString();
            }
            var restore = await CliAsync(target, "restore", "--from", backupDirectory);
            Assert.True(restore.ExitCode == 0, restore.Stderr + restore.Stdout);

            // Counted again here, independently of the verb's own check.
            await using DbConnection restored = provider == DatabaseProvider.Sqlite
                ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(restoreDirectory, "qualityzone.db"), Pooling = false }.ToString())
                : new NpgsqlConnection(target["ConnectionStrings__Main"]);
            await restored.OpenAsync(Ct);
            var counts = await Backups.CountAsync(restored, manifest.Tables.Keys.ToList(), provider == DatabaseProvider.Sqlite, Ct);
            Assert.Equal(manifest.Tables, counts);
            foreach (var file in manifest.Files)
                Assert.Equal(file.Sha256, await Backups.HashAsync(Path.Combine(restoreDirectory, "files", file.Path), Ct));

            // A second restore into the now full target is refused and changes nothing.
            var again = await CliAsync(target, "restore", "--from", backupDirectory);
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("不为空", again.Stderr);
        }
        finally
        {
            stop.Cancel();
            await writer;
            NpgsqlConnection.ClearAllPools();
            SqliteConnection.ClearAllPools();
            if (restoreDatabase is not null)
            {
                await using var admin = new NpgsqlConnection(AppFactory.PostgresServer);
                await admin.OpenAsync(CancellationToken.None);
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{restoreDatabase}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync(CancellationToken.None);
            }
            foreach (var directory in new[] { backupDirectory, restoreDirectory })
                if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}

public sealed class BackupRestoreSqliteTests(AppFactory factory) : BackupRestoreTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class BackupRestorePostgresTests(PostgresAppFactory factory) : BackupRestoreTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
