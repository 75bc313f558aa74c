using System.Net;
using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Commitments;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Demo;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Commitments;

public sealed class CommitmentsTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private async Task<Guid> AdmittedEnterpriseAsync(string name)
    {
        var id = await factory.CreateEnterpriseAsync(name);
        var office = factory.CreateTokenClient(await factory.CreateTokenAsync(AppFactory.AdminEmail));
        (await office.PostAsJsonAsync($"/api/enterprises/{id}/actions", new { action = "Admitted", reason = "批准入区" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        return id;
    }

    private static async Task<HttpResponseMessage> SignAsync(HttpClient client, Guid id, string signatory, string date, bool withFile = true)
    {
        var token = await AppFactory.AntiforgeryTokenAsync(client, $"/enterprises/{id}");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" }, { new StringContent(signatory), "signatory" }, { new StringContent(date), "signedOn" },
        };
        if (withFile) form.Add(new ByteArrayContent(DemoSeeder.MinimalPdf("signed")), "scan", "承诺书盖章件.pdf");
        return await client.PostAsync($"/commitments/sign/{id}", form);
    }

    [Fact]
    public async Task The_generated_letter_is_a_valid_word_document_filled_in_for_the_enterprise()
    {
        var id = await AdmittedEnterpriseAsync("奉化承诺书测试气动有限公司");
        var client = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: id);

        var response = await client.GetAsync($"/enterprises/{id}/commitment-letter", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var errors = new OpenXmlValidator().Validate(document, TestContext.Current.CancellationToken).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var text = document.MainDocumentPart!.Document!.Body!.InnerText;
        Assert.Contains("出口产品质量诚信承诺书", text);
        Assert.Contains("奉化承诺书测试气动有限公司", text);
        Assert.DoesNotContain("{企业名称}", text);

        // Another enterprise's letter cannot be generated.
        var other = await factory.CreateEnterpriseAsync("他人企业");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/enterprises/{other}/commitment-letter", TestContext.Current.CancellationToken)).StatusCode);

        await LibreOffice.AssertOpensAsync(bytes, ".docx");
    }

    [Fact]
    public async Task Signing_counts_toward_coverage_until_a_new_version_asks_everyone_to_sign_again()
    {
        var id = await AdmittedEnterpriseAsync("签署覆盖率测试公司");
        var enterprise = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: id);
        var staff = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.DepartmentStaff, "ciq")));
        async Task<CommitmentsEndpoints.CoverageDto> Coverage() =>
            (await staff.GetFromJsonAsync<CommitmentsEndpoints.CoverageDto>("/api/commitments/coverage", Json, TestContext.Current.CancellationToken))!;

        Assert.NotEmpty((await AppFactory.GetDocumentAsync(enterprise, "/")).QuerySelectorAll("[data-testid=letter-unsigned]"));
        var before = await Coverage();
        Assert.Contains(before.Unsigned, r => r.EnterpriseId == id);

        // Bad input saves nothing.
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2).ToString("yyyy-MM-dd");
        await SignAsync(enterprise, id, "王总", tomorrow);
        await SignAsync(enterprise, id, "王总", "2026-01-05", withFile: false);
        await SignAsync(enterprise, id, "", "2026-01-05");
        Assert.Equal(0, await factory.WithDbAsync(db => db.CommitmentLetters.CountAsync(l => l.EnterpriseId == id)));

        var officeWeb = await factory.SignInAsync(AppFactory.AdminEmail);
        Assert.Contains("签署覆盖率测试公司", (await AppFactory.GetDocumentAsync(officeWeb, "/enterprises?letter=unsigned")).QuerySelector("[data-testid=enterprise-list]")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await SignAsync(enterprise, id, "王总", "2026-01-05")).StatusCode);
        Assert.DoesNotContain("签署覆盖率测试公司", (await AppFactory.GetDocumentAsync(officeWeb, "/enterprises?letter=unsigned")).QuerySelector("[data-testid=enterprise-list]")!.TextContent);
        var after = await Coverage();
        Assert.Equal(before.Signed + 1, after.Signed);
        Assert.DoesNotContain(after.Unsigned, r => r.EnterpriseId == id);
        Assert.Empty((await AppFactory.GetDocumentAsync(enterprise, "/")).QuerySelectorAll("[data-testid=letter-unsigned]"));

        // The office publishes version 2: the enterprise must sign again.
        var office = await factory.SignInAsync(AppFactory.AdminEmail);
        var refused = await AppFactory.PostFormAsync(office, "/commitments", new() { ["title"] = "承诺书", ["body"] = "没有占位符的正文" });
        Assert.Contains("{企业名称}", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var current = await factory.WithDbAsync(db => db.CommitmentTemplates.OrderByDescending(t => t.Version).FirstAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(office, "/commitments", new() { ["title"] = current.Title, ["body"] = current.Body + "\n（新增条款：按时报送月度出口质量档案。）" })).StatusCode);
        var v2 = await Coverage();
        Assert.Equal(current.Version + 1, v2.CurrentVersion);
        Assert.Contains(v2.Unsigned, r => r.EnterpriseId == id && r.SignedVersion == current.Version);
    }

    [Fact]
    public async Task The_office_reminds_the_unsigned_and_their_users_see_it()
    {
        var unsigned = await AdmittedEnterpriseAsync("待提醒企业");
        var user = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: unsigned);
        Assert.Null((await AppFactory.GetDocumentAsync(user, "/")).QuerySelector("[data-testid=notifications-bell] .badge"));

        var office = await factory.SignInAsync(AppFactory.AdminEmail);
        // The page opens clean, with no stray validation message.
        Assert.Null((await AppFactory.GetDocumentAsync(office, "/commitments")).QuerySelector(".validation-summary-errors"));
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(office, "/commitments", [], handler: "Remind")).StatusCode);

        Assert.Equal("1", (await AppFactory.GetDocumentAsync(user, "/")).QuerySelector("[data-testid=notifications-bell] .badge")!.TextContent);
        var list = await AppFactory.GetDocumentAsync(user, "/notifications");
        Assert.Contains("请签署质量诚信承诺书", list.QuerySelector("[data-testid=notifications]")!.TextContent);
        await AppFactory.PostFormAsync(user, "/notifications", []);
        Assert.Null((await AppFactory.GetDocumentAsync(user, "/")).QuerySelector("[data-testid=notifications-bell] .badge"));

        // A department user cannot send reminders.
        var staff = await factory.SignInAsNewUserAsync(Roles.DepartmentStaff, "ciq");
        Assert.Equal(HttpStatusCode.Forbidden, (await AppFactory.PostFormAsync(staff, "/commitments", [], formPage: "/account/password", handler: "Remind")).StatusCode);
    }

    [Fact]
    public async Task An_enterprise_cannot_sign_for_another_or_read_its_signed_copy()
    {
        var mine = await AdmittedEnterpriseAsync("签署甲");
        var other = await AdmittedEnterpriseAsync("签署乙");
        var otherClient = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: other);
        await SignAsync(otherClient, other, "赵总", "2026-02-01");
        var letter = await factory.WithDbAsync(db => db.CommitmentLetters.SingleAsync(l => l.EnterpriseId == other));

        var client = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: mine);
        var token = await AppFactory.AntiforgeryTokenAsync(client, $"/enterprises/{mine}");
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("冒签"), "signatory" }, { new StringContent("2026-02-01"), "signedOn" } };
        form.Add(new ByteArrayContent(DemoSeeder.MinimalPdf("x")), "scan", "x.pdf");
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/commitments/sign/{other}", form, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.CommitmentLetters.CountAsync(l => l.EnterpriseId == other)));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/enterprises/{other}/commitment-letters/{letter.Id}/file", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await otherClient.GetAsync($"/enterprises/{other}/commitment-letters/{letter.Id}/file", TestContext.Current.CancellationToken)).StatusCode);
    }
}
