using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using QualityZone.Features.ZoneTasks;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Demo;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.ZoneTasks;

/// <summary>The tracker end to end over HTTP; run on SQLite and on PostgreSQL.</summary>
public abstract class TaskTrackerTests<TFactory>(TFactory factory) where TFactory : AppFactory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task Api_lists_the_23_tasks_with_lead_departments_as_the_founding_document_does()
    {
        factory.RequireDatabase();
        var email = await factory.CreateUserAsync(Roles.DepartmentStaff, "economy-it");
        var client = factory.CreateTokenClient(await factory.CreateTokenAsync(email));

        var tasks = await client.GetFromJsonAsync<List<ZoneTasksApi.TaskDto>>("/api/tasks", Json, TestContext.Current.CancellationToken);

        Assert.NotNull(tasks);
        Assert.Equal(Enumerable.Range(1, 23), tasks.Select(t => t.Number));
        var seed = TaskSeed.Entries();
        foreach (var task in tasks)
        {
            var entry = seed.Single(e => e.Number == task.Number);
            Assert.Equal(entry.Responsible[0], task.Lead.Code);
            Assert.Equal(entry.Responsible, task.Responsible.Select(d => d.Code));
            Assert.Equal(entry.Cooperating, task.Cooperating.Select(d => d.Code));
            Assert.Equal(entry.Measures.Length, task.Measures.Count);
            Assert.Equal((entry.StartMonth, entry.EndMonth), (task.StartMonth, task.EndMonth));
        }
        Assert.Equal("建设办", tasks.Single(t => t.Number == 4).Lead.NameZh);
        Assert.Equal("气动协会", tasks.Single(t => t.Number == 7).Lead.NameZh);
        Assert.Equal(48, tasks.Sum(t => t.Measures.Count));
    }

    [Fact]
    public async Task Lead_department_changes_a_measure_status_and_the_change_is_audited()
    {
        factory.RequireDatabase();
        // Task 13 is led by 检验检疫局 (ciq).
        var email = await factory.CreateUserAsync(Roles.DepartmentStaff, "ciq");
        var client = factory.CreateTokenClient(await factory.CreateTokenAsync(email));

        var response = await client.PutAsJsonAsync("/api/tasks/13/measures/1/status", new { status = "InProgress" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var task = await client.GetFromJsonAsync<ZoneTasksApi.TaskDto>("/api/tasks/13", Json, TestContext.Current.CancellationToken);
        Assert.Equal(MeasureStatus.InProgress, task!.Measures[0].Status);
        Assert.Equal(TaskState.InProgress, task.State);
        var audit = await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(TaskMeasure)).OrderByDescending(a => a.Id).FirstAsync());
        Assert.Contains("\"Status\":[\"NotStarted\",\"InProgress\"]", audit.Changes);
        Assert.Equal(email, audit.UserName);
    }

    [Fact]
    public async Task A_cooperating_department_cannot_change_status_and_gets_a_localized_reason()
    {
        factory.RequireDatabase();
        // Task 5: 建设办 leads, 市场监管局 cooperates.
        var email = await factory.CreateUserAsync(Roles.DepartmentStaff, "market-supervision");
        var client = factory.CreateTokenClient(await factory.CreateTokenAsync(email));

        var chinese = await client.PutAsJsonAsync("/api/tasks/5/measures/1/status", new { status = "Done" }, TestContext.Current.CancellationToken);
        var english = await client.PutAsJsonAsync("/api/tasks/5/measures/1/status?culture=en", new { status = "Done" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, chinese.StatusCode);
        Assert.Contains("只有牵头部门可以更新措施状态", await chinese.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Only the lead department", await english.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var status = await factory.WithDbAsync(db => db.TaskMeasures.Where(m => m.TaskNumber == 5 && m.Number == 1).Select(m => m.Status).SingleAsync());
        Assert.Equal(MeasureStatus.NotStarted, status);

        // …but it may report progress notes on a task it cooperates on.
        var note = await client.PostAsJsonAsync("/api/tasks/5/measures/1/notes", new { text = "已配合完成制度梳理" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, note.StatusCode);
        // …and not on a task it has no part in (task 7: the association alone).
        var outsider = await client.PostAsJsonAsync("/api/tasks/7/measures/1/notes", new { text = "x" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, outsider.StatusCode);
    }

    [Fact]
    public async Task A_stale_version_is_refused_so_two_editors_do_not_overwrite_each_other()
    {
        factory.RequireDatabase();
        var client = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.DepartmentStaff, "testing-center")));
        // Task 17 is led by the testing center.
        var version = await factory.WithDbAsync(db => db.TaskMeasures.Where(m => m.TaskNumber == 17 && m.Number == 2).Select(m => m.Version).SingleAsync());
        var first = await client.PutAsJsonAsync("/api/tasks/17/measures/2/status", new { status = "InProgress", version }, TestContext.Current.CancellationToken);
        var second = await client.PutAsJsonAsync("/api/tasks/17/measures/2/status", new { status = "Done", version }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(MeasureStatus.InProgress, await factory.WithDbAsync(db => db.TaskMeasures.Where(m => m.TaskNumber == 17 && m.Number == 2).Select(m => m.Status).SingleAsync()));
    }

    [Fact]
    public async Task Evidence_uploaded_by_the_lead_changes_completeness_and_can_be_downloaded_and_withdrawn()
    {
        factory.RequireDatabase();
        // Task 11 is led by 检验检疫局 and has two measures.
        var client = await factory.SignInAsNewUserAsync(Roles.DepartmentStaff, "ciq");
        var before = await factory.WithDbAsync(db => db.EvidenceFiles.CountAsync(e => e.Measure!.TaskNumber == 11));

        var response = await UploadAsync(client, 11, 2, DemoSeeder.MinimalPdf("archive rules"), "质量档案管理制度.pdf");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await AppFactory.GetDocumentAsync(client, "/tasks/11");
        Assert.Contains("质量档案管理制度.pdf", page.Body!.TextContent);
        Assert.Contains("已上传", page.Body.TextContent);
        var evidence = await factory.WithDbAsync(db => db.EvidenceFiles.Where(e => e.Measure!.TaskNumber == 11).OrderByDescending(e => e.UploadedAt).FirstAsync());
        Assert.Equal(before + 1, await factory.WithDbAsync(db => db.EvidenceFiles.CountAsync(e => e.Measure!.TaskNumber == 11)));
        Assert.Equal(64, evidence.Sha256.Length);

        var download = await client.GetAsync($"/tasks/evidence/{evidence.Id}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(DemoSeeder.MinimalPdf("archive rules"), await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

        var withdraw = await AppFactory.PostFormAsync(client, "/tasks/11", new() { ["evidenceId"] = evidence.Id.ToString() }, handler: "Withdraw");
        Assert.Equal(HttpStatusCode.Redirect, withdraw.StatusCode);
        // Withdrawn, not deleted: the row is kept and marked.
        var kept = await factory.WithDbAsync(db => db.EvidenceFiles.IgnoreQueryFilters().SingleAsync(e => e.Id == evidence.Id));
        Assert.True(kept.IsDeleted);
        Assert.Equal(before, await factory.WithDbAsync(db => db.EvidenceFiles.CountAsync(e => e.Measure!.TaskNumber == 11)));
    }

    [Theory]
    [InlineData("report.exe", "MZ-not-allowed", "不允许上传此类型的文件")]
    [InlineData("fake.pdf", "this is plain text, not a PDF", "文件内容与扩展名 .pdf 不符")]
    [InlineData("empty.pdf", "", "文件为空")]
    public async Task Bad_evidence_is_refused_with_a_clear_message_and_nothing_is_saved(string fileName, string content, string message)
    {
        factory.RequireDatabase();
        var client = await factory.SignInAsNewUserAsync(Roles.DepartmentStaff, "ciq");
        var before = await factory.WithDbAsync(db => db.EvidenceFiles.CountAsync());

        var response = await UploadAsync(client, 10, 1, System.Text.Encoding.UTF8.GetBytes(content), fileName);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await AppFactory.GetDocumentAsync(client, "/tasks/10");
        Assert.Contains(message, page.QuerySelector(".alert-danger")?.TextContent ?? "");
        Assert.Equal(before, await factory.WithDbAsync(db => db.EvidenceFiles.CountAsync()));
    }

    [Fact]
    public async Task An_oversized_file_is_refused()
    {
        factory.RequireDatabase();
        var client = await factory.SignInAsNewUserAsync(Roles.DepartmentStaff, "ciq");
        var big = new byte[1024 * 1024 + 10];
        "%PDF-"u8.CopyTo(big);

        await UploadAsync(client, 10, 2, big, "big.pdf");

        var page = await AppFactory.GetDocumentAsync(client, "/tasks/10");
        Assert.Contains("文件超过大小上限", page.QuerySelector(".alert-danger")?.TextContent ?? "");
    }

    [Fact]
    public async Task A_non_lead_department_cannot_upload_evidence_even_by_posting_the_form()
    {
        factory.RequireDatabase();
        // Task 10 is led by ciq; the association is a responsible department but not the lead.
        var client = await factory.SignInAsNewUserAsync(Roles.AssociationStaff, "association");
        var before = await factory.WithDbAsync(db => db.EvidenceFiles.CountAsync());
        var page = await AppFactory.GetDocumentAsync(client, "/tasks/10");
        Assert.Null(page.QuerySelector("input[type=file]"));

        await UploadAsync(client, 10, 1, DemoSeeder.MinimalPdf("x"), "x.pdf");

        Assert.Equal(before, await factory.WithDbAsync(db => db.EvidenceFiles.CountAsync()));
        var after = await AppFactory.GetDocumentAsync(client, "/tasks/10");
        Assert.Contains("只有牵头部门可以上传佐证材料", after.QuerySelector(".alert-danger")?.TextContent ?? "");
    }

    [Fact]
    public async Task Revoked_and_unknown_tokens_get_401_problem_details()
    {
        factory.RequireDatabase();
        var email = await factory.CreateUserAsync(Roles.DepartmentStaff, "commerce");
        var token = await factory.CreateTokenAsync(email);
        var client = factory.CreateTokenClient(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/tasks", TestContext.Current.CancellationToken)).StatusCode);

        var id = await factory.WithDbAsync(db => db.ApiTokens.Where(t => t.TokenHash == QualityZone.Features.Accounts.ApiToken.Hash(token)).Select(t => t.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/me/tokens/{id}", TestContext.Current.CancellationToken)).StatusCode);

        var revoked = await client.GetAsync("/api/tasks", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal("application/problem+json", revoked.Content.Headers.ContentType?.MediaType);
        var unknown = await factory.CreateTokenClient("qz_not-a-real-token").GetAsync("/api/tasks", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        // Only the hash is stored.
        Assert.False(await factory.WithDbAsync(db => db.ApiTokens.AnyAsync(t => t.TokenHash == token)));
    }

    [Fact]
    public async Task Export_is_a_real_workbook_with_every_task_and_measure()
    {
        factory.RequireDatabase();
        var client = await factory.SignInAsNewUserAsync(Roles.DepartmentStaff, "zone-office");

        var response = await client.GetAsync("/tasks/export", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        using var stream = new MemoryStream(bytes);
        Assert.Equal(["建设任务", "具体措施"], stream.GetSheetNames());
        var tasks = stream.Query(useHeaderRow: true, sheetName: "建设任务").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(23, tasks.Count);
        Assert.Equal("区府办", tasks[0]["牵头部门"]);
        Assert.Equal(48, stream.Query(useHeaderRow: true, sheetName: "具体措施").Count());
        await LibreOffice.AssertOpensAsync(bytes, ".xlsx");
    }

    [Fact]
    public async Task Pages_render_chinese_as_text_and_english_on_request()
    {
        factory.RequireDatabase();
        var client = await factory.SignInAsNewUserAsync(Roles.DepartmentStaff, "zone-office");

        var html = await client.GetStringAsync("/tasks/4", TestContext.Current.CancellationToken);
        Assert.Contains("建立示范区联席会议制度", html);
        Assert.DoesNotContain("&#x", html);
        var english = await client.GetStringAsync("/tasks/4?culture=en", TestContext.Current.CancellationToken);
        Assert.Contains("Joint meeting system", english);
        Assert.Contains("Lead department", english);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, int task, int measure, byte[] content, string fileName)
    {
        var token = await AppFactory.AntiforgeryTokenAsync(client, $"/tasks/{task}");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(measure.ToString()), "measure" },
            { new StringContent("测试佐证"), "description" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await client.PostAsync($"/tasks/{task}?handler=Evidence", form);
    }
}

public sealed class TaskTrackerSqliteTests(AppFactory factory) : TaskTrackerTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class TaskTrackerPostgresTests(PostgresAppFactory factory) : TaskTrackerTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
