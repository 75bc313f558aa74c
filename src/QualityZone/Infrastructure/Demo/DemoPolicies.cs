using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Policies;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Infrastructure.Demo;

/// <summary>
/// The zone's policies (tasks 1, 19): the development plan and the appraisal measures, three reward policies with
/// rules over the zone's data (claims in every state, payments, one granted without application), four
/// facilitation measures with their grants — one flagged for withdrawal after the enterprise's grade dropped — and
/// last year's appraisal of the member units with the district office's manual scores.
/// </summary>
public sealed class DemoPolicies(AppDbContext db, PolicyCommands policies, ClaimCommands claims, Files.FileStore files, ZoneClock clock)
{
    private const string Office = "建设办 王主任";

    public async Task SeedAsync(CancellationToken ct)
    {
        var today = clock.Today;
        var year = today.Year;
        var units = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Id, ct);
        Policy Add(PolicyType type, string title, string unit, string number, DateOnly issued, string body, bool isPublic, string? responsible = null, string? rule = null)
        {
            var p = new Policy
            {
                Type = type, Title = title, IssuingUnit = unit, DocumentNumber = number, IssuedOn = issued, EffectiveOn = issued, Body = body, Published = true, IsPublic = isPublic,
                ResponsibleDepartmentId = responsible is null ? null : units[responsible], Rule = rule is null ? null : EligibilityRule.Parse(rule).Text, CreatedBy = Office, CreatedAt = clock.StartOf(issued),
            };
            db.Policies.Add(p);
            return p;
        }

        var start = new DateOnly(year - 1, 3, 1);
        var plan = Add(PolicyType.DevelopmentPlan, $"奉化区出口气动元件质量安全示范区发展规划（{year - 1}—{year + 1}年）", "奉化区人民政府", $"奉政发〔{year - 1}〕8号", start,
            "一、总体要求\n以“政府统一领导、企业主体负责、检验检疫监管、部门齐抓共管、协会协调服务、社会共同参与”为机制，建成国家级出口气动元件质量安全示范区。\n二、主要目标\n到规划期末，省级以上名牌、著名商标增加，自主品牌和 ODM 出口比重提高，出口市场更加多元，产品质量稳步提升，国外通报和召回逐年下降。\n三、重点任务\n（一）健全质量安全监管体系；（二）完善风险管理体系；（三）建设公共服务体系；（四）强化企业主体责任。\n四、保障措施\n加大政策扶持和奖励力度，将出口产品质量安全纳入政府绩效考核。", true);
        Add(PolicyType.Appraisal, "示范区建设工作考核办法", "奉化区人民政府办公室", $"奉政办发〔{year - 1}〕21号", start.AddMonths(1),
            "各成员单位按任务分工牵头或配合推进示范区建设，考核内容包括牵头任务完成、佐证材料、整改闭环、联席会议出席、联合检查参与、报告报送及工作创新，权重由区府办每年确定，考核结果纳入政府绩效考核。", false);

        var quality = Add(PolicyType.Reward, "出口产品质量提升奖励", "奉化区人民政府", $"奉政发〔{year - 1}〕15号", start.AddMonths(2),
            "对年度评价为 A、B 级，近 12 个月无国外通报和召回、无逾期整改事项的区内企业，每家给予 5 万元奖励。", true, "economy-it",
            "grade in (A, B) and notifications_12m = 0 and recalls_12m = 0 and overdue_actions = 0");
        (quality.AmountKind, quality.Amount, quality.Budget) = (AmountKind.Fixed, 50_000m, 1_000_000m);
        var standards = Add(PolicyType.Reward, "参与标准制修订奖励", "奉化区市场监督管理局", $"奉市监〔{year - 1}〕33号", start.AddMonths(2),
            "区内企业主持或参与起草国际、国家、行业或团体标准的，每项奖励 3 万元，单个企业每年不超过 10 万元。须已签署质量安全承诺书。", true, "market-supervision",
            "standards_drafted >= 1 and letter_signed");
        (standards.AmountKind, standards.Amount, standards.BaseCriterion, standards.CapPerEnterprise, standards.Budget) = (AmountKind.PerItem, 30_000m, "standards_drafted", 100_000m, 500_000m);
        var testing = Add(PolicyType.Reward, "出口产品检测费用补贴（免申即享）", "奉化区财政局", $"奉财企〔{year}〕5号", new DateOnly(year, 1, 10),
            "对已签署承诺书、无逾期整改事项的企业，按其在公共检测服务平台当年自付检测费的 30% 给予补贴，单个企业不超过 2 万元，由建设办依据平台数据直接兑现，企业无需申请。", false, "market-supervision",
            "letter_signed and overdue_actions = 0");
        (testing.AmountKind, testing.SharePercent, testing.BaseCriterion, testing.CapPerEnterprise, testing.Budget, testing.GrantWithoutApplication) =
            (AmountKind.ShareOfBase, 30m, "testing_fees", 20_000m, 200_000m, true);

