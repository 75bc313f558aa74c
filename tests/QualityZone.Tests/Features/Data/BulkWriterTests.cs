using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using QualityZone.Features.Traceability;
using QualityZone.Infrastructure.Data;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Data;

/// <summary>
/// BulkWriter (issue 22) writes rows past EF — on SQLite one INSERT bound by position and stepped
/// through SQLitePCL, falling back to Microsoft.Data.Sqlite's parameters for values it does not
/// bind itself. What it stores must read back through EF exactly as written, whatever the text.
/// </summary>
public abstract class BulkWriterTests<TFactory>(TFactory factory) where TFactory : AppFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Text that a naive writer would mangle: quotes, backslashes, control characters,
    // characters outside the BMP, Chinese, a JSON-looking value, a long value, an empty one.
    private static readonly string[] Texts =
    [
        "总装", "气密性检验 \"A\" 线", @"C:\夹具\2 号", "line\nbreak\ttab\r", "😀 emoji 𠀀", "[1,2,{\"x\":null}]", "'; DROP TABLE batch_steps; --",
        new string('长', 100), "", "\u0001\u001f", "ünïcödé",
    ];

    private async Task<Guid> BatchAsync()
    {
        var enterpriseId = await factory.CreateEnterpriseAsync("批量写入测试企业" + Guid.NewGuid().ToString("N")[..6]);
        var batch = new ProductionBatch
        {
            EnterpriseId = enterpriseId, BatchNumber = "BULK-" + Guid.NewGuid().ToString("N")[..8], ProductModel = "SC63x100", Quantity = 10, Unit = "件",
            StartedOn = new DateOnly(2026, 11, 1), CompletedOn = new DateOnly(2026, 11, 2), CreatedAt = DateTimeOffset.UtcNow,
        };
        await factory.WithDbAsync(async db => { db.ProductionBatches.Add(batch); await db.SaveChangesAsync(Ct); });
        return batch.Id;
    }

    private static List<BatchStep> Steps(Guid batchId, int count) => Enumerable.Range(1, count).Select(n => new BatchStep
    {
        BatchId = batchId, Sequence = n, Kind = (StepKind)(n % 3), Name = Texts[n % Texts.Length],
        PerformedAt = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.FromHours(n % 2 == 0 ? 8 : -5)).AddSeconds(n * 37.123),
        Operator = n % 4 == 0 ? null : Texts[(n + 3) % Texts.Length], Equipment = n % 5 == 0 ? null : "L" + n, Result = Texts[(n + 7) % Texts.Length], Passed = n % 7 != 0,
    }).ToList();

    private async Task<List<BatchStep>> WriteAndReadAsync(Guid batchId, IReadOnlyList<BulkColumn<BatchStep>> columns, List<BatchStep> steps) =>
        await factory.WithDbAsync(async db =>
        {
            await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
            {
                await BulkWriter.InsertAsync(db, "batch_steps", columns, steps, Ct);
                await transaction.CommitAsync(Ct);
            }
            return await db.BatchSteps.AsNoTracking().Where(s => s.BatchId == batchId).OrderBy(s => s.Id).ToListAsync(Ct);
        });

    private static void AssertSame(List<BatchStep> written, List<BatchStep> read)
    {
        Assert.Equal(written.Count, read.Count);
        for (var i = 0; i < written.Count; i++)
        {
            var (w, r) = (written[i], read[i]);
            Assert.True(w.Sequence == r.Sequence, $"row {i}: sequence {r.Sequence}, written {w.Sequence} (rows out of order or lost)");
            Assert.Equal(w.Kind, r.Kind);
            Assert.Equal(w.Name, r.Name);
            Assert.Equal(w.PerformedAt.UtcTicks / 10, r.PerformedAt.UtcTicks / 10); // PostgreSQL keeps microseconds
            Assert.Equal(w.Operator, r.Operator);
            Assert.Equal(w.Equipment, r.Equipment);
            Assert.Equal(w.Result, r.Result);
            Assert.Equal(w.Passed, r.Passed);
        }
    }

    [Fact]
    public async Task Rows_written_in_bulk_read_back_through_EF_exactly_in_order_across_statements()
    {
        factory.RequireDatabase();
        var batchId = await BatchAsync();
        var steps = Steps(batchId, 12_345);
        AssertSame(steps, await WriteAndReadAsync(batchId, TraceIngest.StepColumns, steps));
    }

    [Fact]
    public async Task A_value_not_bound_directly_switches_to_parameters_without_losing_or_reordering_rows()
    {
        factory.RequireDatabase();
        var batchId = await BatchAsync();
        var steps = Steps(batchId, 7_500);
        // From row 6,000 on, the sequence comes as an unsigned 16-bit number (as a careless column would give it), which the direct binding leaves to parameters.
        var columns = TraceIngest.StepColumns.Select(c => c.Name == "Sequence"
            ? new BulkColumn<BatchStep>("Sequence", NpgsqlDbType.Integer, s => s.Sequence > 6_000 ? (object)(ushort)s.Sequence : s.Sequence)
            : c).ToList();
        if (factory is PostgresAppFactory) columns = [.. TraceIngest.StepColumns]; // COPY writes typed values: the fallback is SQLite's alone
        AssertSame(steps, await WriteAndReadAsync(batchId, columns, steps));
    }

    [Fact]
    public async Task A_lone_surrogate_is_stored_as_the_replacement_character_as_a_bound_value_would_be()
    {
        // A JSON body may carry "\ud800"; the direct binding must store what Microsoft.Data.Sqlite's parameter stored.
        factory.RequireDatabase();
        if (factory is PostgresAppFactory) return; // PostgreSQL's UTF-8 refuses such text before any writer sees it
        var batchId = await BatchAsync();
        var steps = Steps(batchId, 3);
        steps[1].Name = "坏\ud800字";
        var read = await WriteAndReadAsync(batchId, TraceIngest.StepColumns, steps);
        Assert.Equal("坏\ufffd字", read[1].Name);
        Assert.Equal(steps[2].Name, read[2].Name);
    }

    [Fact]
    public async Task A_failing_row_leaves_nothing_of_the_insert_behind()
    {
        factory.RequireDatabase();
        var batchId = await BatchAsync();
        var steps = Steps(batchId, 6_000);
        steps[5_500].BatchId = Guid.NewGuid(); // no such batch: the foreign key refuses it, in the second statement
        await Assert.ThrowsAnyAsync<Exception>(() => WriteAndReadAsync(batchId, TraceIngest.StepColumns, steps));
        Assert.Equal(0, await factory.WithDbAsync(db => db.BatchSteps.CountAsync(s => s.BatchId == batchId, Ct)));
    }
}

public sealed class BulkWriterSqliteTests(AppFactory factory) : BulkWriterTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class BulkWriterPostgresTests(PostgresAppFactory factory) : BulkWriterTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
