using Microsoft.EntityFrameworkCore;
using QualityZone.Features.ZoneTasks;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Infrastructure.Demo;

/// <summary>The demo's leading group and office (task 3), and the two founding documents: the notice setting up the group and the construction plan.</summary>
public sealed class DemoGovernance(AppDbContext db, LeadingGroupCommands commands)
{
    public async Task SeedAsync(DateOnly today, CancellationToken ct)
    {
        var departments = await db.Departments.ToDictionaryAsync(d => d.Code, d => d.Id, ct);
        // <data>
        (GroupRole Role, string Name, string Post, string? Department, string Duties)[] members =
        [
            (GroupRole.Leader, "陈建国", "副区长", "district-office", "全面领导示范区建设，主持领导小组会议"),
            (GroupRole.DeputyLeader, "王立新", "区市场监管局局长", "market-supervision", "协助组长，分管质量安全监管体系和整改督办"),
            (GroupRole.DeputyLeader, "张海涛", "检验检疫局局长", "ciq", "分管出口检验监管、风险管理和质量追溯"),
            (GroupRole.Member, "周明", "区经信局局长", "economy-it", "质量分析报告、信息服务平台、培训与 CNAS 指导"),
            (GroupRole.Member, "刘洋", "区商务局局长", "commerce", "出口市场、贸易便利化和技术性贸易措施应对"),
            (GroupRole.Member, "孙丽", "区财政局局长", "finance", "示范区建设经费保障"),
            (GroupRole.Member, "吴强", "质量监督检验中心主任", "testing-center", "公共检测服务平台"),
            (GroupRole.Member, "赵敏", "气动协会秘书长", "association", "行业自律、宣传推广"),
            (GroupRole.OfficeDirector, "王芳", "建设办主任", "zone-office", "领导小组日常工作，任务调度、联席会议和验收准备"),
            (GroupRole.OfficeMember, "李静", "建设办科员", "zone-office", "台账、材料归集和平台管理"),
        ];
        // </data>
        foreach (var (role, name, post, department, duties) in members)
            await commands.AddMemberAsync(new MemberInput(name, post, department is null ? null : departments[department], role, duties), ct);
        var start = today.AddYears(-2);
        await using (var notice = new MemoryStream(DemoSeeder.MinimalPdf("leading group notice")))
            await commands.AddDocumentAsync("关于成立国家级出口气动元件质量安全示范区建设领导小组的通知", $"奉政办发〔{start.Year}〕18号", start, notice, "领导小组通知.pdf", "建设办 王主任", ct);
        await using (var plan = new MemoryStream(DemoSeeder.MinimalPdf("construction plan")))
            await commands.AddDocumentAsync("奉化出口气动元件质量安全示范区建设方案", $"奉政发〔{start.Year}〕26号", start.AddDays(20), plan, "示范区建设方案.pdf", "建设办 王主任", ct);
    }
}
