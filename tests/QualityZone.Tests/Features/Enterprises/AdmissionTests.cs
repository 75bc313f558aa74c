using System.Net;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Admission;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Auth;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Enterprises;

/// <summary>The admission workflow as its users walk it: apply, two opinions, the office decides.</summary>
public sealed class AdmissionTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static async Task<string> PostAsync(HttpClient client, string url, Dictionary<string, string> fields, string handler)
    {
        // Antiforgery tokens are per user, not per page: take one from a page every user has a form on.
        var response = await AppFactory.PostFormAsync(client, url, fields, formPage: "/account/password", handler: handler);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await AppFactory.GetDocumentAsync(client, url);
        return page.QuerySelector(".alert-danger")?.TextContent ?? "";
    }

    [Fact]
    public async Task The_office_keeps_the_admission_criteria_and_others_may_not()
    {
        var office = await factory.SignInAsync(AppFactory.AdminEmail);
        var before = await factory.WithDbAsync(db => db.AdmissionCriteria.CountAsync());
        Assert.Contains("代码只能包含", await PostAsync(office, "/admission/criteria", new() { ["code"] = "Bad Code", ["textZh"] = "x" }, "Add"));
        Assert.Contains("入区条件", await PostAsync(office, "/admission/criteria", new() { ["code"] = "no-text", ["textZh"] = "" }, "Add"));
        Assert.Equal(before, await factory.WithDbAsync(db => db.AdmissionCriteria.CountAsync()));

        Assert.Equal("", await PostAsync(office, "/admission/criteria", new() { ["code"] = "recall-plan", ["textZh"] = "建立产品召回预案", ["textEn"] = "A product recall plan" }, "Add"));
        var added = await factory.WithDbAsync(db => db.AdmissionCriteria.SingleAsync(c => c.Code == "recall-plan"));
        Assert.True(added.IsActive);
        Assert.Contains("代码 recall-plan 已存在", await PostAsync(office, "/admission/criteria", new() { ["code"] = "recall-plan", ["textZh"] = "重复" }, "Add"));
        await PostAsync(office, "/admission/criteria", new() { ["id"] = added.Id.ToString() }, "Toggle");
        Assert.False(await factory.WithDbAsync(db => db.AdmissionCriteria.Where(c => c.Id == added.Id).Select(c => c.IsActive).SingleAsync()));

        var department = await factory.SignInAsNewUserAsync(Roles.DepartmentStaff, "ciq");
        var refused = await department.GetAsync("/admission/criteria", TestContext.Current.CancellationToken);
        Assert.Contains("/account/access-denied", refused.Headers.Location?.ToString() ?? "");
    }

    [Fact]
    public async Task An_applicant_applies_is_returned_resubmits_and_is_admitted_after_both_opinions()
    {
        var enterpriseId = await factory.CreateEnterpriseAsync("入区申请测试气动有限公司");
        var enterprise = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: enterpriseId);
        var draft = await enterprise.GetAsync("/admission/mine", TestContext.Current.CancellationToken);
        var url = draft.Headers.Location!.ToString();
        Assert.StartsWith("/admission/", url);
        var criteria = await factory.WithDbAsync(db => db.AdmissionCriteria.Where(c => c.IsActive).OrderBy(c => c.SortOrder).ToListAsync());

        // Submitting with criteria left empty is refused, naming them.
        await PostAsync(enterprise, url, new() { ["criterionId"] = criteria[0].Id.ToString(), ["statement"] = "持有海关注册编码 3302960001" }, "Item");
        var refused = await PostAsync(enterprise, url, [], "Submit");
        Assert.Contains(criteria[1].TextZh, refused);

        foreach (var c in criteria.Skip(1))
            await PostAsync(enterprise, url, new() { ["criterionId"] = c.Id.ToString(), ["statement"] = $"已满足：{c.TextZh}" }, "Item");
        Assert.Equal("", await PostAsync(enterprise, url, [], "Submit"));

        // The office cannot approve before both opinions; it returns the application for correction.
        var office = await factory.SignInAsync(AppFactory.AdminEmail);
        Assert.Contains("均提出审核意见后才能批准", await PostAsync(office, url, new() { ["decision"] = "Approve", ["reason"] = "材料齐全" }, "Decide"));
        Assert.Equal("", await PostAsync(office, url, new() { ["decision"] = "Return", ["reason"] = "请补充 ISO 9001 证书扫描件" }, "Decide"));
        Assert.Equal(ApplicationState.Returned, await factory.WithDbAsync(db => db.AdmissionApplications.Where(a => a.EnterpriseId == enterpriseId).Select(a => a.State).SingleAsync()));

        var pdf = new MultipartFormDataContent
        {
            { new StringContent(await AppFactory.AntiforgeryTokenAsync(enterprise, url)), "__RequestVerificationToken" },
            { new StringContent(criteria[1].Id.ToString()), "criterionId" }, { new StringContent("已补充证书扫描件"), "statement" },
            { new ByteArrayContent(QualityZone.Infrastructure.Demo.DemoSeeder.MinimalPdf("iso")), "file", "ISO9001.pdf" },
        };
        Assert.Equal(HttpStatusCode.Redirect, (await enterprise.PostAsync($"{url}?handler=Item", pdf, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal("", await PostAsync(enterprise, url, [], "Submit"));

        // A department that is not a reviewer cannot give an opinion; the two reviewers do.
        var commerce = await factory.SignInAsNewUserAsync(Roles.DepartmentStaff, "commerce");
        Assert.Contains("只有检验检疫局和气动协会", await PostAsync(commerce, url, new() { ["opinion"] = "Support", ["comment"] = "同意" }, "Review"));
        var ciq = await factory.SignInAsNewUserAsync(Roles.DepartmentStaff, "ciq");
        Assert.Equal("", await PostAsync(ciq, url, new() { ["opinion"] = "Support", ["comment"] = "现场核查质量控制体系运行有效" }, "Review"));
        var association = await factory.SignInAsNewUserAsync(Roles.AssociationStaff, "association");
        Assert.Equal("", await PostAsync(association, url, new() { ["opinion"] = "Support", ["comment"] = "协会会员，自律良好" }, "Review"));

        Assert.Equal("", await PostAsync(office, url, new() { ["decision"] = "Approve", ["reason"] = "符合入区条件，批准入区" }, "Decide"));
        var admitted = await factory.WithDbAsync(db => db.Enterprises.Include(e => e.Events).SingleAsync(e => e.Id == enterpriseId));
        Assert.Equal(EnterpriseState.Admitted, admitted.State);
        Assert.Matches(@"^FH-\d{4}-\d{4}$", admitted.AdmissionNumber);
        Assert.Contains(admitted.Events, v => v.Action == ManagementAction.Admitted && v.Reason == "符合入区条件，批准入区");

        // The applicant was told of each decision.
        var told = await AppFactory.GetDocumentAsync(enterprise, "/notifications");
        Assert.Contains("入区申请被退回修改", told.QuerySelector("[data-testid=notifications]")!.TextContent);
        Assert.Contains("入区申请已批准", told.QuerySelector("[data-testid=notifications]")!.TextContent);

        // A decided application is closed: no more edits or decisions.
        Assert.Contains("只能对已提交的申请作出决定", await PostAsync(office, url, new() { ["decision"] = "Reject", ["reason"] = "x" }, "Decide"));
    }

    [Fact]
    public async Task Another_enterprise_cannot_open_or_change_an_application()
    {
        var applicant = await factory.CreateEnterpriseAsync("申请企业");
        var client = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: applicant);
        var url = (await client.GetAsync("/admission/mine", TestContext.Current.CancellationToken)).Headers.Location!.ToString();

        var intruder = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: await factory.CreateEnterpriseAsync("他人企业"));
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync(url, TestContext.Current.CancellationToken)).StatusCode);
        var token = await AppFactory.AntiforgeryTokenAsync(intruder, "/account/password");
        var post = await intruder.PostAsync($"{url}?handler=Submit", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(ApplicationState.Draft, await factory.WithDbAsync(db => db.AdmissionApplications.Where(a => a.EnterpriseId == applicant).Select(a => a.State).SingleAsync()));
    }
}

