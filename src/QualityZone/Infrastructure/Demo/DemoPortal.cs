using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Portal;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Infrastructure.Demo;

/// <summary>
/// The portal's demo: the real recall files kept with the platform imported as a feed would be, two TBT
/// notifications (built from the ePing field list: no real export is public) — the EU one on pneumatic
/// valves with its response under way — guidance, news, a good-practice case, and standards participation.
/// </summary>
public sealed class DemoPortal(AppDbContext db, NoticeMatcher matcher, NoticeCommands notices, TbtCommands tbt, Infrastructure.Files.FileStore files)
{
    private static readonly ClaimsPrincipal Association = new(new ClaimsIdentity([new(ClaimTypes.Role, Roles.AssociationStaff), new(AppClaims.DisplayName, "气动协会 赵秘书长")], "demo"));

    public async Task SeedAsync(DateOnly today, IReadOnlyList<Guid> enterprises, CancellationToken ct)
    {
        await matcher.RefreshProfilesAsync(ct);
        foreach (var name in FeedSamples.Names) await notices.ImportAsync(Association, FeedSamples.Read(name), ct);

        // <data>
        var eping = $$"""
            {"items":[
              {"documentSymbol":"G/TBT/N/EU/1187","notifyingMember":"European Union","distributionDate":"{{today.AddDays(-20):yyyy-MM-dd}}","finalDateForComments":"{{today.AddDays(40):yyyy-MM-dd}}",
               "title":"Draft Commission Delegated Regulation on ecodesign requirements for valves for pneumatic transmissions","description":"Sets minimum leakage and energy-efficiency requirements for directional and solenoid valves for pneumatic transmissions placed on the Union market, and information requirements.",
               "products":"Valves for oleohydraulic or pneumatic transmissions","hsCodes":["848120"],"objective":"Protection of the environment; energy efficiency","links":["https://eping.wto.org/"]},
              {"documentSymbol":"G/TBT/N/RUS/412","notifyingMember":"Russian Federation","distributionDate":"{{today.AddDays(-5):yyyy-MM-dd}}","finalDateForComments":"{{today.AddDays(55):yyyy-MM-dd}}",
               "title":"Draft amendment to TR CU 010/2011 On safety of machinery and equipment","description":"Amends the list of products subject to EAC certification, including pneumatic cylinders and pneumatic drives.",
               "products":"Pneumatic cylinders, pneumatic drives","hsCodes":["841231","841239"],"objective":"Protection of human health or safety"}
            ]}
            """;
        // </data>
        await notices.ImportAsync(Association, Encoding.UTF8.GetBytes(eping), ct);
        var eu = await db.Notices.SingleAsync(n => n.Source == NoticeSource.WtoEping && n.Reference == "G/TBT/N/EU/1187", ct);
        var (_, caseId) = await tbt.OpenAsync(Association, eu.Id, today.AddDays(20), ct);
        // The Russian notification's response has just opened: invitations out, no statement yet.
        var russia = await db.Notices.SingleAsync(n => n.Source == NoticeSource.WtoEping && n.Reference == "G/TBT/N/RUS/412", ct);
        await tbt.OpenAsync(Association, russia.Id, today.AddDays(30), ct);
        var invited = await db.TbtCases.Where(c => c.Id == caseId).SelectMany(c => c.Invitations.Select(i => i.EnterpriseId)).Take(3).ToListAsync(ct);
        // <data>
        (ImpactLevel Level, string Text, decimal Exports)[] impacts =
        [
            (ImpactLevel.High, "二位五通电磁阀泄漏量需降至 10 L/h 以下，需更换阀芯密封结构，预计增加成本 8%。建议过渡期不少于 36 个月。", 320m),
            (ImpactLevel.Medium, "现有产品基本满足，需补充能效信息标签和技术文件。", 85m),
            (ImpactLevel.Low, "对欧出口阀类产品较少，影响有限。", 12m),
        ];
        // </data>
        foreach (var (enterprise, impact) in invited.Zip(impacts))
        {
            var user = new ClaimsPrincipal(new ClaimsIdentity([new(ClaimTypes.Role, Roles.EnterpriseUser), new(AppClaims.EnterpriseId, enterprise.ToString()), new(AppClaims.DisplayName, "企业质量负责人")], "demo"));
            await tbt.StateImpactAsync(user, caseId!.Value, new ImpactInput(impact.Level, impact.Text, impact.Exports), ct);
        }

        // <data>
        (NoticeType Type, string Title, string Summary, string Body, string Markets, string Hs)[] articles =
        [
            (NoticeType.Guidance, "应对欧盟机械法规 (EU) 2023/1230 的准备要点", "2027 年 1 月 20 日起实施，气动元件企业应梳理产品是否属于安全部件，更新技术文件和使用说明。",
             "<h3>一、确认产品定位</h3><p>普通气缸和换向阀通常作为零部件供货；具有安全功能的元件（如安全阀、双手控制阀）属于安全部件。</p><h3>二、技术文件</h3><ul><li>风险评估</li><li>符合 EN ISO 4414 的设计说明</li><li>使用说明（可用数字形式提供）</li></ul>", "EU", "8412;8481"),
            (NoticeType.News, "示范区组织企业参加 ISO/TC 131 气动技术委员会年会", "协会组织三家企业代表参加会议，参与 ISO 6432 修订讨论。", "<p>会议讨论了迷你气缸标准修订和可靠性试验方法。</p>", "", ""),
            (NoticeType.Case, "质量案例：以追溯系统 4 小时完成德国召回范围界定", "一家示范区企业在收到德国客户泄漏投诉后，借助批次追溯在 4 小时内锁定密封圈批次和受影响的 3 票出口。",
             "<p>企业按照报关单号反向追溯到生产批次、装配工序和密封圈批次，再正向查出同批密封圈的全部发货，主动召回并更换供应商。</p>", "DE", "841231"),
        ];
        // </data>
        // The guidance comes with the association's checklist as a document to download.
        var checklist = await files.SaveAsync(new MemoryStream(DemoSeeder.MinimalPdf("Machinery Regulation checklist")), "checklist.pdf", ct);
        foreach (var a in articles)
        {
            var (_, id) = await notices.SaveDraftAsync(Association, null, new NoticeInput(a.Type, null, a.Title, a.Summary, a.Body, a.Markets.Replace(';', ','), a.Hs.Replace(';', ','), null, null, today.AddDays(-7), null, null, null, null), ct,
                a.Type == NoticeType.Guidance ? [checklist with { FileName = "机械法规准备要点核对表.pdf" }] : null);
            await notices.MoveAsync(Association, id!.Value, NoticeStatus.InReview, ct);
            await notices.MoveAsync(Association, id.Value, NoticeStatus.Published, ct);
        }
        // A recall naming the first enterprise's standard cylinder, entered by the association from a German
        // market-surveillance notice (invented for the demo, so marked so): it opens a corrective action and a
        // trace request whose scope is the planted seal-lot story of DemoTrace (docs/user-guide.md).
        if (enterprises.Count > 0 && await db.Enterprises.Where(e => e.Id == enterprises[0]).Select(e => e.NameEn).SingleAsync(ct) is { } named)
        {
            var published = DemoTrace.StoryQuarter(today).To.AddDays(20);
            var (_, recallId) = await notices.SaveDraftAsync(Association, null, new NoticeInput(NoticeType.Recall, "DEMO-DE-" + published.ToString("yyyyMMdd"),
                "（演示）德国市场监管通报：标准气缸 YDSC63x100 活塞密封失效，活塞杆可能脱出", "密封圈早期失效导致气缸在压力下泄漏，严重时活塞杆脱出伤人。", null, "DE", "8412310000", "Germany", null, published,
                null, null, null, null, named, "YDSC63x100", "受伤（机械危害）", "从最终用户处召回", "China"), ct);
            await notices.MoveAsync(Association, recallId!.Value, NoticeStatus.InReview, ct);
            await notices.MoveAsync(Association, recallId.Value, NoticeStatus.Published, ct);
        }
        // <data>
        (string Number, string Title, string Level, string Role, int Year)[] participation =
        [
            ("ISO 6432", "Pneumatic fluid power — Single rod cylinders, 1 000 kPa (10 bar) series, bores from 8 mm to 25 mm", "国际标准", "参与起草", today.Year),
            ("GB/T 32336", "气动 带可拆卸安装件的缸径 32 mm 至 320 mm 的气缸基本尺寸", "国家标准", "主持起草", today.Year - 1),
            ("JB/T 6378", "气动换向阀 技术条件", "行业标准", "参与起草", today.Year - 1),
        ];
        // </data>
        foreach (var (p, i) in participation.Select((p, i) => (p, i)))
            db.StandardParticipations.Add(new StandardParticipation { EnterpriseId = enterprises[i % enterprises.Count], StandardNumber = p.Number, Title = p.Title, Level = p.Level, Role = p.Role, Year = p.Year, RecordedBy = "气动协会 赵秘书长", RecordedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync(ct);
    }
}
