using System.IO.Compression;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Notifications;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Acceptance;

public sealed record ScoreInput(decimal? Score, string? Comment, int Version);

public sealed record WeightInput(Guid Id, decimal Weight);

/// <summary>An item on the sheet with its evidence, what it needs, and how well it is proved.</summary>
public sealed record ItemStatus(AssessmentItem Item, int Evidence, int Required)
{
    public EvidenceStrength Strength => AssessmentItem.StrengthOf(Evidence, Required);

    /// <summary>How much of the item is proved, 0–1: a weakly proved item in proportion to what it has of what it needs.</summary>
    public decimal Proved => Required <= 0 || Evidence >= Required ? (Evidence > 0 || Required <= 0 ? 1m : 0m) : (decimal)Evidence / Required;
}

/// <summary>A block's items, weight, self-score and readiness (the share of its weight that is proved, a weakly proved item in proportion).</summary>
public sealed record BlockStatus(AcceptanceBlock Block, IReadOnlyList<ItemStatus> Items)
{
    public decimal Weight => Items.Sum(i => i.Item.Weight);
    public decimal SelfScore => Items.Sum(i => i.Item.SelfScore ?? 0);
    public decimal Readiness => Weight == 0 ? 0 : Math.Round(100m * Items.Sum(i => i.Item.Weight * i.Proved) / Weight, 1);
}

public sealed record SheetStatus(IReadOnlyList<BlockStatus> Blocks)
{
    public decimal Weight => Blocks.Sum(b => b.Weight);
    public decimal SelfScore => Blocks.Sum(b => b.SelfScore);
    public decimal Readiness => Weight == 0 ? 0 : Math.Round(Blocks.Sum(b => b.Readiness * b.Weight) / Weight, 1);
    /// <summary>The to-do list: items with missing or weak evidence, heaviest first.</summary>
    public IEnumerable<ItemStatus> Gaps => Blocks.SelectMany(b => b.Items).Where(i => i.Strength != EvidenceStrength.Sufficient).OrderByDescending(i => i.Item.Weight).ThenBy(i => i.Item.Code);
}

