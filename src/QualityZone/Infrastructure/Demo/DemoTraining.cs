using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Commitments;
using QualityZone.Features.Training;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;

namespace QualityZone.Infrastructure.Demo;

/// <summary>
/// Two years of the public training platform (task 18): four sessions a year by the departments that lead
/// task 18 and the association, each with registrations from the zone's enterprises and most of them
/// present (checked in by code or marked by the organizer), one cancelled; and two sessions open for
/// registration, one of them full with a waiting list. Every other past session has a three-question
/// assessment; those present rated it and got certificates when they passed. The upcoming sessions carry the
/// invitations the platform proposed, with their reasons.
/// </summary>
public sealed class DemoTraining(AppDbContext db, ZoneClock clock, TrainingInvitations invitations, Files.FileStore files)
{
    // <data>
    private static readonly (string Title, TrainingTopic Topic, string Trainer, string Department)[] Sessions =
    [
        ("欧盟机械法规（EU）2023/1230 与气动元件 CE 合规", TrainingTopic.ForeignStandards, "宁波海关技术中心 陈高工", "ciq"),
        ("美国 UL 429 电磁阀认证要点", TrainingTopic.ForeignStandards, "第三方认证机构 王工程师", "market-supervision"),
        ("WTO/TBT 通报解读与评议实务", TrainingTopic.Tbt, "商务局 贸易救济科 刘科长", "commerce"),
        ("进货检验与供应商质量管理", TrainingTopic.QualityManagement, "气动协会 专家组 赵工", "association"),
        ("产品质量追溯体系建设与批次管理", TrainingTopic.Traceability, "经信局 周科长", "economy-it"),
        ("企业实验室 CNAS 认可准备（ISO/IEC 17025:2017）", TrainingTopic.Laboratory, "质量监督检验中心 吴工程师", "testing-center"),
        ("出口产品质量安全主体责任与合规", TrainingTopic.ExportCompliance, "市场监管局 质量科 陈科长", "market-supervision"),
        ("气动元件龙头企业质量管理观摩会", TrainingTopic.SiteVisit, "宁波奉化亚德客气动有限公司", "association"),
    ];
    private static readonly string[] People = ["王建国", "李海燕", "张伟", "陈静", "刘洋", "周敏", "吴磊", "郑芳", "孙涛", "胡婷"];
    private static readonly (string Text, string Options, int Answer)[] Questions =
    [
        ("出口气动元件的质量安全主体责任由谁承担？", "出口企业\n检验检测机构\n行业协会", 0),
        ("进货批次未经检验即投入生产，属于哪一类问题？", "质量追溯\n进货检验\n售后服务", 1),
        ("发现境外召回后，企业应首先做什么？", "等待监管部门通知\n通过追溯锁定涉及的生产批次和原材料批次\n更换包装后继续出口", 1),
    ];
    private static readonly string[] Comments = ["案例贴近企业实际，很有收获。", "希望增加现场答疑时间。", "建议提供培训课件下载。", "讲解清楚，计划在本企业内部转训。"];
    // </data>

