using System.Data.Common;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;

namespace QualityZone.Infrastructure.Backup;

/// <summary>What a backup holds, written beside it as manifest.json: every table's row count and every file's hash.</summary>
public sealed record BackupManifest(string Format, DateTimeOffset CreatedAt, string Provider, string? LastMigration, string DatabaseFile, string DatabaseSha256,
    SortedDictionary<string, long> Tables, List<BackupFile> Files);

public sealed record BackupFile(string Path, string Sha256, long Size);

/// <summary>
/// <c>backup --to DIR</c> and <c>restore --from DIR</c> (docs/deployment.md, "Backups"). The database is copied
/// while the server runs: SQLite through its online backup API, PostgreSQL with <c>pg_dump</c> inside the snapshot
/// the row counts were taken in (so the manifest describes exactly the dump). Uploaded files are content-addressed
/// and never change, so they are copied and hashed; the data-protection keys live in the database and come along.
/// Restore goes into an empty database only, checks every hash first and every table's count after.
/// </summary>
public sealed class Backups(IConfiguration configuration, FileStore files, IServiceProvider services, ILogger<Backups> logger)
{
    public const string ManifestName = "manifest.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private DatabaseProvider Provider => DatabaseSetup.GetProvider(configuration);
    private string ConnectionString => DatabaseSetup.GetConnectionString(configuration, Provider);

