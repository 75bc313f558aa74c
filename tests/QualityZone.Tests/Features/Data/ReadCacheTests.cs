using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using QualityZone.Features.Notifications;
using QualityZone.Features.Settings;
using QualityZone.Features.ZoneTasks;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Data;

/// <summary>
/// Issue 22: what every page repeats is served from memory (ReadCache) — and a change is seen on the
/// next request: a new notification, all read, a measure's status, a department's name, a setting;
/// also by a second instance (another ReadCache over the same database).
/// </summary>
public abstract class ReadCacheTests<TFactory>(TFactory factory) where TFactory : AppFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string?> BadgeAsync(HttpClient client) =>
        (await AppFactory.GetDocumentAsync(client, "/tasks")).QuerySelector("[data-testid=notifications-bell] .badge")?.TextContent;

    [Fact]
    public async Task The_unread_count_follows_new_and_read_notifications()
    {
        factory.RequireDatabase();
        var email = await factory.CreateUserAsync(Roles.DepartmentStaff, "ciq");
        var client = await factory.SignInAsync(email);
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct));
        Assert.Null(await BadgeAsync(client));
        Assert.Null(await BadgeAsync(client)); // served from memory: still nothing

        await factory.WithDbAsync(async db =>
        {
            db.Notifications.AddRange(new Notification { UserId = userId, Title = "测试提醒一", CreatedAt = DateTimeOffset.UtcNow },
                new Notification { UserId = userId, Title = "测试提醒二", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(Ct);
        });
        Assert.Equal("2", await BadgeAsync(client));

        // One read through the page (SaveChanges), then all read (ExecuteUpdate past SaveChanges).
        var one = await factory.WithDbAsync(db => db.Notifications.FirstAsync(n => n.UserId == userId, Ct));
        await factory.WithDbAsync(async db =>
        {
            var n = await db.Notifications.SingleAsync(x => x.Id == one.Id, Ct);
            n.ReadAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync(Ct);
        });
        Assert.Equal("1", await BadgeAsync(client));
        var read = await AppFactory.PostFormAsync(client, "/notifications", [], "/notifications");
        Assert.True(read.IsSuccessStatusCode || (int)read.StatusCode == 302, $"mark all read answered {(int)read.StatusCode}");
        Assert.Null(await BadgeAsync(client));
    }

    [Fact]
    public async Task The_task_list_shows_a_changed_measure_a_renamed_department_and_a_new_construction_year_at_once()
    {
        factory.RequireDatabase();
        var client = await factory.SignInAsync(AppFactory.AdminEmail);
        static string? StateOf(AngleSharp.Html.Dom.IHtmlDocument page, int task) =>
            page.QuerySelectorAll("[data-testid=task-list] tbody tr").FirstOrDefault(r => r.QuerySelector("td")?.TextContent.Trim() == task.ToString())?.TextContent;
        var before = StateOf(await AppFactory.GetDocumentAsync(client, "/tasks"), 23);
        Assert.NotNull(before);

        // Every measure of task 23 done: the list says so on the next request.
        await factory.WithDbAsync(async db =>
        {
            foreach (var m in await db.TaskMeasures.Where(m => m.TaskNumber == 23).ToListAsync(Ct)) m.ChangeStatus(MeasureStatus.Done, "测试", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(Ct);
        });
        var done = StateOf(await AppFactory.GetDocumentAsync(client, "/tasks"), 23);
        Assert.NotEqual(before, done);

        // The lead department of task 23 renamed: the list shows the new name.
        var lead = await factory.WithDbAsync(db => db.TaskDepartments.Where(d => d.TaskNumber == 23 && d.Position == 0 && d.Role == TaskDepartmentRole.Responsible).Select(d => d.DepartmentId).FirstAsync(Ct));
        await factory.WithDbAsync(async db =>
        {
            var department = await db.Departments.SingleAsync(d => d.Id == lead, Ct);
            department.NameZh += "（更名测试）";
            await db.SaveChangesAsync(Ct);
        });
        Assert.Contains("（更名测试）", StateOf(await AppFactory.GetDocumentAsync(client, "/tasks"), 23));

        // The construction year moved a year back: every window has passed, so every task not done is overdue.
        using var scope = factory.Services.CreateScope();
        var settings = scope.ServiceProvider.GetRequiredService<ZoneSettings>();
        var year = await settings.GetConstructionYearAsync(Ct);
        await settings.SetConstructionYearAsync(year - 1, Ct);
        try
        {
            var overdue = (await AppFactory.GetDocumentAsync(client, "/tasks?state=overdue")).QuerySelectorAll("[data-testid=task-list] tbody tr a");
            var notDone = await factory.WithDbAsync(db => db.ZoneTasks.CountAsync(t => db.TaskMeasures.Any(m => m.TaskNumber == t.Number && m.Status != MeasureStatus.Done), Ct));
            Assert.Equal(notDone, overdue.Length);
        }
        finally
        {
            await settings.SetConstructionYearAsync(year, Ct);
        }
    }

    [Fact]
    public async Task A_second_instance_sees_a_change_made_through_the_first()
    {
        factory.RequireDatabase();
        var sql = factory.Services.GetRequiredService<RawSql>();
        // The other instance: its own cache and, on PostgreSQL, its own listener.
        using var otherWatch = new StampWatch(factory.Services.GetRequiredService<IConfiguration>(), NullLogger<StampWatch>.Instance);
        await otherWatch.StartAsync(Ct);
        if (factory.Provider == DatabaseProvider.Postgres) await EventuallyAsync(() => Task.FromResult(otherWatch.Listening), "the second instance listening for stamp changes");
        var other = new ReadCache(sql, new Microsoft.AspNetCore.Http.HttpContextAccessor(), otherWatch);
        var mine = factory.Services.GetRequiredService<ReadCache>();
        Task<int> CountAsync(ReadCache cache) => cache.GetAsync("test.departments", ["departments"], c => factory.WithDbAsync(db => db.Departments.CountAsync(c)), Ct);
        var count = await CountAsync(mine);
        Assert.Equal(count, await CountAsync(other));

        await factory.WithDbAsync(async db =>
        {
            db.Departments.Add(new QualityZone.Features.Departments.Department { Code = "cache-test", NameZh = "缓存测试单位", SortOrder = 999 });
            await db.SaveChangesAsync(Ct);
        });
        // This instance at once (its commit retired its stamps); the other as soon as the notification reaches it.
        Assert.Equal(count + 1, await CountAsync(mine));
        await EventuallyAsync(async () => await CountAsync(other) == count + 1, "the second instance seeing the new department");
    }

    [Fact]
    public async Task A_commit_that_raised_a_stamp_retires_this_instances_stamps_before_the_save_returns()
    {
        factory.RequireDatabase();
        var watch = factory.Services.GetRequiredService<StampWatch>();
        var before = watch.Generation;
        await factory.WithDbAsync(async db =>
        {
            var department = await db.Departments.OrderBy(d => d.SortOrder).FirstAsync(Ct);
            department.NameEn += " ";
            await db.SaveChangesAsync(Ct);
        });
        Assert.True(watch.Generation > before, "a commit that raised a stamp must move the watch's generation at once");

        // A bump rolled back moves nothing: no notification is sent for it, and the commit hook forgets it.
        await factory.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            await ReadCache.BumpAsync(db, ["departments"], Ct);
            var during = watch.Generation;
            await transaction.RollbackAsync(Ct);
            await db.Database.ExecuteSqlRawAsync("SELECT 1", Ct);
            if (factory.Provider == DatabaseProvider.Sqlite) Assert.Equal(during, watch.Generation);
            Assert.False(db.StampsBumped);
        });
    }

    /// <summary>
    /// On PostgreSQL a page reads no stamps while no notification came: a stamp raised behind the platform's back
    /// (raw SQL, no NOTIFY) is not seen, and is seen once the notification is sent. On SQLite every request reads them.
    /// </summary>
    [Fact]
    public async Task On_PostgreSQL_pages_read_the_stamps_only_when_told_they_moved()
    {
        factory.RequireDatabase();
        var watch = factory.Services.GetRequiredService<StampWatch>();
        if (factory.Provider == DatabaseProvider.Postgres) await EventuallyAsync(() => Task.FromResult(watch.Listening), "the listener");
        else Assert.False(watch.Listening);
        var email = await factory.CreateUserAsync(Roles.DepartmentStaff, "ciq");
        var client = await factory.SignInAsync(email);
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct));
        Assert.Null(await BadgeAsync(client));

        // Past SaveChanges and BumpAsync: a new notification and its area's stamp raised, nothing told.
        var sql = factory.Services.GetRequiredService<RawSql>();
        async Task NotifyBehindAsync(string title)
        {
            await using var connection = await sql.OpenAsync(Ct);
            await using (var insert = sql.Command(connection, """INSERT INTO notifications ("Id", "UserId", "Title", "CreatedAt", "EmailAttempts") VALUES (@id, @user, @title, @at, 0)""",
                [("id", Guid.NewGuid()), ("user", userId), ("title", title), ("at", DateTimeOffset.UtcNow)]))
                await insert.ExecuteNonQueryAsync(Ct);
            await using var bump = sql.Command(connection, """
                INSERT INTO cache_stamps ("Area", "Version") VALUES ('notifications', 1)
                ON CONFLICT ("Area") DO UPDATE SET "Version" = cache_stamps."Version" + 1
                """, []);
            await bump.ExecuteNonQueryAsync(Ct);
        }
        await NotifyBehindAsync("背后的提醒");
        if (factory.Provider == DatabaseProvider.Sqlite)
        {
            Assert.Equal("1", await BadgeAsync(client));
            return;
        }
        Assert.Null(await BadgeAsync(client));
        await factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(StampWatch.NotifySql, Ct));
        await EventuallyAsync(async () => await BadgeAsync(client) == "1", "the badge after the notification");

        // The listener cut off: requests read the stamps until it is back, and it comes back by itself.
        await factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'QualityZone cache stamps' AND datname = current_database()", Ct));
        await NotifyBehindAsync("断线时的提醒");
        await EventuallyAsync(async () => await BadgeAsync(client) == "2", "the badge after the listener was cut off");
        await EventuallyAsync(() => Task.FromResult(watch.Listening), "the listener back after being cut off");
    }

    /// <summary>Waits for what arrives over the network, polling; 15 s is many times what it takes on a loaded machine.</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Not within 15 s: {what}.");
            await Task.Delay(50, Ct);
        }
    }
}

public sealed class ReadCacheSqliteTests(AppFactory factory) : ReadCacheTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class ReadCachePostgresTests(PostgresAppFactory factory) : ReadCacheTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