    public async Task SeedAsync(Random random, CancellationToken ct)
    {
        var enterprises = await db.Enterprises.AsNoTracking().Where(e => CommitmentService.InZone.Contains(e.State)).OrderBy(e => e.CreatedAt).Select(e => e.Id).ToListAsync(ct);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Id, ct);
        if (enterprises.Count == 0) return;
        var today = clock.Today;
        // Past: four a year for two years, about every three months; upcoming: in two and five weeks.
        var dates = Enumerable.Range(0, 8).Select(i => today.AddDays(-700 + i * 88)).Concat([today.AddDays(14), today.AddDays(35)]).ToList();
        var certificates = dates.Select(d => d.Year).Distinct().ToDictionary(y => y, _ => 0);
        // Scores and ratings draw from their own sequence, so the records seeded after the training do not change with them.
        var marks = new Random(11);
        var upcomingSessions = new List<Guid>();
        for (var n = 0; n < dates.Count; n++)
        {
            var (title, topic, trainer, department) = Sessions[n % Sessions.Length];
            var starts = clock.StartOf(dates[n]).AddHours(9);
            var upcoming = dates[n] > today;
            var session = new TrainingSession
            {
                Title = title, Topic = topic, Trainer = trainer, OrganizerDepartmentId = departments.GetValueOrDefault(department, departments.Values.First()),
                StartsAt = starts, EndsAt = starts.AddHours(topic == TrainingTopic.SiteVisit ? 3 : 6), Place = topic == TrainingTopic.SiteVisit ? "宁波奉化亚德客气动有限公司 3 号厂房" : "奉化区市场监管局 三楼培训室",
                Capacity = n == dates.Count - 1 ? 6 : 80, QuotaPerEnterprise = 3, Public = topic is TrainingTopic.ForeignStandards or TrainingTopic.Tbt,
                Description = "培训对象：企业质量负责人、技术人员、外贸业务人员。请携带本企业产品的出口市场清单。",
                CheckInCode = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)), CreatedBy = "建设办 王主任", CreatedAt = starts.AddDays(-45),
                CancelledAt = n == 3 ? starts.AddDays(-5) : null,
            };
            db.TrainingSessions.Add(session);
            var assessed = !upcoming && n % 2 == 0;
            if (assessed)
                db.TrainingQuestions.AddRange(Questions.Select((q, i) => new TrainingQuestion { SessionId = session.Id, Position = i + 1, Text = q.Text, Options = q.Options, Answer = q.Answer }));
            if (upcoming) upcomingSessions.Add(session.Id);
            if (!upcoming && n % 2 == 0)
            {
                var stored = await files.SaveAsync(new MemoryStream(DemoSeeder.MinimalPdf(title)), $"培训课件-{n + 1}.pdf", ct);
                db.TrainingMaterials.Add(new TrainingMaterial { SessionId = session.Id, Sha256 = stored.Sha256, FileName = stored.FileName, ContentType = stored.ContentType, Size = stored.Size,
                    UploadedBy = "建设办 王主任", UploadedAt = starts.AddDays(-3) });
            }
            var attendees = enterprises.OrderBy(_ => random.Next()).Take(Math.Min(enterprises.Count, upcoming ? 4 : 25)).ToList();
            foreach (var enterprise in attendees)
            {
                var count = random.Next(1, 4);
                for (var p = 0; p < count; p++)
                {
                    var taken = db.ChangeTracker.Entries<TrainingRegistration>().Count(e => e.Entity.SessionId == session.Id && e.Entity.State == RegistrationState.Registered);
                    var present = !upcoming && session.CancelledAt is null && random.NextDouble() < 0.85;
                    var registration = new TrainingRegistration
                    {
                        SessionId = session.Id, EnterpriseId = enterprise, ParticipantName = People[(p + attendees.IndexOf(enterprise)) % People.Length], Position = p == 0 ? "质量部经理" : "检验员",
                        State = taken < session.Capacity ? RegistrationState.Registered : RegistrationState.Waitlisted, RegisteredBy = "企业质量负责人",
                        RegisteredAt = upcoming ? clock.StartOf(today.AddDays(-1 - p)).AddHours(10) : starts.AddDays(-20 + p), AttendedAt = present ? starts.AddMinutes(-10 + random.Next(0, 20)) : null,
                        CheckedInBy = present ? (random.NextDouble() < 0.8 ? CheckInMethod.QrCode : CheckInMethod.Organizer) : null,
                    };
                    db.TrainingRegistrations.Add(registration);
                    if (!present) continue;
                    if (assessed) (registration.Score, registration.AssessedAt) = (marks.NextDouble() < 0.85 ? 100 - 33 * marks.Next(0, 2) : 33, session.EndsAt.AddMinutes(-15));
                    if (marks.NextDouble() < 0.6) (registration.Rating, registration.Comment) = (marks.Next(3, 6), marks.NextDouble() < 0.3 ? Comments[marks.Next(Comments.Length)] : null);
                    if (registration.Qualifies(assessed, session.PassMark))
                        (registration.CertificateNumber, registration.CertificateCode, registration.CertificateIssuedAt) =
                            ($"PX-{dates[n].Year}-{++certificates[dates[n].Year]:0000}", VerificationStrip.NewCode(), session.EndsAt.AddDays(3));
                }
            }
        }
        await db.SaveChangesAsync(ct);
        // The organizers sent the invitations the platform proposed for the coming sessions.
        foreach (var session in upcomingSessions)
        {
            var proposed = (await invitations.ProposeAsync(session, ct)).Take(8).Select(p => p.EnterpriseId).ToList();
            if (proposed.Count > 0) await invitations.InviteAsync("建设办 王主任", session, proposed, ct);
        }
    }

    /// <summary>
    /// The bench's scale: <paramref name="count"/> more sessions over the past five years, each with a three-question
    /// assessment and 100 participants from the zone's enterprises, all present and most certified.
    /// </summary>
    public async Task SeedVolumeAsync(int count, CancellationToken ct)
    {
        var random = new Random(23);
        var enterprises = await db.Enterprises.AsNoTracking().Where(e => CommitmentService.InZone.Contains(e.State)).Select(e => e.Id).ToListAsync(ct);
        var department = await db.Departments.AsNoTracking().Select(d => d.Id).FirstAsync(ct);
        var now = DateTimeOffset.UtcNow;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var n = 0; n < count; n++)
        {
            var (title, topic, trainer, _) = Sessions[n % Sessions.Length];
            var starts = now.AddDays(-1 - random.Next(0, 5 * 365)).AddHours(-random.Next(0, 12));
            var session = new TrainingSession
            {
                Title = title, Topic = topic, Trainer = trainer, OrganizerDepartmentId = department, StartsAt = starts, EndsAt = starts.AddHours(3), Place = "培训室", Capacity = 120, QuotaPerEnterprise = 5,
                CheckInCode = $"BENCH{n:D8}", CreatedBy = "bench", CreatedAt = starts.AddDays(-30),
            };
            db.TrainingSessions.Add(session);
            db.TrainingQuestions.AddRange(Questions.Select((q, i) => new TrainingQuestion { SessionId = session.Id, Position = i + 1, Text = q.Text, Options = q.Options, Answer = q.Answer }));
            for (var p = 0; p < 100; p++)
            {
                var passed = p % 10 != 9;
                db.TrainingRegistrations.Add(new TrainingRegistration
                {
                    SessionId = session.Id, EnterpriseId = enterprises[(n * 37 + p * 7) % enterprises.Count], ParticipantName = People[p % People.Length] + p, Position = "检验员",
                    State = RegistrationState.Registered, RegisteredBy = "bench", RegisteredAt = starts.AddDays(-10), AttendedAt = starts.AddMinutes(-5), CheckedInBy = CheckInMethod.QrCode,
                    Score = passed ? 100 : 33, AssessedAt = starts.AddHours(3), Rating = 3 + p % 3,
                    CertificateNumber = passed ? $"PX-B-{n * 100 + p:D7}" : null, CertificateCode = passed ? $"B{n * 100 + p:D7}" : null, CertificateIssuedAt = passed ? starts.AddDays(2) : null,
                });
            }
            if (n % 50 == 49 || n == count - 1)
            {
                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
        db.ChangeTracker.AutoDetectChangesEnabled = true;
    }
}
