using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Commitments;
using QualityZone.Features.Laboratories;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Infrastructure.Demo;

/// <summary>
/// Six candidate laboratories the testing center guides to CNAS accreditation, at different stages: two
/// accredited (their enterprises' CNAS status comes from here), one before the on-site assessment, one in trial
/// operation with its internal audit overdue, one writing its documents, one just past the gap analysis —
/// with evidence and advisor comments on the ISO/IEC 17025 clauses.
/// </summary>
public sealed class DemoLaboratories(AppDbContext db, ZoneClock clock)
{
    // <data>
    private static readonly (string Name, string Scope, int Staff, string Equipment, CnasStage Stage)[] Labs =
    [
        ("气缸检测实验室", "ISO 6431 / ISO 15552 标准气缸：缸径、行程、泄漏量、耐压强度、耐久性", 9, "气缸耐久试验台 4 台、泄漏检测仪、耐压试验机", CnasStage.Accredited),
        ("电磁阀检测中心", "电磁阀：换向时间、最低动作压力、泄漏、耐久（GB/T 32215、ISO 12238）", 7, "电磁阀综合性能试验台、高低温箱、寿命试验台", CnasStage.Accredited),
        ("流体控制实验室", "减压阀、过滤器：流量特性、压力特性、过滤精度（ISO 6953）", 5, "流量试验台、颗粒计数器", CnasStage.OnSiteAssessment),
        ("理化检测室", "铝合金缸筒、黄铜接头的化学成分和力学性能", 4, "直读光谱仪、万能试验机", CnasStage.InternalAudit),
        ("接头检测室", "快插接头：拉脱力、耐压、密封性（ISO 14743）", 3, "拉力试验机、气密检测仪", CnasStage.TrialOperation),
        ("质量检测部", "气动三联件出厂检验", 3, "压力表校验台", CnasStage.SystemDocuments),
    ];
    private static readonly string[] Comments = ["检定证书齐全，建议补充期间核查记录。", "不确定度评定报告需按 CNAS-GL015 补充。", "内审员已培训，请补内审计划。"];
    // </data>

    public async Task SeedAsync(CancellationToken ct)
    {
        // The demo enterprise account's own enterprise has the lab in its internal audit, so its user sees and documents one.
        var demoAccount = await db.Users.Where(u => u.Email == "enterprise1@demo.qz").Select(u => u.EnterpriseId).SingleOrDefaultAsync(ct);
        var enterprises = await db.Enterprises.Where(e => CommitmentService.InZone.Contains(e.State) && e.Id != demoAccount).OrderByDescending(e => e.AnnualExportWanUsd).Take(Labs.Length - 1).ToListAsync(ct);
        if (demoAccount is { } own && await db.Enterprises.SingleOrDefaultAsync(e => e.Id == own && CommitmentService.InZone.Contains(e.State), ct) is { } mine) enterprises.Insert(0, mine);
        int[] order = [3, 0, 1, 2, 4, 5];
        var today = clock.Today;
        for (var n = 0; n < Math.Min(enterprises.Count, Labs.Length); n++)
        {
            var (name, scope, staff, equipment, reached) = Labs[order[n]];
            var enterprise = enterprises[n];
            var lab = new CandidateLab
            {
                EnterpriseId = enterprise.Id, Name = name, Scope = scope, Staff = staff, Equipment = equipment, Advisor = "吴工程师（质检中心）", Stage = reached,
                CreatedBy = "质量监督检验中心 吴工程师", CreatedAt = clock.StartOf(today.AddMonths(-30 + n * 3)),
            };
            // Stages done about every two months from the start, the trial operation six; the current one planned, the trial lab's audit overdue.
            var date = today.AddMonths(-28 + n * 3);
            foreach (var stage in Enum.GetValues<CnasStage>().Where(s => s != CnasStage.Accredited))
            {
                var row = new LabStage { LabId = lab.Id, Stage = stage };
                if (stage < reached)
                {
                    date = date.AddMonths(stage == CnasStage.TrialOperation ? 6 : 2);
                    (row.CompletedOn, row.CompletedBy) = (date, "吴工程师");
                }
                else if (stage == reached) row.PlannedOn = reached == CnasStage.TrialOperation ? today.AddDays(-20) : today.AddMonths(2);
                lab.Stages.Add(row);
            }
            if (reached == CnasStage.Accredited)
            {
                (lab.AccreditedOn, lab.CertificateNumber, lab.CertificateScope, lab.CertificateExpiry) = (date.AddMonths(1), $"CNAS L{18200 + n * 37}", scope, date.AddMonths(1).AddYears(6));
                (enterprise.LabCnasAccredited, enterprise.LabCnasNumber, enterprise.LabCnasExpiry) = (true, lab.CertificateNumber, lab.CertificateExpiry);
            }
            var ready = (int)reached * CnasLabels.Clauses.Count / 8;
            lab.Clauses.AddRange(CnasLabels.Clauses.Select((c, i) => new LabClause
            {
                LabId = lab.Id, Clause = c.Clause, State = i < ready ? ClauseState.Ready : i < ready + 3 ? ClauseState.InProgress : ClauseState.NotStarted,
                Evidence = i < ready + 3 ? $"程序文件 QP-{c.Clause}，记录表单已发布" : null, AdvisorComment = i % 7 == 3 ? Comments[i % Comments.Length] : null,
            }));
            db.CandidateLabs.Add(lab);
        }
        await db.SaveChangesAsync(ct);
    }
}
