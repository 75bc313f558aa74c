using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Features.Association;
using QualityZone.Features.Commitments;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Infrastructure.Demo;

/// <summary>
/// The association's self-discipline work (task 7): forty members at their levels with two years of fees and
/// three model enterprises, the convention in two versions with the members' signatures (the newer one still
/// being signed), and complaints in every state — one substantiated with a corrective action and shared with
/// the enterprise concerned.
/// </summary>
public sealed class DemoAssociation(AppDbContext db, ActionCommands actions, ZoneClock clock)
{
    // <data>
    private const string ConventionBody = """
        第一条 为规范奉化气动行业经营行为，维护出口产品质量安全和“奉化气动”区域品牌，制定本公约。
        第二条 会员企业落实出口产品质量安全主体责任，严格执行进货检验、过程检验和出厂检验，不合格产品不出厂、不出口。
        第三条 会员企业建立产品质量追溯体系，如实填报进货台帐、生产批次和出口质量月报。
        第四条 会员企业不以低于成本的价格恶性竞争，不仿冒他人商标、外观设计，不作虚假宣传。
        第五条 会员企业收到境外通报、召回或退运后，及时报告并开展原因分析和整改。
        第六条 协会受理对会员企业的投诉举报，依规调查，对违反本公约的会员予以通报批评直至取消会员资格。
        """;
    private static readonly (string Reason, MemberLevel Level)[] Models =
    [
        ("建成覆盖原材料、生产批次和出口批次的全流程追溯系统，向行业开放经验", MemberLevel.President),
        ("企业实验室通过 CNAS 认可，牵头起草气缸团体标准", MemberLevel.VicePresident),
        ("连续三年无境外通报和召回，自主品牌出口占比超过 60%", MemberLevel.Director),
    ];
    private static readonly (ComplaintSource Source, string Subject, string Content, string? Reporter, int Days)[] Complaints =
    [
        (ComplaintSource.Buyer, "电磁阀线圈批量烧毁", "我司 2026 年 9 月采购的 4V210 电磁阀，在 24V 工况下两周内烧毁 30 余只，要求协会协调调查。", "Müller GmbH 采购部", 5),
        (ComplaintSource.Public, "网店宣传“欧盟 CE 认证”但无证书", "某网店销售的气缸标称 CE 认证，索要证书未果，怀疑虚假宣传。", null, 3),
        (ComplaintSource.Enterprise, "仿冒我司外观设计专利", "同行企业生产的 SC 系列气缸端盖与我司专利外观一致，并低价出口。", "奉化某气动企业法务部", 20),
        (ComplaintSource.Buyer, "气缸泄漏超标", "收到的 SC63 气缸在 0.6 MPa 下泄漏明显，退回 200 只。", "Istanbul Pnömatik Ltd.", 60),
        (ComplaintSource.Public, "工厂夜间噪声扰民", "某厂夜间生产噪声大。", "周边居民", 40),
        (ComplaintSource.Buyer, "接头尺寸不符", "快插接头螺纹尺寸与合同图纸不符。", "Saigon Automation Co.", 90),
    ];
    // </data>

