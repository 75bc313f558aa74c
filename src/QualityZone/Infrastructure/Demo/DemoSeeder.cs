using QualityZone.Infrastructure;
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
public sealed class DemoSeeder(AppDbContext db, UserManager<AppUser> users, FileStore files, ZoneSettings settings, ZoneClock zoneClock, TimeProvider clock)
{
    public sealed record DemoAccount(string Email, string Password, string Role, string DisplayName);

    public sealed record Options(string? Password = null, int Enterprises = 6, int? Seed = 20261126);

    private static readonly (string Email, string Name, string Role, string? Department)[] StaffAccounts =
    [
        ("office@demo.qz", "建设办 王主任", Roles.DepartmentStaff, "zone-office"),
        ("district@demo.qz", "区府办 李科长", Roles.DepartmentStaff, "district-office"),
        ("market@demo.qz", "市场监管局 陈科长", Roles.DepartmentStaff, "market-supervision"),
        ("economy@demo.qz", "经信局 周科长", Roles.DepartmentStaff, "economy-it"),
        ("ciq@demo.qz", "检验检疫局 张科长", Roles.DepartmentStaff, "ciq"),
        ("commerce@demo.qz", "商务局 刘科长", Roles.DepartmentStaff, "commerce"),
        ("finance@demo.qz", "财政局 孙科长", Roles.DepartmentStaff, "finance"),
        ("association@demo.qz", "气动协会 赵秘书长", Roles.AssociationStaff, "association"),
        ("testing@demo.qz", "检验中心 吴工程师", Roles.TestingCenterStaff, "testing-center"),
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

    public async Task<IReadOnlyList<DemoAccount>> SeedAsync(Options options, CancellationToken ct)
    {
        if (await db.Users.AnyAsync(u => u.Email!.EndsWith("@demo.qz"), ct))
            throw new InvalidOperationException("演示数据已存在 / The demo data is already there: seed-demo fills an empty database only.");

        var random = options.Seed is { } seed ? new Random(seed) : Random.Shared;
        var accounts = new List<DemoAccount>();
        var departments = await db.Departments.ToDictionaryAsync(d => d.Code, d => d.Id, ct);
        var now = clock.GetUtcNow();

        foreach (var (email, name, role, department) in StaffAccounts)
        {
            accounts.Add(await CreateUserAsync(email, name, role, department is null ? null : departments[department], null, options.Password, now));
        }

        for (var i = 0; i < Math.Min(options.Enterprises, EnterpriseNames.Length); i++)
        {
            var (zh, en) = EnterpriseNames[i];
            var first17 = $"91330283{random.Next(0, 99999):D5}{(char)('A' + random.Next(0, 8))}{random.Next(100, 999)}";
            var enterprise = new Enterprise { CreditCode = first17 + CreditCode.CheckCharacter(first17), NameZh = zh, NameEn = en, CreatedAt = now };
            db.Enterprises.Add(enterprise);
            await db.SaveChangesAsync(ct);
            accounts.Add(await CreateUserAsync($"enterprise{i + 1}@demo.qz", $"{zh[..Math.Min(6, zh.Length)]} 质量负责人", Roles.EnterpriseUser, null, enterprise.Id, options.Password, now));
        }

        await SeedTaskProgressAsync(random, ct);
        return accounts;
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

    private static DateTimeOffset ToInstant(DateOnly day) => new(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));

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
