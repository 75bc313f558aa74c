using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using QualityZone.Features.Policies;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Localization;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Policies;

/// <summary>
/// Rewards from eligibility to payment with every refusal, facilitation measures withdrawn when an enterprise stops
/// qualifying, the appraisal's weights and scores, and isolation; on SQLite and PostgreSQL.
/// </summary>
public abstract class PoliciesTests<TFactory>(TFactory factory) where TFactory : AppFactory
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

    private static async Task<Guid> IdAsync(HttpResponseMessage response)
    {
        await OkAsync(response);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    /// <summary>An admitted enterprise with a grade and a signed commitment letter.</summary>
    private async Task<Guid> EnterpriseAsync(string name, string grade)
    {
        var id = await factory.CreateEnterpriseAsync(name);
        await factory.WithDbAsync(async db =>
        {
            var e = await db.Enterprises.SingleAsync(x => x.Id == id, Ct);
            e.Admit("FH-P-" + Random.Shared.Next(100000, 999999), new DateOnly(2020, 1, 1), "测试", null, "测试", DateTimeOffset.UtcNow);
            e.Grade = grade;
            await db.SaveChangesAsync(Ct);
        });
        return id;
    }

    private object Reward(Guid department, string rule, string title, decimal amount = 50_000m, decimal? budget = 120_000m, bool grantWithoutApplication = false,
        string kind = "Fixed", string? baseCriterion = null, decimal share = 0, decimal? cap = null) => new
    {
        type = "Reward", title, issuingUnit = "奉化区人民政府", documentNumber = "奉政发〔2026〕99号", issuedOn = "2026-01-01", body = "政策全文", published = true, isPublic = true,
        responsibleDepartmentId = department, rule, amountKind = kind, amount, sharePercent = share, baseCriterion, capPerEnterprise = cap, budget, grantWithoutApplication,
    };

    [Fact]
    public async Task A_reward_from_eligibility_to_payment_with_every_refusal_and_an_enterprise_sees_only_its_own()
    {
        factory.RequireDatabase();
        var economy = await factory.DepartmentIdAsync("economy-it");
        var office = await TokenClientAsync(Roles.ZoneAdmin);
        var reviewer = await TokenClientAsync(Roles.DepartmentStaff, "economy-it");
        var otherDept = await TokenClientAsync(Roles.DepartmentStaff, "commerce");
        var finance = await TokenClientAsync(Roles.DepartmentStaff, "finance");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var good = await EnterpriseAsync($"政策测试甲{tag}", "A");
        var poor = await EnterpriseAsync($"政策测试乙{tag}", "C");
        var clientGood = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: good);
        var clientPoor = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: poor);

        // Bad rules: an unknown criterion, a number compared with text, a text compared by size — refused, nothing saved.
        var before = await factory.WithDbAsync(db => db.Policies.CountAsync(Ct));
        await AssertProblemAsync(await office.PostAsJsonAsync("/api/policies", Reward(economy, "grade in (A, B) and turnover > 5", "坏规则"), Ct), HttpStatusCode.BadRequest, "未知的条件“turnover”");
        await AssertProblemAsync(await office.PostAsJsonAsync("/api/policies", Reward(economy, "own_brand_share >= abc", "坏规则"), Ct), HttpStatusCode.BadRequest, "是数值，不能与“abc”比较");
        await AssertProblemAsync(await office.PostAsJsonAsync("/api/policies", Reward(economy, "grade > B", "坏规则"), Ct), HttpStatusCode.BadRequest, "不能比较大小");
        await AssertProblemAsync(await office.PostAsJsonAsync("/api/policies", Reward(economy, "(grade = A", "坏规则"), Ct), HttpStatusCode.BadRequest, "括号没有闭合");
        await AssertProblemAsync(await office.PostAsJsonAsync("/api/policies", Reward(economy, "grade = A", "坏规则", kind: "PerItem"), Ct), HttpStatusCode.BadRequest, "数值条件作为基数");
        Assert.Equal(before, await factory.WithDbAsync(db => db.Policies.CountAsync(Ct)));
        Assert.Equal(HttpStatusCode.Forbidden, (await clientGood.PostAsJsonAsync("/api/policies", Reward(economy, "grade = A", "企业不能登记"), Ct)).StatusCode);

        // Only this test's two enterprises qualify or not by name: the rule also asks for a grade no other test enterprise has.
        var policy = await IdAsync(await office.PostAsJsonAsync("/api/policies", Reward(economy, $"grade in (A, B) and letter_signed = false and overdue_actions = 0", $"质量提升奖励{tag}"), Ct));

        // Eligibility with reasons: the office sees both, the enterprise its own standing.
        var eligibility = await office.GetFromJsonAsync<JsonElement>($"/api/policies/{policy}/eligibility", Ct);
        var rows = eligibility.EnumerateArray().ToDictionary(e => e.GetProperty("enterpriseId").GetGuid());
        Assert.True(rows[good].GetProperty("eligible").GetBoolean());
        Assert.False(rows[poor].GetProperty("eligible").GetBoolean());
        var failing = rows[poor].GetProperty("checks").EnumerateArray().Single(c => !c.GetProperty("passed").GetBoolean());
        Assert.Equal(("grade", "C"), (failing.GetProperty("code").GetString(), failing.GetProperty("value").GetString()));
        Assert.Equal(50_000m, rows[good].GetProperty("entitlement").GetDecimal());
        var mine = (await clientPoor.GetFromJsonAsync<JsonElement>("/api/policies/mine", Ct)).EnumerateArray().Single(s => s.GetProperty("policyId").GetGuid() == policy);
        Assert.False(mine.GetProperty("eligible").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await clientPoor.GetAsync($"/api/policies/{policy}/eligibility", Ct)).StatusCode);

        // The export criteria read the returns and the lines on either database; an enterprise without returns has no data, and misses.
        var exports = await IdAsync(await office.PostAsJsonAsync("/api/policies", Reward(economy, "own_brand_share >= 30 and export_growth >= 0 and export_value >= 0", $"自主品牌奖励{tag}"), Ct));
        var byExports = (await office.GetFromJsonAsync<JsonElement>($"/api/policies/{exports}/eligibility", Ct)).EnumerateArray().Single(e => e.GetProperty("enterpriseId").GetGuid() == good);
        Assert.False(byExports.GetProperty("eligible").GetBoolean());
        Assert.Equal(["无数据", "无数据", "0"], byExports.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("value").GetString()));

        // The poor enterprise's claim is refused naming what it misses; the good one's is taken once.
        await AssertProblemAsync(await clientPoor.PostAsJsonAsync($"/api/policies/{policy}/claims", new { statement = "申请" }, Ct), HttpStatusCode.BadRequest, "不符合申请条件");
        var claim = await IdAsync(await clientGood.PostAsJsonAsync($"/api/policies/{policy}/claims", new { statement = "我司符合条件" }, Ct));
        await AssertProblemAsync(await clientGood.PostAsJsonAsync($"/api/policies/{policy}/claims", new { statement = "再申请" }, Ct), HttpStatusCode.Conflict, "不能重复申请");
        Assert.Equal(1, await factory.WithDbAsync(db => db.PolicyClaims.CountAsync(c => c.PolicyId == policy, Ct)));

        // Isolation: the other enterprise cannot read it, its list holds none of it.
        Assert.Equal(HttpStatusCode.NotFound, (await clientPoor.GetAsync($"/api/policy-claims/{claim}", Ct)).StatusCode);
        Assert.DoesNotContain((await clientPoor.GetFromJsonAsync<JsonElement>("/api/policy-claims", Ct)).EnumerateArray(), c => c.GetProperty("id").GetGuid() == claim);
        Assert.Contains((await clientGood.GetFromJsonAsync<JsonElement>("/api/policy-claims", Ct)).EnumerateArray(), c => c.GetProperty("id").GetGuid() == claim);

        // The decision needs the review first; only the responsible department reviews.
        await AssertProblemAsync(await office.PostAsJsonAsync($"/api/policy-claims/{claim}/decision", new { approve = true }, Ct), HttpStatusCode.Conflict, "须先经负责部门审核");
        await AssertProblemAsync(await otherDept.PostAsJsonAsync($"/api/policy-claims/{claim}/review", new { opinion = "同意" }, Ct), HttpStatusCode.Forbidden, "负责审核部门");
        await AssertProblemAsync(await reviewer.PostAsJsonAsync($"/api/policy-claims/{claim}/review", new { opinion = " " }, Ct), HttpStatusCode.BadRequest, "审核意见");
        await OkAsync(await reviewer.PostAsJsonAsync($"/api/policy-claims/{claim}/review", new { opinion = "经核对符合条件" }, Ct));

        // Over the entitlement, then a rejection without reason: refused. Approved at the entitlement.
        await AssertProblemAsync(await office.PostAsJsonAsync($"/api/policy-claims/{claim}/decision", new { approve = true, amount = 60_000 }, Ct), HttpStatusCode.BadRequest, "超过按政策可得");
        await AssertProblemAsync(await office.PostAsJsonAsync($"/api/policy-claims/{claim}/decision", new { approve = false }, Ct), HttpStatusCode.BadRequest, "理由");
        await OkAsync(await office.PostAsJsonAsync($"/api/policy-claims/{claim}/decision", new { approve = true, amount = 50_000 }, Ct));

        // Payment: the finance bureau only, never over the approved amount, with a voucher.
        await AssertProblemAsync(await reviewer.PostAsJsonAsync($"/api/policy-claims/{claim}/payment", new { paidOn = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"), amount = 50_000, voucherNumber = "V1" }, Ct), HttpStatusCode.Forbidden, "财政局");
        await AssertProblemAsync(await finance.PostAsJsonAsync($"/api/policy-claims/{claim}/payment", new { paidOn = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"), amount = 50_001, voucherNumber = "V1" }, Ct), HttpStatusCode.BadRequest, "超过批准金额");
        await AssertProblemAsync(await finance.PostAsJsonAsync($"/api/policy-claims/{claim}/payment", new { paidOn = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"), amount = 50_000, voucherNumber = "" }, Ct), HttpStatusCode.BadRequest, "凭证号");
        await OkAsync(await finance.PostAsJsonAsync($"/api/policy-claims/{claim}/payment", new { paidOn = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"), amount = 50_000, voucherNumber = "FZ-2026-001" }, Ct));
        var paid = await clientGood.GetFromJsonAsync<JsonElement>($"/api/policy-claims/{claim}", Ct);
        Assert.Equal(("Paid", 50_000m, "FZ-2026-001"), (paid.GetProperty("state").GetString(), paid.GetProperty("paidAmount").GetDecimal(), paid.GetProperty("voucherNumber").GetString()));
        Assert.Contains(paid.GetProperty("eligibilityAtClaim").EnumerateArray(), c => c.GetProperty("code").GetString() == "grade" && c.GetProperty("value").GetString() == "A");
        await AssertProblemAsync(await finance.PostAsJsonAsync($"/api/policy-claims/{claim}/payment", new { paidOn = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"), amount = 1, voucherNumber = "V2" }, Ct), HttpStatusCode.Conflict, "已拨付");

        var budget = await office.GetFromJsonAsync<JsonElement>($"/api/policies/{policy}/budget", Ct);
        Assert.Equal((120_000m, 50_000m, 50_000m, 70_000m), (budget.GetProperty("total").GetDecimal(), budget.GetProperty("committed").GetDecimal(), budget.GetProperty("paid").GetDecimal(), budget.GetProperty("left").GetDecimal()));

        // The finance bureau's sheet holds the paid claim.
        var sheet = await office.GetAsync($"/api/policy-claims/export.xlsx?policyId={policy}", Ct);
        await OkAsync(sheet);
        var exported = (await sheet.Content.ReadAsStreamAsync(Ct)).Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Single(exported);
        Assert.Equal("FZ-2026-001", exported[0]["凭证号"]?.ToString());
    }

    [Fact]
    public async Task Granted_without_application_within_the_budget_all_or_nothing()
    {
        factory.RequireDatabase();
        var market = await factory.DepartmentIdAsync("market-supervision");
        var office = await TokenClientAsync(Roles.ZoneAdmin);
        var tag = Guid.NewGuid().ToString("N")[..6];
        // Nine standards drafted — no other enterprise of the class's database has them — make the eligible set this test's own.
        var a = await EnterpriseAsync($"免申甲{tag}", "B");
        var b = await EnterpriseAsync($"免申乙{tag}", "B");
        await factory.WithDbAsync(async db =>
        {
            foreach (var e in new[] { a, b })
                for (var n = 0; n < 9; n++)
                    db.StandardParticipations.Add(new QualityZone.Features.Portal.StandardParticipation { EnterpriseId = e, StandardNumber = $"T/FH {n}", Title = "团体标准", Level = "团体", Role = "参与起草", Year = DateTime.UtcNow.Year, RecordedBy = "测试", RecordedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(Ct);
        });
        var clientA = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: a);

        var tight = await IdAsync(await office.PostAsJsonAsync("/api/policies", Reward(market, "standards_drafted >= 9", $"免申即享{tag}", amount: 10_000, budget: 15_000, grantWithoutApplication: true), Ct));
        await AssertProblemAsync(await clientA.PostAsJsonAsync($"/api/policies/{tight}/claims", new { }, Ct), HttpStatusCode.Conflict, "免申即享");
        await AssertProblemAsync(await office.PostAsync($"/api/policies/{tight}/grant-eligible", null, Ct), HttpStatusCode.BadRequest, "超出预算");
        Assert.Equal(0, await factory.WithDbAsync(db => db.PolicyClaims.CountAsync(c => c.PolicyId == tight, Ct)));

        var enough = await IdAsync(await office.PostAsJsonAsync("/api/policies", Reward(market, "standards_drafted >= 9", $"免申即享足额{tag}", amount: 10_000, budget: 20_000, grantWithoutApplication: true), Ct));
        var granted = await office.PostAsync($"/api/policies/{enough}/grant-eligible", null, Ct);
        await OkAsync(granted);
        Assert.Equal(2, await granted.Content.ReadFromJsonAsync<int>(Ct));
        // A second run grants nobody twice.
        Assert.Equal(0, await (await office.PostAsync($"/api/policies/{enough}/grant-eligible", null, Ct)).Content.ReadFromJsonAsync<int>(Ct));
        var claims = await factory.WithDbAsync(db => db.PolicyClaims.Where(c => c.PolicyId == enough).ToListAsync(Ct));
        Assert.Equal(new[] { a, b }.Order(), claims.Select(c => c.EnterpriseId).Order());
        Assert.All(claims, c => Assert.Equal((ClaimState.Approved, 10_000m), (c.State, c.ApprovedAmount!.Value)));
        // The decision's reason is the platform's own words, stored as a message: each reader sees it in their language.
        var claimId = claims.First().Id;
        Assert.Equal("免申即享", (await office.GetFromJsonAsync<JsonElement>($"/api/policy-claims/{claimId}", Ct)).GetProperty("decisionReason").GetString());
        var page = await factory.SignInAsNewUserAsync(Roles.ZoneAdmin);
        Assert.Contains(" · 免申即享 · ", await page.GetStringAsync($"/policies/claims/{claimId}", Ct));
        var english = await page.GetStringAsync($"/policies/claims/{claimId}?culture=en", Ct);
        Assert.Contains(" · Granted without application · ", english);
    }

    [Fact]
    public async Task A_measure_is_flagged_for_withdrawal_when_the_enterprise_is_put_on_watch_and_its_unit_is_told()
    {
        factory.RequireDatabase();
        var ciq = await factory.DepartmentIdAsync("ciq");
        var office = await TokenClientAsync(Roles.ZoneAdmin);
        var ciqUser = await factory.CreateUserAsync(Roles.DepartmentStaff, "ciq");
        var ciqClient = factory.CreateTokenClient(await factory.CreateTokenAsync(ciqUser));
        var customs = await TokenClientAsync(Roles.DepartmentStaff, "customs");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var a = await EnterpriseAsync($"便利化甲{tag}", "A");
        var c = await EnterpriseAsync($"便利化丙{tag}", "C");
        var clientA = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: a);
        var measure = await IdAsync(await office.PostAsJsonAsync("/api/policies", new
        {
            type = "Facilitation", title = $"绿色通道{tag}", issuingUnit = "宁波检验检疫局", issuedOn = "2026-01-01", body = "全文", published = true,
            responsibleDepartmentId = ciq, rule = "grade in (A, B) and state = admitted",
        }, Ct));

        // Granted by its own unit only, to an enterprise that meets the conditions only.
        await AssertProblemAsync(await customs.PostAsJsonAsync($"/api/policies/{measure}/grants", new { enterpriseIds = new[] { a } }, Ct), HttpStatusCode.Forbidden, "给予该措施的单位");
        await AssertProblemAsync(await ciqClient.PostAsJsonAsync($"/api/policies/{measure}/grants", new { enterpriseIds = new[] { c } }, Ct), HttpStatusCode.BadRequest, "不符合条件");
        await OkAsync(await ciqClient.PostAsJsonAsync($"/api/policies/{measure}/grants", new { enterpriseIds = new[] { a } }, Ct));
        await AssertProblemAsync(await ciqClient.PostAsJsonAsync($"/api/policies/{measure}/grants", new { enterpriseIds = new[] { a } }, Ct), HttpStatusCode.Conflict, "已在享受");
        Assert.Equal("Active", (await clientA.GetFromJsonAsync<JsonElement>($"/api/policies/{measure}/grants", Ct)).EnumerateArray().Single().GetProperty("state").GetString());

        // Dynamic management reaches the benefit: on watch, the grant is flagged at once and the unit told why.
        await OkAsync(await office.PostAsJsonAsync($"/api/enterprises/{a}/actions", new { action = "PutOnWatch", reason = "国外通报" }, Ct));
        var grant = (await clientA.GetFromJsonAsync<JsonElement>($"/api/policies/{measure}/grants", Ct)).EnumerateArray().Single();
        Assert.Equal("FlaggedForWithdrawal", grant.GetProperty("state").GetString());
        Assert.Contains("watch", grant.GetProperty("flagReason").GetString());
        var snapshot = await factory.WithDbAsync(db => db.MeasureGrants.Where(g => g.PolicyId == measure && g.EnterpriseId == a).Select(g => g.FlagReason).SingleAsync(Ct));
        var told = await factory.WithDbAsync(db => db.Notifications.Where(n => db.Users.Any(u => u.Id == n.UserId && u.Email == ciqUser) && n.Title.Contains($"绿色通道{tag}")).Select(n => n.Body).SingleAsync(Ct));
        // The reason is kept as a message: each reader reads the failing check in their own language.
        var language = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = Text.Chinese;
            Assert.Equal(EligibilityText.Describe(snapshot), Msg.Render(told));
            System.Globalization.CultureInfo.CurrentUICulture = Text.English;
            Assert.Equal(EligibilityText.Describe(snapshot), Msg.Render(told));
            Assert.DoesNotMatch("[\u4e00-\u9fff]", Msg.Render(told));
        }
        finally { System.Globalization.CultureInfo.CurrentUICulture = language; }

        // Back in good standing the flag is lifted; withdrawn by the unit, the enterprise sees it withdrawn.
        await OkAsync(await office.PostAsJsonAsync($"/api/enterprises/{a}/actions", new { action = "WatchLifted", reason = "整改完成" }, Ct));
        Assert.Equal("Active", (await clientA.GetFromJsonAsync<JsonElement>($"/api/policies/{measure}/grants", Ct)).EnumerateArray().Single().GetProperty("state").GetString());
        await OkAsync(await ciqClient.PostAsync($"/api/policies/{measure}/grants/{a}/withdrawal", null, Ct));
        Assert.Equal("Withdrawn", (await clientA.GetFromJsonAsync<JsonElement>($"/api/policies/{measure}/grants", Ct)).EnumerateArray().Single().GetProperty("state").GetString());
        // Another enterprise sees none of the grants.
        var clientC = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: c);
        Assert.Empty((await clientC.GetFromJsonAsync<JsonElement>($"/api/policies/{measure}/grants", Ct)).EnumerateArray());
    }

    [Fact]
    public async Task Appraisal_weights_must_add_up_to_100_the_manual_score_counts_and_a_unit_sees_its_own_row()
    {
        factory.RequireDatabase();
        var district = await TokenClientAsync(Roles.DepartmentStaff, "district-office");
        var commerce = await TokenClientAsync(Roles.DepartmentStaff, "commerce");
        var commerceId = await factory.DepartmentIdAsync("commerce");
        const int year = 2031;
        var weights = AppraisalService.Items.ToDictionary(i => i.Code, i => i.DefaultWeight);
        weights["manual"] = 11;
        await AssertProblemAsync(await district.PutAsJsonAsync($"/api/appraisal/{year}/weights", weights, Ct), HttpStatusCode.BadRequest, "合计应为 100，现为 101");
        await AssertProblemAsync(await commerce.PutAsJsonAsync($"/api/appraisal/{year}/weights", AppraisalService.Items.ToDictionary(i => i.Code, i => i.DefaultWeight), Ct), HttpStatusCode.Forbidden, "区府办");
        Assert.Equal(0, await factory.WithDbAsync(db => db.AppraisalWeights.CountAsync(w => w.Year == year, Ct)));

        // Only the manual item and the meetings apply in a year with nothing else due: the total is their weighted mean.
        var only = AppraisalService.Items.ToDictionary(i => i.Code, _ => 0);
        (only["manual"], only["meetings"], only["tasks_on_time"]) = (40, 30, 30);
        await OkAsync(await district.PutAsJsonAsync($"/api/appraisal/{year}/weights", only, Ct));
        await AssertProblemAsync(await district.PutAsJsonAsync($"/api/appraisal/{year}/scores/{commerceId}", new { score = 101 }, Ct), HttpStatusCode.BadRequest, "0 到 100");
        await OkAsync(await district.PutAsJsonAsync($"/api/appraisal/{year}/scores/{commerceId}", new { score = 80, note = "创新" }, Ct));

        var own = (await commerce.GetFromJsonAsync<JsonElement>($"/api/appraisal/{year}", Ct)).EnumerateArray().ToList();
        Assert.Single(own);
        Assert.Equal(commerceId, own[0].GetProperty("departmentId").GetGuid());
        var items = own[0].GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("code").GetString()!);
        Assert.Equal(80m, items["manual"].GetProperty("score").GetDecimal());
        // Year 2031 has not begun: nothing is due, so only the manual item applies and the total is its score.
        Assert.Equal(JsonValueKind.Null, items["meetings"].GetProperty("score").ValueKind);
        Assert.Equal(80m, own[0].GetProperty("total").GetDecimal());
        Assert.True((await district.GetFromJsonAsync<JsonElement>($"/api/appraisal/{year}", Ct)).GetArrayLength() > 10);
        Assert.Equal(HttpStatusCode.Forbidden, (await commerce.GetAsync($"/api/appraisal/{year}/export.xlsx", Ct)).StatusCode);
    }
}

public sealed class PoliciesSqliteTests(AppFactory factory) : PoliciesTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class PoliciesPostgresTests(PostgresAppFactory factory) : PoliciesTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
