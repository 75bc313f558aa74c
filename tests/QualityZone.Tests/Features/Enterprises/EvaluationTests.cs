using System.Net;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Evaluations;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Enterprises;

public sealed class EvaluationTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public void Grades_follow_the_thresholds()
    {
        var thresholds = new GradeThresholds(90, 75, 60);
        Assert.Equal(["A", "B", "B", "C", "D"], new[] { 90m, 89.99m, 75m, 60m, 59.5m }.Select(thresholds.GradeOf));
        Assert.False(new GradeThresholds(60, 75, 90).IsValid);
        Assert.Equal(GradeThresholds.Default, GradeThresholds.Parse("nonsense"));
    }

    [Fact]
    public async Task The_office_evaluates_an_admitted_enterprise_from_computed_and_manual_scores()
    {
        var id = await factory.CreateEnterpriseAsync("年度评价测试公司");
        await factory.WithDbAsync(async db =>
        {
            var e = await db.Enterprises.SingleAsync(x => x.Id == id);
            e.CustomsCreditTier = "certified";
            db.EnterpriseEvents.Add(e.Admit("FH-2026-9001", new DateOnly(2026, 1, 10), "批准入区", null, "test", DateTimeOffset.UtcNow));
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            db.Certificates.Add(new Certificate { EnterpriseId = id, Type = "iso9001", Number = "Q1", ValidFrom = today.AddYears(-1), ValidTo = today.AddYears(2), CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });
        var office = await factory.SignInAsync(AppFactory.AdminEmail);
        var criteria = await factory.WithDbAsync(db => db.EvaluationCriteria.ToDictionaryAsync(c => c.Code, c => c.Id));
        var url = $"/enterprises/{id}/evaluate";
        Dictionary<string, string> Form(int qualityControl) => new()
        {
            ["year"] = "2025", [$"scores[{criteria["quality-control"]}]"] = qualityControl.ToString(),
            [$"scores[{criteria["archive"]}]"] = "90", [$"scores[{criteria["incidents"]}]"] = "100",
            // A computed criterion's score sent by the form is ignored: it is recomputed.
            [$"scores[{criteria["qms"]}]"] = "0",
        };

        await AppFactory.PostFormAsync(office, url, Form(130));
        Assert.False(await factory.WithDbAsync(db => db.Evaluations.AnyAsync(v => v.EnterpriseId == id)));

        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(office, url, Form(80))).StatusCode);
        // qms 100×15 + letter 0×10 + credit 85×15 + lab 50×10 + 80×20 + 90×15 + 100×15 = 7725 → 77.25
        var evaluation = await factory.WithDbAsync(db => db.Evaluations.Include(v => v.Scores).SingleAsync(v => v.EnterpriseId == id));
        Assert.Equal(77.25m, evaluation.Total);
        Assert.Equal("B", evaluation.Grade);
        Assert.Equal(100, evaluation.Scores.Single(s => s.CriterionId == criteria["qms"]).Score);
        Assert.Equal("B", await factory.WithDbAsync(db => db.Enterprises.Where(e => e.Id == id).Select(e => e.Grade).SingleAsync()));

        // Stricter thresholds move the grade: the office changes them and re-evaluates.
        var weights = await factory.WithDbAsync(db => db.EvaluationCriteria.ToDictionaryAsync(c => c.Id, c => c.Weight));
        var bad = weights.ToDictionary(w => $"weights[{w.Key}]", w => (w.Value + 1).ToString());
        bad["a"] = "90"; bad["b"] = "75"; bad["c"] = "60";
        Assert.Contains("权重合计须为 100", await (await AppFactory.PostFormAsync(office, "/admin/evaluation", bad)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var good = weights.ToDictionary(w => $"weights[{w.Key}]", w => w.Value.ToString());
        good["a"] = "95"; good["b"] = "85"; good["c"] = "70";
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(office, "/admin/evaluation", good)).StatusCode);
        await AppFactory.PostFormAsync(office, url, Form(80));
        Assert.Equal("C", await factory.WithDbAsync(db => db.Evaluations.Where(v => v.EnterpriseId == id && v.Year == 2025).Select(v => v.Grade).SingleAsync()));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Evaluations.CountAsync(v => v.EnterpriseId == id)));
    }

    [Fact]
    public async Task An_applicant_is_not_evaluated()
    {
        var id = await factory.CreateEnterpriseAsync("申请中企业");
        var office = await factory.SignInAsync(AppFactory.AdminEmail);
        await AppFactory.PostFormAsync(office, $"/enterprises/{id}/evaluate", new() { ["year"] = "2025" });
        Assert.Contains("只对区内企业进行年度评价", (await AppFactory.GetDocumentAsync(office, $"/enterprises/{id}/evaluate?year=2025")).QuerySelector(".alert-danger")!.TextContent);
    }
}

