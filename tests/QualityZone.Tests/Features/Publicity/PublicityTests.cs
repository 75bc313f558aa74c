using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Publicity;

/// <summary>Best-practice cases reviewed before the portal shows them, and the media register (tasks 23, 22); on SQLite and PostgreSQL.</summary>
public abstract class PublicityTests<TFactory>(TFactory factory) where TFactory : AppFactory
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

    [Fact]
    public async Task A_case_reaches_the_portal_only_after_review_and_the_media_register_lists_a_year()
    {
        factory.RequireDatabase();
        var a = await factory.CreateEnterpriseAsync("经验案例测试甲");
        var b = await factory.CreateEnterpriseAsync("经验案例测试乙");
        var writer = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: a);
        var other = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: b);
        var reviewer = await TokenClientAsync(Roles.AssociationStaff, "association");
        var anonymous = factory.CreateClient();

        await AssertProblemAsync(await writer.PostAsJsonAsync("/api/cases", new { title = "追溯做法", topic = "Traceability", summary = "", body = "正文" }, Ct), HttpStatusCode.BadRequest, "摘要");
        var created = await writer.PostAsJsonAsync("/api/cases", new { enterpriseId = b, title = "批次追溯做法", topic = "Traceability", summary = "一码到底", body = "做法与成效" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        // An enterprise writes for itself whatever it names.
        Assert.Equal(a, await factory.WithDbAsync(db => db.PracticeCases.Where(c => c.Id == id).Select(c => c.EnterpriseId).SingleAsync(Ct)));
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(QualityZone.Infrastructure.Demo.DemoSeeder.MinimalPdf("case")), "file", "做法.pdf" } })
            await OkAsync(await writer.PostAsync($"/api/cases/{id}/files", form, Ct));

        // A draft is the writer's: not on the portal, not for another enterprise.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/cases/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/cases/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/cases/{id}/submission", null, Ct)).StatusCode);
        await AssertProblemAsync(await reviewer.PostAsJsonAsync($"/api/cases/{id}/review", new { publish = true }, Ct), HttpStatusCode.Conflict, "待审核");
        await OkAsync(await writer.PostAsync($"/api/cases/{id}/submission", null, Ct));
        await AssertProblemAsync(await writer.PutAsJsonAsync($"/api/cases/{id}", new { title = "改", topic = "Traceability", summary = "改", body = "改" }, Ct), HttpStatusCode.Conflict, "草稿");
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.PostAsJsonAsync($"/api/cases/{id}/review", new { publish = true }, Ct)).StatusCode);
        await AssertProblemAsync(await reviewer.PostAsJsonAsync($"/api/cases/{id}/review", new { publish = false }, Ct), HttpStatusCode.BadRequest, "理由");
        await OkAsync(await reviewer.PostAsJsonAsync($"/api/cases/{id}/review", new { publish = false, note = "请补充成效数据" }, Ct));
        await OkAsync(await writer.PostAsync($"/api/cases/{id}/submission", null, Ct));
        await OkAsync(await reviewer.PostAsJsonAsync($"/api/cases/{id}/review", new { publish = true }, Ct));

        // Published: anyone reads it with its file; it is task 23's evidence.
        var published = await anonymous.GetFromJsonAsync<JsonElement>($"/api/cases/{id}", Ct);
        Assert.Equal("Published", published.GetProperty("state").GetString());
        var file = published.GetProperty("files")[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/cases/{id}/files/{file}", Ct)).StatusCode);
        Assert.Contains("批次追溯做法", await anonymous.GetStringAsync("/cases", Ct));
        var office = await factory.SignInAsNewUserAsync(Roles.ZoneAdmin);
        Assert.Contains("批次追溯做法", await office.GetStringAsync("/tasks/23", Ct));

        // The media register: a bad link is refused; a report appears in its year's list and as task 22's evidence.
        await AssertProblemAsync(await reviewer.PostAsJsonAsync("/api/media", new { outlet = "宁波日报", publishedOn = "2025-05-01", title = "示范区报道", url = "javascript:alert(1)", type = "Newspaper" }, Ct),
            HttpStatusCode.BadRequest, "链接");
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.PostAsJsonAsync("/api/media", new { outlet = "x", publishedOn = "2025-05-01", title = "x", type = "Online" }, Ct)).StatusCode);
        await OkAsync(await reviewer.PostAsJsonAsync("/api/media", new { outlet = "宁波日报", publishedOn = "2025-05-01", title = "示范区媒体测试报道", url = "https://example.com/a", type = "Newspaper" }, Ct));
        Assert.Contains("示范区媒体测试报道", await anonymous.GetStringAsync("/media?year=2025", Ct));
        Assert.DoesNotContain("示范区媒体测试报道", await anonymous.GetStringAsync("/media?year=2024", Ct));
        Assert.Contains("示范区媒体测试报道", await office.GetStringAsync("/tasks/22", Ct));
    }
}

public sealed class PublicitySqliteTests(AppFactory factory) : PublicityTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class PublicityPostgresTests(PostgresAppFactory factory) : PublicityTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