/// <summary>
/// The acceptance self-assessment: the sheet with readiness, self-scores by the responsible
/// department, the office's review score, evidence uploads, the weights (always 100 in all), the
/// gaps sent to their departments, and the dossier for the assessors.
/// </summary>
public sealed class AcceptanceCommands(AppDbContext db, AcceptanceEvidence evidence, FileStore files, DocumentFonts fonts, NotificationService notifications,
    IConfiguration configuration, ZoneClock clock, TimeProvider time)
{
    public async Task<SheetStatus> SheetAsync(CancellationToken ct)
    {
        var items = await db.AssessmentItems.AsNoTracking().OrderBy(i => i.Block).ThenBy(i => i.Position).ToListAsync(ct);
        var counts = await evidence.CountsAsync(items, ct);
        var admitted = await evidence.AdmittedEnterprisesAsync(ct);
        return new SheetStatus(Enum.GetValues<AcceptanceBlock>()
            .Select(b => new BlockStatus(b, items.Where(i => i.Block == b).Select(i => new ItemStatus(i, counts[i.Id], i.Required(admitted))).ToList())).ToList());
    }

    /// <summary>The responsible department (or the office) scores its item, from 0 to the item's weight.</summary>
    public async Task<CommandResult> SelfScoreAsync(ClaimsPrincipal user, Guid id, ScoreInput input, CancellationToken ct)
    {
        var item = await db.AssessmentItems.SingleOrDefaultAsync(i => i.Id == id, ct);
        if (item is null) return CommandResult.NotFound(Text.Get("评分项不存在"));
        if (!user.IsInRole(Roles.ZoneAdmin) && user.DepartmentId() != item.DepartmentId) return CommandResult.Forbidden(Text.Get("本项由其他责任部门自评"));
        if (ScoreProblem(item, input) is { } problem) return problem;
        item.SelfScore = input.Score;
        item.SelfScoredBy = user.DisplayName();
        item.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>The office reviews the self-score with its own score and a comment.</summary>
    public async Task<CommandResult> ReviewAsync(ClaimsPrincipal user, Guid id, ScoreInput input, CancellationToken ct)
    {
        var item = await db.AssessmentItems.SingleOrDefaultAsync(i => i.Id == id, ct);
        if (item is null) return CommandResult.NotFound(Text.Get("评分项不存在"));
        if (ScoreProblem(item, input) is { } problem) return problem;
        if (input.Comment?.Length > 1000) return CommandResult.Invalid(Text.Get("意见不能超过 1000 字"));
        item.ReviewScore = input.Score;
        item.ReviewedBy = user.DisplayName();
        item.ReviewComment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
        item.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    private static CommandResult? ScoreProblem(AssessmentItem item, ScoreInput input)
    {
        if (input.Version != item.Version) return CommandResult.Conflict(Text.Get("评分项已被他人修改，请刷新后重试"));
        if (input.Score is { } score && (score < 0 || score > item.Weight)) return CommandResult.Invalid(Text.Format("得分应在 0 到 {0} 之间", item.Weight));
        return null;
    }

    public async Task<CommandResult> UploadAsync(ClaimsPrincipal user, Guid id, Stream content, string fileName, string? description, CancellationToken ct)
    {
        var item = await db.AssessmentItems.SingleOrDefaultAsync(i => i.Id == id, ct);
        if (item is null) return CommandResult.NotFound(Text.Get("评分项不存在"));
        if (!user.IsInRole(Roles.ZoneAdmin) && user.DepartmentId() != item.DepartmentId) return CommandResult.Forbidden(Text.Get("本项由其他责任部门自评"));
        if (description?.Length > 500) return CommandResult.Invalid(Text.Get("说明不能超过 500 字"));
        StoredFile stored;
        try { stored = await files.SaveAsync(content, fileName, ct); }
        catch (FileRejectedException e) { return CommandResult.Invalid(e.Message); }
        db.AssessmentFiles.Add(new AssessmentFile
        {
            ItemId = id, Sha256 = stored.Sha256, FileName = stored.FileName, ContentType = stored.ContentType, Size = stored.Size,
            Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(), UploadedBy = user.DisplayName(), UploadedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>New weights for the whole sheet: every item named once, none negative, 100 in all (a sheet scored out of anything else is refused whole).</summary>
    public async Task<CommandResult> WeightsAsync(IReadOnlyList<WeightInput> weights, CancellationToken ct)
    {
        var items = await db.AssessmentItems.ToListAsync(ct);
        if (weights.Count != items.Count || weights.Select(w => w.Id).Distinct().Count() != items.Count || weights.Any(w => items.All(i => i.Id != w.Id)))
            return CommandResult.Invalid(Text.Get("请为每个评分项填写分值"));
        if (weights.Any(w => w.Weight < 0 || w.Weight > 100)) return CommandResult.Invalid(Text.Get("分值应在 0 到 100 之间"));
        var total = weights.Sum(w => w.Weight);
        if (total != 100) return CommandResult.Invalid(Text.Format("各项分值合计应为 100，现为 {0}", total));
        foreach (var item in items)
        {
            item.Weight = weights.Single(w => w.Id == item.Id).Weight;
            if (item.SelfScore > item.Weight) item.SelfScore = item.Weight;
            if (item.ReviewScore > item.Weight) item.ReviewScore = item.Weight;
            item.Version++;
        }
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>Tells each responsible department which of its items still lack evidence.</summary>
    public async Task<int> NotifyGapsAsync(CancellationToken ct)
    {
        var sheet = await SheetAsync(ct);
        var sent = 0;
        foreach (var group in sheet.Gaps.GroupBy(g => g.Item.DepartmentId))
        {
            sent += await notifications.NotifyDepartmentAsync(group.Key, Msg.Of("验收自评：{0} 项佐证待补充", group.Count()),
                string.Join(Text.ClauseSeparator, group.Select(g => $"{g.Item.Code} {g.Item.Title}{Text.Aside($"{AcceptanceLabels.Strength(g.Strength)} {g.Evidence}/{g.Required}")}")), "/acceptance?gaps=mine", ct);
        }
        await db.SaveChangesAsync(ct);
        return sent;
    }

    private const int LargeDossierFiles = 2_000;

    public long DossierLimit => configuration.GetValue<long?>("Acceptance:DossierMaxBytes") ?? 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// The acceptance dossier: a zip written to a temporary file (never held in memory) with the
    /// catalogue (目录.docx and 目录.pdf, numbered by block and item) and every evidence file in a
    /// folder named by its item. Its size is added up first: over the limit it is refused before
    /// anything is written. The caller streams the file and deletes it.
    /// </summary>
    public async Task<(CommandResult Result, string? Path)> BuildDossierAsync(CancellationToken ct)
    {
        var sheet = await SheetAsync(ct);
        var entries = new List<(ItemStatus Item, List<EvidenceEntry> Entries)>();
        foreach (var item in sheet.Blocks.SelectMany(b => b.Items))
        {
            var list = new List<EvidenceEntry>();
            await foreach (var entry in evidence.EntriesAsync(item.Item, ct)) list.Add(entry);
            entries.Add((item, list));
        }
        var total = entries.Sum(e => e.Entries.Sum(x => x.Size + (x.Text?.Length ?? 0) * 3L));
        if (total > DossierLimit)
            return (CommandResult.Invalid(Text.Format("验收材料共 {0} MB，超过上限 {1} MB（Acceptance:DossierMaxBytes）", total / 1024 / 1024, DossierLimit / 1024 / 1024)), null);
        if (!fonts.Available) return (CommandResult.Invalid(DocumentFonts.MissingMessage), null);

        var path = Path.Combine(Path.GetTempPath(), $"qz-dossier-{Guid.NewGuid():N}.zip");
        try
        {
            await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true))
            using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            {
                // The catalogue lists every entry under the path it has in the zip.
                var placed = entries.Select(e => (e.Item, Files: Place(e.Item.Item, e.Entries))).ToList();
                var catalogue = Catalogue(sheet, placed);
                // Both catalogues are written to temporary files as they are composed, then copied in.
                var docxPath = Path.GetTempFileName();
                string? pdfPath = null;
                try
                {
                    await using (var docxStream = File.Create(docxPath))
                    {
                        var word = WordDocument.Streaming(docxStream);
                        catalogue(word);
                        word.Close();
                    }
                    await using (var docxRead = File.OpenRead(docxPath)) await AddAsync(zip, Text.Get("00 目录") + ".docx", docxRead, ct);
                    pdfPath = PdfDocument.WriteTempFile(fonts.Typeface, Text.Get("验收材料目录"), catalogue);
                    await using var pdfRead = File.OpenRead(pdfPath);
                    await AddAsync(zip, Text.Get("00 目录") + ".pdf", pdfRead, ct);
                }
                finally
                {
                    File.Delete(docxPath);
                    if (pdfPath is not null) File.Delete(pdfPath);
                }

                foreach (var (_, placedFiles) in placed)
                    foreach (var (entry, zipPath) in placedFiles)
                    {
                        if (zipPath is null) continue;
                        if (entry.Text is not null) await AddAsync(zip, zipPath, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(entry.Text)), ct);
                        else if (entry.Sha256 is not null && files.Exists(entry.Sha256))
                        {
                            await using var stored = files.OpenRead(entry.Sha256);
                            await AddAsync(zip, zipPath, stored, ct);
                        }
                    }
            }
            // Thousands of files: the catalogues' garbage is handed back before the next request builds on it (LargeImports).
            if (entries.Sum(e => e.Entries.Count) >= LargeDossierFiles) LargeImports.GiveMemoryBack();
            return (CommandResult.Ok, path);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private static async Task AddAsync(ZipArchive zip, string name, Stream content, CancellationToken ct)
    {
        await using var target = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        await content.CopyToAsync(target, ct);
    }

    /// <summary>The zip path of each entry that brings a file or a text: block folder, item folder, numbered file name.</summary>
    private static List<(EvidenceEntry Entry, string? Path)> Place(AssessmentItem item, List<EvidenceEntry> entries)
    {
        var folder = $"{Safe(AcceptanceLabels.Numbered(item.Block))}/{Safe($"{item.Code} {item.Title}")}";
        var number = 0;
        return entries.Select(e => (e, e.FileName is null || (e.Sha256 is null && e.Text is null) ? null : $"{folder}/{++number:D2} {Safe(e.FileName)}")).ToList();
    }

    private static string Safe(string name)
    {
        var cleaned = string.Concat(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c is '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c)).Trim();
        return cleaned.Length > 80 ? cleaned[..80] : cleaned;
    }

    private Action<IDocumentWriter> Catalogue(SheetStatus sheet, List<(ItemStatus Item, List<(EvidenceEntry Entry, string? Path)> Files)> placed) => document =>
    {
        document.Title(Text.Get("国家级（奉化）出口气动元件质量安全示范区验收材料目录"));
        document.Right(Text.Format("自评总分 {0} / {1}，佐证完备度 {2}%，编制日期 {3}", sheet.SelfScore, sheet.Weight, sheet.Readiness, clock.Today.ToString("yyyy-MM-dd")));
        foreach (var block in sheet.Blocks)
        {
            document.Heading(Text.Format("{0}（{1} 分，自评 {2} 分）", AcceptanceLabels.Numbered(block.Block), block.Weight, block.SelfScore));
            foreach (var (item, files) in placed.Where(p => p.Item.Item.Block == block.Block))
            {
                document.Body(Text.Format("{0} {1}（{2} 分；自评 {3}；{4}）", item.Item.Code, item.Item.Title, item.Item.Weight, item.Item.SelfScore?.ToString() ?? "—", AcceptanceLabels.Strength(item.Strength)));
                if (files.Count > 0)
                    document.Table([Text.Get("序号"), Text.Get("佐证材料"), Text.Get("来源"), Text.Get("文件")],
                        files.Select((f, i) => (IReadOnlyList<string>)[(i + 1).ToString(), f.Entry.Title, f.Entry.Kind ?? "", f.Path ?? Text.Get("（平台记录，见系统）")]));
            }
        }
    };
}
