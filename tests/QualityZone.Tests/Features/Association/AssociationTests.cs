using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Association;

/// <summary>The association's self-discipline (task 7): members and fees, the convention signed per version, complaints handled without exposing the reporter; on SQLite and PostgreSQL.</summary>
public abstract class AssociationTests<TFactory>(TFactory factory) where TFactory : AppFactory
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
            e.Admit("FH-A-" + Random.Shared.Next(100000, 999999), new DateOnly(2020, 1, 1), "测试", null, "测试", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(Ct);
        });
        return id;
    }

    [Fact]
    public async Task Members_pay_once_a_year_and_sign_each_version_of_the_convention()
    {
        factory.RequireDatabase();
        var association = await TokenClientAsync(Roles.AssociationStaff, "association");
        var member = await AdmittedEnterpriseAsync("协会会员测试甲");
        var outsider = await AdmittedEnterpriseAsync("协会非会员测试乙");
        var clientMember = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: member);
        var clientOutsider = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: outsider);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

        await AssertProblemAsync(await association.PostAsJsonAsync("/api/association/members", new { enterpriseId = member, level = "Director", joinedOn = today.AddYears(-1), modelEnterprise = true }, Ct),
            HttpStatusCode.BadRequest, "示范理由");
        Assert.Equal(HttpStatusCode.Forbidden, (await clientMember.PostAsJsonAsync("/api/association/members", new { enterpriseId = member, level = "Member", joinedOn = today }, Ct)).StatusCode);
        var created = await association.PostAsJsonAsync("/api/association/members", new { enterpriseId = member, level = "Director", joinedOn = today.AddYears(-1), modelEnterprise = true, modelReason = "全流程追溯" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        await AssertProblemAsync(await association.PostAsJsonAsync("/api/association/members", new { enterpriseId = member, level = "Member", joinedOn = today }, Ct), HttpStatusCode.Conflict, "已是会员");
        await OkAsync(await association.PostAsJsonAsync($"/api/association/members/{id}/fees", new { year = today.Year, amount = 5000, paidOn = today, receipt = "XH-1" }, Ct));
        await AssertProblemAsync(await association.PostAsJsonAsync($"/api/association/members/{id}/fees", new { year = today.Year, amount = 5000, paidOn = today }, Ct), HttpStatusCode.Conflict, "已登记");
        var mine = await clientMember.GetFromJsonAsync<JsonElement>("/api/association/members/mine", Ct);
        Assert.Equal("全流程追溯", mine.GetProperty("modelReason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await clientOutsider.GetAsync("/api/association/members/mine", Ct)).StatusCode);

        // The convention: published, readable by anyone, signed once per version by members only; a new version asks again.
        await OkAsync(await association.PostAsJsonAsync("/api/association/convention", new { title = "自律公约测试版", body = "第一条 不合格产品不出口。" }, Ct));
        Assert.Contains("自律公约测试版", await factory.CreateClient().GetStringAsync("/api/association/convention", Ct));
        await AssertProblemAsync(await clientOutsider.PostAsJsonAsync("/api/association/convention/signatures", new { signatory = "王总" }, Ct), HttpStatusCode.Conflict, "只有协会会员");
        await AssertProblemAsync(await clientMember.PostAsJsonAsync("/api/association/convention/signatures", new { signatory = "" }, Ct), HttpStatusCode.BadRequest, "签署人");
        await OkAsync(await clientMember.PostAsJsonAsync("/api/association/convention/signatures", new { signatory = "王总" }, Ct));
        await AssertProblemAsync(await clientMember.PostAsJsonAsync("/api/association/convention/signatures", new { signatory = "王总" }, Ct), HttpStatusCode.Conflict, "已签署");
        bool Signed(JsonElement members) => members.EnumerateArray().Single(m => m.GetProperty("enterpriseId").GetGuid() == member).GetProperty("signedCurrent").GetBoolean();
        Assert.True(Signed(await association.GetFromJsonAsync<JsonElement>("/api/association/members", Ct)));
        await OkAsync(await association.PostAsJsonAsync("/api/association/convention", new { title = "自律公约测试版（修订）", body = "第一条 不合格产品不出口。第二条 如实填报。" }, Ct));
        Assert.False(Signed(await association.GetFromJsonAsync<JsonElement>("/api/association/members", Ct)));
        Assert.Equal(HttpStatusCode.Forbidden, (await clientMember.GetAsync("/api/association/members", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_complaint_is_handled_to_a_conclusion_and_the_reporter_is_never_shown_to_the_enterprise()
    {
        factory.RequireDatabase();
        var association = await TokenClientAsync(Roles.AssociationStaff, "association");
        var concerned = await AdmittedEnterpriseAsync("投诉办理测试气动有限公司");
        var company = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: concerned);
        var anonymous = factory.CreateClient();

        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/association/complaints", new { source = "Buyer", subject = "气缸泄漏", content = "" }, Ct), HttpStatusCode.BadRequest, "投诉内容");
        var filed = await anonymous.PostAsJsonAsync("/api/association/complaints", new
        {
            source = "Buyer", subject = "气缸泄漏超标", content = "我司收到的气缸在 0.6 MPa 下泄漏明显，批号 B2026-118。", reporterName = "Hans Müller 举报人", reporterContact = "hans@example.de",
            enterpriseNamed = "投诉办理测试气动有限公司",
        }, Ct);
        await OkAsync(filed);
        var number = (await filed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("number").GetString()!;
        Assert.Matches(@"^TS-\d{4}-\d{4}$", number);
        var id = await factory.WithDbAsync(db => db.Complaints.Where(c => c.Number == number).Select(c => c.Id).SingleAsync(Ct));
        Assert.Equal(concerned, await factory.WithDbAsync(db => db.Complaints.Where(c => c.Id == id).Select(c => c.EnterpriseId).SingleAsync(Ct)));

        // The enterprise concerned cannot read complaints, and sees nothing until the association shares its conclusion.
        Assert.Equal(HttpStatusCode.Forbidden, (await company.GetAsync($"/api/association/complaints/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await company.GetAsync("/api/association/complaints", Ct)).StatusCode);
        Assert.Empty((await company.GetFromJsonAsync<JsonElement>("/api/association/complaints/shared", Ct)).EnumerateArray());

        // Handling: a corrective action only for a substantiated complaint; a conclusion needs its finding.
        object Handling(string state, bool? substantiated = null, string? conclusion = null, bool openAction = false, bool share = false) =>
            new { state, substantiated, conclusion, openAction, severity = "Major", actionDueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)), share };
        await OkAsync(await association.PostAsJsonAsync($"/api/association/complaints/{id}/handling", Handling("Investigating"), Ct));
        await AssertProblemAsync(await association.PostAsJsonAsync($"/api/association/complaints/{id}/handling", Handling("Concluded"), Ct), HttpStatusCode.BadRequest, "是否属实");
        await AssertProblemAsync(await association.PostAsJsonAsync($"/api/association/complaints/{id}/handling", Handling("Concluded", false, "不属实", openAction: true), Ct), HttpStatusCode.BadRequest, "属实");
        await OkAsync(await association.PostAsJsonAsync($"/api/association/complaints/{id}/handling", Handling("Concluded", true, "抽检同批次库存，泄漏量超标，密封圈未做进货检验。", openAction: true, share: true), Ct));
        await AssertProblemAsync(await association.PostAsJsonAsync($"/api/association/complaints/{id}/handling", Handling("Dismissed", conclusion: "x"), Ct), HttpStatusCode.Conflict, "已办结");

        var action = await factory.WithDbAsync(db => db.CorrectiveActions.AsNoTracking().SingleAsync(a => a.SourceReference == number, Ct));
        Assert.Equal((QualityZone.Features.Actions.ActionSource.Complaint, (Guid?)concerned), (action.Source, action.EnterpriseId));
        Assert.DoesNotContain("Hans", action.Title + action.Description);

        // Shared: the subject and the conclusion, never the reporter or their words — in the API and on the page.
        var shared = await company.GetStringAsync("/api/association/complaints/shared", Ct);
        Assert.Contains("气缸泄漏超标", shared);
        Assert.Contains("密封圈未做进货检验", shared);
        var page = await (await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: concerned)).GetStringAsync("/association", Ct);
        foreach (var hidden in new[] { "Hans", "hans@example.de", "B2026-118" })
        {
            Assert.DoesNotContain(hidden, shared);
            Assert.DoesNotContain(hidden, page);
        }
        Assert.Contains("气缸泄漏超标", page);
        // The enterprise page: the member units see how many complaints and how many were substantiated; the enterprise does not.
        var officePage = await (await factory.SignInAsNewUserAsync(Roles.ZoneAdmin)).GetStringAsync($"/enterprises/{concerned}", Ct);
        Assert.Contains("data-testid=\"enterprise-membership\"", officePage);
        var ownPage = await (await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: concerned)).GetStringAsync($"/enterprises/{concerned}", Ct);
        Assert.DoesNotContain("data-testid=\"enterprise-membership\"", ownPage);
        Assert.DoesNotContain("Hans", ownPage);
        // The association sees who made it.
        Assert.Contains("Hans Müller", await association.GetStringAsync($"/api/association/complaints/{id}", Ct));
    }
}

public sealed class AssociationSqliteTests(AppFactory factory) : AssociationTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class AssociationPostgresTests(PostgresAppFactory factory) : AssociationTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
