using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Training;

/// <summary>The public training platform (task 18): sessions, quotas and the waiting list, QR check-in in its window, attendance as task 18's evidence, isolation; on SQLite and PostgreSQL.</summary>
public abstract class TrainingTests<TFactory>(TFactory factory) where TFactory : AppFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> TokenClientAsync(string role, string? department = null, Guid? enterpriseId = null) =>
        factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(role, department, enterpriseId)));

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string title)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Contains(title, JsonDocument.Parse(body).RootElement.GetProperty("title").GetString());
    }

    private static async Task OkAsync(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");

    private async Task<Guid> AdmittedEnterpriseAsync(string name)
    {
        var id = await factory.CreateEnterpriseAsync(name);
        await factory.WithDbAsync(async db =>
        {
            var e = await db.Enterprises.SingleAsync(x => x.Id == id, Ct);
            e.Admit("FH-P-" + Random.Shared.Next(100000, 999999), new DateOnly(2020, 1, 1), "测试", null, "测试", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(Ct);
        });
        return id;
    }

    private static object Session(string title, DateTimeOffset starts, int capacity, int quota) => new
    {
        title, topic = "Tbt", trainer = "商务局 刘科长", startsAt = starts, endsAt = starts.AddHours(3), place = "奉化区市场监管局 三楼培训室", capacity, quotaPerEnterprise = quota,
    };

    private static async Task<List<JsonElement>> RegistrationsAsync(HttpClient client, Guid session) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/training/sessions/{session}/registrations", Ct)).EnumerateArray().ToList();

    [Fact]
    public async Task Quotas_the_waiting_list_and_check_in_in_the_sessions_window()
    {
        factory.RequireDatabase();
        var organizer = await TokenClientAsync(Roles.DepartmentStaff, "commerce");
        var a = await AdmittedEnterpriseAsync("培训报名测试甲");
        var b = await AdmittedEnterpriseAsync("培训报名测试乙");
        var clientA = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: a);
        var clientB = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: b);

        // Bad sessions are refused; enterprises cannot publish.
        var soon = DateTimeOffset.UtcNow.AddMinutes(10);
        await AssertProblemAsync(await organizer.PostAsJsonAsync("/api/training/sessions", Session("", soon, 3, 2), Ct), HttpStatusCode.BadRequest, "培训主题");
        await AssertProblemAsync(await organizer.PostAsJsonAsync("/api/training/sessions", Session("TBT 通报评议实务", soon, 3, 5), Ct), HttpStatusCode.BadRequest, "每家企业名额");
        Assert.Equal(HttpStatusCode.Forbidden, (await clientA.PostAsJsonAsync("/api/training/sessions", Session("TBT 通报评议实务", soon, 3, 2), Ct)).StatusCode);
        var created = await organizer.PostAsJsonAsync("/api/training/sessions", Session("TBT 通报评议实务", soon, 3, 2), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var session = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        // Over the quota: refused whole, nothing saved. Within it: registered; beyond the capacity: waiting.
        await AssertProblemAsync(await clientA.PostAsJsonAsync($"/api/training/sessions/{session}/registrations", new { participants = new[] { new { name = "张三" }, new { name = "李四" }, new { name = "王五" } } }, Ct),
            HttpStatusCode.BadRequest, "最多报名 2 人");
        Assert.Empty(await RegistrationsAsync(organizer, session));
        await OkAsync(await clientA.PostAsJsonAsync($"/api/training/sessions/{session}/registrations", new { participants = new[] { new { name = "张三", position = "质量部经理" }, new { name = "李四", position = "检验员" } } }, Ct));
        await AssertProblemAsync(await clientA.PostAsJsonAsync($"/api/training/sessions/{session}/registrations", new { participants = new[] { new { name = "张三" } } }, Ct), HttpStatusCode.BadRequest, "重复");
        await OkAsync(await clientB.PostAsJsonAsync($"/api/training/sessions/{session}/registrations", new { participants = new[] { new { name = "赵六" }, new { name = "钱七" } } }, Ct));
        var all = await RegistrationsAsync(organizer, session);
        Assert.Equal(3, all.Count(r => r.GetProperty("state").GetString() == "Registered"));
        var waiting = Assert.Single(all, r => r.GetProperty("state").GetString() == "Waitlisted");
        Assert.Equal("钱七", waiting.GetProperty("participantName").GetString());

        // Each enterprise sees only its own lines; B cannot withdraw A's participant. A withdraws one: B's waiting participant moves up.
        Assert.All(await RegistrationsAsync(clientB, session), r => Assert.Equal(b, r.GetProperty("enterpriseId").GetGuid()));
        var zhang = all.Single(r => r.GetProperty("participantName").GetString() == "张三").GetProperty("id").GetGuid();
        var li = all.Single(r => r.GetProperty("participantName").GetString() == "李四").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.DeleteAsync($"/api/training/registrations/{li}", Ct)).StatusCode);
        await OkAsync(await clientA.DeleteAsync($"/api/training/registrations/{li}", Ct));
        Assert.Equal("Registered", (await RegistrationsAsync(clientB, session)).Single(r => r.GetProperty("participantName").GetString() == "钱七").GetProperty("state").GetString());

        // Check-in: another session's code and someone else's participant are refused; the right code in the window checks in.
        var other = await organizer.PostAsJsonAsync("/api/training/sessions", Session("另一场培训", soon, 10, 2), Ct);
        var otherCode = await factory.WithDbAsync(db => db.TrainingSessions.Where(s => s.Title == "另一场培训").Select(s => s.CheckInCode).FirstAsync(Ct));
        var code = await factory.WithDbAsync(db => db.TrainingSessions.Where(s => s.Id == session).Select(s => s.CheckInCode).SingleAsync(Ct));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        await AssertProblemAsync(await clientA.PostAsJsonAsync($"/api/training/sessions/{session}/check-in", new { code = otherCode, registrationId = zhang }, Ct), HttpStatusCode.BadRequest, "不是本场培训");
        var qian = all.Single(r => r.GetProperty("participantName").GetString() == "钱七").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.PostAsJsonAsync($"/api/training/sessions/{session}/check-in", new { code, registrationId = qian }, Ct)).StatusCode);
        await OkAsync(await clientA.PostAsJsonAsync($"/api/training/sessions/{session}/check-in", new { code, registrationId = zhang }, Ct));
        Assert.NotNull((await RegistrationsAsync(clientA, session)).Single(r => r.GetProperty("id").GetGuid() == zhang).GetProperty("attendedAt").GetString());

        // Outside the window (the session ended) the same code is refused.
        await factory.WithDbAsync(async db =>
        {
            var s = await db.TrainingSessions.SingleAsync(x => x.Id == session, Ct);
            (s.StartsAt, s.EndsAt) = (DateTimeOffset.UtcNow.AddHours(-5), DateTimeOffset.UtcNow.AddHours(-2));
            await db.SaveChangesAsync(Ct);
        });
        var clientB2 = clientB;
        await AssertProblemAsync(await clientB2.PostAsJsonAsync($"/api/training/sessions/{session}/check-in", new { code, registrationId = qian }, Ct), HttpStatusCode.Conflict, "签到时间");
        // The organizer marks B's participant present after all; the session is task 18's evidence with its attendance.
        await OkAsync(await organizer.PutAsJsonAsync($"/api/training/sessions/{session}/attendance", new { present = new[] { zhang, qian } }, Ct));
        Assert.Equal(2, (await RegistrationsAsync(organizer, session)).Count(r => r.GetProperty("attendedAt").ValueKind == JsonValueKind.String));
        var office = await factory.SignInAsNewUserAsync(Roles.ZoneAdmin);
        Assert.Contains("TBT 通报评议实务", await office.GetStringAsync("/tasks/18", Ct));
        // Registering after the start is refused.
        await AssertProblemAsync(await clientB.PostAsJsonAsync($"/api/training/sessions/{session}/registrations", new { participants = new[] { new { name = "孙八" } } }, Ct), HttpStatusCode.Conflict, "已开始");
    }

    [Fact]
    public async Task The_phone_check_in_page_checks_in_the_enterprises_own_staff()
    {
        factory.RequireDatabase();
        var organizer = await TokenClientAsync(Roles.AssociationStaff, "association");
        var enterprise = await AdmittedEnterpriseAsync("培训扫码签到测试");
        var api = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: enterprise);
        var created = await organizer.PostAsJsonAsync("/api/training/sessions", Session("进货检验与供应商管理", DateTimeOffset.UtcNow.AddMinutes(20), 30, 3), Ct);
        var session = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        await OkAsync(await api.PostAsJsonAsync($"/api/training/sessions/{session}/registrations", new { participants = new[] { new { name = "周敏" } } }, Ct));
        var code = await factory.WithDbAsync(db => db.TrainingSessions.Where(s => s.Id == session).Select(s => s.CheckInCode).SingleAsync(Ct));
        var phone = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise);
        var url = $"/training/{session}/check-in?code={code}";
        var page = await phone.GetStringAsync(url, Ct);
        Assert.Contains("周敏", page);
        var registration = (await RegistrationsAsync(api, session)).Single().GetProperty("id").GetGuid();
        var posted = await AppFactory.PostFormAsync(phone, url, new Dictionary<string, string> { ["registration"] = registration.ToString(), ["code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("data-testid=\"checked-in\"", await phone.GetStringAsync(url, Ct));
        // A session open to the whole industry is on the portal's calendar for anyone; this one is not.
        var anonymous = factory.CreateClient();
        Assert.DoesNotContain("进货检验与供应商管理", await anonymous.GetStringAsync("/training/open", Ct));
        var open = await organizer.PostAsJsonAsync("/api/training/sessions", new
        {
            title = "欧盟电磁阀能效法规解读", topic = "ForeignStandards", trainer = "宁波海关技术中心 陈高工", startsAt = DateTimeOffset.UtcNow.AddDays(3), endsAt = DateTimeOffset.UtcNow.AddDays(3).AddHours(2),
            place = "奉化区市场监管局", capacity = 50, quotaPerEnterprise = 2, @public = true,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, open.StatusCode);
        var calendar = await anonymous.GetStringAsync("/training/open", Ct);
        Assert.Contains("欧盟电磁阀能效法规解读", calendar);
        Assert.DoesNotContain("周敏", calendar);
        // The organizer's page shows the venue's code.
        var organizerPage = await factory.SignInAsNewUserAsync(Roles.AssociationStaff, "association");
        Assert.Equal("image/png", (await organizerPage.GetAsync($"/training/{session}/check-in.png", Ct)).Content.Headers.ContentType?.MediaType);
    }
}

public sealed class TrainingSqliteTests(AppFactory factory) : TrainingTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class TrainingPostgresTests(PostgresAppFactory factory) : TrainingTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
