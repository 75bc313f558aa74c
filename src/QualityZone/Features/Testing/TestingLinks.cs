using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Traceability;
using QualityZone.Infrastructure;
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
            $"{Text.Get("检测报告")} {r.ReportNumber} {TestingLabels.Report(r.Withdrawn, r.Failed)}",
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
            $"{number} {TestingLabels.Report(report.Withdrawn, report.Failed)}", $"/testing/{report.Id}", report.Failed && !report.Withdrawn);
    }
}

/// <summary>
/// Task 17's evidence from the platform itself: each year's issued reports prove the testing platform is in
/// use (measure 1), and the year's subsidy ledger that the fees were lowered (measure 2) — shown on the task
/// page without anyone uploading a file.
/// </summary>
public sealed class TestingTaskEvidence(AppDbContext db, ZoneClock clock) : ZoneTasks.ITaskEvidenceSource
{
    public const int Task = 17;

    public async Task<IReadOnlyList<ZoneTasks.PlatformEvidence>> ForTaskAsync(int taskNumber, CancellationToken ct)
    {
        if (taskNumber != Task) return [];
        var reports = await db.TestRequests.AsNoTracking().Where(r => r.IssuedAt != null && r.WithdrawnAt == null).Select(r => new { r.IssuedAt, r.Subsidy }).ToListAsync(ct);
        var years = reports.GroupBy(r => clock.ToZoneTime(r.IssuedAt!.Value).Year).OrderBy(g => g.Key).ToList();
        var evidence = new List<ZoneTasks.PlatformEvidence>();
        foreach (var year in years)
        {
            var at = clock.StartOf(new DateOnly(year.Key, 12, 31));
            var last = year.Max(r => r.IssuedAt!.Value);
            evidence.Add(new(Task, 1, Text.Format("{0} 年出具检测报告 {1} 份", year.Key, year.Count()), "/testing", last < at ? last : at, Text.Get("检验检测")));
            if (year.Sum(r => r.Subsidy) is > 0 and var subsidy)
                evidence.Add(new(Task, 2, Text.Format("{0} 年检测费用补贴 {1} 元", year.Key, subsidy.ToString("#,0.##")), "/testing/catalogue#subsidy", last < at ? last : at, Text.Get("检验检测")));
        }
        return evidence;
    }
}