/// <summary>An enterprise asks to change its identity fields; the office decides.</summary>
public sealed class IdentityChangeTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_name_change_waits_for_the_office_and_is_applied_on_approval()
    {
        var id = await factory.CreateEnterpriseAsync("变更前名称有限公司");
        var code = await factory.WithDbAsync(db => db.Enterprises.Where(e => e.Id == id).Select(e => e.CreditCode).SingleAsync());
        var client = await factory.SignInAsNewUserAsync(QualityZone.Infrastructure.Auth.Roles.EnterpriseUser, enterpriseId: id);
        var page = $"/enterprises/{id}";
        async Task<string> Post(HttpClient c, Dictionary<string, string> form, string handler)
        {
            await AppFactory.PostFormAsync(c, page, form, formPage: "/account/password", handler: handler);
            return (await AppFactory.GetDocumentAsync(c, page)).QuerySelector(".alert-danger")?.TextContent ?? "";
        }

        Assert.Contains("校验位", await Post(client, new() { ["nameZh"] = "变更后名称有限公司", ["creditCode"] = code[..17] + (code[17] == '0' ? '1' : '0'), ["reason"] = "更名" }, "RequestChange"));
        Assert.Contains("请填写变更原因", await Post(client, new() { ["nameZh"] = "变更后名称有限公司", ["creditCode"] = code }, "RequestChange"));
        Assert.Equal("", await Post(client, new() { ["nameZh"] = "变更后名称有限公司", ["creditCode"] = code, ["reason"] = "工商变更登记" }, "RequestChange"));
        // Nothing changes until the office decides.
        Assert.Equal("变更前名称有限公司", await factory.WithDbAsync(db => db.Enterprises.Where(e => e.Id == id).Select(e => e.NameZh).SingleAsync()));
        var request = await factory.WithDbAsync(db => db.IdentityChangeRequests.SingleAsync(r => r.EnterpriseId == id));

        // The enterprise cannot approve its own request.
        await AppFactory.PostFormAsync(client, page, new() { ["requestId"] = request.Id.ToString(), ["approve"] = "true" }, formPage: "/account/password", handler: "DecideChange");
        Assert.Equal(ChangeRequestState.Pending, await factory.WithDbAsync(db => db.IdentityChangeRequests.Where(r => r.Id == request.Id).Select(r => r.State).SingleAsync()));

        var office = await factory.SignInAsync(AppFactory.AdminEmail);
        Assert.Equal("", await Post(office, new() { ["requestId"] = request.Id.ToString(), ["approve"] = "true", ["note"] = "核对营业执照无误" }, "DecideChange"));
        Assert.Equal("变更后名称有限公司", await factory.WithDbAsync(db => db.Enterprises.Where(e => e.Id == id).Select(e => e.NameZh).SingleAsync()));
        Assert.Equal(ChangeRequestState.Approved, await factory.WithDbAsync(db => db.IdentityChangeRequests.Where(r => r.Id == request.Id).Select(r => r.State).SingleAsync()));
    }
}

/// <summary>The configurable lists: what the office adds is accepted by the register's validation.</summary>
public sealed class ListsTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_tier_added_by_the_office_is_accepted_and_a_bad_code_is_refused()
    {
        var office = await factory.SignInAsync(AppFactory.AdminEmail);
        await AppFactory.PostFormAsync(office, "/admin/lists", new() { ["list"] = "customs-credit-tier", ["code"] = "Bad Code!", ["nameZh"] = "错误" }, handler: "Add");
        Assert.Contains("代码只能包含", (await AppFactory.GetDocumentAsync(office, "/admin/lists")).QuerySelector(".alert-danger")!.TextContent);
        await AppFactory.PostFormAsync(office, "/admin/lists", new() { ["list"] = "customs-credit-tier", ["code"] = "pilot", ["nameZh"] = "试点信用等级" }, handler: "Add");

        var input = new EnterpriseInput { CreditCode = CreditCode.Complete("91330283MA2X1234"), NameZh = "试点企业", CustomsCreditTier = "pilot" };
        var tiers = await factory.WithDbAsync(db => db.CodeListItems.Where(i => i.List == "customs-credit-tier" && i.IsActive).Select(i => i.Code).ToListAsync());
        Assert.Empty(input.Validate(tiers));
        Assert.NotEmpty(new EnterpriseInput { CreditCode = input.CreditCode, NameZh = "x", CustomsCreditTier = "unknown" }.Validate(tiers));
    }
}
