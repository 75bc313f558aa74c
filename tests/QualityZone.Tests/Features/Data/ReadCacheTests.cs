using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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
        var other = new ReadCache(sql, new Microsoft.AspNetCore.Http.HttpContextAccessor());
        var mine = factory.Services.GetRequiredService<ReadCache>();
        Task<int> CountAsync(ReadCache cache) => cache.GetAsync("test.departments", ["departments"], c => factory.WithDbAsync(db => db.Departments.CountAsync(c)), Ct);
        var count = await CountAsync(mine);
        Assert.Equal(count, await CountAsync(other));

        await factory.WithDbAsync(async db =>
        {
            db.Departments.Add(new QualityZone.Features.Departments.Department { Code = "cache-test", NameZh = "缓存测试单位", SortOrder = 999 });
            await db.SaveChangesAsync(Ct);
        });
        Assert.Equal(count + 1, await CountAsync(mine));
        Assert.Equal(count + 1, await CountAsync(other));
    }
}

public sealed class ReadCacheSqliteTests(AppFactory factory) : ReadCacheTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class ReadCachePostgresTests(PostgresAppFactory factory) : ReadCacheTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
