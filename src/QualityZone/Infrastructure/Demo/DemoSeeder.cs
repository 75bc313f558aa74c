using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Accounts;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Settings;
using QualityZone.Features.ZoneTasks;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;

namespace QualityZone.Infrastructure.Demo;

/// <summary>
/// Fills an empty database with a realistic demo zone: accounts for every role, a few enterprises,
/// and the 23 tasks' progress as it would stand part-way through the construction year, with notes
/// and evidence documents. Later modules add their part here; the benchmarks use the same code.
/// </summary>
public sealed class DemoSeeder(AppDbContext db, UserManager<AppUser> users, FileStore files, ZoneSettings settings, ZoneClock zoneClock, TimeProvider clock, QualityZone.Features.Risks.EarlyWarning warning, IServiceProvider services)
{
    public sealed record DemoAccount(string Email, string Password, string Role, string DisplayName);

    /// <summary>Five years (60 months) of monthly returns with about 8 lines a month by default; the benchmarks ask for 20.</summary>
    /// <param name="BatchesPerEnterprise">Production batches of each enterprise (traceability); the eight named demo enterprises get <paramref name="NamedBatches"/> when set.</param>
    public sealed record Options(string? Password = null, int Enterprises = 300, int? Seed = 20261126, int ReturnMonths = 60, int LinesPerMonth = 8,
        int BatchesPerEnterprise = 40, int? NamedBatches = 2000, int ExtraActions = 0, int ExtraTestRequests = 0, int ExtraTrainingSessions = 0);

    private static readonly (string Email, string Name, string Role, string? Department)[] StaffAccounts =
    [
        ("office@demo.qz", "建设办 王主任", Roles.ZoneAdmin, "zone-office"),
        ("district@demo.qz", "区府办 李科长", Roles.DepartmentStaff, "district-office"),
        ("market@demo.qz", "市场监管局 陈科长", Roles.DepartmentStaff, "market-supervision"),
        ("economy@demo.qz", "经信局 周科长", Roles.DepartmentStaff, "economy-it"),
        ("ciq@demo.qz", "检验检疫局 张科长", Roles.DepartmentStaff, "ciq"),
        ("commerce@demo.qz", "商务局 刘科长", Roles.DepartmentStaff, "commerce"),
        ("finance@demo.qz", "财政局 孙科长", Roles.DepartmentStaff, "finance"),
        ("association@demo.qz", "气动协会 赵秘书长", Roles.AssociationStaff, "association"),
        ("testing@demo.qz", "检验中心 吴工程师", Roles.TestingCenterStaff, "testing-center"),
        // A second tester: a report is reviewed by someone other than who entered its results.
        ("reviewer@demo.qz", "检验中心 李主任", Roles.TestingCenterStaff, "testing-center"),
    ];

    private static readonly (string Zh, string En)[] EnterpriseNames =
    [
        ("宁波奉化亚德客气动有限公司", "Ningbo Fenghua Yadeke Pneumatic Co., Ltd."),
        ("奉化星宇气动元件有限公司", "Fenghua Xingyu Pneumatic Components Co., Ltd."),
        ("宁波溪口精工气缸制造有限公司", "Ningbo Xikou Precision Cylinder Manufacturing Co., Ltd."),
        ("奉化锦屏电磁阀有限公司", "Fenghua Jinping Solenoid Valve Co., Ltd."),
        ("宁波岳林流体控制有限公司", "Ningbo Yuelin Fluid Control Co., Ltd."),
        ("奉化江口气动接头厂", "Fenghua Jiangkou Pneumatic Fittings Factory"),
        ("宁波莼湖过滤器有限公司", "Ningbo Chunhu Filter Co., Ltd."),
        ("奉化尚田气动工具有限公司", "Fenghua Shangtian Pneumatic Tools Co., Ltd."),
    ];

