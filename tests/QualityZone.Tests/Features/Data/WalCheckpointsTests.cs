using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QualityZone.Infrastructure.Data;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Data;

/// <summary>
/// SQLite's write-ahead log is copied back into the database file by the background
/// <see cref="WalCheckpointer"/>, not by the request whose commit crossed 1,000 pages (issue 20,
/// issue 22); and the large writers queue at the <see cref="WriteGate"/> instead of polling
/// SQLite's lock. Observed through the database file: a checkpoint is what makes it grow.
/// </summary>
public sealed class WalCheckpointsTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private long DatabaseFileBytes() => new FileInfo(Path.Combine(factory.DataDirectory, "qualityzone.db")).Length;

    /// <summary>About 10 MB in one transaction: 2,500 pages, well past SQLite's default checkpoint threshold of 1,000.</summary>
    private Task WriteLargeTransactionAsync() => factory.WithDbAsync(async db =>
    {
        await using var transaction = await db.Database.BeginTransactionAsync(Ct);
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS wal_probe (x BLOB)", Ct);
        await db.Database.ExecuteSqlRawAsync(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500) INSERT INTO wal_probe SELECT randomblob(4000) FROM n", Ct);
        await transaction.CommitAsync(Ct);
    });

    [Fact]
    public async Task Every_connection_leaves_checkpoints_to_the_background_which_copies_the_log_into_the_file()
    {
        // The settings are on the platform's connections, EF's and the raw ones.
        var autocheckpoint = await factory.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync(Ct);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA wal_autocheckpoint";
            return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
        });
        Assert.Equal(WalCheckpoints.SafetyNetPages, autocheckpoint);
        var sql = factory.Services.GetRequiredService<RawSql>();
        await using (var connection = await sql.OpenAsync(Ct))
        await using (var command = sql.Command(connection, "PRAGMA wal_autocheckpoint", []))
            Assert.Equal((long)WalCheckpoints.SafetyNetPages, Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture));

        // While the checkpointer runs, a large commit reaches the database file soon after.
        var before = DatabaseFileBytes();
        await WriteLargeTransactionAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DatabaseFileBytes() < before + 8_000_000 && DateTime.UtcNow < deadline) await Task.Delay(50, Ct);
        Assert.True(DatabaseFileBytes() >= before + 8_000_000, $"the background checkpointer did not copy the log into the file within 30 s ({before:N0} → {DatabaseFileBytes():N0} bytes)");

        // With the checkpointer stopped, the commit itself does not checkpoint: the file stays as it was until a checkpoint runs.
        var checkpointer = factory.Services.GetServices<IHostedService>().OfType<WalCheckpointer>().Single();
        await checkpointer.StopAsync(Ct);
        before = DatabaseFileBytes();
        await WriteLargeTransactionAsync();
        Assert.True(DatabaseFileBytes() < before + 1_000_000, $"the committing connection checkpointed itself ({before:N0} → {DatabaseFileBytes():N0} bytes)");
        await using (var connection = await sql.OpenAsync(Ct))
        {
            var (log, checkpointed) = await WalCheckpointer.CheckpointAsync(connection, Ct);
            Assert.True(log >= 2_500 && checkpointed == log, $"a checkpoint copies every frame: {checkpointed} of {log}");
        }
        Assert.True(DatabaseFileBytes() >= before + 8_000_000, $"after the checkpoint the file holds the write ({before:N0} → {DatabaseFileBytes():N0} bytes)");
    }

    [Fact]
    public async Task The_write_gate_lets_one_large_writer_in_at_a_time_and_opens_when_its_transaction_ends()
    {
        var gate = factory.Services.GetRequiredService<WriteGate>();
        await using var firstScope = factory.Services.CreateAsyncScope();
        await using var secondScope = factory.Services.CreateAsyncScope();
        var first = await gate.BeginTransactionAsync(firstScope.ServiceProvider.GetRequiredService<AppDbContext>(), Ct);
        var second = gate.BeginTransactionAsync(secondScope.ServiceProvider.GetRequiredService<AppDbContext>(), Ct);
        Assert.False(second.IsCompleted, "a second writer began while the first held the gate");
        await first.DisposeAsync(); // ended without a commit (a refused document): the gate opens all the same
        await using var secondTransaction = await second.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await secondTransaction.CommitAsync(Ct);
    }
}
