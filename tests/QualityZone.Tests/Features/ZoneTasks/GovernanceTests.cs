using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Demo;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.ZoneTasks;

/// <summary>Task 3: the leading group, its office and the founding documents, which are the acceptance sheet's evidence of items 1.1 and 1.2.</summary>
public sealed class GovernanceTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_office_records_the_leading_group_and_the_plan_and_they_prove_the_acceptance_items()
    {
        var office = await factory.SignInAsNewUserAsync(Roles.ZoneAdmin);
        var before = await factory.WithDbAsync(db => db.LeadingGroupMembers.CountAsync(Ct));

        // A member without a name is refused with the reason; nothing is saved.
        var bad = await AppFactory.PostFormAsync(office, "/tasks/governance", new() { ["role"] = "Leader", ["name"] = "", ["post"] = "副区长" }, handler: "Member");
        Assert.Contains("请填写姓名", await bad.Content.ReadAsStringAsync(Ct));
        Assert.Equal(before, await factory.WithDbAsync(db => db.LeadingGroupMembers.CountAsync(Ct)));
        var economy = await factory.DepartmentIdAsync("economy-it");
        var added = await AppFactory.PostFormAsync(office, "/tasks/governance", new() { ["role"] = "DeputyLeader", ["name"] = "周明", ["post"] = "区经信局局长", ["departmentId"] = economy.ToString(), ["duties"] = "质量分析报告" }, handler: "Member");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        // A department's staff sees the page but cannot change it.
        var staff = await factory.SignInAsNewUserAsync(Roles.DepartmentStaff, "commerce");
        var page = await staff.GetStringAsync("/tasks/governance", Ct);
        Assert.Contains("周明", page);
        Assert.Contains("副组长", page);
        Assert.Contains("/tasks/23", page);
        var refused = await AppFactory.PostFormAsync(staff, "/tasks/governance", new() { ["role"] = "Member", ["name"] = "越权", ["post"] = "科员" }, handler: "Member");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // The construction plan, uploaded, is evidence of the acceptance items 1.1 and 1.2.
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await AppFactory.AntiforgeryTokenAsync(office, "/tasks/governance")), "__RequestVerificationToken" },
            { new StringContent("示范区建设方案"), "title" },
            { new StringContent("奉政发〔2024〕26号"), "number" },
            { new StringContent(DateTime.UtcNow.AddDays(-30).ToString("yyyy-MM-dd")), "issuedOn" },
            { new ByteArrayContent(DemoSeeder.MinimalPdf("plan")) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } }, "file", "建设方案.pdf" },
        };
        Assert.Equal(HttpStatusCode.Redirect, (await office.PostAsync("/tasks/governance?handler=Document", form, Ct)).StatusCode);
        var document = await factory.WithDbAsync(db => db.GoverningDocuments.SingleAsync(d => d.Title == "示范区建设方案", Ct));
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/tasks/governance/documents/{document.Id}", Ct)).StatusCode);

        var token = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.ZoneAdmin)));
        var sheet = await token.GetFromJsonAsync<JsonElement>("/api/acceptance", Ct);
        var item = sheet.GetProperty("blocks").EnumerateArray().SelectMany(b => b.GetProperty("items").EnumerateArray()).Single(i => i.GetProperty("code").GetString() == "1.2");
        var documents = await factory.WithDbAsync(db => db.GoverningDocuments.CountAsync(Ct));
        var taskFiles = await factory.WithDbAsync(db => db.EvidenceFiles.CountAsync(e => e.Measure!.TaskNumber == 3, Ct));
        Assert.Equal(documents + taskFiles, item.GetProperty("evidence").GetInt32());
        var entries = await token.GetFromJsonAsync<JsonElement>($"/api/acceptance/items/{item.GetProperty("id").GetGuid()}/evidence", Ct);
        Assert.Contains(entries.EnumerateArray(), e => e.GetProperty("title").GetString()!.StartsWith("示范区建设方案", StringComparison.Ordinal));
        Assert.Contains(entries.EnumerateArray(), e => e.GetProperty("title").GetString() == "领导小组及建设办成员名单与分工");
    }
}
