using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.AnalysisReports;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;

namespace QualityZone.Infrastructure.Demo;

/// <summary>
/// The analysis reports of the demo: last half-year's written, approved and submitted to the district
/// government (real Word and PDF files, generated from the demo's data), this half-year's in drafting
/// with sections in each state. Written through ReportCommands, as the departments would.
/// </summary>
public sealed class DemoReports(AppDbContext db, ReportCommands commands, DocumentFonts fonts, ILogger<DemoReports> logger)
{
    // <data>
    private static readonly Dictionary<string, string> Texts = new()
    {
        ["overview"] = "上半年示范区出口保持平稳增长，龙头企业订单饱满，中小企业出口有所分化。\n经信局将继续推动企业技术改造和数字化车间建设，稳定出口基本盘。",
        ["markets"] = "欧盟、美国仍是主要市场，对东盟、俄罗斯和印度出口增长较快，市场多元化程度提高。\n自主品牌出口比重稳步上升，商务局将继续支持企业参加境外展会、注册境外商标。",
        ["quality"] = "出口产品质量总体稳定，不合格批次率处于较低水平。针对欧盟机械法规（EU）2023/1230 和电磁阀能效要求，已组织相关企业开展符合性自查。\n对收到的国外通报和召回，市场监管局会同检验检疫部门逐一追溯到批次和供应商，督促企业完成整改。",
        ["supervision"] = "本期联合监督检查覆盖重点出口企业，发现的问题主要集中在进货检验、计量器具校准和追溯记录完整性。\n整改事项实行清单管理，超期事项已在联席会议上通报并督办。",
        ["risk"] = "风险预警模型按月运行，对高风险企业实行重点监管，对风险等级上升的企业开展约谈和帮扶。",
        ["testing"] = "质量监督检验中心为示范区企业提供气缸耐久性、电磁阀寿命、泄漏和耐压等检测服务，检测费用按政策给予补贴。",
        ["next"] = "下一步将重点做好三方面工作：一是完善出口质量追溯体系；二是加强国外技术性贸易措施预警和应对；三是推动更多企业实验室通过 CNAS 认可。",
    };
    // </data>

    public async Task SeedAsync(DateOnly today, CancellationToken ct)
    {
        var office = DemoSeeder.Office;
        var (lastFrom, lastTo, thisFrom, thisTo) = today.Month <= 6
            ? ($"{today.Year - 1:D4}-07", $"{today.Year - 1:D4}-12", $"{today.Year:D4}-01", $"{today.Year:D4}-06")
            : ($"{today.Year:D4}-01", $"{today.Year:D4}-06", $"{today.Year:D4}-07", $"{today.Year:D4}-12");

        // Last half-year: every section written, handed in and approved, then submitted.
        var (_, lastId) = await commands.CreateAsync(office, new ReportInput(lastFrom, lastTo), ct);
        await WriteAsync(lastId!.Value, office, _ => true, _ => true, ct);
        if (fonts.Available)
        {
            var submitted = await commands.SubmitAsync(office, lastId.Value, new SubmissionInput("奉化区人民政府", SubmissionDay(lastTo, today)), ct);
            if (!submitted.Succeeded) logger.LogWarning("Demo report not submitted: {Error}", submitted.Error);
        }
        else logger.LogWarning("{Message}: the demo's last half-year report stays approved but not submitted", DocumentFonts.MissingMessage);

        // This half-year: three sections approved, two handed in, two still being written; one draft version.
        var (_, thisId) = await commands.CreateAsync(office, new ReportInput(thisFrom, thisTo), ct);
        await WriteAsync(thisId!.Value, office, s => s.Position <= 5, s => s.Position <= 3, ct);
        await commands.GenerateAsync(office, thisId.Value, ct);
    }

    private async Task WriteAsync(Guid reportId, ClaimsPrincipal office, Func<ReportSection, bool> handIn, Func<ReportSection, bool> approve, CancellationToken ct)
    {
        var sections = await db.ReportSections.AsNoTracking().Where(s => s.ReportId == reportId).OrderBy(s => s.Position).ToListAsync(ct);
        foreach (var section in sections)
        {
            var version = await db.AnalysisReports.Where(r => r.Id == reportId).Select(r => r.Version).SingleAsync(ct);
            await commands.SaveSectionAsync(office, reportId, section.Id, new SectionInput(Texts[section.Key], version), handIn(section), ct);
            if (handIn(section) && approve(section)) await commands.ReviewSectionAsync(office, reportId, section.Id, approve: true, null, ct);
        }
        db.ChangeTracker.Clear();
    }

    /// <summary>Twenty days after the period ends (the report is due in the month after the half-year), or today if that is later.</summary>
    private static DateOnly SubmissionDay(string lastPeriod, DateOnly today)
    {
        Features.ExportArchives.ExportReturn.TryParsePeriod(lastPeriod, out var month);
        var day = month.AddMonths(1).AddDays(19);
        return day > today ? today : day;
    }

}