        var measures = new[]
        {
            Add(PolicyType.Facilitation, "出口查验比例下调", "宁波海关", $"甬关发〔{year - 1}〕12号", start.AddMonths(3),
                "对评价为 A 级、状态正常且近 12 个月无国外通报的示范区企业，出口气动元件查验比例下调 50%。", true, "customs", "grade = A and state = admitted and notifications_12m = 0"),
            Add(PolicyType.Facilitation, "出口检验绿色通道", "宁波检验检疫局", $"甬检〔{year - 1}〕40号", start.AddMonths(3),
                "对评价为 A、B 级且状态正常的示范区企业，出口报检实行绿色通道，优先受理、优先检验、优先放行。", true, "ciq", "grade in (A, B) and state = admitted"),
            Add(PolicyType.Facilitation, "出口退税快速办理", "国家税务总局宁波市奉化区税务局", $"奉税发〔{year - 1}〕6号", start.AddMonths(4),
                "对评价为 A、B 级并已签署质量安全承诺书的示范区企业，出口退税审核时限压缩至 3 个工作日。", true, "tax", "grade in (A, B) and letter_signed"),
            Add(PolicyType.Facilitation, "出口信用保险费率优惠", "中国出口信用保险公司宁波分公司", $"信保甬〔{year - 1}〕9号", start.AddMonths(5),
                "对状态正常、近 12 个月无召回的示范区企业，短期出口信用保险费率下浮 10%。", false, "sinosure", "state = admitted and recalls_12m = 0"),
        };
        await db.SaveChangesAsync(ct);
        var signed = await files.SaveAsync(new MemoryStream(DemoSeeder.MinimalPdf(plan.Title)), "发展规划（盖章版）.pdf", ct);
        db.PolicyFiles.Add(new PolicyFile { PolicyId = plan.Id, Sha256 = signed.Sha256, FileName = signed.FileName, ContentType = signed.ContentType, UploadedAt = plan.CreatedAt });
        await db.SaveChangesAsync(ct);

