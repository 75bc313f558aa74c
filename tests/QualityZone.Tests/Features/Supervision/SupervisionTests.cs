using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Features.Actions;
using QualityZone.Features.Inspections;
using QualityZone.Features.Meetings;
using QualityZone.Features.Risks;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Demo;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Supervision;

/// <summary>Corrective actions, joint meetings, inspections, the risk register and early warning; on SQLite and PostgreSQL.</summary>
public abstract class SupervisionTests<TFactory>(TFactory factory) where TFactory : AppFactory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private async Task<Guid> AdmittedEnterpriseAsync(string name)
    {
        var id = await factory.CreateEnterpriseAsync(name);
        await factory.WithDbAsync(async db =>
        {
            var e = await db.Enterprises.SingleAsync(x => x.Id == id, Ct);
            e.Admit("FH-T-" + Random.Shared.Next(100000, 999999), new DateOnly(2020, 1, 1), "测试", null, "测试", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(Ct);
        });
        return id;
    }

    private async Task<HttpClient> TokenClientAsync(string role, string? department = null, Guid? enterprise = null) =>
        factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(role, department, enterprise)));

    private static async Task<Guid> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> ActionAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/actions/{id}", Ct)).GetProperty("action");

    [Fact]
    public async Task Actions_and_risks_raised_at_the_same_instant_get_distinct_numbers()
    {
        factory.RequireDatabase();
        var enterprise = await AdmittedEnterpriseAsync("奉化并发编号测试气动有限公司");
        var office = await TokenClientAsync(Roles.ZoneAdmin);
        // Twelve clients at once, each raising an action: "highest + 1" read by all of them gave one number twice.
        var responses = await Task.WhenAll(Enumerable.Range(1, 12).Select(i => office.PostAsJsonAsync("/api/actions", new
        {
            source = "Complaint", enterpriseId = enterprise, title = $"并发投诉 {i}", severity = "Minor", dueOn = Today.AddDays(20),
        }, Json, Ct)));
        var ids = new List<Guid>();
        foreach (var response in responses) ids.Add(await CreatedIdAsync(response));
        var numbers = await factory.WithDbAsync(db => db.CorrectiveActions.Where(a => ids.Contains(a.Id)).Select(a => a.Number).ToListAsync(Ct));
        Assert.Equal(12, numbers.Distinct().Count());
        Assert.All(numbers, n => Assert.Matches(@"^ZG-\d{4}-\d{4}$", n));

        var risks = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => office.PostAsJsonAsync("/api/risks", new
        {
            category = "Product", title = $"并发风险 {i}", inherentLikelihood = 3, inherentSeverity = 3, residualLikelihood = 2, residualSeverity = 2,
            nextReviewOn = Today.AddDays(60),
        }, Json, Ct)));
        Assert.All(risks, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var riskNumbers = await factory.WithDbAsync(db => db.RiskItems.Where(r => r.Title.StartsWith("并发风险")).Select(r => r.Number).ToListAsync(Ct));
        Assert.Equal(8, riskNumbers.Distinct().Count());
    }

    [Fact]
    public async Task An_action_moves_only_along_its_states_and_only_the_owner_department_or_office_closes_it()
    {
        factory.RequireDatabase();
        var enterprise = await AdmittedEnterpriseAsync("奉化整改流程测试气动有限公司");
        var other = await AdmittedEnterpriseAsync("奉化整改隔离测试气动有限公司");
        var office = await TokenClientAsync(Roles.ZoneAdmin);
        var owner = await TokenClientAsync(Roles.DepartmentStaff, "ciq");
        var otherDepartment = await TokenClientAsync(Roles.DepartmentStaff, "commerce");
        var company = await TokenClientAsync(Roles.EnterpriseUser, enterprise: enterprise);
        var stranger = await TokenClientAsync(Roles.EnterpriseUser, enterprise: other);
        var ciq = await factory.DepartmentIdAsync("ciq");

        // Bad input: no due date, a past due date, neither enterprise nor department — refused, nothing saved.
        var before = await factory.WithDbAsync(db => db.CorrectiveActions.CountAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, (await office.PostAsJsonAsync("/api/actions", new { source = "TestFailure", title = "x", severity = "Minor", enterpriseId = enterprise }, Json, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await office.PostAsJsonAsync("/api/actions", new { source = "TestFailure", title = "x", severity = "Minor", enterpriseId = enterprise, dueOn = Today.AddDays(-1) }, Json, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await office.PostAsJsonAsync("/api/actions", new { source = "TestFailure", title = "x", severity = "Minor", dueOn = Today.AddDays(5) }, Json, Ct)).StatusCode);
        Assert.Equal(before, await factory.WithDbAsync(db => db.CorrectiveActions.CountAsync(Ct)));

        var id = await CreatedIdAsync(await office.PostAsJsonAsync("/api/actions", new
        {
            source = "TestFailure", sourceReference = "FHQT-T-1", enterpriseId = enterprise, ownerDepartmentId = ciq, title = "气缸耐压试验不合格", severity = "Major", dueOn = Today.AddDays(30),
        }, Json, Ct));
        var action = await ActionAsync(company, id);
        Assert.Equal("Open", action.GetProperty("state").GetString());
        Assert.StartsWith($"ZG-{Today.Year}-", action.GetProperty("number").GetString());
        // The enterprise was told.
        Assert.True(await factory.WithDbAsync(db => db.Notifications.AnyAsync(n => n.Link == $"/actions/{id}", Ct)));

        // Another enterprise never sees it; the enterprise cannot verify (no permission) nor skip to closed.
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/actions/{id}", Ct)).StatusCode);
        Assert.DoesNotContain(id.ToString(), await stranger.GetStringAsync("/api/actions", Ct));
        // The list is one page of the API's paging shape: items, page, page size, total.
        var listed = await company.GetFromJsonAsync<JsonElement>("/api/actions?pageSize=1", Ct);
        Assert.Equal((1, 1), (listed.GetProperty("page").GetInt32(), listed.GetProperty("pageSize").GetInt32()));
        Assert.True(listed.GetProperty("total").GetInt32() >= 1);
        Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/actions/{id}/response", new { version = 1, rootCause = "x" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await company.PostAsJsonAsync($"/api/actions/{id}/verification", new { version = 1, effective = true, note = "ok" }, Ct)).StatusCode);
        var version = action.GetProperty("version").GetInt32();
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync($"/api/actions/{id}/verification", new { version, effective = true, note = "ok" }, Ct)).StatusCode);

        // Submitting without root cause, prevention or evidence is refused and changes nothing.
        var incomplete = await company.PostAsJsonAsync($"/api/actions/{id}/response", new { version, rootCause = "检验规程缺项", correction = "全数复检", submit = true }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        Assert.Contains("预防措施", await incomplete.Content.ReadAsStringAsync(Ct));
        Assert.Equal("Open", (await ActionAsync(company, id)).GetProperty("state").GetString());
        Assert.True((await ActionAsync(company, id)).GetProperty("rootCause").ValueKind == JsonValueKind.Null);

        // Answered, evidence uploaded, submitted.
        Assert.Equal(HttpStatusCode.NoContent, (await company.PostAsJsonAsync($"/api/actions/{id}/response", new { version, containment = "隔离库存", rootCause = "检验规程缺项", correction = "全数复检" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await company.PostAsJsonAsync($"/api/actions/{id}/response", new { version, rootCause = "stale" }, Ct)).StatusCode);
        version++;
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(DemoSeeder.MinimalPdf("report")), "file", "整改报告.pdf" }, { new StringContent(version.ToString()), "version" } })
            Assert.Equal(HttpStatusCode.NoContent, (await company.PostAsync($"/api/actions/{id}/evidence", form, Ct)).StatusCode);
        version++;
        Assert.Equal(HttpStatusCode.NoContent, (await company.PostAsJsonAsync($"/api/actions/{id}/response", new { version, prevention = "修订出厂检验规程并培训", submit = true }, Ct)).StatusCode);
        version++;
        Assert.Equal("PendingVerification", (await ActionAsync(owner, id)).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, (await company.GetAsync($"/actions/{id}/evidence", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/actions/{id}/evidence", Ct)).StatusCode);
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(DemoSeeder.MinimalPdf("x")), "file", "x.pdf" }, { new StringContent(version.ToString()), "version" } })
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/actions/{id}/evidence", form, Ct)).StatusCode);
        var strangerPage = await factory.SignInAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: other));
        Assert.Equal(HttpStatusCode.NotFound, (await strangerPage.GetAsync($"/actions/{id}", Ct)).StatusCode);
        Assert.DoesNotContain(id.ToString(), await strangerPage.GetStringAsync("/actions", Ct));

        // Another department may not verify; verification needs a note; not effective sends it back.
        Assert.Equal(HttpStatusCode.Forbidden, (await otherDepartment.PostAsJsonAsync($"/api/actions/{id}/verification", new { version, effective = true, note = "ok" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync($"/api/actions/{id}/verification", new { version, effective = true, note = "" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.PostAsJsonAsync($"/api/actions/{id}/verification", new { version, effective = false, note = "缺少复检报告" }, Ct)).StatusCode);
        version++;
        Assert.Equal("InProgress", (await ActionAsync(company, id)).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await company.PostAsJsonAsync($"/api/actions/{id}/response", new { version, submit = true }, Ct)).StatusCode);
        version++;
        Assert.Equal(HttpStatusCode.NoContent, (await owner.PostAsJsonAsync($"/api/actions/{id}/verification", new { version, effective = true, note = "复查有效" }, Ct)).StatusCode);
        version++;
        var closed = await ActionAsync(company, id);
        Assert.Equal(("Closed", "复查有效"), (closed.GetProperty("state").GetString(), closed.GetProperty("verificationNote").GetString()));
        // Closed is final: no cancel, no answer.
        Assert.Equal(HttpStatusCode.BadRequest, (await office.PostAsJsonAsync($"/api/actions/{id}/cancellation", new { version, reason = "x" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await company.PostAsJsonAsync($"/api/actions/{id}/response", new { version, rootCause = "x" }, Ct)).StatusCode);
        var history = (await company.GetFromJsonAsync<JsonElement>($"/api/actions/{id}", Ct)).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("to").GetString()).ToList();
        Assert.Equal(["Open", "InProgress", "InProgress", "PendingVerification", "InProgress", "PendingVerification", "Closed"], history);

        // The dashboard counts what the user sees.
        var dashboard = await company.GetFromJsonAsync<JsonElement>("/api/actions/dashboard", Ct);
        Assert.Equal(1, dashboard.GetProperty("byState").EnumerateArray().Single(s => s.GetProperty("state").GetString() == "Closed").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Overdue_actions_are_escalated_once()
    {
        factory.RequireDatabase();
        var enterprise = await AdmittedEnterpriseAsync("奉化逾期升级测试气动有限公司");
        var companyUser = await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise);
        var id = await PlantOverdueActionAsync(enterprise);
        await using (var scope = factory.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<ActionEscalation>().EscalateAsync(Ct) >= 1);
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ActionEscalation>().EscalateAsync(Ct);
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == companyUser).Select(u => u.Id).SingleAsync(Ct));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == userId && n.Title.Contains("逾期"), Ct)));
        Assert.NotNull(await factory.WithDbAsync(db => db.CorrectiveActions.Where(a => a.Id == id).Select(a => a.EscalatedAt).SingleAsync(Ct)));
    }

    /// <summary>An action raised 40 days ago and due 10 days ago, still open (written past the API, which refuses past due dates).</summary>
    private async Task<Guid> PlantOverdueActionAsync(Guid enterprise)
    {
        var action = new CorrectiveAction
        {
            Number = "ZG-T-" + Random.Shared.Next(100000, 999999), Source = ActionSource.Complaint, EnterpriseId = enterprise, OwnerDepartmentId = await factory.DepartmentIdAsync("ciq"),
            Title = "客户投诉未处理", Severity = ActionSeverity.Major, DueOn = Today.AddDays(-10), CreatedBy = "测试", CreatedAt = DateTimeOffset.UtcNow.AddDays(-40),
        };
        action.Record("测试", action.CreatedAt);
        await factory.WithDbAsync(async db => { db.CorrectiveActions.Add(action); await db.SaveChangesAsync(Ct); });
        return action.Id;
    }

    [Fact]
    public async Task Planted_signals_raise_an_enterprise_s_risk_level_with_the_reasons_shown()
    {
        factory.RequireDatabase();
        var enterprise = await AdmittedEnterpriseAsync("奉化预警信号测试气动有限公司");
        var other = await AdmittedEnterpriseAsync("奉化预警隔离测试气动有限公司");
        await PlantOverdueActionAsync(enterprise);
        await PlantOverdueActionAsync(enterprise);
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<EarlyWarning>().ComputeAsync(Ct);

        var office = await TokenClientAsync(Roles.ZoneAdmin);
        var signals = (await office.GetFromJsonAsync<JsonElement>($"/api/risk-signals?enterprise={enterprise}", Ct)).GetProperty("items").EnumerateArray().ToList();
        var overdue = signals.Single(s => s.GetProperty("kind").GetString() == "OverdueAction");
        Assert.Equal((2, 20), (overdue.GetProperty("count").GetInt32(), overdue.GetProperty("points").GetInt32()));
        Assert.Contains("ZG-T-", overdue.GetProperty("evidence").GetString());
        // Admitted in 2020 and never filed: six missing returns, capped at 30 points.
        var missing = signals.Single(s => s.GetProperty("kind").GetString() == "MissingReturn");
        Assert.Equal((6, 30), (missing.GetProperty("count").GetInt32(), missing.GetProperty("points").GetInt32()));
        var score = (await office.GetFromJsonAsync<JsonElement>("/api/risk-scores", Ct)).GetProperty("items").EnumerateArray().Single(s => s.GetProperty("enterpriseId").GetGuid() == enterprise);
        Assert.Equal((50, "High"), (score.GetProperty("score").GetInt32(), score.GetProperty("level").GetString()));
        var otherScore = (await office.GetFromJsonAsync<JsonElement>("/api/risk-scores", Ct)).GetProperty("items").EnumerateArray().Single(s => s.GetProperty("enterpriseId").GetGuid() == other);
        Assert.Equal((30, "High"), (otherScore.GetProperty("score").GetInt32(), otherScore.GetProperty("level").GetString()));

        // The weights are the office's: halving the missing-return cap lowers the score at the next run.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var warning = scope.ServiceProvider.GetRequiredService<EarlyWarning>();
            var weights = await warning.WeightsAsync(Ct);
            Assert.False((await warning.SaveWeightsAsync(weights with { Medium = 50, High = 40 }, Ct)).Succeeded);
            Assert.True((await warning.SaveWeightsAsync(weights with { Signals = [.. weights.Signals.Where(s => s.Kind != SignalKind.MissingReturn), new(SignalKind.MissingReturn, 5, 15)] }, Ct)).Succeeded);
            await warning.ComputeAsync(Ct);
        }
        score = (await office.GetFromJsonAsync<JsonElement>("/api/risk-scores", Ct)).GetProperty("items").EnumerateArray().Single(s => s.GetProperty("enterpriseId").GetGuid() == enterprise);
        Assert.Equal((35, "High"), (score.GetProperty("score").GetInt32(), score.GetProperty("level").GetString()));

        // The enterprise sees its own signals and score, never another's; its page shows the reasons.
        var company = await TokenClientAsync(Roles.EnterpriseUser, enterprise: enterprise);
        Assert.All((await company.GetFromJsonAsync<JsonElement>("/api/risk-signals", Ct)).GetProperty("items").EnumerateArray(), s => Assert.Equal(enterprise, s.GetProperty("enterpriseId").GetGuid()));
        Assert.Empty((await company.GetFromJsonAsync<JsonElement>($"/api/risk-signals?enterprise={other}", Ct)).GetProperty("items").EnumerateArray());
        Assert.Single((await company.GetFromJsonAsync<JsonElement>("/api/risk-scores", Ct)).GetProperty("items").EnumerateArray());
        var browser = await factory.SignInAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise));
        var page = await AppFactory.GetDocumentAsync(browser, "/risks/warnings");
        var row = page.QuerySelector($"[data-testid='warning-{enterprise}']")!;
        Assert.Contains("整改逾期", row.TextContent);
        Assert.Contains("月报未报送", row.TextContent);
        Assert.Null(page.QuerySelector($"[data-testid='warning-{other}']"));
        // Its dashboard says what it has to answer.
        Assert.Contains("逾期 2 项", (await AppFactory.GetDocumentAsync(browser, "/")).QuerySelector("[data-testid='open-actions']")!.TextContent);
        // Signals feed the inspection proposal: the risky enterprise comes first, with its reason.
        var round = await CreateRoundAsync($"预警推荐测试 {Guid.NewGuid():N}");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var proposals = await scope.ServiceProvider.GetRequiredService<InspectionCommands>().ProposeAsync(round, 500, Ct, randomSeed: 1);
            var first = proposals.First(p => p.EnterpriseId == enterprise || p.EnterpriseId == other);
            Assert.Equal(enterprise, first.EnterpriseId);
            Assert.Contains("风险等级", first.Reason);
        }
    }

    private async Task<Guid> CreateRoundAsync(string title)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QualityZone.Infrastructure.Data.AppDbContext>();
        var template = await db.ChecklistTemplates.Where(t => t.Name == Checklists.DefaultName).Select(t => t.Id).SingleAsync(Ct);
        var team = new List<string>();
        foreach (var department in new[] { "ciq", "market-supervision" })
        {
            var email = await factory.CreateUserAsync(Roles.DepartmentStaff, department);
            team.Add(await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct));
        }
        var office = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new(AppClaims.DisplayName, "测试")], "test"));
        var (result, id) = await scope.ServiceProvider.GetRequiredService<InspectionCommands>().CreateRoundAsync(office, new RoundInput(Today.Year, title, Today, Today.AddDays(10), template, team), Ct);
        Assert.True(result.Succeeded, result.Error);
        return id!.Value;
    }

    [Fact]
    public async Task An_inspection_is_planned_filled_with_a_photo_submitted_cosigned_and_reported()
    {
        factory.RequireDatabase();
        var enterprise = await AdmittedEnterpriseAsync("奉化联合检查测试气动有限公司");
        var other = await AdmittedEnterpriseAsync("奉化检查隔离测试气动有限公司");
        var officeEmail = await factory.CreateUserAsync(Roles.ZoneAdmin);
        var office = await factory.SignInAsync(officeEmail);
        var ciqEmail = await factory.CreateUserAsync(Roles.DepartmentStaff, "ciq");
        var marketEmail = await factory.CreateUserAsync(Roles.DepartmentStaff, "market-supervision");
        var ids = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == ciqEmail || u.Email == marketEmail || u.Email == officeEmail).ToDictionaryAsync(u => u.Email!, u => u.Id, Ct));
        var template = await factory.WithDbAsync(db => db.ChecklistTemplates.Where(t => t.Name == Checklists.DefaultName).Select(t => t.Id).SingleAsync(Ct));
        var title = $"联合检查测试 {Guid.NewGuid():N}"[..20];

        // A team from one member unit is not a joint inspection.
        var single = await AppFactory.PostFormAsync(office, "/inspections", new() { ["Year"] = Today.Year.ToString(), ["Title"] = title, ["StartOn"] = Today.ToString("yyyy-MM-dd"), ["EndOn"] = Today.AddDays(5).ToString("yyyy-MM-dd"), ["TemplateId"] = template.ToString(), ["Team"] = ids[ciqEmail] });
        Assert.Contains("两个以上成员单位", await single.Content.ReadAsStringAsync(Ct));
        Assert.False(await factory.WithDbAsync(db => db.InspectionRounds.AnyAsync(r => r.Title == title, Ct)));
        var form = new List<KeyValuePair<string, string>>
        {
            new("Year", Today.Year.ToString()), new("Title", title), new("StartOn", Today.AddDays(-1).ToString("yyyy-MM-dd")), new("EndOn", Today.AddDays(5).ToString("yyyy-MM-dd")),
            new("TemplateId", template.ToString()), new("Team", ids[ciqEmail]), new("Team", ids[marketEmail]),
            new("__RequestVerificationToken", await AppFactory.AntiforgeryTokenAsync(office, "/inspections")),
        };
        var created = await office.PostAsync("/inspections", new FormUrlEncodedContent(form), Ct);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var roundUrl = created.Headers.Location!.ToString();
        // A reason too long to keep whole is refused, and nobody is added.
        var tooLong = await AppFactory.PostFormAsync(office, roundUrl, new() { ["Picked"] = enterprise.ToString(), [$"Reasons[{enterprise}]"] = new string('因', 501) });
        Assert.Contains("选取理由不能超过 500 个字", await tooLong.Content.ReadAsStringAsync(Ct));
        Assert.False(await factory.WithDbAsync(db => db.InspectionRecords.AnyAsync(r => r.EnterpriseId == enterprise, Ct)));
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(office, roundUrl, new() { ["Picked"] = enterprise.ToString() })).StatusCode);
        var recordId = await factory.WithDbAsync(db => db.InspectionRecords.Where(r => r.EnterpriseId == enterprise).Select(r => r.Id).SingleAsync(Ct));
        var answers = await factory.WithDbAsync(db => db.InspectionAnswers.Where(a => a.RecordId == recordId).OrderBy(a => a.Position).ToListAsync(Ct));
        Assert.Equal(13, answers.Count);
        var recordUrl = $"/inspections/records/{recordId}";

        // The inspector from customs fills it. Item 1 fails: it needs a note and a photo and raises a finding.
        var inspector = await factory.SignInAsync(ciqEmail);
        async Task<HttpResponseMessage> PostRecordAsync(HttpClient client, bool submit, bool withPhoto, string version, string? cite = null)
        {
            using var content = new MultipartFormDataContent
            {
                { new StringContent(await AppFactory.AntiforgeryTokenAsync(client, recordUrl)), "__RequestVerificationToken" },
                { new StringContent(version), "Version" }, { new StringContent(Today.ToString("yyyy-MM-dd")), "VisitedOn" }, { new StringContent(submit ? "true" : "false"), "submit" },
                { new StringContent("体系运行基本正常"), "Conclusion" },
                { new StringContent("成品库房消防通道堵塞"), "ExtraFindings[0].Description" }, { new StringContent("Minor"), "ExtraFindings[0].Severity" },
            };
            for (var i = 0; i < answers.Count; i++)
            {
                var a = answers[i];
                content.Add(new StringContent(a.Id.ToString()), $"Answers[{i}].AnswerId");
                content.Add(new StringContent(i == 0 ? "Fail" : i == 12 ? "NotApplicable" : "Pass"), $"Answers[{i}].Result");
                if (i == 0) { content.Add(new StringContent("3"), $"Answers[{i}].Points"); content.Add(new StringContent("设计输入未包含 EN 983"), $"Answers[{i}].Note"); content.Add(new StringContent("Major"), $"Answers[{i}].Severity"); }
            }
            if (cite is not null) content.Add(new StringContent(cite), "Answers[1].ReportNumber");
            if (withPhoto) content.Add(new ByteArrayContent(DemoSupervision.SitePhoto), $"photo-{answers[0].Id}", "现场.png");
            return await client.PostAsync(recordUrl, content, Ct);
        }
        var refused = await PostRecordAsync(inspector, submit: true, withPhoto: false, "0");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("第 1 项不符合，须拍照取证", await refused.Content.ReadAsStringAsync(Ct));
        // Nothing half-saved: no answer, no finding, no action.
        Assert.Equal(0, await factory.WithDbAsync(db => db.InspectionAnswers.CountAsync(a => a.RecordId == recordId && a.Result != null, Ct)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.InspectionFindings.CountAsync(f => f.RecordId == recordId, Ct)));
        // An enterprise user cannot fill it.
        var company = await factory.SignInAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise));
        Assert.Equal(HttpStatusCode.Forbidden, (await PostRecordAsync(company, submit: false, withPhoto: false, "0")).StatusCode);

        // Item 2 cites a test report: only one of the inspected enterprise's resolves (another's is refused, nothing saved).
        var citedElsewhere = await factory.CreateEnterpriseAsync("引用报告测试其他企业");
        var (ownReport, otherReport) = ($"BG-T-{Random.Shared.Next(100000, 999999)}", $"BG-T-{Random.Shared.Next(100000, 999999)}");
        await factory.WithDbAsync(async db =>
        {
            foreach (var (owner, number) in new (Guid Owner, string Number)[] { (enterprise, ownReport), (citedElsewhere, otherReport) })
                db.TestRequests.Add(new QualityZone.Features.Testing.TestRequest { Number = "JC-" + number[5..], EnterpriseId = owner, ProductName = "标准气缸", RequestedBy = "测试",
                    RequestedAt = DateTimeOffset.UtcNow, State = QualityZone.Features.Testing.RequestState.Issued, ReportNumber = number, IssuedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(Ct);
        });
        var miscited = await PostRecordAsync(inspector, submit: true, withPhoto: true, "0", cite: otherReport);
        Assert.Contains("不是被检查企业的报告", await miscited.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0, await factory.WithDbAsync(db => db.InspectionAnswers.CountAsync(a => a.RecordId == recordId && (a.Result != null || a.ReportNumber != null), Ct)));
        Assert.Equal(HttpStatusCode.Redirect, (await PostRecordAsync(inspector, submit: true, withPhoto: true, "0", cite: ownReport.ToLowerInvariant())).StatusCode);
        Assert.Contains(ownReport, await inspector.GetStringAsync(recordUrl, Ct));
        var record = await factory.WithDbAsync(db => db.InspectionRecords.Include(r => r.Findings).SingleAsync(r => r.Id == recordId, Ct));
        Assert.Equal(RecordState.Submitted, record.State);
        // 12 applicable items: 3 of 10 on the failed one, full marks on the other 11 (item 13 not applicable).
        var applicable = answers.Take(12).Sum(a => a.MaxPoints);
        Assert.Equal((applicable - 7m, (decimal)applicable), (record.Score, record.MaxScore));
        Assert.Equal(2, record.Findings.Count);
        var actions = await factory.WithDbAsync(db => db.CorrectiveActions.Where(a => a.EnterpriseId == enterprise && a.Source == ActionSource.InspectionFinding).ToListAsync(Ct));
        Assert.Equal(2, actions.Count);
        Assert.Contains(actions, a => a.Severity == ActionSeverity.Major && a.DueOn == Today.AddDays(30) && a.Title.Contains("设计输入"));
        // Submitted is final for the form.
        Assert.Contains("已提交", await (await PostRecordAsync(inspector, submit: false, withPhoto: false, record.Version.ToString())).Content.ReadAsStringAsync(Ct));

        // The enterprise sees its record, finding and photo; another enterprise sees none of it.
        var mine = await AppFactory.GetDocumentAsync(company, recordUrl);
        Assert.Contains("设计输入未包含 EN 983", mine.QuerySelector("[data-testid='answers']")!.TextContent);
        var photo = mine.QuerySelector("img.qz-thumb")!.GetAttribute("src")!;
        Assert.Equal(HttpStatusCode.OK, (await company.GetAsync(photo, Ct)).StatusCode);
        var stranger = await factory.SignInAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: other));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(recordUrl, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(photo, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"{recordUrl}/report.docx", Ct)).StatusCode);
        var strangerApi = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: other)));
        Assert.Empty((await strangerApi.GetFromJsonAsync<JsonElement>("/api/findings", Ct)).GetProperty("items").EnumerateArray());
        Assert.Empty((await strangerApi.GetFromJsonAsync<JsonElement>("/api/inspections", Ct)).GetProperty("items").EnumerateArray());
        var own = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise)));
        Assert.Equal(recordId, (await own.GetFromJsonAsync<JsonElement>("/api/inspections", Ct)).GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid());

        // Co-signing: the office is not on the team; both members sign, then the record is final.
        Assert.Equal(HttpStatusCode.Forbidden, (await AppFactory.PostFormAsync(office, recordUrl, [], handler: "Sign")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(inspector, recordUrl, [], handler: "Sign")).StatusCode);
        Assert.Equal(RecordState.Submitted, await factory.WithDbAsync(db => db.InspectionRecords.Where(r => r.Id == recordId).Select(r => r.State).SingleAsync(Ct)));
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(await factory.SignInAsync(marketEmail), recordUrl, [], handler: "Sign")).StatusCode);
        Assert.Equal(RecordState.Signed, await factory.WithDbAsync(db => db.InspectionRecords.Where(r => r.Id == recordId).Select(r => r.State).SingleAsync(Ct)));

        var report = await company.GetAsync($"{recordUrl}/report.docx", Ct);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        await LibreOffice.AssertOpensAsync(await report.Content.ReadAsByteArrayAsync(Ct), ".docx");
        var year = await office.GetStringAsync($"/inspections?year={Today.Year}", Ct);
        Assert.Contains(title, year);
    }

    [Fact]
    public async Task A_meeting_resolution_is_tracked_to_closure_and_shown_at_the_next_meeting()
    {
        factory.RequireDatabase();
        var office = await factory.SignInAsNewUserAsync(Roles.ZoneAdmin);
        var departments = new[] { await factory.DepartmentIdAsync("ciq"), await factory.DepartmentIdAsync("commerce"), await factory.DepartmentIdAsync("market-supervision") };
        async Task<Guid> ScheduleAsync(string title, DateTime at)
        {
            var form = new List<KeyValuePair<string, string>> { new("Title", title), new("ScheduledAt", at.ToString("yyyy-MM-ddTHH:mm")), new("Location", "区行政中心"), new("Agenda", "研究问题"),
                new("__RequestVerificationToken", await AppFactory.AntiforgeryTokenAsync(office, "/meetings/edit")) };
            form.AddRange(departments.Select(d => new KeyValuePair<string, string>("Invited", d.ToString())));
            var response = await office.PostAsync("/meetings/edit", new FormUrlEncodedContent(form), Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return Guid.Parse(response.Headers.Location!.ToString().Split('/').Last());
        }
        var unique = Guid.NewGuid().ToString("N")[..6];
        var first = await ScheduleAsync($"联席会议 A{unique}", DateTime.UtcNow.AddHours(8).AddDays(-20));
        var url = $"/meetings/{first}";
        // No resolution before the minutes; no minutes without attendance.
        Assert.Contains("会议召开并记录纪要后才能登记决议", await (await AppFactory.PostFormAsync(office, url, new() { ["ResolutionTitle"] = "x", ["OwnerDepartment"] = departments[0].ToString(), ["DueOn"] = Today.AddDays(10).ToString("yyyy-MM-dd") }, handler: "Resolution")).Content.ReadAsStringAsync(Ct));
        Assert.Contains("请记录出席单位", await (await AppFactory.PostFormAsync(office, url, new() { ["Minutes"] = "纪要" }, handler: "Record")).Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(office, url, new() { ["Attended"] = departments[0].ToString(), [$"Representatives[{departments[0]}]"] = "张科长", ["Minutes"] = "会议研究了出口技术壁垒应对" }, handler: "Record")).StatusCode);
        // A resolution needs an owner department; with one it becomes an action of that department.
        Assert.Contains("请选择责任部门", await (await AppFactory.PostFormAsync(office, url, new() { ["ResolutionTitle"] = "汇总技术性贸易措施", ["DueOn"] = Today.AddDays(10).ToString("yyyy-MM-dd") }, handler: "Resolution")).Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(office, url, new() { ["ResolutionTitle"] = "汇总技术性贸易措施", ["OwnerDepartment"] = departments[1].ToString(), ["DueOn"] = Today.AddDays(10).ToString("yyyy-MM-dd") }, handler: "Resolution")).StatusCode);
        var action = await factory.WithDbAsync(db => db.CorrectiveActions.SingleAsync(a => a.MeetingId == first, Ct));
        Assert.Equal((ActionSource.Meeting, departments[1], ActionState.Open), (action.Source, action.OwnerDepartmentId, action.State));
        var meeting = await factory.WithDbAsync(db => db.JointMeetings.Include(m => m.Attendees).SingleAsync(m => m.Id == first, Ct));
        Assert.Equal((MeetingState.Held, 1, 3), (meeting.State, meeting.Attendees.Count(a => a.Attended), meeting.Attendees.Count));

        // The next meeting shows it while open.
        var second = await ScheduleAsync($"联席会议 B{unique}", DateTime.UtcNow.AddHours(8).AddDays(10));
        var next = await AppFactory.GetDocumentAsync(office, $"/meetings/{second}");
        Assert.Contains(action.Number, next.QuerySelector("[data-testid='carried-over']")!.TextContent);

        // The owner department answers it as a department action and the office closes it.
        var commerce = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.DepartmentStaff, "commerce")));
        Assert.Equal(HttpStatusCode.NoContent, (await commerce.PostAsJsonAsync($"/api/actions/{action.Id}/response", new { version = 0, rootCause = "信息分散", correction = "建立清单", prevention = "每月更新" }, Ct)).StatusCode);
        using (var evidence = new MultipartFormDataContent { { new ByteArrayContent(DemoSeeder.MinimalPdf("list")), "file", "清单.pdf" }, { new StringContent("1"), "version" } })
            Assert.Equal(HttpStatusCode.NoContent, (await commerce.PostAsync($"/api/actions/{action.Id}/evidence", evidence, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await commerce.PostAsJsonAsync($"/api/actions/{action.Id}/response", new { version = 2, submit = true }, Ct)).StatusCode);
        var officeToken = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(Roles.ZoneAdmin)));
        Assert.Equal(HttpStatusCode.NoContent, (await officeToken.PostAsJsonAsync($"/api/actions/{action.Id}/verification", new { version = 3, effective = true, note = "已发布" }, Ct)).StatusCode);
        next = await AppFactory.GetDocumentAsync(office, $"/meetings/{second}");
        Assert.Contains("已关闭", next.QuerySelector("[data-testid='carried-over']")!.TextContent);
    }

    [Fact]
    public async Task The_risk_register_rates_on_the_office_matrix_and_keeps_each_enterprise_to_its_own()
    {
        factory.RequireDatabase();
        var enterprise = await AdmittedEnterpriseAsync("奉化风险登记测试气动有限公司");
        var other = await AdmittedEnterpriseAsync("奉化风险隔离测试气动有限公司");
        var staff = await TokenClientAsync(Roles.DepartmentStaff, "ciq");
        var body = new { enterpriseId = (Guid?)enterprise, category = "Supplier", title = "密封件单一来源", inherentLikelihood = 4, inherentSeverity = 4, controls = "开发第二供应商", residualLikelihood = 2, residualSeverity = 4, nextReviewOn = Today.AddMonths(3) };
        // Residual above inherent, ratings out of range, no review date: refused.
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PostAsJsonAsync("/api/risks", body with { residualLikelihood = 5, residualSeverity = 5 }, Json, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PostAsJsonAsync("/api/risks", body with { inherentLikelihood = 6 }, Json, Ct)).StatusCode);
        var id = await CreatedIdAsync(await staff.PostAsJsonAsync("/api/risks", body, Json, Ct));
        var zoneRisk = await CreatedIdAsync(await staff.PostAsJsonAsync("/api/risks", body with { enterpriseId = (Guid?)null, title = "示范区层面风险" }, Json, Ct));
        await CreatedIdAsync(await staff.PostAsJsonAsync("/api/risks", body with { enterpriseId = (Guid?)other, title = "他企风险" }, Json, Ct));

        var risk = (await staff.GetFromJsonAsync<JsonElement>($"/api/risks?enterprise={enterprise}", Ct)).GetProperty("items").EnumerateArray().Single();
        Assert.Equal(("High", "Medium"), (risk.GetProperty("inherentLevel").GetString(), risk.GetProperty("residualLevel").GetString()));
        var heat = (await staff.GetFromJsonAsync<JsonElement>($"/api/risks/heatmap?enterprise={enterprise}", Ct)).EnumerateArray().ToList();
        Assert.Equal(25, heat.Count);
        Assert.Equal(1, heat.Single(c => c.GetProperty("likelihood").GetInt32() == 2 && c.GetProperty("severity").GetInt32() == 4).GetProperty("count").GetInt32());

        // The office's matrix: must grow with likelihood and severity; a changed cell changes the level.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var commands = scope.ServiceProvider.GetRequiredService<RiskCommands>();
            var cells = RiskMatrix.Default.Cells.ToArray();
            cells[(2 - 1) * 5 + 4 - 1] = RiskLevel.Low;
            Assert.False((await commands.SaveMatrixAsync(new RiskMatrix(cells), Ct)).Succeeded);
            cells = RiskMatrix.Default.Cells.ToArray();
            cells[(2 - 1) * 5 + 4 - 1] = RiskLevel.High;
            Assert.True((await commands.SaveMatrixAsync(new RiskMatrix(cells), Ct)).Succeeded);
        }
        Assert.Equal("High", (await staff.GetFromJsonAsync<JsonElement>($"/api/risks?enterprise={enterprise}", Ct)).GetProperty("items").EnumerateArray().Single().GetProperty("residualLevel").GetString());

        // Reviews: the next date must follow the review; a closing review closes the risk.
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PostAsJsonAsync($"/api/risks/{id}/reviews", new { reviewedOn = Today, outcome = "Reduced", likelihood = 1, severity = 4, note = "第二供应商已批准", nextReviewOn = Today }, Json, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await staff.PostAsJsonAsync($"/api/risks/{id}/reviews", new { reviewedOn = Today, outcome = "Reduced", likelihood = 1, severity = 4, note = "第二供应商已批准", nextReviewOn = Today.AddMonths(6) }, Json, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await staff.PostAsJsonAsync($"/api/risks/{id}/reviews", new { reviewedOn = Today, outcome = "Closed", likelihood = 1, severity = 4, note = "风险消除" }, Json, Ct)).StatusCode);
        Assert.Empty((await staff.GetFromJsonAsync<JsonElement>($"/api/risks?enterprise={enterprise}", Ct)).GetProperty("items").EnumerateArray());
        Assert.Equal(2, await factory.WithDbAsync(db => db.RiskReviews.CountAsync(r => r.RiskId == id, Ct)));

        // An enterprise sees its own risks only — not the zone's, not another's; it cannot record one.
        var company = await TokenClientAsync(Roles.EnterpriseUser, enterprise: other);
        var visible = (await company.GetFromJsonAsync<JsonElement>("/api/risks", Ct)).GetProperty("items").EnumerateArray().ToList();
        Assert.All(visible, r => Assert.Equal(other, r.GetProperty("enterpriseId").GetGuid()));
        Assert.Equal(HttpStatusCode.Forbidden, (await company.PostAsJsonAsync("/api/risks", body, Json, Ct)).StatusCode);
        // Its heat map counts its own open risk only, whatever enterprise it names.
        Assert.Equal(0, (await company.GetFromJsonAsync<JsonElement>($"/api/risks/heatmap?enterprise={enterprise}", Ct)).EnumerateArray().Sum(c => c.GetProperty("count").GetInt32()));
        Assert.Equal(1, (await company.GetFromJsonAsync<JsonElement>("/api/risks/heatmap", Ct)).EnumerateArray().Sum(c => c.GetProperty("count").GetInt32()));
        var browser = await factory.SignInAsync(await factory.CreateUserAsync(Roles.EnterpriseUser, enterpriseId: other));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/risks/{zoneRisk}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_checklist_with_a_bad_item_is_refused_whole()
    {
        factory.RequireDatabase();
        var office = await factory.SignInAsNewUserAsync(Roles.ZoneAdmin);
        var name = $"专项检查表 {Guid.NewGuid():N}"[..16];
        var fields = new Dictionary<string, string>
        {
            ["Name"] = name, ["Active"] = "true",
            ["Items.Index"] = "0", ["Items[0].Section"] = "质量追溯", ["Items[0].Text"] = "追溯演练", ["Items[0].Kind"] = "Points", ["Items[0].MaxPoints"] = "10", ["Items[0].FailRaisesFinding"] = "true",
        };
        var bad = new Dictionary<string, string>(fields) { ["Items[0].MaxPoints"] = "500" };
        Assert.Contains("分值应在 1 到 100 之间", await (await AppFactory.PostFormAsync(office, "/inspections/checklists/edit", bad)).Content.ReadAsStringAsync(Ct));
        Assert.False(await factory.WithDbAsync(db => db.ChecklistTemplates.AnyAsync(t => t.Name == name, Ct)));
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(office, "/inspections/checklists/edit", fields)).StatusCode);
        var template = await factory.WithDbAsync(db => db.ChecklistTemplates.Include(t => t.Items).SingleAsync(t => t.Name == name, Ct));
        var item = template.Items.Single();
        Assert.Equal((ItemKind.Points, 10, true, false), (item.Kind, item.MaxPoints, item.FailRaisesFinding, item.FailRequiresPhoto));
    }
}

public sealed class SupervisionSqliteTests(AppFactory factory) : SupervisionTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class SupervisionPostgresTests(PostgresAppFactory factory) : SupervisionTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
