using QualityZone.Infrastructure.Telemetry;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Notifications;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Portal;

public sealed record ImportReport(string Format, int Records, int Created, int Updated, int Unchanged, int Alerts, int Actions, IReadOnlyList<FeedError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

public sealed record NoticeInput(NoticeType? Type, string? Reference, string? Title, string? Summary, string? BodyHtml, string? Markets, string? HsCodes,
    string? Country, string? Url, DateOnly? PublishedOn, DateOnly? AppliesFrom, DateOnly? CommentDeadline, DateOnly? ValidUntil, string? Equivalents,
    string? Brand = null, string? Model = null, string? Risk = null, string? Measures = null, string? OriginCountry = null);

/// <summary>
/// Puts notices in: feed imports (idempotent: the source's reference is the key, a re-import updates and
/// never duplicates; all or nothing) and the editorial workflow (draft → review → published, sanitized
/// rich text). Published notices are matched to the enterprises, which get an alert to acknowledge; a
/// recall naming a zone enterprise's brand or English name opens a corrective action for it.
/// </summary>
public sealed class NoticeCommands(AppDbContext db, NoticeMatcher matcher, ActionCommands actions, Traceability.TraceRequests traceRequests, NotificationService notifications, ZoneClock clock, TimeProvider time)
{
    public async Task<ImportReport> ImportAsync(ClaimsPrincipal user, byte[] content, CancellationToken ct)
    {
        var report = await AppMetrics.MeasureImportAsync("notices", null, () => ImportCoreAsync(user, content, ct), r => r.Succeeded, r => r.Records);
        // 1,000 notices or more saved, each with its audit entry and search row: the garbage handed back (LargeImports).
        if (report.Created + report.Updated >= LargeImportNotices) LargeImports.GiveMemoryBack();
        return report;
    }

    private const int LargeImportNotices = 1_000;

    /// <summary>Notices saved per SaveChanges inside the import's one transaction.</summary>
    private const int SaveSlice = 1_000;

    private async Task<ImportReport> ImportCoreAsync(ClaimsPrincipal user, byte[] content, CancellationToken ct)
    {
        var parsed = NoticeFeeds.Parse(content);
        if (parsed.Errors.Count > 0) return new ImportReport(parsed.Format, parsed.Records.Count, 0, 0, 0, 0, 0, parsed.Errors);
        // Profiles are rebuilt by the early-warning job; a platform that has never built them does it now.
        if (!await db.ExportProfiles.AnyAsync(ct)) await matcher.RefreshProfilesAsync(ct);
        var now = time.GetUtcNow();
        // The key of every notice of the file, stored or new, first: an addendum finds its notification in any slice.
        var ids = new Dictionary<(NoticeSource, string), Guid>();
        var stored = new HashSet<Guid>();
        foreach (var group in parsed.Records.GroupBy(r => r.Source))
            foreach (var chunk in group.Select(r => r.Reference).Chunk(2000))
                foreach (var n in await db.Notices.Where(n => n.Source == group.Key && chunk.Contains(n.Reference!)).Select(n => new { n.Id, n.Reference }).ToListAsync(ct))
                {
                    ids[(group.Key, n.Reference!)] = n.Id;
                    stored.Add(n.Id);
                }
        foreach (var record in parsed.Records) ids.TryAdd((record.Source, record.Reference), Guid.CreateVersion7());

        // Alerted a slice at a time as it is saved: a file's notices are never all held (issue 22.6: memory ≤ 400 MB).
        var alerting = await StartAlertingAsync(parsed.Records.SelectMany(r => r.Markets), ct);
        var createdReferences = new List<string>();
        var (created, updated, unchanged) = (0, 0, 0);
        // One transaction, all or nothing, saved a slice at a time with the change tracker emptied in between: one SaveChanges
        // of 10,000 notices and their 10,000 audit entries held them all and took the server past 600 MiB (issue 22.6).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var slice in parsed.Records.Chunk(SaveSlice))
        {
            var sliceIds = slice.Select(r => ids[(r.Source, r.Reference)]).Where(stored.Contains).ToList();
            var existing = sliceIds.Count == 0 ? [] : await db.Notices.Where(n => sliceIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, ct);
            var sliceChanged = new List<Notice>();
            foreach (var record in slice)
            {
                var id = ids[(record.Source, record.Reference)];
                // Addenda, corrigenda and revisions hang under their notification when it is known.
                var parentId = record.ParentReference is null ? null : ids.TryGetValue((record.Source, record.ParentReference), out var parent) ? parent
                    : await db.Notices.Where(n => n.Source == record.Source && n.Reference == record.ParentReference).Select(n => (Guid?)n.Id).FirstOrDefaultAsync(ct);
                if (existing.TryGetValue(id, out var notice))
                {
                    // CPSC's LastPublishDate says whether the record changed; other feeds are compared field by field.
                    var fieldsChanged = Apply(notice, record);
                    if (!fieldsChanged && notice.ParentId == parentId) { unchanged++; continue; }
                    notice.ParentId = parentId;
                    notice.UpdatedAt = now;
                    notice.Version++;
                    updated++;
                }
                else
                {
                    notice = new Notice { Id = id, Title = "", Type = record.Type, Source = record.Source, Reference = record.Reference, Status = NoticeStatus.Published, CreatedBy = user.DisplayName(), CreatedAt = now, UpdatedAt = now, ParentId = parentId, CreatedInBulk = true };
                    createdReferences.Add(record.Reference);
                    Apply(notice, record);
                    db.Notices.Add(notice);
                    created++;
                }
                NoticeSearch.Prepare(notice);
                sliceChanged.Add(notice);
            }
            await NoticeSearch.IndexAsync(db, sliceChanged, ct);
            await db.SaveChangesAsync(ct);
            await alerting.AddAsync(sliceChanged, ct);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        // The notices created are audited once, as this import (IBulkCreated): each row holds what it was created with.
        if (created > 0)
            db.AuditEntries.Add(BulkAudit.Entry(user, now, nameof(Notice), parsed.Format,
                new { feed = parsed.Format, records = parsed.Records.Count, created, updated, unchanged, first = createdReferences[0], last = createdReferences[^1] }));
        await alerting.FinishAsync(ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new ImportReport(parsed.Format, parsed.Records.Count, created, updated, unchanged, alerting.Alerts, alerting.Actions, []);
    }

    private static bool Apply(Notice n, NoticeRecord r)
    {
        var before = (n.Title, n.Summary, n.Markets, n.HsCodes, n.Country, n.Brand, n.Model, n.Risk, n.Measures, n.OriginCountry, n.Url, n.PublishedOn, n.CommentDeadline, n.LastPublishDate);
        (n.Title, n.Summary, n.Country, n.Brand, n.Model, n.Risk, n.Measures, n.OriginCountry, n.Url) =
            (Text.Shorten(r.Title, 500), Text.Shorten(r.Summary, 8000), Text.Shorten(r.Country, 100), Text.Shorten(r.Brand, 500), Text.Shorten(r.Model, 500), Text.Shorten(r.Risk, 4000), Text.Shorten(r.Measures, 4000), Text.Shorten(r.OriginCountry, 100), Text.Shorten(r.Url, 500));
        (n.Markets, n.HsCodes, n.PublishedOn, n.CommentDeadline, n.LastPublishDate) = (Notice.Join(r.Markets), Notice.Join(r.HsCodes), r.PublishedOn, r.CommentDeadline, r.LastPublishDate);
        return before != (n.Title, n.Summary, n.Markets, n.HsCodes, n.Country, n.Brand, n.Model, n.Risk, n.Measures, n.OriginCountry, n.Url, n.PublishedOn, n.CommentDeadline, n.LastPublishDate);
    }


    /// <summary>Alerts the matched enterprises of published notices (once per notice and enterprise); opens actions for recalls naming an enterprise.</summary>
    public async Task<(int Alerts, int Actions)> AlertAsync(IReadOnlyCollection<Notice> notices, CancellationToken ct)
    {
        var alerting = await StartAlertingAsync(notices.SelectMany(n => n.MarketList), ct);
        await alerting.AddAsync(notices, ct);
        await alerting.FinishAsync(ct);
        await db.SaveChangesAsync(ct);
        return (alerting.Alerts, alerting.Actions);
    }

    /// <summary>An alerting run over notices of these markets: the profiles read once, notices added in slices, the enterprises told at the end.</summary>
    private async Task<Alerting> StartAlertingAsync(IEnumerable<string> markets, CancellationToken ct) =>
        new(this, db, notifications, await matcher.LoadAsync(markets, ct), time.GetUtcNow());

    private sealed class Alerting(NoticeCommands commands, AppDbContext db, NotificationService notifications, NoticeMatcher.Matching matching, DateTimeOffset now)
    {
        // Per enterprise: how many alerts this run, and the first notice's id and title (told by title when it is the only one).
        private readonly Dictionary<Guid, (int Count, Guid FirstId, string FirstTitle)> alerted = [];
        public int Alerts { get; private set; }
        public int Actions { get; private set; }

        public async Task AddAsync(IReadOnlyCollection<Notice> notices, CancellationToken ct)
        {
            // Alerts are for what an exporter must act on; guidance, news and cases are read on the portal.
            var published = notices.Where(n => n.Status == NoticeStatus.Published && n.Type is NoticeType.TbtNotification or NoticeType.Recall or NoticeType.Detention or NoticeType.Regulation or NoticeType.Standard).ToList();
            // A feed of 10,000 notifications can match 1.5 million times: matched and written 250 notices at a time (some
            // 40,000 alerts), so that only one slice's alerts are ever held (issue 22: memory ≤ 400 MB).
            foreach (var slice in published.Chunk(250))
            {
                var ids = slice.Select(n => n.Id).ToList();
                var known = (await db.NoticeAlerts.Where(a => ids.Contains(a.NoticeId)).Select(a => new { a.NoticeId, a.EnterpriseId }).ToListAsync(ct))
                    .Select(a => (a.NoticeId, a.EnterpriseId)).ToHashSet();
                var fresh = new List<NoticeAlert>();
                foreach (var notice in slice)
                    foreach (var match in matching.Match(notice).Where(m => !known.Contains((notice.Id, m.EnterpriseId))))
                    {
                        fresh.Add(new NoticeAlert { NoticeId = notice.Id, EnterpriseId = match.EnterpriseId, Reason = match.Reason, Confidence = match.Confidence, CreatedAt = now });
                        alerted[match.EnterpriseId] = alerted.TryGetValue(match.EnterpriseId, out var so) ? (so.Count + 1, so.FirstId, so.FirstTitle) : (1, notice.Id, notice.Title);
                    }
                // Written in bulk, past the change tracker.
                await BulkWriter.InsertAsync<NoticeAlert>(db, "notice_alerts",
                [
                    new("Id", NpgsqlTypes.NpgsqlDbType.Uuid, a => a.Id), new("NoticeId", NpgsqlTypes.NpgsqlDbType.Uuid, a => a.NoticeId), new("EnterpriseId", NpgsqlTypes.NpgsqlDbType.Uuid, a => a.EnterpriseId),
                    new("Reason", NpgsqlTypes.NpgsqlDbType.Text, a => a.Reason), new("Confidence", NpgsqlTypes.NpgsqlDbType.Numeric, a => a.Confidence),
                    new("CreatedAt", NpgsqlTypes.NpgsqlDbType.TimestampTz, a => a.CreatedAt), new("AcknowledgedAt", NpgsqlTypes.NpgsqlDbType.TimestampTz, a => a.AcknowledgedAt),
                    new("AcknowledgedBy", NpgsqlTypes.NpgsqlDbType.Text, a => a.AcknowledgedBy),
                ], fresh, ct);
                Alerts += fresh.Count;
            }
            Actions += await commands.OpenActionsForNamedRecallsAsync(published.Where(n => n.Type == NoticeType.Recall).ToList(), ct);
        }

        /// <summary>Each enterprise hears once per run: of its one notice by title, or of how many there are.</summary>
        public async Task FinishAsync(CancellationToken ct)
        {
            foreach (var group in alerted.GroupBy(a => (a.Value.Count, Single: a.Value.Count == 1 ? a.Value.FirstId : Guid.Empty)))
            {
                var title = group.Key.Count == 1
                    ? Msg.Of("境外信息预警：{0}", Text.Shorten(group.First().Value.FirstTitle, 81))
                    : Msg.Of("{0} 条新的境外信息预警", group.Key.Count);
                await notifications.NotifyEnterprisesAsync(group.Select(g => g.Key).ToList(), title, Msg.Of("该信息与本企业的出口产品和市场相关，请查看并确认。").Store(), _ => "/portal/alerts", ct);
            }
        }
    }

    /// <summary>
    /// A recall whose brand or manufacturer names a zone enterprise (a registered brand, or its English name) becomes
    /// a corrective action for it and, where the enterprise keeps batch records, a trace request with the recall
    /// scope of the model it names (issue 7 item 4; the scope itself is issue 5's).
    /// </summary>
    private async Task<int> OpenActionsForNamedRecallsAsync(List<Notice> recalls, CancellationToken ct)
    {
        if (recalls.Count == 0) return 0;
        var names = (await db.Brands.AsNoTracking().Select(b => new { b.EnterpriseId, Name = b.Name }).ToListAsync(ct))
            .Concat(await db.Enterprises.AsNoTracking().Where(e => e.NameEn != null).Select(e => new { EnterpriseId = e.Id, Name = e.NameEn! }).ToListAsync(ct))
            .Where(n => n.Name.Length >= 4).ToList();
        var references = recalls.Select(r => r.Reference).ToList();
        var done = (await db.CorrectiveActions.AsNoTracking().Where(a => a.Source == ActionSource.ForeignNotice && references.Contains(a.SourceReference)).Select(a => new { a.SourceReference, a.EnterpriseId }).ToListAsync(ct))
            .Select(a => (a.SourceReference, a.EnterpriseId)).ToHashSet();
        var ciq = await db.Departments.Where(d => d.Code == "ciq").Select(d => (Guid?)d.Id).FirstOrDefaultAsync(ct);
        var opened = 0;
        foreach (var recall in recalls)
        {
            var text = $"{recall.Brand} {recall.Title}";
            foreach (var enterprise in names.Where(n => text.Contains(n.Name, StringComparison.OrdinalIgnoreCase)).Select(n => n.EnterpriseId).Distinct())
            {
                if (done.Contains((recall.Reference, enterprise))) continue;
                var action = await actions.NewAsync(new ActionInput(ActionSource.ForeignNotice, recall.Reference, enterprise, ciq,
                    Text.Format("境外召回点名本企业产品：{0}", Text.Shorten(recall.Title, 200)), $"{recall.Summary}\n{recall.Url}", ActionSeverity.Critical,
                    clock.Today.AddDays(ActionLabels.DefaultDays(ActionSeverity.Critical))), "system", ct);
                await actions.NotifyAssignedAsync([action], ct);
                await traceRequests.OpenAsync(new Traceability.RecallMention(enterprise, action.Id, recall.Id, recall.Reference ?? "", recall.Title,
                    $"{recall.Model} {recall.Title} {recall.Summary}", recall.Country, recall.PublishedOn ?? clock.Today, recall.MarketList.ToList()), ct);
                opened++;
            }
        }
        return opened;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static string? Validate(NoticeInput input)
    {
        if (input.Type is null) return Text.Get("请选择信息类别");
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Length > 500) return Text.Get("请填写标题（不超过 500 字）");
        if (input.AppliesFrom is { } from && input.ValidUntil is { } until && until < from) return Text.Get("有效期不能早于实施日期");
        if (input.PublishedOn is { } published && input.CommentDeadline is { } deadline && deadline < published) return Text.Get("评议截止日期不能早于发布日期");
        if (new[] { input.Brand, input.Model, input.OriginCountry }.Any(t => t?.Trim().Length > 200) || new[] { input.Risk, input.Measures }.Any(t => t?.Trim().Length > 2000))
            return Text.Get("品牌、型号、原产国不超过 200 字，风险和措施不超过 2000 字");
        return null;
    }

    /// <summary>Saves a draft (new or existing, not yet published): sanitized body, normalized markets and HS codes.</summary>
    public async Task<(CommandResult Result, Guid? Id)> SaveDraftAsync(ClaimsPrincipal user, Guid? id, NoticeInput input, CancellationToken ct, IReadOnlyList<Infrastructure.Files.StoredFile>? attachments = null)
    {
        if (Validate(input) is { } error) return (CommandResult.Invalid(error), null);
        var markets = Codes(input.Markets).Select(c => c.ToUpperInvariant()).SelectMany(c => c == "EU" ? Reference.ReferenceData.EuMembers : [c]).ToList();
        if (markets.FirstOrDefault(m => Reference.ReferenceData.FindCountry(m) is null) is { } unknown) return (CommandResult.Invalid(Text.Format("未知的国家或地区代码：{0}", unknown)), null);
        var hs = Codes(input.HsCodes).Select(Reference.ReferenceData.NormalizeHsCode).ToList();
        if (hs.FirstOrDefault(h => h.Length is < 4 or > 10) is { } badHs) return (CommandResult.Invalid(Text.Format("HS 编码应为 4 到 10 位数字：{0}", badHs)), null);
        Notice notice;
        if (id is { } existing)
        {
            var found = await db.Notices.SingleOrDefaultAsync(n => n.Id == existing && n.Source == NoticeSource.Editorial, ct);
            if (found is null) return (CommandResult.NotFound(Text.Get("信息不存在")), null);
            if (found.Status == NoticeStatus.Published) return (CommandResult.Invalid(Text.Get("已发布的信息请先撤回再修改")), null);
            notice = found;
            notice.Version++;
        }
        else db.Notices.Add(notice = new Notice { Title = "", Source = NoticeSource.Editorial, CreatedBy = user.DisplayName(), CreatedAt = time.GetUtcNow() });
        notice.Type = input.Type!.Value;
        notice.Reference = string.IsNullOrWhiteSpace(input.Reference) ? null : input.Reference.Trim();
        notice.Title = input.Title!.Trim();
        notice.Summary = input.Summary?.Trim();
        notice.BodyHtml = NoticeSearch.Sanitize(input.BodyHtml);
        (notice.Markets, notice.HsCodes) = (Notice.Join(markets), Notice.Join(hs.Select(h => h[..Math.Min(6, h.Length)])));
        (notice.Country, notice.Url, notice.PublishedOn, notice.AppliesFrom, notice.CommentDeadline, notice.ValidUntil, notice.Equivalents) =
            (input.Country?.Trim(), input.Url?.Trim(), input.PublishedOn, input.AppliesFrom, input.CommentDeadline, input.ValidUntil, input.Equivalents?.Trim());
        (notice.Brand, notice.Model, notice.Risk, notice.Measures, notice.OriginCountry) =
            (Blank(input.Brand), Blank(input.Model), Blank(input.Risk), Blank(input.Measures), Blank(input.OriginCountry));
        notice.UpdatedAt = time.GetUtcNow();
        NoticeSearch.Prepare(notice);
        // Files were stored (content-addressed) before; they join the notice in the same SaveChanges.
        foreach (var file in attachments ?? [])
            db.NoticeAttachments.Add(new NoticeAttachment { NoticeId = notice.Id, Sha256 = file.Sha256, FileName = file.FileName, ContentType = file.ContentType, Size = file.Size, UploadedBy = user.DisplayName(), UploadedAt = time.GetUtcNow() });
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await NoticeSearch.IndexAsync(db, [notice], ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException) { return (CommandResult.Conflict(Text.Get("该编号的信息已存在")), null); }
        return (CommandResult.Ok, notice.Id);
    }

    /// <summary>草稿 → 待审核 → 已发布; 已发布 → 已撤回 → 草稿. Publishing matches and alerts.</summary>
    public async Task<CommandResult> MoveAsync(ClaimsPrincipal user, Guid id, NoticeStatus to, CancellationToken ct)
    {
        var notice = await db.Notices.SingleOrDefaultAsync(n => n.Id == id, ct);
        if (notice is null) return CommandResult.NotFound(Text.Get("信息不存在"));
        var allowed = (notice.Status, to) switch
        {
            (NoticeStatus.Draft, NoticeStatus.InReview) => true,
            (NoticeStatus.InReview, NoticeStatus.Published) => true,
            (NoticeStatus.InReview, NoticeStatus.Draft) => true,
            (NoticeStatus.Published, NoticeStatus.Withdrawn) => true,
            (NoticeStatus.Withdrawn, NoticeStatus.Draft) => true,
            _ => false,
        };
        if (!allowed) return CommandResult.Invalid(Text.Format("信息当前为“{0}”，不能改为“{1}”", NoticeLabels.Status(notice.Status), NoticeLabels.Status(to)));
        notice.Status = to;
        if (to == NoticeStatus.Published) notice.PublishedOn ??= clock.Today;
        notice.UpdatedAt = time.GetUtcNow();
        notice.Version++;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await NoticeSearch.IndexAsync(db, [notice], ct);
        await db.SaveChangesAsync(ct);
        if (to == NoticeStatus.Published) await AlertAsync([notice], ct);
        await transaction.CommitAsync(ct);
        return CommandResult.Ok;
    }

    public async Task<CommandResult> AcknowledgeAsync(ClaimsPrincipal user, Guid alertId, CancellationToken ct)
    {
        var scope = EnterpriseScope.For(user);
        var alert = await db.NoticeAlerts.SingleOrDefaultAsync(a => a.Id == alertId, ct);
        if (alert is null || scope.All || !scope.Allows(alert.EnterpriseId)) return CommandResult.NotFound(Text.Get("预警不存在"));
        if (alert.AcknowledgedAt is null) (alert.AcknowledgedAt, alert.AcknowledgedBy) = (time.GetUtcNow(), user.DisplayName());
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    public async Task<CommandResult> SubscribeAsync(Guid enterpriseId, string? markets, string? hsCodes, CancellationToken ct)
    {
        var marketList = Codes(markets).Select(c => c.ToUpperInvariant()).ToList();
        if (marketList.FirstOrDefault(m => Reference.ReferenceData.FindCountry(m) is null) is { } unknown) return CommandResult.Invalid(Text.Format("未知的国家或地区代码：{0}", unknown));
        var hsList = Codes(hsCodes).Select(Reference.ReferenceData.NormalizeHsCode).ToList();
        if (hsList.FirstOrDefault(h => h.Length is < 4 or > 6) is { } bad) return CommandResult.Invalid(Text.Format("订阅的 HS 编码应为 4 到 6 位：{0}", bad));
        db.NoticeSubscriptions.RemoveRange(await db.NoticeSubscriptions.Where(s => s.EnterpriseId == enterpriseId).ToListAsync(ct));
        db.NoticeSubscriptions.AddRange(marketList.Distinct().Select(m => new NoticeSubscription { EnterpriseId = enterpriseId, Kind = "M", Code = m })
            .Concat(hsList.Distinct().Select(h => new NoticeSubscription { EnterpriseId = enterpriseId, Kind = "H", Code = h })));
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    private static IEnumerable<string> Codes(string? text) => (text ?? "").Split([',', ';', ' ', '，', '；', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
