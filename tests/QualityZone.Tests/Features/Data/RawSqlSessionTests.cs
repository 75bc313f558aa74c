using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Infrastructure.Data;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Data;

/// <summary>
/// Issue 22: the trace's reads run on kept connections with their statements prepared once
/// (RawSql.Session). A kept statement must read what was written since it was prepared, and a
/// statement that failed must not leave a broken connection for the next read.
/// </summary>
public abstract class RawSqlSessionTests<TFactory>(TFactory factory) where TFactory : AppFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string NameOf = """SELECT "NameZh" FROM departments WHERE "Id" = @p0""";

    private async Task<string?> ReadNameAsync(RawSql sql, Guid id)
    {
        await using var session = await sql.SessionAsync(Ct);
        await using var reader = await session.ReadAsync(NameOf, [("@p0", (object)id)], Ct);
        return await reader.ReadAsync(Ct) ? reader.GetString(0) : null;
    }

    [Fact]
    public async Task A_kept_statement_reads_what_was_written_after_it_was_prepared_and_a_failed_one_leaves_no_broken_connection()
    {
        factory.RequireDatabase();
        var sql = factory.Services.GetRequiredService<RawSql>();
        var id = await factory.WithDbAsync(db => db.Departments.OrderBy(d => d.Id).Select(d => d.Id).FirstAsync(Ct));
        var original = await ReadNameAsync(sql, id);
        Assert.NotNull(original);
        Assert.Equal(original, await ReadNameAsync(sql, id)); // the second read reuses the kept, prepared statement on SQLite
        Assert.Null(await ReadNameAsync(sql, Guid.NewGuid()));

        try
        {
            await factory.WithDbAsync(db => db.Departments.Where(d => d.Id == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.NameZh, "改名后的部门"), Ct));
            Assert.Equal("改名后的部门", await ReadNameAsync(sql, id));

            // A statement that fails (no such table) throws to its caller; the next reads still work, on every kept connection.
            await using (var broken = await sql.SessionAsync(Ct))
                await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => broken.ReadAsync("SELECT * FROM no_such_table WHERE x = @p0", [("@p0", (object)1)], Ct));
            var sessions = new List<RawSql.Session>();
            for (var i = 0; i < 20; i++) sessions.Add(await sql.SessionAsync(Ct)); // more than are kept: every one must answer
            foreach (var session in sessions)
            {
                await using (var reader = await session.ReadAsync(NameOf, [("@p0", (object)id)], Ct))
                    Assert.True(await reader.ReadAsync(Ct) && reader.GetString(0) == "改名后的部门");
                await session.DisposeAsync();
            }
        }
        finally
        {
            await factory.WithDbAsync(db => db.Departments.Where(d => d.Id == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.NameZh, original!), CancellationToken.None));
        }
        Assert.Equal(original, await ReadNameAsync(sql, id));
    }

    [Fact]
    public async Task Every_kind_of_value_goes_in_and_comes_back_as_ef_stores_it()
    {
        factory.RequireDatabase();
        var sql = factory.Services.GetRequiredService<RawSql>();
        var (id, day, amount, instant) = (Guid.CreateVersion7(), new DateOnly(2026, 2, 28), 12345.6789m, new DateTimeOffset(2026, 3, 1, 8, 30, 15, TimeSpan.Zero));
        await using var session = await sql.SessionAsync(Ct);
        for (var round = 0; round < 2; round++) // the second round on the kept statement, re-bound
        {
            await using var reader = await session.ReadAsync("SELECT @p0, @p1, @p2, @p3, @p4, @p5, @p6, NULL",
                [("@p0", (object)id), ("@p1", day), ("@p2", amount), ("@p3", instant), ("@p4", true), ("@p5", "气动元件 ✓"), ("@p6", 42 + round)], Ct);
            Assert.True(await reader.ReadAsync(Ct));
            Assert.Equal(id, reader.GetGuid(0));
            Assert.Equal(day, reader.GetFieldValue<DateOnly>(1));
            Assert.Equal(amount, sql.Amount(reader, 2));
            Assert.Equal(instant, sql.Instant(reader, 3));
            Assert.True(reader.GetBoolean(4));
            Assert.Equal("气动元件 ✓", reader.GetString(5));
            Assert.Equal(42 + round, reader.GetInt32(6));
            Assert.True(reader.IsDBNull(7));
            Assert.False(reader.IsDBNull(5));
            Assert.False(await reader.ReadAsync(Ct));
        }
    }
}

public sealed class RawSqlSessionSqliteTests(AppFactory factory) : RawSqlSessionTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class RawSqlSessionPostgresTests(PostgresAppFactory factory) : RawSqlSessionTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