    public async Task<BackupManifest> BackupAsync(string directory, CancellationToken ct)
    {
        directory = Path.GetFullPath(directory);
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            throw new InvalidOperationException($"备份目录不为空 / The backup directory is not empty: {directory}");
        Directory.CreateDirectory(directory);
        var tableNames = TableNames();
        SortedDictionary<string, long> tables;
        string databaseFile;
        if (Provider == DatabaseProvider.Sqlite)
        {
            databaseFile = "database.sqlite";
            var target = Path.Combine(directory, databaseFile);
            await using (var source = new SqliteConnection(ConnectionString))
            await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString()))
            {
                await source.OpenAsync(ct);
                await copy.OpenAsync(ct);
                // sqlite3_backup: a consistent copy page by page while the server keeps writing (WAL).
                source.BackupDatabase(copy);
            }
            await using var counted = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await counted.OpenAsync(ct);
            tables = await CountAsync(counted, tableNames, sqlite: true, ct);
        }
        else
        {
            databaseFile = "database.pgdump";
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync(ct);
            // One snapshot for the counts and the dump: pg_dump joins it with --snapshot while this transaction stays open.
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
            await using var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, transaction);
            var snapshot = (string)(await export.ExecuteScalarAsync(ct))!;
            tables = await CountAsync(connection, tableNames, sqlite: false, ct, transaction);
            await RunPgToolAsync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", $"--snapshot={snapshot}", $"--file={Path.Combine(directory, databaseFile)}"], ct);
            await transaction.CommitAsync(ct);
        }

        var copied = new List<BackupFile>();
        var filesTarget = Path.Combine(directory, "files");
        foreach (var path in Directory.Exists(files.Root) ? Directory.EnumerateFiles(files.Root, "*", SearchOption.AllDirectories) : [])
        {
            var relative = Path.GetRelativePath(files.Root, path);
            if (Path.GetFileName(path).StartsWith("tmp-", StringComparison.Ordinal)) continue; // an upload in progress
            var destination = Path.Combine(filesTarget, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(path, destination);
            copied.Add(new BackupFile(relative.Replace('\\', '/'), await HashAsync(destination, ct), new FileInfo(destination).Length));
        }

        var manifest = new BackupManifest("qualityzone-backup/1", DateTimeOffset.UtcNow, Provider.ToString(), await LastMigrationAsync(ct), databaseFile,
            await HashAsync(Path.Combine(directory, databaseFile), ct), tables, copied);
        await File.WriteAllTextAsync(Path.Combine(directory, ManifestName), JsonSerializer.Serialize(manifest, Json), ct);
        logger.LogInformation("Backup to {Directory}: {Tables} tables, {Rows} rows, {Files} files", directory, tables.Count, tables.Values.Sum(), copied.Count);
        return manifest;
    }

    /// <summary>Restores into the configured database, which must be empty; returns the tables whose count differs (none when all is well).</summary>
    public async Task<IReadOnlyList<string>> RestoreAsync(string directory, CancellationToken ct)
    {
        directory = Path.GetFullPath(directory);
        var manifestPath = Path.Combine(directory, ManifestName);
        if (!File.Exists(manifestPath)) throw new InvalidOperationException($"不是备份目录（缺少 {ManifestName}）/ Not a backup: {manifestPath} is missing");
        var manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(manifestPath, ct))
            ?? throw new InvalidOperationException("manifest.json is empty");
        if (!string.Equals(manifest.Provider, Provider.ToString(), StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"备份来自 {manifest.Provider}，当前配置为 {Provider} / The backup is of {manifest.Provider}, the configuration says {Provider}");

        // Everything is checked before anything is written.
        var databasePath = Path.Combine(directory, manifest.DatabaseFile);
        if (await HashAsync(databasePath, ct) != manifest.DatabaseSha256) throw new InvalidOperationException($"数据库文件校验失败 / {manifest.DatabaseFile} does not match its hash");
        foreach (var file in manifest.Files)
            if (await HashAsync(Path.Combine(directory, "files", file.Path), ct) != file.Sha256) throw new InvalidOperationException($"文件校验失败 / {file.Path} does not match its hash");

        if (Provider == DatabaseProvider.Sqlite)
        {
            var target = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            if (File.Exists(target) && new FileInfo(target).Length > 0) throw new InvalidOperationException($"目标数据库不为空 / The target database exists: {target}");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(databasePath, target);
        }
        else
        {
            await using (var connection = new NpgsqlConnection(ConnectionString))
            {
                await connection.OpenAsync(ct);
                await using var tablesQuery = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
                if ((long)(await tablesQuery.ExecuteScalarAsync(ct))! > 0) throw new InvalidOperationException("目标数据库不为空 / The target database has tables");
            }
            await RunPgToolAsync("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", $"--dbname={new NpgsqlConnectionStringBuilder(ConnectionString).Database}", databasePath], ct);
        }

        foreach (var file in manifest.Files)
        {
            var destination = Path.Combine(files.Root, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            if (!File.Exists(destination)) File.Copy(Path.Combine(directory, "files", file.Path), destination);
        }

        await using var check = await OpenAsync(ct);
        var restored = await CountAsync(check, manifest.Tables.Keys.ToList(), Provider == DatabaseProvider.Sqlite, ct);
        var differences = manifest.Tables.Where(t => restored.GetValueOrDefault(t.Key, -1) != t.Value)
            .Select(t => $"{t.Key}: {t.Value} → {restored.GetValueOrDefault(t.Key, -1)}").ToList();
        logger.LogInformation("Restore from {Directory}: {Tables} tables, {Files} files, {Differences} differences", directory, restored.Count, manifest.Files.Count, differences.Count);
        return differences;
    }

    /// <summary>Every table of the model plus the migrations history, by name.</summary>
    private List<string> TableNames()
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Append("__ef_migrations").Distinct().Order(StringComparer.Ordinal).ToList();
    }

    private async Task<string?> LastMigrationAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetAppliedMigrationsAsync(ct)).LastOrDefault();
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        DbConnection connection = Provider == DatabaseProvider.Sqlite ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    public static async Task<SortedDictionary<string, long>> CountAsync(DbConnection connection, IReadOnlyList<string> tables, bool sqlite, CancellationToken ct, DbTransaction? transaction = null)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT COUNT(*) FROM \"{table.Replace("\"", "\"\"")}\"";
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        return counts;
    }

    public static async Task<string> HashAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    /// <summary>pg_dump / pg_restore with the connection given through libpq's environment (the password never on a command line).</summary>
    private async Task RunPgToolAsync(string tool, IEnumerable<string> arguments, CancellationToken ct)
    {
        var connection = new NpgsqlConnectionStringBuilder(ConnectionString);
        var info = new ProcessStartInfo(configuration[$"Backup:{tool}"] ?? tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["PGHOST"] = connection.Host;
        info.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["PGUSER"] = connection.Username;
        info.Environment["PGDATABASE"] = connection.Database;
        if (connection.Password is { } password) info.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} 失败 / failed ({process.ExitCode}): {await stderr}");
    }
}
