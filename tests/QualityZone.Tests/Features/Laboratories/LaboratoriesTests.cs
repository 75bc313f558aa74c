using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Features.Evaluations;
using QualityZone.Infrastructure.Auth;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Laboratories;

/// <summary>The CNAS tracker (task 18, measure 2): stages in order, six months of trial operation, accreditation with a certificate feeding the evaluation, isolation; on SQLite and PostgreSQL.</summary>
public abstract class LaboratoriesTests<TFactory>(TFactory factory) where TFactory : AppFactory
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
            e.Admit("FH-L-" + Random.Shared.Next(100000, 999999), new DateOnly(2020, 1, 1), "测试", null, "测试", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(Ct);
        });
        return id;
    }

    private static object Stage(string stage, DateOnly on, string? number = null, string? scope = null, DateOnly? expiry = null) =>
        new { stage, completedOn = on, note = "测试", certificateNumber = number, certificateScope = scope, certificateExpiry = expiry };

    [Fact]
    public async Task Stages_in_order_with_six_months_of_trial_then_accreditation_feeds_the_evaluation()
    {
        factory.RequireDatabase();
        var center = await TokenClientAsync(Roles.TestingCenterStaff, "testing-center");
        var a = await AdmittedEnterpriseAsync("CNAS 辅导测试甲");
        var b = await AdmittedEnterpriseAsync("CNAS 辅导测试乙");
        var clientA = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: a);
        var clientB = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: b);

        var lab = new { enterpriseId = a, name = "气缸检测实验室", scope = "ISO 15552 气缸泄漏、耐压、耐久", staff = 6, equipment = "耐久试验台", advisor = "吴工" };
        await AssertProblemAsync(await center.PostAsJsonAsync("/api/laboratories", new { enterpriseId = a, name = "X", scope = "", staff = 3 }, Ct), HttpStatusCode.BadRequest, "检测范围");
        Assert.Equal(HttpStatusCode.Forbidden, (await clientA.PostAsJsonAsync("/api/laboratories", lab, Ct)).StatusCode);
        var created = await center.PostAsJsonAsync("/api/laboratories", lab, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        Assert.Equal(1, await factory.WithDbAsync(db => db.CandidateLabs.CountAsync(l => l.EnterpriseId == a, Ct)));
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

        // A stage skipped, a date in the future: refused, nothing saved.
        await AssertProblemAsync(await center.PostAsJsonAsync($"/api/laboratories/{id}/stages", Stage("SystemDocuments", today.AddDays(-300)), Ct), HttpStatusCode.BadRequest, "不能跳过");
        await AssertProblemAsync(await center.PostAsJsonAsync($"/api/laboratories/{id}/stages", Stage("GapAnalysis", today.AddDays(5)), Ct), HttpStatusCode.BadRequest, "不晚于今天");
        await OkAsync(await center.PostAsJsonAsync($"/api/laboratories/{id}/stages", Stage("GapAnalysis", today.AddDays(-300)), Ct));
        await OkAsync(await center.PostAsJsonAsync($"/api/laboratories/{id}/stages", Stage("SystemDocuments", today.AddDays(-280)), Ct));
        // Trial operation: not before six months after the documents.
        await AssertProblemAsync(await center.PostAsJsonAsync($"/api/laboratories/{id}/stages", Stage("TrialOperation", today.AddDays(-200)), Ct), HttpStatusCode.BadRequest, "不少于 6 个月");
        await OkAsync(await center.PostAsJsonAsync($"/api/laboratories/{id}/stages", Stage("TrialOperation", today.AddDays(-60)), Ct));
        foreach (var (stage, days) in new[] { ("InternalAudit", -50), ("Application", -45), ("DocumentReview", -30), ("OnSiteAssessment", -20) })
            await OkAsync(await center.PostAsJsonAsync($"/api/laboratories/{id}/stages", Stage(stage, today.AddDays(days)), Ct));

        // Accreditation without the certificate is refused; the enterprise is not accredited meanwhile and its evaluation says so.
        await AssertProblemAsync(await center.PostAsJsonAsync($"/api/laboratories/{id}/stages", Stage("CorrectiveActions", today.AddDays(-5)), Ct), HttpStatusCode.BadRequest, "认可证书编号");
        Assert.Equal(50, await LabScoreAsync(a));
        await OkAsync(await center.PostAsJsonAsync($"/api/laboratories/{id}/stages", Stage("CorrectiveActions", today.AddDays(-5), "CNAS L23456", "气缸泄漏、耐压", today.AddYears(6)), Ct));
        var enterprise = await factory.WithDbAsync(db => db.Enterprises.AsNoTracking().SingleAsync(e => e.Id == a, Ct));
        Assert.Equal((true, "CNAS L23456"), (enterprise.LabCnasAccredited, enterprise.LabCnasNumber));
        Assert.Equal(100, await LabScoreAsync(a));
        await AssertProblemAsync(await center.PostAsJsonAsync($"/api/laboratories/{id}/stages", Stage("CorrectiveActions", today), Ct), HttpStatusCode.Conflict, "已获得认可");
        var dto = await clientA.GetFromJsonAsync<JsonElement>($"/api/laboratories/{id}", Ct);
        Assert.Equal("Accredited", dto.GetProperty("stage").GetString());
        Assert.Equal(27, dto.GetProperty("clauses").GetArrayLength());

        // The enterprise writes its evidence, the advisor comments; another enterprise sees nothing of it.
        await AssertProblemAsync(await clientA.PutAsJsonAsync($"/api/laboratories/{id}/clauses/6.4", new { evidence = "设备台账" }, Ct), HttpStatusCode.BadRequest, "准备状态");
        await OkAsync(await clientA.PutAsJsonAsync($"/api/laboratories/{id}/clauses/6.4", new { state = "Ready", evidence = "设备台账及校准证书" }, Ct));
        await OkAsync(await center.PutAsJsonAsync($"/api/laboratories/{id}/clauses/6.4", new { advisorComment = "补充期间核查记录" }, Ct));
        var clause = (await clientA.GetFromJsonAsync<JsonElement>($"/api/laboratories/{id}", Ct)).GetProperty("clauses").EnumerateArray().Single(c => c.GetProperty("clause").GetString() == "6.4");
        Assert.Equal(("Ready", "设备台账及校准证书", "补充期间核查记录"), (clause.GetProperty("state").GetString(), clause.GetProperty("evidence").GetString(), clause.GetProperty("advisorComment").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.GetAsync($"/api/laboratories/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.PutAsJsonAsync($"/api/laboratories/{id}/clauses/6.4", new { state = "NotStarted" }, Ct)).StatusCode);
        Assert.Empty((await clientB.GetFromJsonAsync<JsonElement>("/api/laboratories", Ct)).EnumerateArray());
        // Task 18 shows the accredited lab as evidence of measure 2.
        var office = await factory.SignInAsNewUserAsync(Roles.ZoneAdmin);
        Assert.Contains("CNAS L23456", await office.GetStringAsync("/tasks/18", Ct));
    }

    private async Task<int?> LabScoreAsync(Guid enterprise)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var proposals = await scope.ServiceProvider.GetRequiredService<EvaluationService>().ProposeAsync(enterprise, Ct);
        return proposals.Single(p => p.Criterion.Code == "lab").Score;
    }
}

public sealed class LaboratoriesSqliteTests(AppFactory factory) : LaboratoriesTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class LaboratoriesPostgresTests(PostgresAppFactory factory) : LaboratoriesTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