        await SeedClaimsAsync(quality, standards, year, ct);
        await claims.GrantToEligibleAsync(DemoSeeder.Office, testing.Id, ct);
        await SeedGrantsAsync(measures, today, ct);
        await SeedAppraisalAsync(year - 1, units, ct);
    }

    /// <summary>Claims of the quality reward in every state, the standards reward claimed and paid.</summary>
    private async Task SeedClaimsAsync(Policy quality, Policy standards, int year, CancellationToken ct)
    {
        var now = clock.StartOf(clock.Today).AddHours(-30);
        var eligible = (await policies.EligibilityAsync(quality, null, ct)).Where(e => e.Eligible).ToList();
        ClaimState[] states = [ClaimState.Paid, ClaimState.Paid, ClaimState.Paid, ClaimState.Approved, ClaimState.Approved, ClaimState.Reviewed, ClaimState.Reviewed, ClaimState.Submitted, ClaimState.Submitted, ClaimState.Rejected];
        var n = 0;
        foreach (var (e, state) in eligible.Zip(states))
            db.PolicyClaims.Add(Claim(quality, e, year, state, ++n, now.AddDays(-40 + n)));
        foreach (var e in (await policies.EligibilityAsync(standards, null, ct)).Where(e => e.Eligible).Take(3))
            db.PolicyClaims.Add(Claim(standards, e, year, ClaimState.Paid, ++n, now.AddDays(-60 + n)));
        await db.SaveChangesAsync(ct);
    }

    private static PolicyClaim Claim(Policy policy, Eligibility e, int year, ClaimState state, int n, DateTimeOffset at)
    {
        var claim = new PolicyClaim
        {
            Number = $"JL-{year}-{n:0000}", PolicyId = policy.Id, EnterpriseId = e.EnterpriseId, Year = year, ClaimKey = state == ClaimState.Rejected ? null : $"{year}|", State = state,
            Statement = "我司符合政策条件，特此申请。", EligibilitySnapshot = EligibilityText.Snapshot(e.Checks), Entitled = e.Entitlement ?? 0, CreatedBy = e.Enterprise[..Math.Min(6, e.Enterprise.Length)] + " 质量负责人", CreatedAt = at,
        };
        if (state is ClaimState.Submitted) return claim;
        (claim.ReviewOpinion, claim.ReviewedBy, claim.ReviewedAt) = ("经核对平台数据，符合政策条件，同意上报。", policy.Type == PolicyType.Reward && policy.BaseCriterion is null ? "经信局 周科长" : "市场监管局 陈科长", at.AddDays(3));
        if (state is ClaimState.Reviewed) return claim;
        (claim.DecidedBy, claim.DecidedAt) = (Office, at.AddDays(6));
        if (state is ClaimState.Rejected)
        {
            claim.DecisionReason = "该企业本年度发生质量安全事故（已另案处理），暂不予奖励。";
            return claim;
        }
        claim.ApprovedAmount = claim.Entitled;
        if (state is ClaimState.Approved) return claim;
        (claim.PaidOn, claim.PaidAmount, claim.VoucherNumber, claim.PaidBy) = (DateOnly.FromDateTime(at.AddDays(12).UtcDateTime), claim.Entitled, $"FZ{year}{n:00000}", "财政局 孙科长");
        return claim;
    }

    /// <summary>Each measure granted to the first eligible enterprises; one grant from last year whose enterprise has since dropped to grade C, flagged by the review.</summary>
    private async Task SeedGrantsAsync(Policy[] measures, DateOnly today, CancellationToken ct)
    {
        string[] by = ["宁波海关", "检验检疫局 张科长", "税务局", "中信保宁波分公司"];
        for (var m = 0; m < measures.Length; m++)
            foreach (var e in (await policies.EligibilityAsync(measures[m], null, ct)).Where(e => e.Eligible).Take(12 - m * 2))
                db.MeasureGrants.Add(new MeasureGrant { PolicyId = measures[m].Id, EnterpriseId = e.EnterpriseId, State = GrantState.Active, GrantedOn = today.AddMonths(-8), GrantedBy = by[m] });
        // The green channel was granted last year to an enterprise graded B then; this year's evaluation gave it C.
        var dropped = await (from e in db.Enterprises.AsNoTracking()
                             where e.Grade == "C" && e.State == Features.Enterprises.EnterpriseState.Admitted
                             orderby db.Evaluations.Any(v => v.EnterpriseId == e.Id && (v.Grade == "A" || v.Grade == "B")) descending, e.NameZh
                             select e.Id).FirstOrDefaultAsync(ct);
        if (dropped != Guid.Empty)
            db.MeasureGrants.Add(new MeasureGrant { PolicyId = measures[1].Id, EnterpriseId = dropped, State = GrantState.Active, GrantedOn = today.AddMonths(-13), GrantedBy = by[1] });
        await db.SaveChangesAsync(ct);
        await policies.ReviewGrantsAsync(null, ct);
    }

    /// <summary>Last year's appraisal: the default weights and the district office's manual scores.</summary>
    private async Task SeedAppraisalAsync(int year, Dictionary<string, Guid> units, CancellationToken ct)
    {
        db.AppraisalWeights.AddRange(AppraisalService.Items.Select(i => new AppraisalWeight { Year = year, Code = i.Code, Weight = i.DefaultWeight }));
        var scores = new[] { 92m, 85m, 88m, 95m, 80m, 90m, 78m, 86m, 83m, 87m, 82m, 91m, 89m, 76m, 84m };
        var n = 0;
        foreach (var (code, id) in units.OrderBy(u => u.Key, StringComparer.Ordinal))
            db.AppraisalManualScores.Add(new AppraisalManualScore
            {
                Year = year, DepartmentId = id, Code = "manual", Score = scores[n++ % scores.Length], Note = code == "economy-it" ? "牵头完成质量分析报告，工作有创新" : null,
                ScoredBy = "区府办 李科长", ScoredAt = clock.StartOf(new DateOnly(year, 12, 28)),
            });
        await db.SaveChangesAsync(ct);
    }
}
