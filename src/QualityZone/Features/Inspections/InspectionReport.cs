using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Inspections;

/// <summary>The inspection report (联合检查记录表) as a Word document: the visit, the answers by section, the findings and their actions, the signatures.</summary>
public static class InspectionReport
{
    public static async Task<(byte[] Content, string FileName)?> BuildAsync(AppDbContext db, FileStore files, Guid recordId, CancellationToken ct)
    {
        var record = await db.InspectionRecords.AsNoTracking().Include(r => r.Answers).Include(r => r.Findings).Include(r => r.Signatures)
            .AsSplitQuery().SingleOrDefaultAsync(r => r.Id == recordId, ct);
        if (record is null) return null;
        var round = await db.InspectionRounds.AsNoTracking().Include(r => r.Team).SingleAsync(r => r.Id == record.RoundId, ct);
        var enterprise = await db.Enterprises.AsNoTracking().SingleAsync(e => e.Id == record.EnterpriseId, ct);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var actionIds = record.Findings.Where(f => f.ActionId != null).Select(f => f.ActionId!.Value).ToList();
        var actions = await db.CorrectiveActions.AsNoTracking().Where(a => actionIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);

        var doc = new WordDocument()
            .Title(Text.Get("出口气动元件质量安全示范区联合检查记录"))
            .Body(Text.Format("检查名称：{0}", round.Title))
            .Body(Text.Format("受检企业：{0}（统一社会信用代码 {1}）", enterprise.Name, enterprise.CreditCode))
            .Body(Text.Format("检查日期：{0}　　状态：{1}", record.VisitedOn?.ToString("yyyy-MM-dd") ?? "—", InspectionLabels.State(record.State)))
            .Body(Text.Format("检查组：{0}", string.Join(Text.ListSeparator, round.Team.Select(m => m.Name + Text.Aside(departments.GetValueOrDefault(m.DepartmentId))))))
            .Body(Text.Format("得分：{0} / {1}（{2}%）", record.Score?.ToString("0.#") ?? "—", record.MaxScore?.ToString("0.#") ?? "—", record.Percent?.ToString("0.#") ?? "—"));
        foreach (var section in record.Answers.OrderBy(a => a.Position).GroupBy(a => a.Section))
        {
            doc.Heading(section.Key).Table([Text.Get("序号"), Text.Get("检查内容"), Text.Get("结果"), Text.Get("得分"), Text.Get("说明")],
                section.Select(a => (IReadOnlyList<string>)[a.Position.ToString(), a.Text, InspectionLabels.Result(a.Result),
                    a.Result == ItemResult.NotApplicable ? "—" : $"{Points(a)}/{a.MaxPoints}", (a.Note ?? "") + (a.PhotoSha256 is null ? "" : Text.Get("（附照片）"))]));
        }
        // The photos taken on site, each under the item it proves (a record's evidence travels with it).
        var photographed = record.Answers.Where(a => a.PhotoSha256 is not null).OrderBy(a => a.Position).ToList();
        if (photographed.Count > 0)
        {
            doc.Heading(Text.Get("现场照片"));
            foreach (var answer in photographed)
            {
                await using var stream = files.OpenRead(answer.PhotoSha256!);
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, ct);
                var caption = Text.Format("第 {0} 项：{1}", answer.Position, answer.Note ?? answer.Text);
                if (!doc.Photo(copy.ToArray(), caption)) doc.Body(caption + Text.Format("（照片 {0} 无法读取）", answer.PhotoFileName));
            }
        }
        doc.Heading(Text.Get("发现问题与整改要求"));
        if (record.Findings.Count == 0) doc.Body(Text.Get("未发现问题。"));
        else doc.Table([Text.Get("问题"), Text.Get("严重程度"), Text.Get("整改编号"), Text.Get("整改期限")],
            record.Findings.OrderBy(f => f.CreatedAt).Select(f => (IReadOnlyList<string>)[f.Description, ActionLabels.Severity(f.Severity),
                f.ActionId is { } id && actions.TryGetValue(id, out var a) ? a.Number : "—", f.ActionId is { } id2 && actions.TryGetValue(id2, out var b) ? b.DueOn.ToString("yyyy-MM-dd") : "—"]));
        if (record.Conclusion is { } conclusion) doc.Heading(Text.Get("检查结论")).Body(conclusion);
        doc.Heading(Text.Get("检查组会签"))
            .Table([Text.Get("成员"), Text.Get("单位"), Text.Get("会签时间")], round.Team.Select(m =>
            {
                var signature = record.Signatures.FirstOrDefault(s => s.UserId == m.UserId);
                return (IReadOnlyList<string>)[m.Name, departments.GetValueOrDefault(m.DepartmentId) ?? "", signature is null ? Text.Get("未会签") : signature.SignedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm")];
            }))
            .Gap().Right(Text.Get("受检企业确认（签章）：______________"));
        return (doc.ToBytes(), $"inspection-{enterprise.CreditCode}-{record.VisitedOn:yyyyMMdd}.docx");
    }

    private static string Points(InspectionAnswer a) => a.Kind == ItemKind.Points ? (a.Points ?? (a.Result == ItemResult.Pass ? a.MaxPoints : 0)).ToString() : a.Result == ItemResult.Pass ? a.MaxPoints.ToString() : "0";
}
