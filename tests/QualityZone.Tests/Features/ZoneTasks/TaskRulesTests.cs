using QualityZone.Infrastructure;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Features.ZoneTasks;
using QualityZone.Infrastructure.Auth;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.ZoneTasks;

public sealed class TaskRulesTests
{
    [Theory]
    [InlineData(new[] { MeasureStatus.Done, MeasureStatus.Done }, TaskState.Done)]
    [InlineData(new[] { MeasureStatus.NotStarted, MeasureStatus.NotStarted }, TaskState.NotStarted)]
    [InlineData(new[] { MeasureStatus.Done, MeasureStatus.NotStarted }, TaskState.InProgress)]
    [InlineData(new[] { MeasureStatus.InProgress }, TaskState.InProgress)]
    public void A_task_state_follows_its_measures(MeasureStatus[] measures, TaskState expected) =>
        Assert.Equal(expected, TaskProgress.StateOf(measures));

    [Fact]
    public void The_window_runs_from_the_first_day_of_the_start_month_to_the_last_day_of_the_end_month()
    {
        Assert.Equal((new DateOnly(2026, 4, 1), new DateOnly(2026, 5, 31)), TaskProgress.WindowOf(2026, 4, 5));
        Assert.Equal(new DateOnly(2028, 2, 29), TaskProgress.WindowOf(2028, 2, 2).End);
    }
}

/// <summary>Overdue follows the construction year the zone office sets, against today in Asia/Shanghai.</summary>
public sealed class OverdueTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task Tasks_are_overdue_only_after_their_months_have_passed_and_only_until_done()
    {
        var client = await factory.SignInAsync(AppFactory.AdminEmail);
        var today = factory.Services.GetRequiredService<ZoneClock>().Today;

        // Last year's construction: every unfinished task is overdue.
        var saved = await AppFactory.PostFormAsync(client, "/tasks/timeline", new() { ["year"] = (today.Year - 1).ToString() });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, saved.StatusCode);
        var tasks = (await client.GetFromJsonAsync<List<ZoneTasksApi.TaskDto>>("/api/tasks", Json, TestContext.Current.CancellationToken))!;
        Assert.All(tasks.Where(t => t.State != TaskState.Done), t => Assert.True(t.IsOverdue, $"task {t.Number}"));

        // Next year's: none is.
        await AppFactory.PostFormAsync(client, "/tasks/timeline", new() { ["year"] = (today.Year + 1).ToString() });
        tasks = (await client.GetFromJsonAsync<List<ZoneTasksApi.TaskDto>>("/api/tasks", Json, TestContext.Current.CancellationToken))!;
        Assert.DoesNotContain(tasks, t => t.IsOverdue);

        // A done task is never overdue: finish every measure of task 3 (led by 区府办) as its lead.
        await AppFactory.PostFormAsync(client, "/tasks/timeline", new() { ["year"] = (today.Year - 1).ToString() });
        var lead = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.DepartmentStaff, "district-office")));
        foreach (var measure in new[] { 1, 2 })
            (await lead.PutAsJsonAsync($"/api/tasks/3/measures/{measure}/status", new { status = "Done" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var task3 = (await client.GetFromJsonAsync<ZoneTasksApi.TaskDto>("/api/tasks/3", Json, TestContext.Current.CancellationToken))!;
        Assert.Equal(TaskState.Done, task3.State);
        Assert.False(task3.IsOverdue);
    }

    [Fact]
    public async Task Each_department_sees_the_tasks_it_leads_and_those_it_takes_part_in()
    {
        // 市场监管局 leads tasks 14 and 21 and cooperates on 5 and 6, among others.
        var market = await AppFactory.GetDocumentAsync(await factory.SignInAsNewUserAsync(Roles.DepartmentStaff, "market-supervision"), "/");
        var text = market.Body!.TextContent;
        Assert.Contains("本部门牵头的任务", text);
        Assert.Contains("积极引导示范区企业参与国内外标准", text);
        Assert.Contains("建立示范区检查、纠正和预防措施", text);
        var admin = await AppFactory.GetDocumentAsync(await factory.SignInAsync(AppFactory.AdminEmail), "/");
        Assert.NotNull(admin.QuerySelector("[data-testid=letter-coverage]"));
    }

    [Fact]
    public async Task An_invalid_year_is_refused_and_only_the_zone_office_may_set_it()
    {
        var admin = await factory.SignInAsync(AppFactory.AdminEmail);
        var before = await factory.WithDbAsync(db => db.ZoneSettings.AsNoTracking().Select(s => s.Value).ToListAsync());
        await AppFactory.PostFormAsync(admin, "/tasks/timeline", new() { ["year"] = "1899" });
        Assert.Equal(before, await factory.WithDbAsync(db => db.ZoneSettings.AsNoTracking().Select(s => s.Value).ToListAsync()));

        var staff = await factory.SignInAsNewUserAsync(Roles.DepartmentStaff, "zone-office");
        var page = await AppFactory.GetDocumentAsync(staff, "/tasks/timeline");
        Assert.Null(page.QuerySelector("input[name=year]"));
        // The form is not shown, and posting it anyway is refused.
        var token = await AppFactory.AntiforgeryTokenAsync(staff, "/tasks/1");
        var response = await staff.PostAsync("/tasks/timeline", new FormUrlEncodedContent(new Dictionary<string, string> { ["year"] = "2030", ["__RequestVerificationToken"] = token }), TestContext.Current.CancellationToken);
        Assert.Contains("/account/access-denied", response.Headers.Location?.ToString());
        Assert.DoesNotContain("2030", await factory.WithDbAsync(db => db.ZoneSettings.AsNoTracking().Select(s => s.Value).ToListAsync()));
    }
}