    /// <summary>The zone office's director, as the demo's modules act through their commands (a principal, not a signed-in user).</summary>
    public static System.Security.Claims.ClaimsPrincipal Office { get; } = new(new System.Security.Claims.ClaimsIdentity(
        [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, Roles.ZoneAdmin), new System.Security.Claims.Claim(AppClaims.DisplayName, "建设办 王主任")], "demo"));

    /// <summary>An enterprise's quality staff, as the demo's answers and requests are made (a principal, not a signed-in user).</summary>
    public static System.Security.Claims.ClaimsPrincipal EnterpriseStaff(Guid enterpriseId) => new(new System.Security.Claims.ClaimsIdentity(
        [new System.Security.Claims.Claim(AppClaims.EnterpriseId, enterpriseId.ToString()), new System.Security.Claims.Claim(AppClaims.DisplayName, "企业质量负责人")], "demo"));

    public async Task<IReadOnlyList<DemoAccount>> SeedAsync(Options options, CancellationToken ct)
    {
        if (await db.Users.AnyAsync(u => u.Email!.EndsWith("@demo.qz"), ct))
            throw new InvalidOperationException("演示数据已存在 / The demo data is already there: seed-demo fills an empty database only.");

        // What the demo's people did "now" is done at a desk: run at night or at a weekend, the seeding's clock stands at
        // the end of the last working day.
        var real = clock.GetUtcNow();
        using var working = AppTime.RunBehind(real - zoneClock.LastWorkingMoment(real));
        var random = options.Seed is { } seed ? new Random(seed) : Random.Shared;
        var accounts = new List<DemoAccount>();
        var departments = await db.Departments.ToDictionaryAsync(d => d.Code, d => d.Id, ct);
        var now = clock.GetUtcNow();

        foreach (var (email, name, role, department) in StaffAccounts)
        {
            accounts.Add(await CreateUserAsync(email, name, role, department is null ? null : departments[department], null, options.Password, now));
        }

        var enterprises = await SeedEnterprisesAsync(random, options.Enterprises, now, ct);
        for (var i = 0; i < Math.Min(enterprises.Count, EnterpriseNames.Length); i++)
        {
            var (zh, _) = EnterpriseNames[i];
            accounts.Add(await CreateUserAsync($"enterprise{i + 1}@demo.qz", $"{zh[..Math.Min(6, zh.Length)]} 质量负责人", Roles.EnterpriseUser, null, enterprises[i], options.Password, now));
        }

        await SeedTaskProgressAsync(random, ct);
        if (options.ReturnMonths > 0)
            await new DemoReturns(db, clock).SeedAsync(random, zoneClock.Today, options.ReturnMonths, options.LinesPerMonth, ct);
        if (options.BatchesPerEnterprise > 0)
            await new DemoTrace(db).SeedAsync(random, zoneClock.Today, enterprises, options.BatchesPerEnterprise, options.NamedBatches, plantStory: true, ct);
        // The demo enterprise's MES reporting its final tests in EPCIS 2.0.
        if (options.BatchesPerEnterprise > 0) await ActivatorUtilities.CreateInstance<DemoEpcis>(services).SeedAsync(ct);
        var staff = await db.Users.AsNoTracking().Where(u => u.Email!.EndsWith("@demo.qz") && u.EnterpriseId == null)
            .ToDictionaryAsync(u => u.Email![..u.Email!.IndexOf('@')], u => (u.Id, u.DisplayName), ct);
        var supervision = new DemoSupervision(db, files, services.GetService<QualityZone.Infrastructure.Documents.DocumentFonts>());
        await supervision.SeedAsync(random, zoneClock.Today, enterprises, departments, staff, ct);
        if (options.ExtraActions > 0) await supervision.SeedVolumeAsync(random, zoneClock.Today, enterprises, departments, options.ExtraActions, ct);
        await ActivatorUtilities.CreateInstance<DemoPortal>(services).SeedAsync(zoneClock.Today, enterprises, ct);
        // A year of the testing center's work (its failures open corrective actions, which the signals read).
        var testing = ActivatorUtilities.CreateInstance<DemoTesting>(services);
        await testing.SeedAsync(random, ct);
        if (options.ExtraTestRequests > 0) await testing.SeedVolumeAsync(random, options.ExtraTestRequests, ct);
        // Two years of training sessions with registrations and attendance.
        var training = ActivatorUtilities.CreateInstance<DemoTraining>(services);
        await training.SeedAsync(random, ct);
        if (options.ExtraTrainingSessions > 0) await training.SeedVolumeAsync(options.ExtraTrainingSessions, ct);
        // Six candidate labs on their road to CNAS accreditation, two accredited.
        await ActivatorUtilities.CreateInstance<DemoLaboratories>(services).SeedAsync(ct);
        // The association's members, convention and complaints.
        await ActivatorUtilities.CreateInstance<DemoAssociation>(services).SeedAsync(ct);
        // Best-practice cases and the media coverage.
        await ActivatorUtilities.CreateInstance<DemoPublicity>(services).SeedAsync(ct);
        // The early-warning signals as the scheduled job would compute them from all of the above.
        await warning.ComputeAsync(ct);
        // The analysis reports, generated from all of it.
        await ActivatorUtilities.CreateInstance<DemoReports>(services).SeedAsync(zoneClock.Today, ct);
        // The industry survey and its research report.
        await ActivatorUtilities.CreateInstance<DemoSurveys>(services).SeedAsync(random, ct);
        await ActivatorUtilities.CreateInstance<DemoIndicators>(services).SeedAsync(ct);
        await ActivatorUtilities.CreateInstance<DemoGovernance>(services).SeedAsync(zoneClock.Today, ct);
        // Policies, rewards and facilitation measures decided from all of the above, and last year's appraisal.
        await ActivatorUtilities.CreateInstance<DemoPolicies>(services).SeedAsync(ct);
        await ActivatorUtilities.CreateInstance<DemoAcceptance>(services).SeedAsync(ct);
        return accounts;
    }

    private static readonly (string Hs, string Name)[] Products =
    [
        ("8412310000", "标准气缸"), ("8412310000", "薄型气缸"), ("8412310000", "迷你气缸"), ("8412390000", "摆动气缸"),
        ("8412900090", "气缸零件"), ("8481201000", "电磁阀"), ("8481202000", "气控阀"), ("8481100090", "减压阀"),
        ("8481300000", "单向阀"), ("8481400000", "安全阀"), ("8481804090", "手动阀"), ("8481901000", "阀门零件"),
        ("8421392000", "空气过滤器"), ("8421399090", "三联件"), ("7412201000", "黄铜接头"), ("3917400000", "快插接头"),
        ("3917320000", "气管"), ("8467110000", "气动扳手"),
    ];

    // Markets weighted like a Fenghua exporter's: EU, the US, South-East Asia, Russia, India, Latin America…
    private static readonly (string Code, int Weight)[] MarketWeights =
    [
        ("DE", 12), ("US", 12), ("IT", 6), ("FR", 4), ("ES", 3), ("PL", 3), ("NL", 3), ("GB", 3), ("RU", 8), ("IN", 7), ("VN", 6),
        ("TH", 5), ("ID", 5), ("MY", 4), ("TR", 4), ("BR", 5), ("MX", 4), ("KR", 3), ("JP", 3), ("AE", 2), ("SA", 2), ("ZA", 2), ("AU", 2),
    ];

    // The city and the district first, then the towns and streets of Fenghua (addresses take a town).
    private static readonly string[] Places = ["奉化", "宁波", "溪口", "江口", "岳林", "锦屏", "萧王庙", "西坞", "莼湖", "尚田", "大堰", "裘村", "松岙"];
    private static readonly string[] Words = ["亚德", "星宇", "精工", "恒力", "东方", "华通", "永信", "佳力", "天工", "捷达", "博远", "汇丰", "明达", "金诺", "海威", "力拓", "康达", "瑞邦", "中科", "新时代"];
    private static readonly string[] Kinds = ["气动元件", "气动科技", "气缸制造", "电磁阀", "流体控制", "气动接头", "自动化设备", "液压气动", "精密机械", "过滤器"];

    /// <summary>
    /// Enterprises across the states of dynamic management, with products, markets and the timeline
    /// each state implies. The first ones carry the named demo enterprises that have user accounts.
    /// </summary>
    public async Task<List<Guid>> SeedEnterprisesAsync(Random random, int count, DateTimeOffset now, CancellationToken ct)
    {
        var names = new HashSet<string>();
        var codes = new HashSet<string>();
        var ids = new List<Guid>(count);
        var tiers = new[] { "advanced-certified", "certified", "certified", "regular", "regular", "regular", "dishonest" };
        var totalWeight = MarketWeights.Sum(m => m.Weight);
        var admissionNumber = 0;
        StoredFile? letterScan = null;
        var certificateScan = await files.SaveAsync(new MemoryStream(MinimalPdf("ISO 9001 certificate")), "iso9001.pdf", ct);
        var decisionScan = await files.SaveAsync(new MemoryStream(MinimalPdf("Zone office decision")), "decision.pdf", ct);
        var watchEvidence = new StoredEvidence(decisionScan.Sha256, "建设办警示决定书.pdf", decisionScan.ContentType);
        var admissionCriteria = await db.AdmissionCriteria.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.SortOrder).ToListAsync(ct);
        var criteria = await db.EvaluationCriteria.AsNoTracking().Where(c => c.IsActive).ToListAsync(ct);
        var thresholds = QualityZone.Features.Evaluations.GradeThresholds.Default;
        for (var i = 0; i < count; i++)
        {
            string nameZh, nameEn;
            if (i < EnterpriseNames.Length) (nameZh, nameEn) = EnterpriseNames[i];
            else
            {
                // City or district, then a place below it: never the same place twice (no 奉化奉化), never the city after the district.
                do
                {
                    var prefix = random.Next(2) == 0 ? "宁波" : "奉化";
                    var places = Places.Where(p => p != "宁波" && p != prefix).ToArray();
                    nameZh = $"{prefix}{places[random.Next(places.Length)]}{Words[random.Next(Words.Length)]}{Kinds[random.Next(Kinds.Length)]}有限公司";
                }
                while (!names.Add(nameZh) && names.Count < 10_000);
                if (names.Count >= 10_000 || nameZh.Length > 200) nameZh = $"宁波奉化第{i}气动元件有限公司";
                nameEn = "";
            }
            names.Add(nameZh);
            string first16;
            do first16 = $"91330283{random.Next(0, 99999):D5}{"ABCDEFGH"[random.Next(8)]}{random.Next(10, 99)}";
            while (!codes.Add(first16));

            var export = Math.Round((decimal)(random.NextDouble() * 3000 + 50), 2);
            var own = random.Next(0, 8) * 10;
            var odm = random.Next(0, (100 - own) / 10 + 1) * 10;
            var enterprise = new Enterprise
            {
                CreditCode = CreditCode.Complete(first16), NameZh = nameZh, NameEn = string.IsNullOrEmpty(nameEn) ? null : nameEn,
                CustomsCode = $"3302{random.Next(100000, 999999)}", Address = $"浙江省宁波市奉化区{Places[2 + random.Next(Places.Length - 2)]}工业区{random.Next(1, 300)}号",
                LegalRepresentative = "王李张刘陈杨黄赵周吴"[random.Next(10)] + "总", QualityContact = "王李张刘陈杨黄赵周吴"[random.Next(10)] + "工",
                QualityContactPhone = $"0574-{random.Next(80000000, 89999999)}", Employees = random.Next(30, 1500),
                AnnualOutputWanYuan = Math.Round(export * 7.1m * (decimal)(1.2 + random.NextDouble()), 2), AnnualExportWanUsd = export,
                OwnBrandShare = own, OdmShare = odm, OemShare = 100 - own - odm, CustomsCreditTier = tiers[random.Next(tiers.Length)],
            };
            // CNAS accreditation is recorded by the CNAS tracker (DemoLaboratories), never declared; these draws only keep
            // the demo's random sequence, and so every record seeded after them, as it was.
            if (random.NextDouble() < 0.15) _ = (random.Next(10000, 19999), random.Next(30, 1500));
            foreach (var (hs, name) in Products.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).DistinctBy(p => p.Hs))
                enterprise.Products.Add(new EnterpriseProduct { EnterpriseId = enterprise.Id, HsCode = hs, Name = name });
            var markets = new HashSet<string>();
            for (var m = random.Next(2, 8); m > 0; m--)
            {
                var roll = random.Next(totalWeight);
                foreach (var (code, weight) in MarketWeights)
                {
                    if ((roll -= weight) < 0) { markets.Add(code); break; }
                }
            }
            enterprise.Markets.AddRange(markets.Select(code => new EnterpriseMarket { EnterpriseId = enterprise.Id, CountryCode = code }));

            var registered = now.AddDays(-random.Next(200, 900));
            enterprise.Register("建设办", registered);
            var roll2 = i < EnterpriseNames.Length ? 0.5 : random.NextDouble();
            // The first enterprise after the named ones is still applying, so the admission list has one at any scale.
            if (i == EnterpriseNames.Length) roll2 = 0.05;
            if (roll2 > 0.08)
            {
                enterprise.Admit($"FH-{registered.Year}-{++admissionNumber:D4}", DateOnly.FromDateTime(registered.AddDays(30).UtcDateTime),
                    "经检验检疫局、气动协会审核，符合入区条件", null, "建设办", registered.AddDays(30));
                // Last year's evaluation: each enterprise has a level of quality; its scores scatter around it.
                var level = random.NextDouble() switch { < 0.25 => 95, < 0.7 => 82, < 0.9 => 68, _ => 52 };
                var evaluation = new QualityZone.Features.Evaluations.Evaluation { EnterpriseId = enterprise.Id, Year = now.Year - 1, Grade = "", EvaluatedBy = "建设办", EvaluatedAt = now.AddDays(-random.Next(20, 300)) };
                evaluation.Scores = criteria.Select(c => new QualityZone.Features.Evaluations.EvaluationScore
                    { EvaluationId = evaluation.Id, CriterionId = c.Id, Weight = c.Weight, Computed = c.Computed, Score = Math.Clamp(level + random.Next(-12, 9), 0, 100) }).ToList();
                evaluation.Total = Math.Round(evaluation.Scores.Sum(x => x.Weight * (decimal)x.Score) / 100m, 2);
                evaluation.Grade = thresholds.GradeOf(evaluation.Total);
                enterprise.Grade = evaluation.Grade;
                db.Evaluations.Add(evaluation);
                if (roll2 > 0.80) enterprise.Transition(ManagementAction.PutOnWatch, "出口产品被国外通报，列入警示", watchEvidence, "建设办", registered.AddDays(200));
                if (roll2 > 0.90) enterprise.Transition(ManagementAction.Suspended, "警示期内整改不到位，暂停示范区资格", null, "建设办", registered.AddDays(260));
                if (roll2 > 0.96) enterprise.Transition(ManagementAction.Removed, "停产，申请退出示范区", null, "建设办", registered.AddDays(320));
            }
            else
            {
                // Still applying (申请中): an application with a statement per criterion and the ISO 9001
                // certificate for the first, submitted, with customs/inspection's opinion given.
                var application = QualityZone.Features.Admission.AdmissionApplication.Start(enterprise.Id, registered);
                foreach (var criterion in admissionCriteria)
                    application.SetItem(criterion.Id, $"本企业{criterion.TextZh.TrimEnd('。')}，详见附件。",
                        criterion == admissionCriteria[0] ? (certificateScan.Sha256, "ISO9001证书.pdf", certificateScan.ContentType) : null);
                application.Submit(admissionCriteria, registered.AddDays(3));
                application.Review("ciq", QualityZone.Features.Admission.Opinion.Support, "现场核查质量管理体系运行正常，同意入区", "检验检疫局 张科长", registered.AddDays(10));
                db.AdmissionApplications.Add(application);
            }
            db.Enterprises.Add(enterprise);
            ids.Add(enterprise.Id);

            // Most hold ISO 9001 (task 9.2); some certificates run out soon, so the warnings have something to show.
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            if (random.NextDouble() < 0.85)
            {
                var validTo = today.AddDays(random.Next(-20, 1000));
                db.Certificates.Add(new Certificate { EnterpriseId = enterprise.Id, Type = "iso9001", Number = $"0{random.Next(10, 99)}21Q{random.Next(10000, 99999)}R{random.Next(0, 9)}M",
                    Issuer = random.Next(2) == 0 ? "中国质量认证中心" : "方圆标志认证集团", ValidFrom = validTo.AddYears(-3), ValidTo = validTo, CreatedAt = now,
                    FileSha256 = certificateScan.Sha256, FileName = "ISO9001证书.pdf", FileContentType = certificateScan.ContentType });
            }
            if (random.NextDouble() < 0.3)
            {
                var validTo = today.AddDays(random.Next(30, 1200));
                db.Certificates.Add(new Certificate { EnterpriseId = enterprise.Id, Type = random.Next(2) == 0 ? "ce" : "eac", Number = $"EU-{random.Next(100000, 999999)}",
                    Issuer = random.Next(2) == 0 ? "TÜV SÜD" : "SGS", ValidFrom = validTo.AddYears(-5), ValidTo = validTo, CreatedAt = now });
            }
            // Three in four enterprises in the zone have signed the commitment letter (task 8).
            if (enterprise.State is EnterpriseState.Admitted or EnterpriseState.Watch or EnterpriseState.Suspended && random.NextDouble() < 0.75)
            {
                letterScan ??= await files.SaveAsync(new MemoryStream(MinimalPdf("Signed commitment letter")), "signed-letter.pdf", ct);
                db.CommitmentLetters.Add(new QualityZone.Features.Commitments.CommitmentLetter
                {
                    EnterpriseId = enterprise.Id, TemplateVersion = 1, SignedOn = DateOnly.FromDateTime(registered.AddDays(40).UtcDateTime),
                    Signatory = enterprise.LegalRepresentative ?? "法定代表人", FileSha256 = letterScan.Sha256, FileName = "质量诚信承诺书（盖章）.pdf",
                    FileContentType = letterScan.ContentType, RecordedBy = "建设办", RecordedAt = registered.AddDays(40),
                });
            }
            if (random.NextDouble() < 0.2)
                db.Brands.Add(new Brand { EnterpriseId = enterprise.Id, Name = Words[random.Next(Words.Length)] + "牌", Level = random.NextDouble() < 0.2 ? "provincial-famous-brand" : "registered-trademark",
                    AwardedYear = now.Year - random.Next(0, 10), RegistrationNumber = $"第{random.Next(1000000, 9999999)}号" });
        }
        await db.SaveChangesAsync(ct);
        return ids;
    }

    private async Task<DemoAccount> CreateUserAsync(string email, string name, string role, Guid? departmentId, Guid? enterpriseId, string? password, DateTimeOffset now)
    {
        password ??= AccountBootstrap.GeneratePassword();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, DepartmentId = departmentId, EnterpriseId = enterpriseId, CreatedAt = now };
        AccountBootstrap.Check(await users.CreateAsync(user, password));
        AccountBootstrap.Check(await users.AddToRoleAsync(user, role));
        return new DemoAccount(email, password, role, name);
    }

    /// <summary>
    /// Progress as it would stand today: tasks whose window has closed are mostly done with
    /// evidence (a few are left behind, so the overdue list is not empty); running tasks are part
    /// done; tasks not yet begun are untouched.
    /// </summary>
    private async Task SeedTaskProgressAsync(Random random, CancellationToken ct)
    {
        var today = zoneClock.Today;
        // Months 2–11 of the year: before March the demo year is last year, so the tracker has history to show.
        var year = today.Month >= 3 ? today.Year : today.Year - 1;
        await settings.SetConstructionYearAsync(year, ct);

        var leads = await db.TaskDepartments.Where(d => d.Role == TaskDepartmentRole.Responsible && d.Position == 0)
            .Select(d => new { d.TaskNumber, d.Department!.NameZh, d.DepartmentId }).ToDictionaryAsync(d => d.TaskNumber, ct);
        var leadUsers = await db.Users.Where(u => u.DepartmentId != null && u.Email!.EndsWith("@demo.qz"))
            .Select(u => new { u.Id, u.DisplayName, DepartmentId = u.DepartmentId!.Value }).ToListAsync(ct);
        var tasks = await db.ZoneTasks.Include(t => t.Measures).OrderBy(t => t.Number).ToListAsync(ct);

        foreach (var task in tasks)
        {
            var (start, end) = TaskProgress.WindowOf(year, task.StartMonth, task.EndMonth);
            if (today < start) continue;
            var lead = leads[task.Number];
            var author = leadUsers.FirstOrDefault(u => u.DepartmentId == lead.DepartmentId);
            var authorName = author?.DisplayName ?? lead.NameZh;
            var closed = today > end;
            var fractionElapsed = closed ? 1.0 : (today.DayNumber - start.DayNumber) / (double)Math.Max(1, end.DayNumber - start.DayNumber);
            var leftBehind = closed && random.NextDouble() < 0.25;

            foreach (var measure in task.Measures)
            {
                var roll = random.NextDouble();
                var status = closed
                    ? (leftBehind && roll < 0.6 ? MeasureStatus.InProgress : MeasureStatus.Done)
                    : roll < fractionElapsed * 0.6 ? MeasureStatus.Done : roll < 0.9 ? MeasureStatus.InProgress : MeasureStatus.NotStarted;
                var changedAt = ToInstant(start.AddDays(random.Next(0, Math.Max(1, (end < today ? end : today).DayNumber - start.DayNumber))));
                measure.ChangeStatus(status, authorName, changedAt);
                if (status == MeasureStatus.NotStarted) continue;

                db.MeasureNotes.Add(new MeasureNote
                {
                    MeasureId = measure.Id, AuthorId = author?.Id, AuthorName = authorName, DepartmentName = lead.NameZh,
                    Body = status == MeasureStatus.Done
                        ? $"已完成：{Shorten(measure.TextZh)}。相关文件已归档。"
                        : $"正在推进：{Shorten(measure.TextZh)}，已召开专题会议部署。",
                    CreatedAt = changedAt,
                });
                if (status == MeasureStatus.Done || random.NextDouble() < 0.3)
                {
                    var title = $"任务{task.Number}-措施{measure.Number} 佐证材料";
                    var stored = await files.SaveAsync(new MemoryStream(MinimalPdf($"Task {task.Number} measure {measure.Number} evidence")), $"{title}.pdf", ct);
                    db.EvidenceFiles.Add(new EvidenceFile
                    {
                        MeasureId = measure.Id, Sha256 = stored.Sha256, FileName = stored.FileName, ContentType = stored.ContentType, Size = stored.Size,
                        Description = "会议纪要及相关文件扫描件", UploadedById = author?.Id, UploadedByName = authorName, UploadedAt = changedAt,
                    });
                }
            }
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>10:00 in the zone (UTC+8) on that day, as the UTC instant every record stores.</summary>
    private static DateTimeOffset ToInstant(DateOnly day) => new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)).ToUniversalTime();

    private static string Shorten(string text) => text.TrimEnd('；', '。', ';').Length > 30 ? text[..30] + "…" : text.TrimEnd('；', '。', ';');

    /// <summary>A small valid one-page PDF, so demo evidence opens in any viewer.</summary>
    public static byte[] MinimalPdf(string line)
    {
        var content = $"BT /F1 14 Tf 72 760 Td ({line.Replace("(", "").Replace(")", "")}) Tj ET";
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
