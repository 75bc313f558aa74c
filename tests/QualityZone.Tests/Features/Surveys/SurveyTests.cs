using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using QualityZone.Features.Surveys;
using QualityZone.Infrastructure.Auth;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Surveys;

/// <summary>The industry survey (task 2): the questionnaire builder, answers checked by type, isolation, aggregation, export, the research report; on SQLite and PostgreSQL.</summary>
public abstract class SurveyTests<TFactory>(TFactory factory) where TFactory : AppFactory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> TokenClientAsync(string role, string? department = null, Guid? enterpriseId = null) =>
        factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(role, department, enterpriseId)));

    private static async Task<Guid> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string title)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Contains(title, JsonDocument.Parse(body).RootElement.GetProperty("title").GetString());
    }

    private static async Task AssertNoContentAsync(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");

    /// <summary>An enterprise admitted to the zone, with its register figures.</summary>
    private async Task<Guid> AdmittedEnterpriseAsync(string name, int employees)
    {
        var id = await factory.CreateEnterpriseAsync(name);
        await factory.WithDbAsync(async db =>
        {
            var e = await db.Enterprises.SingleAsync(x => x.Id == id, Ct);
            e.Admit("FH-S-" + Random.Shared.Next(100000, 999999), new DateOnly(2020, 1, 1), "测试", null, "测试", DateTimeOffset.UtcNow);
            e.Employees = employees;
            e.LabCnasAccredited = employees % 2 == 0;
            await db.SaveChangesAsync(Ct);
        });
        return id;
    }

    private static object Question(string text, QuestionType type, bool required = false, string? options = null, string? columns = null, string? unit = null,
        decimal? min = null, decimal? max = null, int? limit = null, string? prefill = null) =>
        new { section = "一、基本情况", text, type, required, options, columns, unit, min, max, limit, prefill };

    /// <summary>A campaign with one question of each type, sent to the given enterprises; returns its id and the question ids in order.</summary>
    private async Task<(Guid Id, Guid[] Questions)> OpenedSurveyAsync(HttpClient organizer, string title, params Guid[] enterprises)
    {
        var id = await CreatedIdAsync(await organizer.PostAsJsonAsync("/api/surveys", new { title, deadline = DateTime.UtcNow.AddDays(20).ToString("yyyy-MM-dd") }, Json, Ct));
        object[] questions =
        [
            Question("从业人数", QuestionType.Number, required: true, unit: "人", min: 0, max: 100000, prefill: "register.employees"),
            Question("出厂检验方式", QuestionType.Single, required: true, options: "全数检验\n抽样检验\n委托第三方检验"),
            Question("质量管理体系认证", QuestionType.Multiple, options: "ISO 9001\nIATF 16949\n未认证"),
            Question("意见建议", QuestionType.Text, limit: 50),
            Question("主要检测设备", QuestionType.Table, columns: "设备\n数量", limit: 2),
            Question("证书扫描件", QuestionType.File),
            Question("实验室是否通过 CNAS 认可", QuestionType.Single, options: "是\n否", prefill: "register.cnas"),
        ];
        foreach (var question in questions) await CreatedIdAsync(await organizer.PostAsJsonAsync($"/api/surveys/{id}/questions", question, Json, Ct));
        var opened = await organizer.PostAsJsonAsync($"/api/surveys/{id}/opening", new { enterpriseIds = enterprises }, Json, Ct);
        Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync(Ct));
        Assert.Equal(enterprises.Length, (await opened.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("enterprises").GetInt32());
        var survey = await organizer.GetFromJsonAsync<JsonElement>($"/api/surveys/{id}", Ct);
        return (id, survey.GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("id").GetGuid()).ToArray());
    }

    private static async Task<JsonElement> OwnAsync(HttpClient enterprise, Guid id) => await enterprise.GetFromJsonAsync<JsonElement>($"/api/surveys/{id}/response", Ct);

    [Fact]
    public async Task The_builder_refuses_bad_questions_and_a_sent_questionnaire_is_fixed()
    {
        factory.RequireDatabase();
        var organizer = await TokenClientAsync(Roles.DepartmentStaff, "economy-it");
        await AssertProblemAsync(await organizer.PostAsJsonAsync("/api/surveys", new { title = "", deadline = "2099-01-01" }, Json, Ct), HttpStatusCode.BadRequest, "调查名称");
        await AssertProblemAsync(await organizer.PostAsJsonAsync("/api/surveys", new { title = "过期调查", deadline = "2020-01-01" }, Json, Ct), HttpStatusCode.BadRequest, "截止日期");
        var id = await CreatedIdAsync(await organizer.PostAsJsonAsync("/api/surveys", new { title = "题目校验调查", deadline = DateTime.UtcNow.AddDays(5).ToString("yyyy-MM-dd") }, Json, Ct));

        await AssertProblemAsync(await organizer.PostAsJsonAsync($"/api/surveys/{id}/questions", Question("只有一个选项", QuestionType.Single, options: "是"), Json, Ct), HttpStatusCode.BadRequest, "2 到 50 个选项");
        await AssertProblemAsync(await organizer.PostAsJsonAsync($"/api/surveys/{id}/questions", Question("没有列", QuestionType.Table), Json, Ct), HttpStatusCode.BadRequest, "1 到 10 列");
        await AssertProblemAsync(await organizer.PostAsJsonAsync($"/api/surveys/{id}/questions", Question("范围颠倒", QuestionType.Number, min: 10, max: 1), Json, Ct), HttpStatusCode.BadRequest, "最小值不能大于最大值");
        await AssertProblemAsync(await organizer.PostAsJsonAsync($"/api/surveys/{id}/questions", Question("预填错配", QuestionType.Text, prefill: "register.employees"), Json, Ct), HttpStatusCode.BadRequest, "只能用于");
        await AssertProblemAsync(await organizer.PostAsJsonAsync($"/api/surveys/{id}/questions", Question("未知来源", QuestionType.Number, prefill: "register.nothing"), Json, Ct), HttpStatusCode.BadRequest, "不存在");
        await AssertProblemAsync(await organizer.PostAsJsonAsync($"/api/surveys/{id}/opening", new { enterpriseIds = Array.Empty<Guid>() }, Json, Ct), HttpStatusCode.BadRequest, "还没有题目");
        Assert.Empty((await organizer.GetFromJsonAsync<JsonElement>($"/api/surveys/{id}", Ct)).GetProperty("questions").EnumerateArray());

        var first = await CreatedIdAsync(await organizer.PostAsJsonAsync($"/api/surveys/{id}/questions", Question("第一题", QuestionType.Text), Json, Ct));
        var second = await CreatedIdAsync(await organizer.PostAsJsonAsync($"/api/surveys/{id}/questions", Question("第二题", QuestionType.Number), Json, Ct));
        await AssertNoContentAsync(await organizer.DeleteAsync($"/api/surveys/{id}/questions/{first}", Ct));
        var survey = await organizer.GetFromJsonAsync<JsonElement>($"/api/surveys/{id}", Ct);
        Assert.Equal(1, survey.GetProperty("questions")[0].GetProperty("position").GetInt32());
        Assert.Equal(second, survey.GetProperty("questions")[0].GetProperty("id").GetGuid());

        // Only enterprises of the zone can be asked; once sent, the questions are fixed.
        var outside = await factory.CreateEnterpriseAsync("未入区的调查企业");
        await AssertProblemAsync(await organizer.PostAsJsonAsync($"/api/surveys/{id}/opening", new { enterpriseIds = new[] { outside } }, Json, Ct), HttpStatusCode.BadRequest, "示范区内");
        var inside = await AdmittedEnterpriseAsync("题目校验调查企业", 10);
        Assert.True((await organizer.PostAsJsonAsync($"/api/surveys/{id}/opening", new { enterpriseIds = new[] { inside } }, Json, Ct)).IsSuccessStatusCode);
        await AssertProblemAsync(await organizer.PostAsJsonAsync($"/api/surveys/{id}/questions", Question("追加", QuestionType.Text), Json, Ct), HttpStatusCode.Conflict, "不能再修改题目");
        await AssertProblemAsync(await organizer.PutAsJsonAsync($"/api/surveys/{id}/questions/{second}", Question("改题", QuestionType.Text), Json, Ct), HttpStatusCode.Conflict, "不能再修改题目");

        // An enterprise user cannot build surveys.
        var enterprise = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: inside);
        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.PostAsJsonAsync("/api/surveys", new { title = "企业自建", deadline = "2099-01-01" }, Json, Ct)).StatusCode);
    }

    [Fact]
    public async Task Answers_are_checked_whole_prefilled_from_the_register_and_an_enterprise_sees_only_its_own()
    {
        factory.RequireDatabase();
        var organizer = await TokenClientAsync(Roles.ZoneAdmin);
        var a = await AdmittedEnterpriseAsync("调查隔离测试甲气动有限公司", 128);
        var b = await AdmittedEnterpriseAsync("调查隔离测试乙气动有限公司", 45);
        var (id, q) = await OpenedSurveyAsync(organizer, "隔离与校验调查", a, b);
        var clientA = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: a);
        var clientB = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: b);

        // What the register knows comes pre-filled, but is not an answer until saved.
        var own = await OwnAsync(clientA, id);
        Assert.Equal(128, own.GetProperty("prefilled").GetProperty(q[0].ToString()).GetInt32());
        Assert.Equal("是", own.GetProperty("prefilled").GetProperty(q[6].ToString()).GetString());
        Assert.Empty(own.GetProperty("response").GetProperty("answers").EnumerateObject());
        var version = own.GetProperty("response").GetProperty("version").GetInt32();

        // Each wrong answer is refused with the question named, and none of the answers is saved.
        async Task RefusedAsync(object answers, string reason) =>
            await AssertProblemAsync(await clientA.PutAsJsonAsync($"/api/surveys/{id}/response", new { answers, submit = false, version }, Json, Ct), HttpStatusCode.BadRequest, reason);
        await RefusedAsync(new Dictionary<Guid, object> { [q[0]] = "一百", [q[3]] = "好" }, "第 1 题");
        await RefusedAsync(new Dictionary<Guid, object> { [q[0]] = 100001 }, "不能大于 100000");
        await RefusedAsync(new Dictionary<Guid, object> { [q[1]] = "不检验" }, "不是可选项");
        await RefusedAsync(new Dictionary<Guid, object> { [q[1]] = new[] { "全数检验" } }, "请选择一个选项");
        await RefusedAsync(new Dictionary<Guid, object> { [q[2]] = "ISO 9001" }, "可多选");
        await RefusedAsync(new Dictionary<Guid, object> { [q[3]] = new string('建', 51) }, "不能超过 50 字");
        await RefusedAsync(new Dictionary<Guid, object> { [q[4]] = new[] { new[] { "试验台", "1" }, new[] { "检测仪", "2" }, new[] { "量具", "3" } } }, "最多填写 2 行");
        await RefusedAsync(new Dictionary<Guid, object> { [q[4]] = new[] { new[] { "试验台", "1", "多余" } } }, "每行最多 2 列");
        await RefusedAsync(new Dictionary<Guid, object> { [q[5]] = "cert.pdf" }, "附件请通过上传");
        await RefusedAsync(new Dictionary<Guid, object> { [Guid.NewGuid()] = "x" }, "不属于本问卷");
        own = await OwnAsync(clientA, id);
        Assert.Empty(own.GetProperty("response").GetProperty("answers").EnumerateObject());
        Assert.Equal(version, own.GetProperty("response").GetProperty("version").GetInt32());

        // A draft, then a submission that waits for the required questions.
        await AssertNoContentAsync(await clientA.PutAsJsonAsync($"/api/surveys/{id}/response", new
        {
            answers = new Dictionary<Guid, object> { [q[0]] = 130, [q[2]] = new[] { "IATF 16949", "ISO 9001" }, [q[4]] = new[] { new[] { "试验台", "1" }, new[] { "", "" } } },
            submit = false, version,
        }, Json, Ct));
        own = await OwnAsync(clientA, id);
        var answers = own.GetProperty("response").GetProperty("answers");
        Assert.Equal("Draft", own.GetProperty("response").GetProperty("state").GetString());
        Assert.Equal(130, answers.GetProperty(q[0].ToString()).GetInt32());
        Assert.Equal(["ISO 9001", "IATF 16949"], answers.GetProperty(q[2].ToString()).EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(1, answers.GetProperty(q[4].ToString()).GetArrayLength());
        version = own.GetProperty("response").GetProperty("version").GetInt32();
        await AssertProblemAsync(await clientA.PutAsJsonAsync($"/api/surveys/{id}/response", new { answers = new { }, submit = true, version }, Json, Ct), HttpStatusCode.BadRequest, "第 2 题");
        await AssertProblemAsync(await clientA.PutAsJsonAsync($"/api/surveys/{id}/response", new { answers = new { }, submit = false, version = version - 1 }, Json, Ct), HttpStatusCode.Conflict, "刷新");

        // A file answer goes through the upload, kept by the file store.
        using (var form = new MultipartFormDataContent())
        {
            var pdf = new ByteArrayContent("%PDF-1.4\n%test certificate\n"u8.ToArray());
            pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(pdf, "file", "证书.pdf");
            await AssertNoContentAsync(await clientA.PostAsync($"/api/surveys/{id}/response/files/{q[5]}", form, Ct));
        }
        version = (await OwnAsync(clientA, id)).GetProperty("response").GetProperty("version").GetInt32();
        await AssertNoContentAsync(await clientA.PutAsJsonAsync($"/api/surveys/{id}/response", new { answers = new Dictionary<Guid, object> { [q[1]] = "抽样检验" }, submit = true, version }, Json, Ct));
        own = await OwnAsync(clientA, id);
        Assert.Equal("Submitted", own.GetProperty("response").GetProperty("state").GetString());
        Assert.Empty(own.GetProperty("prefilled").EnumerateObject());
        await AssertProblemAsync(await clientA.PutAsJsonAsync($"/api/surveys/{id}/response", new { answers = new Dictionary<Guid, object> { [q[3]] = "改" }, submit = false, version = own.GetProperty("response").GetProperty("version").GetInt32() }, Json, Ct), HttpStatusCode.Conflict, "已提交");

        // B sees its own empty response only, and nothing of A's: not the list, the results, A's response page or A's file.
        var ownB = await OwnAsync(clientB, id);
        Assert.Equal(b, ownB.GetProperty("response").GetProperty("enterpriseId").GetGuid());
        Assert.Empty(ownB.GetProperty("response").GetProperty("answers").EnumerateObject());
        Assert.Equal(45, ownB.GetProperty("prefilled").GetProperty(q[0].ToString()).GetInt32());
        foreach (var url in new[] { $"/api/surveys/{id}/responses", $"/api/surveys/{id}/results", $"/api/surveys/{id}", "/api/surveys" })
            Assert.Equal(HttpStatusCode.Forbidden, (await clientB.GetAsync(url, Ct)).StatusCode);
        var responseA = await factory.WithDbAsync(db => db.SurveyResponses.Where(r => r.SurveyId == id && r.EnterpriseId == a).Select(r => r.Id).SingleAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.GetAsync($"/surveys/{id}/answer/files/{q[5]}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await clientA.GetAsync($"/surveys/{id}/answer/files/{q[5]}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clientB.GetAsync($"/surveys/{id}/responses/{responseA}/files/{q[5]}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await organizer.GetAsync($"/surveys/{id}/responses/{responseA}/files/{q[5]}", Ct)).StatusCode);
        var pageB = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: b);
        using (var page = await pageB.GetAsync($"/surveys/{id}/responses/{responseA}", Ct))
            Assert.True(page.StatusCode == HttpStatusCode.Forbidden || page.Headers.Location?.OriginalString.Contains("access-denied") == true, $"{page.StatusCode}");
        var pageHtml = await pageB.GetStringAsync($"/surveys/{id}/answer", Ct);
        Assert.Contains("隔离与校验调查", await pageB.GetStringAsync("/surveys/mine", Ct));
        Assert.DoesNotContain("证书.pdf", pageHtml);
        Assert.Contains("value=\"45\"", pageHtml);

        // An enterprise that was not asked sees no questionnaire.
        var c = await AdmittedEnterpriseAsync("调查隔离测试丙气动有限公司", 12);
        var clientC = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: c);
        Assert.Equal(HttpStatusCode.NotFound, (await clientC.GetAsync($"/api/surveys/{id}/response", Ct)).StatusCode);
        await AssertProblemAsync(await clientC.PutAsJsonAsync($"/api/surveys/{id}/response", new { answers = new { }, submit = false, version = 0 }, Json, Ct), HttpStatusCode.NotFound, "未向贵企业发放");
        Assert.DoesNotContain((await clientC.GetFromJsonAsync<JsonElement>("/api/surveys/mine", Ct)).EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Results_agree_with_the_raw_answers_the_export_holds_them_and_reminders_reach_only_those_who_have_not_submitted()
    {
        factory.RequireDatabase();
        var organizer = await TokenClientAsync(Roles.AssociationStaff);
        var enterprises = new List<Guid>();
        for (var i = 0; i < 7; i++) enterprises.Add(await AdmittedEnterpriseAsync($"调查汇总测试{i}气动有限公司", 20 + 10 * i));
        var (id, q) = await OpenedSurveyAsync(organizer, "汇总校验调查", [.. enterprises]);
        var random = new Random(11);
        string[] ways = ["全数检验", "抽样检验", "委托第三方检验"];
        string[] systems = ["ISO 9001", "IATF 16949", "未认证"];
        for (var i = 0; i < enterprises.Count; i++)
        {
            if (i == 6) break;  // the last one never answers
            var client = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: enterprises[i]);
            var version = (await OwnAsync(client, id)).GetProperty("response").GetProperty("version").GetInt32();
            var answers = new Dictionary<Guid, object>
            {
                [q[0]] = random.Next(10, 500), [q[1]] = ways[random.Next(3)],
                [q[2]] = systems.Where(_ => random.NextDouble() < 0.5).ToArray(), [q[3]] = $"建议{i}",
            };
            // The fifth one keeps a draft: it must not count.
            await AssertNoContentAsync(await client.PutAsJsonAsync($"/api/surveys/{id}/response", new { answers, submit = i != 4, version }, Json, Ct));
        }

        var raw = (await organizer.GetFromJsonAsync<JsonElement>($"/api/surveys/{id}/responses", Ct)).EnumerateArray().ToList();
        var submitted = raw.Where(r => r.GetProperty("state").GetString() == "Submitted").Select(r => r.GetProperty("answers")).ToList();
        var results = await organizer.GetFromJsonAsync<JsonElement>($"/api/surveys/{id}/results", Ct);
        var rate = results.GetProperty("rate");
        Assert.Equal(7, rate.GetProperty("recipients").GetInt32());
        Assert.Equal(5, rate.GetProperty("submitted").GetInt32());
        Assert.Equal(1, rate.GetProperty("drafts").GetInt32());
        Assert.Equal(Math.Round(100m * 5 / 7, 1), rate.GetProperty("percent").GetDecimal());

        var byQuestion = results.GetProperty("questions").EnumerateArray().ToDictionary(r => r.GetProperty("questionId").GetGuid());
        var numbers = submitted.Select(a => a.GetProperty(q[0].ToString()).GetDecimal()).Order().ToList();
        var summary = byQuestion[q[0]].GetProperty("numbers");
        Assert.Equal(numbers.Sum(), summary.GetProperty("sum").GetDecimal());
        Assert.Equal(numbers[2], summary.GetProperty("median").GetDecimal());
        Assert.Equal(numbers.Max(), summary.GetProperty("max").GetDecimal());
        foreach (var option in byQuestion[q[1]].GetProperty("options").EnumerateArray())
            Assert.Equal(submitted.Count(a => a.GetProperty(q[1].ToString()).GetString() == option.GetProperty("option").GetString()), option.GetProperty("count").GetInt32());
        var answeredMultiple = submitted.Where(a => a.TryGetProperty(q[2].ToString(), out _)).ToList();
        Assert.Equal(answeredMultiple.Count, byQuestion[q[2]].GetProperty("answered").GetInt32());
        foreach (var option in byQuestion[q[2]].GetProperty("options").EnumerateArray())
        {
            var count = answeredMultiple.Count(a => a.GetProperty(q[2].ToString()).EnumerateArray().Any(e => e.GetString() == option.GetProperty("option").GetString()));
            Assert.Equal(count, option.GetProperty("count").GetInt32());
            Assert.Equal(answeredMultiple.Count == 0 ? 0 : Math.Round(100m * count / answeredMultiple.Count, 1), option.GetProperty("percent").GetDecimal());
        }

        // The workbook: one row per enterprise asked, the answers as given, the draft marked.
        var staff = await factory.SignInAsNewUserAsync(Roles.DepartmentStaff, "market-supervision");
        var xlsx = await staff.GetByteArrayAsync($"/surveys/{id}?handler=Export", Ct);
        var rows = new MemoryStream(xlsx).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(7, rows.Count);
        var header = rows[0].Keys.Single(k => k.StartsWith("1. ", StringComparison.Ordinal));
        Assert.Equal(numbers.Sum(), rows.Where(r => Equals(r["答卷状态"], "已提交")).Sum(r => Convert.ToDecimal(r[header])));
        Assert.Equal(1, rows.Count(r => Equals(r["答卷状态"], "已暂存")));
        await LibreOffice.AssertOpensAsync(xlsx, ".xlsx");

        // A reminder reaches the two that have not submitted, and their responses record it.
        var reminded = await organizer.PostAsync($"/api/surveys/{id}/reminders", null, Ct);
        Assert.Equal(2, (await reminded.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("enterprises").GetInt32());
        Assert.Equal(2, await factory.WithDbAsync(db => db.SurveyResponses.CountAsync(r => r.SurveyId == id && r.RemindedAt != null, Ct)));

        // Closed: no more answers, and the results page still renders.
        await AssertNoContentAsync(await organizer.PostAsync($"/api/surveys/{id}/closing", null, Ct));
        var late = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: enterprises[6]);
        await AssertProblemAsync(await late.PutAsJsonAsync($"/api/surveys/{id}/response", new { answers = new { }, submit = false, version = 0 }, Json, Ct), HttpStatusCode.Conflict, "调查已结束");
        Assert.Contains("汇总校验调查", await staff.GetStringAsync($"/surveys/{id}?tab=results", Ct));
    }

    [Fact]
    public void Reminders_fall_on_the_days_before_the_deadline_and_on_it_once_each()
    {
        var campaign = new SurveyCampaign { Title = "t", CreatedBy = "t", State = SurveyState.Open, Deadline = new DateOnly(2026, 6, 30), RemindDaysBefore = 3 };
        Assert.False(SurveyCommands.ReminderDue(campaign, new DateOnly(2026, 6, 26)));
        Assert.True(SurveyCommands.ReminderDue(campaign, new DateOnly(2026, 6, 27)));
        campaign.RemindedOn = new DateOnly(2026, 6, 27);
        Assert.False(SurveyCommands.ReminderDue(campaign, new DateOnly(2026, 6, 29)));
        Assert.True(SurveyCommands.ReminderDue(campaign, new DateOnly(2026, 6, 30)));
        campaign.RemindedOn = new DateOnly(2026, 6, 30);
        Assert.False(SurveyCommands.ReminderDue(campaign, new DateOnly(2026, 6, 30)));
        Assert.False(SurveyCommands.ReminderDue(campaign, new DateOnly(2026, 7, 1)));
        campaign.State = SurveyState.Closed;
        campaign.RemindedOn = null;
        Assert.False(SurveyCommands.ReminderDue(campaign, new DateOnly(2026, 6, 30)));
    }

    [Fact]
    public async Task The_research_report_is_drafted_from_the_survey_and_written_like_the_analysis_report()
    {
        factory.RequireDatabase();
        var organizer = await TokenClientAsync(Roles.DepartmentStaff, "economy-it");
        var enterprises = new List<Guid>();
        for (var i = 0; i < 3; i++) enterprises.Add(await AdmittedEnterpriseAsync($"研究报告调查测试{i}气动有限公司", 100 + i));
        var draftId = await CreatedIdAsync(await organizer.PostAsJsonAsync("/api/surveys", new { title = "未发放的调查", deadline = DateTime.UtcNow.AddDays(5).ToString("yyyy-MM-dd") }, Json, Ct));
        await AssertProblemAsync(await organizer.PostAsJsonAsync("/api/reports/research", new { surveyId = draftId }, Json, Ct), HttpStatusCode.Conflict, "尚未发放");

        var (id, q) = await OpenedSurveyAsync(organizer, "研究报告来源调查", [.. enterprises]);
        for (var i = 0; i < 2; i++)
        {
            var client = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: enterprises[i]);
            await AssertNoContentAsync(await client.PutAsJsonAsync($"/api/surveys/{id}/response", new
            {
                answers = new Dictionary<Guid, object> { [q[0]] = 100 + i, [q[1]] = "抽样检验", [q[3]] = $"希望加强检测服务{i}" }, submit = true, version = 0,
            }, Json, Ct));
        }
        var commerce = await TokenClientAsync(Roles.DepartmentStaff, "commerce");
        await AssertProblemAsync(await commerce.PostAsJsonAsync("/api/reports/research", new { surveyId = id }, Json, Ct), HttpStatusCode.Forbidden, "牵头部门");
        var reportId = await CreatedIdAsync(await organizer.PostAsJsonAsync("/api/reports/research", new { surveyId = id }, Json, Ct));
        await AssertProblemAsync(await organizer.PostAsJsonAsync("/api/reports/research", new { surveyId = id }, Json, Ct), HttpStatusCode.Conflict, "已经存在");

        var report = await organizer.GetFromJsonAsync<JsonElement>($"/api/reports/{reportId}", Ct);
        Assert.Equal("Research", report.GetProperty("kind").GetString());
        Assert.Equal(id, report.GetProperty("surveyId").GetGuid());
        Assert.Equal(reportId, (await organizer.GetFromJsonAsync<JsonElement>($"/api/surveys/{id}", Ct)).GetProperty("researchReportId").GetGuid());
        var sections = report.GetProperty("sections").EnumerateArray().ToList();
        Assert.Equal(["survey", "industry", "quality-safety", "suggestions"], sections.Select(s => s.GetProperty("key").GetString()!).ToArray());
        Assert.Equal(await factory.DepartmentIdAsync("association"), sections[0].GetProperty("departmentId").GetGuid());
        // The first drafts state the survey's own figures.
        Assert.Contains("回收已提交问卷 2 份，回收率 66.7%", sections[0].GetProperty("text").GetString());
        Assert.Contains("选择“抽样检验”的最多，占 100%", sections[2].GetProperty("text").GetString());
        Assert.Contains("希望加强检测服务", sections[3].GetProperty("text").GetString());

        // Written and generated as the analysis report is: the department hands in, the lead approves, a version is generated.
        var version = report.GetProperty("version").GetInt32();
        var section = sections[0].GetProperty("id").GetGuid();
        await AssertProblemAsync(await organizer.PutAsJsonAsync($"/api/reports/{reportId}/sections/{section}", new { text = "越权", version, handIn = false }, Json, Ct), HttpStatusCode.Forbidden, "其他部门");
        var association = await TokenClientAsync(Roles.AssociationStaff, "association");
        await AssertNoContentAsync(await association.PutAsJsonAsync($"/api/reports/{reportId}/sections/{section}", new { text = "调研由协会组织实施。", version, handIn = true }, Json, Ct));
        await AssertNoContentAsync(await organizer.PostAsJsonAsync($"/api/reports/{reportId}/sections/{section}/review", new { approve = true }, Json, Ct));
        Assert.Equal(HttpStatusCode.Created, (await organizer.PostAsync($"/api/reports/{reportId}/versions", null, Ct)).StatusCode);
        var file = (await organizer.GetFromJsonAsync<JsonElement>($"/api/reports/{reportId}", Ct)).GetProperty("files")[0];
        var docx = await organizer.GetByteArrayAsync(file.GetProperty("docxUrl").GetString(), Ct);
        using (var zip = new ZipArchive(new MemoryStream(docx)))
        {
            using var reader = new StreamReader(zip.GetEntry("word/document.xml")!.Open());
            var xml = await reader.ReadToEndAsync(Ct);
            Assert.Contains("研究报告来源调查", xml);
            Assert.Contains("调研由协会组织实施。", xml);
            Assert.Contains("出厂检验方式", xml);
        }
        await LibreOffice.AssertOpensAsync(docx, ".docx");
        if (file.TryGetProperty("pdfUrl", out var pdfUrl) && pdfUrl.ValueKind == JsonValueKind.String)
            Assert.Contains("产业发展研究报告", await PdfText.ReadAsync(await organizer.GetByteArrayAsync(pdfUrl.GetString(), Ct)));
    }
}

public sealed class SurveySqliteTests(AppFactory factory) : SurveyTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class SurveyPostgresTests(PostgresAppFactory factory) : SurveyTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
