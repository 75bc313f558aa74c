using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Commitments;
using QualityZone.Features.Publicity;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;

namespace QualityZone.Infrastructure.Demo;

/// <summary>Best-practice cases (three published with documents, one in review, the demo enterprise's draft) and two years of media coverage.</summary>
public sealed class DemoPublicity(AppDbContext db, FileStore files, ZoneClock clock)
{
    // <data>
    private static readonly (string Title, CaseTopic Topic, string Summary, string Body, CaseState State)[] Cases =
    [
        ("从出口批次到原材料批次：一条码贯通的追溯做法", CaseTopic.Traceability, "以批次条码贯通进货、生产、出厂和报关，境外召回时 10 分钟内锁定涉及的批次和供应商。",
            "一、做法：原材料入库即赋批次码，投料扫码关联生产批次，出厂检验记录挂在生产批次上，报关单按出口批次关联。\n二、成效：2025 年一次境外退运，20 分钟内查明涉及 3 个生产批次、1 个密封圈批次，精准召回 1,200 只，避免整批退运。", CaseState.Published),
        ("供应商分级管理与进货检验", CaseTopic.QualityControl, "按质量表现把 120 家供应商分为 A、B、C 三级，C 级供应商的每批物料全检。",
            "一、做法：每季度按来料合格率、交付和整改响应评分；关键件（密封圈、阀芯）只从 A、B 级采购。\n二、成效：来料不良率从 1.8% 降到 0.6%。", CaseState.Published),
        ("企业实验室三年通过 CNAS 认可的经验", CaseTopic.Laboratory, "从差距分析到现场评审，按 ISO/IEC 17025 逐条建立证据，试运行满六个月后申请。",
            "一、做法：质检中心专家驻点辅导，内审员全员培训，测量不确定度评定覆盖全部认可项目。\n二、成效：获认可后检测报告获欧洲客户直接采信，每年节省第三方检测费约 40 万元。", CaseState.Published),
        ("欧盟机械法规过渡期的合规准备", CaseTopic.ExportCompliance, "对照 (EU) 2023/1230 梳理产品技术文件和符合性声明。", "做法与成效待补充。", CaseState.InReview),
    ];
    private static readonly (string Outlet, string Title, MediaType Type, int DaysAgo)[] Media =
    [
        ("宁波日报", "奉化创建国家级出口气动元件质量安全示范区", MediaType.Newspaper, 650),
        ("奉化电视台", "示范区联合检查走进气动企业", MediaType.Television, 560),
        ("中国质量报", "一条码追溯到底：奉化气动的质量安全探索", MediaType.Newspaper, 420),
        ("奉化发布", "气动行业自律公约签约仪式举行", MediaType.WeChat, 300),
        ("宁波广播电视集团", "出口气动元件企业实验室获 CNAS 认可", MediaType.Radio, 200),
        ("中国宁波网", "示范区培训平台开讲欧盟机械法规", MediaType.Online, 120),
        ("浙江日报", "奉化气动：以质量安全示范区带动区域品牌", MediaType.Newspaper, 45),
        ("奉化发布", "示范区半年质量分析报告发布", MediaType.WeChat, 10),
    ];
    // </data>

    public async Task SeedAsync(CancellationToken ct)
    {
        var today = clock.Today;
        var demoAccount = await db.Users.Where(u => u.Email == "enterprise1@demo.qz").Select(u => u.EnterpriseId).SingleOrDefaultAsync(ct);
        var enterprises = await db.Enterprises.AsNoTracking().Where(e => CommitmentService.InZone.Contains(e.State)).OrderByDescending(e => e.AnnualExportWanUsd).Select(e => e.Id).Take(4).ToListAsync(ct);
        if (enterprises.Count == 0) return;
        for (var n = 0; n < Cases.Length; n++)
        {
            var (title, topic, summary, body, state) = Cases[n];
            var created = clock.StartOf(today.AddDays(-300 + n * 60));
            var item = new PracticeCase
            {
                EnterpriseId = enterprises[n % enterprises.Count], Title = title, Topic = topic, Summary = summary, Body = body, State = state, Author = "气动行业协会 秘书处",
                CreatedAt = created, PublishedAt = state == CaseState.Published ? created.AddDays(14) : null, ReviewedBy = state == CaseState.Published ? "气动行业协会 秘书处" : null, Version = 1,
            };
            if (state == CaseState.Published)
            {
                var stored = await files.SaveAsync(new MemoryStream(DemoSeeder.MinimalPdf(title)), $"案例材料-{n + 1}.pdf", ct);
                item.Files.Add(new CaseFile { CaseId = item.Id, Sha256 = stored.Sha256, FileName = stored.FileName, ContentType = stored.ContentType, Size = stored.Size, UploadedAt = created });
            }
            db.PracticeCases.Add(item);
        }
        if (demoAccount is { } own)
            db.PracticeCases.Add(new PracticeCase
            {
                EnterpriseId = own, Title = "出口质量月报与报关数据一致性自查", Topic = CaseTopic.ExportCompliance, Summary = "每月用报关单核对出口质量月报，差异当月查清。",
                Body = "草稿：做法、成效和体会待补充。", State = CaseState.Draft, Author = "企业质量负责人", CreatedAt = clock.StartOf(today.AddDays(-7)), Version = 1,
            });
        foreach (var (outlet, title, type, days) in Media)
            db.MediaItems.Add(new MediaItem { Outlet = outlet, Title = title, Type = type, PublishedOn = today.AddDays(-days), RecordedBy = "建设办", RecordedAt = clock.StartOf(today.AddDays(-days + 1)) });
        await db.SaveChangesAsync(ct);
    }
}