    public async Task SeedAsync(CancellationToken ct)
    {
        // Its own sequence, so the records seeded after it do not change with it.
        var random = new Random(7);
        var today = clock.Today;
        var demoAccount = await db.Users.Where(u => u.Email == "enterprise1@demo.qz").Select(u => u.EnterpriseId).SingleOrDefaultAsync(ct);
        var enterprises = await db.Enterprises.AsNoTracking().Where(e => CommitmentService.InZone.Contains(e.State)).OrderByDescending(e => e.AnnualExportWanUsd).Select(e => e.Id).Take(40).ToListAsync(ct);
        if (demoAccount is { } own && !enterprises.Contains(own) && await db.Enterprises.AnyAsync(e => e.Id == own && CommitmentService.InZone.Contains(e.State), ct)) enterprises[^1] = own;
        if (enterprises.Count == 0) return;

        var v1 = new ConventionVersion { Version = 1, Title = "奉化气动行业自律公约", Body = ConventionBody, PublishedBy = "气动行业协会 秘书处", PublishedAt = clock.StartOf(today.AddMonths(-18)) };
        var v2 = new ConventionVersion { Version = 2, Title = "奉化气动行业自律公约（2026 年修订）", Body = ConventionBody + "\n第七条 会员企业每半年向协会报送一次质量安全自查情况。",
            PublishedBy = "气动行业协会 秘书处", PublishedAt = clock.StartOf(today.AddMonths(-2)) };
        db.ConventionVersions.AddRange(v1, v2);
        for (var i = 0; i < enterprises.Count; i++)
        {
            var level = i < Models.Length ? Models[i].Level : i < 10 ? MemberLevel.Director : MemberLevel.Member;
            var member = new Membership
            {
                EnterpriseId = enterprises[i], Level = level, JoinedOn = today.AddYears(-3).AddDays(i * 9), ModelEnterprise = i < Models.Length, ModelReason = i < Models.Length ? Models[i].Reason : null,
                LeftOn = i == 25 ? today.AddMonths(-4) : null, Version = 1,
            };
            foreach (var year in new[] { today.Year - 1, today.Year })
                if (year < today.Year || random.NextDouble() < 0.8)
                    member.Fees.Add(new MembershipFee { MembershipId = member.Id, Year = year, Amount = level switch { MemberLevel.President => 20000, MemberLevel.VicePresident => 10000, MemberLevel.Director => 5000, _ => 2000 },
                        PaidOn = new DateOnly(year, 3, 1).AddDays(random.Next(0, 60)), Receipt = $"XH{year}{i + 1:000}" });
            db.Memberships.Add(member);
            var isDemo = enterprises[i] == demoAccount;
            db.ConventionSignatures.Add(new ConventionSignature { EnterpriseId = enterprises[i], Version = 1, Signatory = "法定代表人", SignedBy = "企业质量负责人", SignedAt = v1.PublishedAt.AddDays(3 + i).AddHours(10) });
            if (!isDemo && i != 25 && random.NextDouble() < 0.6)
                db.ConventionSignatures.Add(new ConventionSignature { EnterpriseId = enterprises[i], Version = 2, Signatory = "法定代表人", SignedBy = "企业质量负责人", SignedAt = v2.PublishedAt.AddDays(2 + i % 20).AddHours(10) });
        }

        // Complaints in every state; the one about leaking cylinders was substantiated, became a corrective action and was shared.
        var states = new[] { ComplaintState.Received, ComplaintState.Received, ComplaintState.Investigating, ComplaintState.Concluded, ComplaintState.Dismissed, ComplaintState.Concluded };
        for (var n = 0; n < Complaints.Length; n++)
        {
            var (source, subject, content, reporter, days) = Complaints[n];
            var received = clock.StartOf(today.AddDays(-days)).AddHours(10);
            var concerned = n == 4 ? (Guid?)null : enterprises[(n * 7 + 4) % enterprises.Count];
            var named = concerned is { } c ? await db.Enterprises.Where(e => e.Id == c).Select(e => e.NameZh).SingleAsync(ct) : null;
            var complaint = new Complaint
            {
                Number = $"TS-{clock.ToZoneTime(received).Year}-{n + 1:0000}", Source = source, ReporterName = reporter, ReporterContact = reporter is null ? null : "+86 574 8888 00" + n,
                EnterpriseId = states[n] == ComplaintState.Received ? null : concerned, EnterpriseNamed = named, Subject = subject, Content = content,
                ReceivedAt = received, State = states[n], Handler = states[n] == ComplaintState.Received ? null : "气动行业协会 秘书处", Version = 1,
            };
            if (states[n] == ComplaintState.Concluded)
            {
                var substantiated = n == 3;
                (complaint.Substantiated, complaint.ConcludedAt, complaint.SharedWithEnterprise) = (substantiated, received.AddDays(15), substantiated);
                complaint.Conclusion = substantiated
                    ? "经协会会同质检中心抽检同批次库存，SC63 气缸泄漏量超出 ISO 10099 要求，投诉属实。原因为密封圈供应商变更后未做进货检验。"
                    : "经核对合同和图纸，接头螺纹为买方变更前的版本，企业按合同生产，投诉不属实，已向买方说明。";
                if (substantiated && concerned is { } enterprise)
                {
                    var action = await actions.NewAsync(new ActionInput(ActionSource.Complaint, complaint.Number, enterprise, null, "投诉核查整改：" + subject, complaint.Conclusion,
                        ActionSeverity.Major, today.AddDays(20)), "气动行业协会 秘书处", ct);
                    complaint.ActionId = action.Id;
                }
            }
            if (states[n] == ComplaintState.Dismissed) (complaint.Conclusion, complaint.ConcludedAt) = ("不属于产品质量和行业自律事项，已告知投诉人向生态环境部门反映。", received.AddDays(2));
            db.Complaints.Add(complaint);
        }
        await db.SaveChangesAsync(ct);
    }
}
