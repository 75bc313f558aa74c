using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Traceability;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Testing;

/// <summary>
/// The reports issued on a batch appear on it in the trace tree and the recall scope (task 17 tied into
/// task 10): number and verdict, a withdrawn report marked withdrawn. A request names only a batch of
/// its own enterprise, so whoever may see the batch may see this much of the report.
/// </summary>
public sealed class TestBatchEvidence(AppDbContext db) : IBatchEvidenceSource
{
    public async Task<IReadOnlyList<BatchEvidence>> ForBatchesAsync(IReadOnlyCollection<Guid> batchIds, CancellationToken ct)
    {
        var ids = batchIds.ToList();
        var reports = await db.TestRequests.AsNoTracking().Where(r => r.BatchId != null && ids.Contains(r.BatchId.Value) && r.ReportNumber != null)
            .OrderBy(r => r.IssuedAt)
            .Select(r => new { r.Id, BatchId = r.BatchId!.Value, r.ReportNumber, Withdrawn = r.WithdrawnAt != null, Failed = r.ReportFailed })
            .ToListAsync(ct);
        return reports.Select(r => new BatchEvidence(r.BatchId,
            $"{Text.Get("检测报告")} {r.ReportNumber} {(r.Withdrawn ? Text.Get("已撤回") : TestingLabels.Verdict(r.Failed ? Verdict.Fail : Verdict.Pass))}",
            $"/testing/{r.Id}", r.Failed && !r.Withdrawn)).ToList();
    }
}

/// <summary>An inspector cites a test report of the inspected enterprise on a checklist item (task 17 tied into the joint inspections of task 12).</summary>
public sealed class TestReportReferences(AppDbContext db) : Inspections.IReportReferences
{
    public async Task<Inspections.CitedReport?> FindAsync(Guid enterpriseId, string number, CancellationToken ct)
    {
        var report = await db.TestRequests.AsNoTracking().Where(r => r.ReportNumber == number && r.EnterpriseId == enterpriseId)
            .Select(r => new { r.Id, Withdrawn = r.WithdrawnAt != null, Failed = r.ReportFailed }).SingleOrDefaultAsync(ct);
        return report is null ? null : new Inspections.CitedReport(number,
            $"{number} {(report.Withdrawn ? Text.Get("已撤回") : TestingLabels.Verdict(report.Failed ? Verdict.Fail : Verdict.Pass))}", $"/testing/{report.Id}", report.Failed && !report.Withdrawn);
    }
}
