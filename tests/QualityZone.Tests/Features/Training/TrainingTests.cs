using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Training;

/// <summary>The public training platform (task 18): sessions, quotas and the waiting list, QR check-in in its window, attendance as task 18's evidence, isolation; on SQLite and PostgreSQL.</summary>
public abstract class TrainingTests<TFactory>(TFactory factory) where TFactory : AppFactory
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
            e.Admit("FH-P-" + Random.Shared.Next(100000, 999999), new DateOnly(2020, 1, 1), "测试", null, "测试", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(Ct);
        });
        return id;
    }

    private static object Session(string title, DateTimeOffset starts, int capacity, int quota) => new
    {
        title, topic = "Tbt", trainer = "商务局 刘科长", startsAt = starts, endsAt = starts.AddHours(3), place = "奉化区市场监管局 三楼培训室", capacity, quotaPerEnterprise = quota,
    };

    private static async Task<List<JsonElement>> RegistrationsAsync(HttpClient client, Guid session) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/training/sessions/{session}/registrations", Ct)).EnumerateArray().ToList();

    [Fact]
    public async Task Quotas_the_waiting_list_and_check_in_in_the_sessions_window()
    {
        factory.RequireDatabase();
        var organizer = await TokenClientAsync(Roles.DepartmentStaff, "commerce");
        var a = await AdmittedEnterpriseAsync("培训报名测试甲");
        var b = await AdmittedEnterpriseAsync("培训报名测试乙");
        var clientA = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: a);
        var clientB = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: b);

        // Bad sessions are refused; enterprises cannot publish.
        var soon = DateTimeOffset.UtcNow.AddMinutes(10);
        await AssertProblemAsync(await organizer.PostAsJsonAsync("/api/training/sessions", Session("", soon, 3, 2), Ct), HttpStatusCode.BadRequest, "培训主题");
        await AssertProblemAsync(await organizer.PostAsJsonAsync("/api/training/sessions", Session("TBT 通报评议实务", soon, 3, 5), Ct), HttpStatusCode.BadRequest, "每家企业名额");
        Assert.Equal(HttpStatusCode.Forbidden, (await clientA.PostAsJsonAsync("/api/training/sessions", Session("TBT 通报评议实务", soon, 3, 2), Ct)).StatusCode);
        var created = await organizer.PostAsJsonAsync("/api/training/sessions", Session("TBT 通报评议实务", soon, 3, 2), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var session = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        // Over the quota: refused whole, nothing saved. Within it: registered; beyond the capacity: waiting.
        await AssertProblemAsync(await clientA.PostAsJsonAsync($"/api/training/sessions/{session}/registrations", new { participants = new[] { new { name = "张三" }, new { name = "李四" }, new { name = "王五" } } }, Ct),
            HttpStatusCode.BadRequest, "最多报名 2 人");
        Assert.Empty(await RegistrationsAsync(organizer, session));
        await OkAsync(await clientA.PostAsJsonAsync($"/api/training/sessions/{session}/registrations", new { participants = new[] { new { name = "张三", position = "质量部经理" }, new { name = "李四", position = "检验员" } } }, Ct));
        await AssertProblemAsync(await clientA.PostAsJsonAsync($"/api/training/sessions/{session}/registrations", new { participants = new[] { new { name = "张三" } } }, Ct), HttpStatusCode.BadRequest, "重复");
        await OkAsync(await clientB.PostAsJsonAsync($"/api/training/sessions/{session}/registrations", new { participants = new[] { new { name = "赵六" }, new { name = "钱七" } } }, Ct));
        var all = await RegistrationsAsync(organizer, session);
        Assert.Equal(3, all.Count(r => r.GetProperty("state").GetString() == "Registered"));
        var waiting = Assert.Single(all, r => r.GetProperty("state").GetString() == "Waitlisted");
        Assert.Equal("钱七", waiting.GetProperty("participantName").GetString());

        // Each enterprise sees only its own lines; B cannot withdraw A's participant. A withdraws one: B's waiting participant moves up.
        Assert.All(await RegistrationsAsync(clientB, session), r => Assert.Equal(b, r.GetProperty("enterpriseId").GetGuid()));
        var zhang = all.Single(r => r.GetProperty("participantName").GetString() == "张三").GetProperty("id").GetGuid();
        var li = all.Single(r => r.GetProperty("participantName").GetString() == "李四").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.DeleteAsync($"/api/training/registrations/{li}", Ct)).StatusCode);
        await OkAsync(await clientA.DeleteAsync($"/api/training/registrations/{li}", Ct));
        Assert.Equal("Registered", (await RegistrationsAsync(clientB, session)).Single(r => r.GetProperty("participantName").GetString() == "钱七").GetProperty("state").GetString());

        // Check-in: another session's code and someone else's participant are refused; the right code in the window checks in.
        var other = await organizer.PostAsJsonAsync("/api/training/sessions", Session("另一场培训", soon, 10, 2), Ct);
        var otherCode = await factory.WithDbAsync(db => db.TrainingSessions.Where(s => s.Title == "另一场培训").Select(s => s.CheckInCode).FirstAsync(Ct));
        var code = await factory.WithDbAsync(db => db.TrainingSessions.Where(s => s.Id == session).Select(s => s.CheckInCode).SingleAsync(Ct));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        await AssertProblemAsync(await clientA.PostAsJsonAsync($"/api/training/sessions/{session}/check-in", new { code = otherCode, registrationId = zhang }, Ct), HttpStatusCode.BadRequest, "不是本场培训");
        var qian = all.Single(r => r.GetProperty("participantName").GetString() == "钱七").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.PostAsJsonAsync($"/api/training/sessions/{session}/check-in", new { code, registrationId = qian }, Ct)).StatusCode);
        await OkAsync(await clientA.PostAsJsonAsync($"/api/training/sessions/{session}/check-in", new { code, registrationId = zhang }, Ct));
        Assert.NotNull((await RegistrationsAsync(clientA, session)).Single(r => r.GetProperty("id").GetGuid() == zhang).GetProperty("attendedAt").GetString());

        // Outside the window (the session ended) the same code is refused.
        await factory.WithDbAsync(async db =>
        {
            var s = await db.TrainingSessions.SingleAsync(x => x.Id == session, Ct);
            (s.StartsAt, s.EndsAt) = (DateTimeOffset.UtcNow.AddHours(-5), DateTimeOffset.UtcNow.AddHours(-2));
            await db.SaveChangesAsync(Ct);
        });
        var clientB2 = clientB;
        await AssertProblemAsync(await clientB2.PostAsJsonAsync($"/api/training/sessions/{session}/check-in", new { code, registrationId = qian }, Ct), HttpStatusCode.Conflict, "签到时间");
        // The organizer marks B's participant present after all; the session is task 18's evidence with its attendance.
        await OkAsync(await organizer.PutAsJsonAsync($"/api/training/sessions/{session}/attendance", new { present = new[] { zhang, qian } }, Ct));
        Assert.Equal(2, (await RegistrationsAsync(organizer, session)).Count(r => r.GetProperty("attendedAt").ValueKind == JsonValueKind.String));
        var office = await factory.SignInAsNewUserAsync(Roles.ZoneAdmin);
        Assert.Contains("TBT 通报评议实务", await office.GetStringAsync("/tasks/18", Ct));
        // Registering after the start is refused.
        await AssertProblemAsync(await clientB.PostAsJsonAsync($"/api/training/sessions/{session}/registrations", new { participants = new[] { new { name = "孙八" } } }, Ct), HttpStatusCode.Conflict, "已开始");
    }

    [Fact]
    public async Task The_phone_check_in_page_checks_in_the_enterprises_own_staff()
    {
        factory.RequireDatabase();
        var organizer = await TokenClientAsync(Roles.AssociationStaff, "association");
        var enterprise = await AdmittedEnterpriseAsync("培训扫码签到测试");
        var api = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: enterprise);
        var created = await organizer.PostAsJsonAsync("/api/training/sessions", Session("进货检验与供应商管理", DateTimeOffset.UtcNow.AddMinutes(20), 30, 3), Ct);
        var session = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        await OkAsync(await api.PostAsJsonAsync($"/api/training/sessions/{session}/registrations", new { participants = new[] { new { name = "周敏" } } }, Ct));
        var code = await factory.WithDbAsync(db => db.TrainingSessions.Where(s => s.Id == session).Select(s => s.CheckInCode).SingleAsync(Ct));
        var phone = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: enterprise);
        var url = $"/training/{session}/check-in?code={code}";
        var page = await phone.GetStringAsync(url, Ct);
        Assert.Contains("周敏", page);
        var registration = (await RegistrationsAsync(api, session)).Single().GetProperty("id").GetGuid();
        var posted = await AppFactory.PostFormAsync(phone, url, new Dictionary<string, string> { ["registration"] = registration.ToString(), ["code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("data-testid=\"checked-in\"", await phone.GetStringAsync(url, Ct));
        // A session open to the whole industry is on the portal's calendar for anyone; this one is not.
        var anonymous = factory.CreateClient();
        Assert.DoesNotContain("进货检验与供应商管理", await anonymous.GetStringAsync("/training/open", Ct));
        var open = await organizer.PostAsJsonAsync("/api/training/sessions", new
        {
            title = "欧盟电磁阀能效法规解读", topic = "ForeignStandards", trainer = "宁波海关技术中心 陈高工", startsAt = DateTimeOffset.UtcNow.AddDays(3), endsAt = DateTimeOffset.UtcNow.AddDays(3).AddHours(2),
            place = "奉化区市场监管局", capacity = 50, quotaPerEnterprise = 2, @public = true,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, open.StatusCode);
        var calendar = await anonymous.GetStringAsync("/training/open", Ct);
        Assert.Contains("欧盟电磁阀能效法规解读", calendar);
        Assert.DoesNotContain("周敏", calendar);
        // The organizer's page shows the venue's code.
        var organizerPage = await factory.SignInAsNewUserAsync(Roles.AssociationStaff, "association");
        Assert.Equal("image/png", (await organizerPage.GetAsync($"/training/{session}/check-in.png", Ct)).Content.Headers.ContentType?.MediaType);
    }
    [Fact]
    public async Task Assessment_feedback_and_certificates_only_for_those_present_and_passed()
    {
        factory.RequireDatabase();
        var organizer = await TokenClientAsync(Roles.DepartmentStaff, "economy-it");
        var a = await AdmittedEnterpriseAsync("培训证书测试甲");
        var b = await AdmittedEnterpriseAsync("培训证书测试乙");
        var clientA = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: a);
        var clientB = await TokenClientAsync(Roles.EnterpriseUser, enterpriseId: b);
        var created = await organizer.PostAsJsonAsync("/api/training/sessions", Session("质量追溯体系建设", DateTimeOffset.UtcNow.AddMinutes(10), 20, 3), Ct);
        var session = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        await OkAsync(await clientA.PostAsJsonAsync($"/api/training/sessions/{session}/registrations", new { participants = new[] { new { name = "张三" }, new { name = "李四" } } }, Ct));
        var rows = await RegistrationsAsync(clientA, session);
        Guid Id(string name) => rows.Single(r => r.GetProperty("participantName").GetString() == name).GetProperty("id").GetGuid();
        var (zhang, li) = (Id("张三"), Id("李四"));

        // Materials: the organizer attaches a PDF the enterprises download; a file that is not what its name says is refused.
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(QualityZone.Infrastructure.Demo.DemoSeeder.MinimalPdf("课件")), "file", "课件.pdf" } })
            await OkAsync(await organizer.PostAsync($"/api/training/sessions/{session}/materials", form, Ct));
        using (var bad = new MultipartFormDataContent { { new ByteArrayContent("MZ not a pdf"u8.ToArray()), "file", "课件.pdf" } })
            Assert.Equal(HttpStatusCode.BadRequest, (await organizer.PostAsync($"/api/training/sessions/{session}/materials", bad, Ct)).StatusCode);
        var material = await factory.WithDbAsync(db => db.TrainingMaterials.Where(m => m.SessionId == session).Select(m => m.Id).SingleAsync(Ct));
        Assert.Equal("application/pdf", (await clientA.GetAsync($"/training/{session}/materials/{material}", Ct)).Content.Headers.ContentType?.MediaType);

        // Questions: a block without a marked answer is refused whole; the paper participants read never carries the answers.
        await AssertProblemAsync(await organizer.PutAsJsonAsync($"/api/training/sessions/{session}/assessment", new { text = "追溯到什么？\n批次\n供应商", passMark = 60 }, Ct),
            HttpStatusCode.BadRequest, "正确的选项");
        Assert.Empty((await clientA.GetFromJsonAsync<JsonElement>($"/api/training/sessions/{session}/assessment", Ct)).GetProperty("questions").EnumerateArray());
        await OkAsync(await organizer.PutAsJsonAsync($"/api/training/sessions/{session}/assessment",
            new { text = "出口批次应追溯到？\n只到客户\n*生产批次、原材料批次和供应商\n\n召回后首先做什么？\n*锁定涉及的批次\n等待通知", passMark = 60 }, Ct));
        var paper = await clientA.GetStringAsync($"/api/training/sessions/{session}/assessment", Ct);
        Assert.Contains("锁定涉及的批次", paper);
        Assert.DoesNotContain("\"answer\"", paper);

        // Only someone present answers, once, every question; the questions are fixed from then on.
        await AssertProblemAsync(await clientA.PostAsJsonAsync($"/api/training/registrations/{zhang}/answers", new { choices = new[] { 1, 0 } }, Ct), HttpStatusCode.Conflict, "签到后");
        var code = await factory.WithDbAsync(db => db.TrainingSessions.Where(s => s.Id == session).Select(s => s.CheckInCode).SingleAsync(Ct));
        await OkAsync(await clientA.PostAsJsonAsync($"/api/training/sessions/{session}/check-in", new { code, registrationId = zhang }, Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.PostAsJsonAsync($"/api/training/registrations/{zhang}/answers", new { choices = new[] { 1, 0 } }, Ct)).StatusCode);
        await AssertProblemAsync(await clientA.PostAsJsonAsync($"/api/training/registrations/{zhang}/answers", new { choices = new[] { 1 } }, Ct), HttpStatusCode.BadRequest, "全部题目");
        var scored = await clientA.PostAsJsonAsync($"/api/training/registrations/{zhang}/answers", new { choices = new[] { 1, 1 } }, Ct);
        await OkAsync(scored);
        var score = await scored.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((50, false), (score.GetProperty("score").GetInt32(), score.GetProperty("passed").GetBoolean()));
        await AssertProblemAsync(await clientA.PostAsJsonAsync($"/api/training/registrations/{zhang}/answers", new { choices = new[] { 1, 0 } }, Ct), HttpStatusCode.Conflict, "只能作答一次");
        await AssertProblemAsync(await organizer.PutAsJsonAsync($"/api/training/sessions/{session}/assessment", new { text = "改题？\n*是\n否", passMark = 40 }, Ct), HttpStatusCode.Conflict, "不能再修改");
        await AssertProblemAsync(await clientA.PutAsJsonAsync($"/api/training/registrations/{zhang}/feedback", new { rating = 9 }, Ct), HttpStatusCode.BadRequest, "1 到 5");
        await OkAsync(await clientA.PutAsJsonAsync($"/api/training/registrations/{zhang}/feedback", new { rating = 5, comment = "案例实用" }, Ct));
        var feedback = await organizer.GetFromJsonAsync<JsonElement>($"/api/training/sessions/{session}/feedback", Ct);
        Assert.Equal(5.0, feedback.GetProperty("mean").GetDouble());

        // Certificates: not before the start, never for someone absent or failed; for the one who passed, once.
        await AssertProblemAsync(await organizer.PostAsJsonAsync($"/api/training/sessions/{session}/certificates", new { }, Ct), HttpStatusCode.Conflict, "开始后");
        await factory.WithDbAsync(async db =>
        {
            var s = await db.TrainingSessions.SingleAsync(x => x.Id == session, Ct);
            (s.StartsAt, s.EndsAt) = (DateTimeOffset.UtcNow.AddHours(-3), DateTimeOffset.UtcNow.AddHours(-1));
            await db.SaveChangesAsync(Ct);
        });
        await AssertProblemAsync(await organizer.PostAsJsonAsync($"/api/training/sessions/{session}/certificates", new { registrationId = li }, Ct), HttpStatusCode.BadRequest, "未签到");
        await AssertProblemAsync(await organizer.PostAsJsonAsync($"/api/training/sessions/{session}/certificates", new { registrationId = zhang }, Ct), HttpStatusCode.BadRequest, "考核未通过");
        Assert.Equal(0, (await (await organizer.PostAsJsonAsync($"/api/training/sessions/{session}/certificates", new { }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("count").GetInt32());
        await factory.WithDbAsync(async db =>
        {
            // The marker corrected the paper: a pass now.
            var r = await db.TrainingRegistrations.SingleAsync(x => x.Id == zhang, Ct);
            r.Score = 100;
            await db.SaveChangesAsync(Ct);
        });
        Assert.Equal(1, (await (await organizer.PostAsJsonAsync($"/api/training/sessions/{session}/certificates", new { }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("count").GetInt32());
        await AssertProblemAsync(await organizer.PostAsJsonAsync($"/api/training/sessions/{session}/certificates", new { registrationId = zhang }, Ct), HttpStatusCode.Conflict, "已获颁");
        var issued = await factory.WithDbAsync(db => db.TrainingRegistrations.Where(r => r.Id == zhang).Select(r => new { r.CertificateNumber, r.CertificateCode }).SingleAsync(Ct));
        var (number, verification) = (issued.CertificateNumber!, issued.CertificateCode!);
        Assert.Matches(@"^PX-\d{4}-\d{4}$", number);

        // The certificate: Word that LibreOffice opens, a PDF whose text holds the name, number and code; another enterprise gets nothing.
        var docx = await clientA.GetByteArrayAsync($"/training/certificates/{zhang}.docx", Ct);
        await LibreOffice.AssertOpensAsync(docx, ".docx");
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.GetAsync($"/training/certificates/{zhang}.pdf", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.GetAsync($"/training/certificates/{li}.pdf", Ct)).StatusCode);
        var pdf = await clientA.GetAsync($"/training/certificates/{zhang}.pdf", Ct);
        if (pdf.StatusCode == HttpStatusCode.OK)
        {
            var text = await PdfText.ReadAsync(await pdf.Content.ReadAsByteArrayAsync(Ct));
            foreach (var expected in new[] { "培训合格证明", "张三", "培训证书测试甲", number, verification, "100分" }) Assert.Contains(expected, text);
        }

        // Hours per person of the enterprise's staff: 张三 attended once and holds the certificate; 李四 never attended.
        var hours = (await clientA.GetFromJsonAsync<JsonElement>($"/api/training/hours?year={DateTime.UtcNow.AddHours(5).Year}", Ct)).EnumerateArray().ToList();
        var person = Assert.Single(hours);
        Assert.Equal(("张三", 1, 2.0, 1), (person.GetProperty("name").GetString(), person.GetProperty("sessions").GetInt32(), person.GetProperty("hours").GetDouble(), person.GetProperty("certificates").GetInt32()));

        // Anyone verifies it by number and code; a wrong code answers like an unknown number.
        var anonymous = factory.CreateClient();
        var verified = await anonymous.GetFromJsonAsync<JsonElement>($"/api/training/certificates/verification?number={number}&code={verification.ToLowerInvariant()}", Ct);
        Assert.Equal(("张三", "培训证书测试甲"), (verified.GetProperty("participantName").GetString(), verified.GetProperty("enterprise").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/training/certificates/verification?number={number}&code=AAAAAAAA", Ct)).StatusCode);
        Assert.Contains("证书真实有效", await anonymous.GetStringAsync($"/training/verify?number={number}&code={verification}", Ct));
    }

    [Fact]
    public async Task Invitations_are_proposed_from_recurring_findings_and_matched_foreign_rules()
    {
        factory.RequireDatabase();
        var organizer = await TokenClientAsync(Roles.DepartmentStaff, "market-supervision");
        var labs = await AdmittedEnterpriseAsync("定向邀请测试检测薄弱");
        var rules = await AdmittedEnterpriseAsync("定向邀请测试法规匹配");
        var once = await AdmittedEnterpriseAsync("定向邀请测试偶发问题");
        await factory.WithDbAsync(async db =>
        {
            var template = await db.ChecklistTemplates.Select(t => t.Id).FirstAsync(Ct);
            var round = new QualityZone.Features.Inspections.InspectionRound { Title = "邀请测试联合检查", Year = DateTime.UtcNow.Year, TemplateId = template, CreatedBy = "测试", CreatedAt = DateTimeOffset.UtcNow,
                StartOn = DateOnly.FromDateTime(DateTime.UtcNow), EndOn = DateOnly.FromDateTime(DateTime.UtcNow) };
            db.InspectionRounds.Add(round);
            foreach (var (enterprise, count) in new[] { (labs, 2), (once, 1) })
            {
                var record = new QualityZone.Features.Inspections.InspectionRecord { RoundId = round.Id, EnterpriseId = enterprise };
                db.InspectionRecords.Add(record);
                for (var i = 0; i < count; i++)
                {
                    var answer = new QualityZone.Features.Inspections.InspectionAnswer { RecordId = record.Id, Position = i + 1, Section = "质量控制体系·检测能力", Text = "计量器具和检测设备在检定/校准有效期内" };
                    db.InspectionAnswers.Add(answer);
                    db.InspectionFindings.Add(new QualityZone.Features.Inspections.InspectionFinding { RecordId = record.Id, EnterpriseId = enterprise, AnswerId = answer.Id, Description = "校准过期", CreatedAt = DateTimeOffset.UtcNow.AddDays(-30 * (i + 1)) });
                }
            }
            var notice = new QualityZone.Features.Portal.Notice { Type = QualityZone.Features.Portal.NoticeType.Regulation, Title = "邀请测试：欧盟电磁阀新规", CreatedBy = "测试", CreatedAt = DateTimeOffset.UtcNow, Status = QualityZone.Features.Portal.NoticeStatus.Published };
            db.Notices.Add(notice);
            db.NoticeAlerts.Add(new QualityZone.Features.Portal.NoticeAlert { NoticeId = notice.Id, EnterpriseId = rules, Reason = QualityZone.Infrastructure.Localization.Msg.Of("HS {0} + 市场 {1}", "848120", "DE").Store(), Confidence = 0.9m, CreatedAt = DateTimeOffset.UtcNow.AddDays(-3) });
            await db.SaveChangesAsync(Ct);
        });
        async Task<List<JsonElement>> ProposalsAsync(Guid session) =>
            (await organizer.GetFromJsonAsync<JsonElement>($"/api/training/sessions/{session}/invitation-proposals", Ct)).EnumerateArray().ToList();
        async Task<Guid> SessionAsync(string topic)
        {
            var created = await organizer.PostAsJsonAsync("/api/training/sessions", new
            {
                title = "邀请测试 " + topic, topic, trainer = "测试", startsAt = DateTimeOffset.UtcNow.AddDays(7), endsAt = DateTimeOffset.UtcNow.AddDays(7).AddHours(3), place = "培训室", capacity = 50, quotaPerEnterprise = 2,
            }, Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            return (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        }

        // A laboratory session: the enterprise with two calibration findings, with the reason; not the one with a single finding, not the rule-matched one.
        var laboratory = await SessionAsync("Laboratory");
        var proposed = await ProposalsAsync(laboratory);
        var weak = Assert.Single(proposed, p => p.GetProperty("enterpriseId").GetGuid() == labs);
        Assert.Contains("2 项", weak.GetProperty("reasons")[0].GetString());
        Assert.DoesNotContain(proposed, p => p.GetProperty("enterpriseId").GetGuid() == once || p.GetProperty("enterpriseId").GetGuid() == rules);
        // A foreign-standards session: the enterprise the portal matched to the new regulation, with its title.
        var standards = await SessionAsync("ForeignStandards");
        var matched = Assert.Single(await ProposalsAsync(standards), p => p.GetProperty("enterpriseId").GetGuid() == rules);
        Assert.Contains("欧盟电磁阀新规", matched.GetProperty("reasons")[0].GetString());
        Assert.Contains("HS 848120 + 市场 DE", matched.GetProperty("reasons")[0].GetString());

        // Sent in one step; the enterprise sees its invitation with the reason, another enterprise does not; not invited twice.
        await AssertProblemAsync(await organizer.PostAsJsonAsync($"/api/training/sessions/{laboratory}/invitations", new { enterpriseIds = Array.Empty<Guid>() }, Ct), HttpStatusCode.BadRequest, "请选择");
        var sent = await organizer.PostAsJsonAsync($"/api/training/sessions/{laboratory}/invitations", new { enterpriseIds = new[] { labs } }, Ct);
        Assert.Equal(1, (await sent.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("count").GetInt32());
        Assert.Equal(0, (await (await organizer.PostAsJsonAsync($"/api/training/sessions/{laboratory}/invitations", new { enterpriseIds = new[] { labs } }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("count").GetInt32());
        Assert.True((await ProposalsAsync(laboratory)).Single(p => p.GetProperty("enterpriseId").GetGuid() == labs).GetProperty("invited").GetBoolean());
        var invitedPage = await (await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: labs)).GetStringAsync($"/training/{laboratory}", Ct);
        Assert.Contains("data-testid=\"invitation\"", invitedPage);
        Assert.Contains("2 项", invitedPage);
        Assert.DoesNotContain("data-testid=\"invitation\"", await (await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: once)).GetStringAsync($"/training/{laboratory}", Ct));
        // The reason is kept as a message: the enterprise reads it in its own language, the matched market included (issue 21).
        Assert.Equal(1, (await (await organizer.PostAsJsonAsync($"/api/training/sessions/{standards}/invitations", new { enterpriseIds = new[] { rules } }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("count").GetInt32());
        var reader = await factory.SignInAsNewUserAsync(Roles.EnterpriseUser, enterpriseId: rules);
        await reader.GetAsync("/culture/en", Ct);
        var english = await reader.GetStringAsync($"/training/{standards}", Ct);
        Assert.Contains("HS 848120 + market DE", System.Net.WebUtility.HtmlDecode(english));
        Assert.DoesNotContain("msg:", english);
    }
}

public sealed class TrainingSqliteTests(AppFactory factory) : TrainingTests<AppFactory>(factory), IClassFixture<AppFactory>;

public sealed class TrainingPostgresTests(PostgresAppFactory factory) : TrainingTests<PostgresAppFactory>(factory), IClassFixture<PostgresAppFactory>;