/// <summary>A new enterprise registers itself online and lands on its application.</summary>
public sealed class OnlineRegistrationTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_new_enterprise_registers_online_and_starts_its_application_and_bad_input_saves_nothing()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var code = CreditCode.Complete("91330283MA2X9Y8W");
        Dictionary<string, string> Form(string creditCode, string password) => new()
        {
            ["Input.CreditCode"] = creditCode, ["Input.NameZh"] = "网上申请气动有限公司", ["Input.ContactName"] = "陈经理",
            ["Input.Email"] = "apply@test.qz", ["Input.Password"] = password, ["Input.Confirm"] = password,
        };

        var badCode = await AppFactory.PostFormAsync(client, "/apply", Form(code[..17] + (code[17] == '0' ? '1' : '0'), "Apply-password-1"));
        Assert.Contains("校验位不正确", await badCode.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var weak = await AppFactory.PostFormAsync(client, "/apply", Form(code, "weak"));
        Assert.Contains("密码至少需要 10 个字符", await weak.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.False(await factory.WithDbAsync(db => db.Enterprises.AnyAsync(e => e.CreditCode == code)));

        var ok = await AppFactory.PostFormAsync(client, "/apply", Form(code, "Apply-password-1"));
        Assert.Equal("/admission/mine", ok.Headers.Location?.ToString());
        var enterprise = await factory.WithDbAsync(db => db.Enterprises.SingleAsync(e => e.CreditCode == code));
        Assert.Equal(EnterpriseState.Applicant, enterprise.State);
        Assert.StartsWith("/admission/", (await client.GetAsync("/admission/mine", TestContext.Current.CancellationToken)).Headers.Location?.ToString());

        // The same credit code cannot register twice.
        var again = factory.CreateClient(new() { AllowAutoRedirect = false });
        var form = Form(code, "Apply-password-1");
        form["Input.Email"] = "other@test.qz";
        var duplicate = await AppFactory.PostFormAsync(again, "/apply", form);
        Assert.Contains("已登记", await duplicate.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
