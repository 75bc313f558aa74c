using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Features.AnalysisReports;
using QualityZone.Features.Inspections;
using QualityZone.Features.Meetings;
using QualityZone.Features.Portal;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Acceptance;

/// <summary>
/// One piece of evidence for an item: a stored file (put in the dossier as it is), a text the
/// platform writes (a meeting's minutes), or a record that is only listed in the catalogue.
/// </summary>
public sealed record EvidenceEntry(string Title, string? Href, string? Sha256 = null, string? FileName = null, long Size = 0, string? Text = null, string? Kind = null);

/// <summary>
/// Gathers the evidence of the self-assessment from the modules, so that nobody uploads what the
/// platform already holds: the evidence files of the item's construction tasks, and the records of
/// its source module (meetings held with minutes, signed inspection records, signed commitment
/// letters, closed corrective actions, enterprises with traceability records, the risk register,
/// published foreign notices, submitted analysis reports, approved indicator years, admitted
/// enterprises). Counts come from one aggregate query each, for the sheet; entries are read for
/// one item, or streamed for the dossier.
/// </summary>
public sealed class AcceptanceEvidence(AppDbContext db)
{
    /// <summary>Evidence per item: its tasks' files, its source's records and its own uploads.</summary>
    public async Task<Dictionary<Guid, int>> CountsAsync(IReadOnlyList<AssessmentItem> items, CancellationToken ct)
    {
        var taskFiles = await db.EvidenceFiles.AsNoTracking().GroupBy(e => e.Measure!.TaskNumber).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var sources = new Dictionary<EvidenceSource, int>();
        foreach (var source in items.Select(i => i.Source).Distinct()) sources[source] = await SourceCountAsync(source, ct);
        var uploads = await db.AssessmentFiles.AsNoTracking().GroupBy(f => f.ItemId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return items.ToDictionary(i => i.Id, i =>
            i.Tasks.Sum(t => taskFiles.GetValueOrDefault(t)) + sources.GetValueOrDefault(i.Source) + uploads.GetValueOrDefault(i.Id));
    }

    /// <summary>Enterprises in the zone now (admitted, on watch or suspended): what coverage items are measured against.</summary>
    public Task<int> AdmittedEnterprisesAsync(CancellationToken ct) => db.Enterprises.CountAsync(e => e.AdmittedOn != null && Commitments.CommitmentService.InZone.Contains(e.State), ct);

    private Task<int> SourceCountAsync(EvidenceSource source, CancellationToken ct) => source switch
    {
        EvidenceSource.Governance => db.GoverningDocuments.CountAsync(ct),
        EvidenceSource.Admissions => db.Enterprises.CountAsync(e => e.AdmittedOn != null, ct),
        EvidenceSource.Meetings => db.JointMeetings.CountAsync(m => m.State == MeetingState.Held && m.Minutes != null, ct),
        EvidenceSource.Commitments => db.CommitmentLetters.CountAsync(ct),
        EvidenceSource.Inspections => db.InspectionRecords.CountAsync(r => r.State == RecordState.Signed, ct),
        EvidenceSource.Actions => db.CorrectiveActions.CountAsync(a => a.State == ActionState.Closed, ct),
        EvidenceSource.Traceability => db.ProductionBatches.Select(b => b.EnterpriseId).Distinct().CountAsync(ct),
        EvidenceSource.Risks => db.RiskItems.CountAsync(ct),
        EvidenceSource.Portal => db.Notices.CountAsync(n => n.Status == NoticeStatus.Published, ct),
        EvidenceSource.Reports => db.AnalysisReports.CountAsync(r => r.State == ReportState.Submitted, ct),
        EvidenceSource.Indicators => db.IndicatorYears.CountAsync(y => y.Approved, ct),
        _ => Task.FromResult(0),
    };

    /// <summary>The entries of one item, in the order the catalogue lists them: uploads, task files, source records.</summary>
    public async IAsyncEnumerable<EvidenceEntry> EntriesAsync(AssessmentItem item, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var uploaded = Text.Get("上传");
        foreach (var file in await db.AssessmentFiles.AsNoTracking().Where(f => f.ItemId == item.Id).OrderBy(f => f.UploadedAt).ToListAsync(ct))
            yield return new EvidenceEntry(file.Description ?? file.FileName, $"/acceptance/files/{file.Id}", file.Sha256, file.FileName, file.Size, Kind: uploaded);

        var tasks = item.Tasks.ToList();
        var taskKind = Text.Get("建设任务佐证");
        await foreach (var file in db.EvidenceFiles.AsNoTracking().Where(e => tasks.Contains(e.Measure!.TaskNumber)).OrderBy(e => e.Measure!.TaskNumber).ThenBy(e => e.UploadedAt)
                           .Select(e => new { e.Id, e.Sha256, e.FileName, e.Size, e.Description, e.Measure!.TaskNumber, Measure = e.Measure.Number }).AsAsyncEnumerable().WithCancellation(ct))
            yield return new EvidenceEntry(Text.Format("任务 {0}.{1}：{2}", file.TaskNumber, file.Measure, file.Description ?? file.FileName), $"/tasks/evidence/{file.Id}", file.Sha256, file.FileName, file.Size, Kind: taskKind);

        var kind = AcceptanceLabels.Source(item.Source);
        switch (item.Source)
        {
            case EvidenceSource.Governance:
                foreach (var d in await db.GoverningDocuments.AsNoTracking().OrderBy(d => d.IssuedOn).ToListAsync(ct))
                    yield return new EvidenceEntry($"{d.Title} {d.DocumentNumber}", $"/tasks/governance/documents/{d.Id}", d.Sha256, d.FileName, Kind: kind);
                var members = await db.LeadingGroupMembers.AsNoTracking().OrderBy(m => m.Role).ThenBy(m => m.Position).ToListAsync(ct);
                if (members.Count > 0)
                    yield return new EvidenceEntry(Text.Get("领导小组及建设办成员名单与分工"), "/tasks/governance", FileName: Text.Get("领导小组及建设办成员名单与分工") + ".txt",
                        Text: string.Join("\n", members.Select(m => $"{ZoneTasks.GroupLabels.Role(m.Role)}\t{m.Name}\t{m.Post}\t{m.Duties}")), Kind: kind);
                break;
            case EvidenceSource.Meetings:
                foreach (var m in await db.JointMeetings.AsNoTracking().Where(m => m.State == MeetingState.Held && m.Minutes != null).OrderBy(m => m.ScheduledAt).ToListAsync(ct))
                    yield return new EvidenceEntry(m.Title, $"/meetings/{m.Id}", FileName: $"{m.ScheduledAt:yyyy-MM-dd} {m.Title}.txt", Text: $"{m.Title}\n{m.ScheduledAt:yyyy-MM-dd} {m.Location}\n\n{m.Agenda}\n\n{m.Minutes}", Kind: kind);
                break;
            case EvidenceSource.Commitments:
                await foreach (var l in (from l in db.CommitmentLetters.AsNoTracking() join e in db.Enterprises on l.EnterpriseId equals e.Id orderby e.NameZh
                                         select new { l.Id, l.EnterpriseId, l.FileSha256, l.FileName, e.NameZh, l.SignedOn }).AsAsyncEnumerable().WithCancellation(ct))
                    yield return new EvidenceEntry($"{l.NameZh} {l.SignedOn:yyyy-MM-dd}", $"/enterprises/{l.EnterpriseId}", l.FileSha256, $"{l.NameZh}-{l.FileName}", Kind: kind);
                break;
            case EvidenceSource.Reports:
                foreach (var r in await db.AnalysisReports.AsNoTracking().Where(r => r.State == ReportState.Submitted).OrderBy(r => r.FromPeriod)
                             .Select(r => new { r.Id, r.Title, Pdf = r.Files.Where(f => f.Number == r.SubmittedVersion).Select(f => f.PdfSha256).FirstOrDefault(), Size = r.Files.Where(f => f.Number == r.SubmittedVersion).Select(f => f.PdfSize).FirstOrDefault() }).ToListAsync(ct))
                    yield return new EvidenceEntry(r.Title, $"/reports/{r.Id}", r.Pdf, r.Title + ".pdf", r.Size ?? 0, Kind: kind);
                break;
            case EvidenceSource.Actions:
                await foreach (var a in db.CorrectiveActions.AsNoTracking().Where(a => a.State == ActionState.Closed).OrderBy(a => a.Number)
                                   .Select(a => new { a.Id, a.Number, a.Title, a.EvidenceSha256, a.EvidenceFileName }).AsAsyncEnumerable().WithCancellation(ct))
                    yield return new EvidenceEntry($"{a.Number} {a.Title}", $"/actions/{a.Id}", a.EvidenceSha256, a.EvidenceSha256 is null ? null : $"{a.Number}-{a.EvidenceFileName}", Kind: kind);
                break;
            case EvidenceSource.Inspections:
                await foreach (var r in (from r in db.InspectionRecords.AsNoTracking() join e in db.Enterprises on r.EnterpriseId equals e.Id where r.State == RecordState.Signed
                                         select new { r.Id, e.NameZh }).AsAsyncEnumerable().WithCancellation(ct))
                    yield return new EvidenceEntry(Text.Format("检查记录：{0}", r.NameZh), $"/inspections/records/{r.Id}", Kind: kind);
                break;
            case EvidenceSource.Indicators:
                foreach (var y in await (from y in db.IndicatorYears.AsNoTracking() join i in db.ZoneIndicators on y.IndicatorId equals i.Id where y.Approved orderby i.Position, y.Year
                                         select new { i.NameZh, i.NameEn, y.Year, y.Value }).ToListAsync(ct))
                    yield return new EvidenceEntry($"{Text.Pick(y.NameZh, y.NameEn)} {y.Year}: {Indicators.IndicatorLabels.Value(y.Value)}", "/indicators", Kind: kind);
                break;
            case EvidenceSource.Admissions or EvidenceSource.Traceability or EvidenceSource.Risks or EvidenceSource.Portal:
                // Many small records: listed as one line with their number and the page that shows them.
                var count = await SourceCountAsync(item.Source, ct);
                var href = item.Source switch { EvidenceSource.Admissions => "/enterprises", EvidenceSource.Traceability => "/trace", EvidenceSource.Risks => "/risks", _ => "/portal" };
                if (count > 0) yield return new EvidenceEntry(Text.Format("{0}：{1} 条", kind, count), href, Kind: kind);
                break;
        }
    }
}
