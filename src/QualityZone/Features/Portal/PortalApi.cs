using Microsoft.AspNetCore.Http.HttpResults;
using QualityZone.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using System.Security.Claims;
using System.Text;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Portal;

/// <summary>The portal over HTTP: search and read published notices (anyone), import feeds (staff), alerts (an enterprise its own), RSS per market and type.</summary>
public static class PortalApi
{
    public sealed record NoticeDto(Guid Id, NoticeType Type, NoticeSource Source, string? Reference, string Title, string? Summary, IEnumerable<string> Markets, IEnumerable<string> HsCodes,
        string? Country, string? Brand, string? Model, string? Risk, string? Measures, string? OriginCountry, string? Url, DateOnly? PublishedOn, DateOnly? AppliesFrom, DateOnly? CommentDeadline, Guid? ParentId);
    public sealed record AlertDto(Guid Id, Guid NoticeId, Guid EnterpriseId, string Title, string Reason, decimal Confidence, DateTimeOffset CreatedAt, DateTimeOffset? AcknowledgedAt);
    public sealed record SearchFilter(string? Q, NoticeType? Type, string? Market, string? Hs, DateOnly? From, DateOnly? To, NoticeSearch.Order Order = NoticeSearch.Order.Relevance);

    /// <summary>What both feeds (RSS and Atom) carry: the latest 50 published notices of a type and market, and their title.</summary>
    private static async Task<(List<Notice> Items, string Title)> FeedAsync(AppDbContext db, NoticeType? type, string? market, CancellationToken ct) =>
        (await Search(db, new SearchFilter(null, type, market, null, null, null)).Take(50).ToListAsync(ct),
         Text.Get("奉化出口气动元件质量安全信息") + (type is { } t ? " · " + NoticeLabels.Type(t) : "") + (market is null ? "" : " · " + market.ToUpperInvariant()));

    /// <summary>Published notices by the filter: a search by relevance or newest first as asked, a listing newest first.</summary>
    public static IQueryable<Notice> Search(AppDbContext db, SearchFilter f)
    {
        var (matches, ordered) = NoticeSearch.Matching(db, f.Q, f.Order);
        var query = matches.Where(n => n.Status == NoticeStatus.Published);
        if (f.Type is { } type) query = query.Where(n => n.Type == type);
        if (!string.IsNullOrWhiteSpace(f.Market)) { var m = ";" + f.Market.Trim().ToUpperInvariant() + ";"; query = query.Where(n => n.Markets.Contains(m)); }
        if (Reference.ReferenceData.NormalizeHsCode(f.Hs) is { Length: > 0 } hs) { var h = ";" + hs[..Math.Min(4, hs.Length)]; query = query.Where(n => n.HsCodes.Contains(h)); }
        if (f.From is { } from) query = query.Where(n => n.PublishedOn >= from);
        if (f.To is { } to) query = query.Where(n => n.PublishedOn <= to);
        // A search comes in its order from the full-text statement already; sorting here would read every match (on
        // SQLite 85 ms for a word in 40,000 notices instead of a page, newest first).
        if (ordered) return query;
        // The recalls of a pneumatics zone lead with pneumatic and fluid-power products; consumer recalls follow (issue 21).
        if (f.Type == NoticeType.Recall) return query.OrderByDescending(n => n.ConcernsZone).ThenByDescending(n => n.PublishedOn).ThenByDescending(n => n.CreatedAt);
        return query.OrderByDescending(n => n.PublishedOn).ThenByDescending(n => n.CreatedAt);
    }

    public sealed record FeedFetchDto(FeedSourceDto Source, ImportReport? Report);

    public static NoticeDto ToDto(Notice n) => new(n.Id, n.Type, n.Source, n.Reference, n.Title, n.Summary, n.MarketList, n.HsList, n.Country, n.Brand, n.Model, n.Risk, n.Measures,
        n.OriginCountry, n.Url, n.PublishedOn, n.AppliesFrom, n.CommentDeadline, n.ParentId);

    public static void MapPortalApi(this WebApplication app)
    {
        app.MapGet("/api/notices", async (AppDbContext db, string? q, NoticeType? type, string? market, string? hs, DateOnly? from, DateOnly? to, NoticeSearch.Order? sort, int? page, CancellationToken ct) =>
                (await Search(db, new SearchFilter(q, type, market, hs, from, to, sort ?? NoticeSearch.Order.Relevance)).Skip(Math.Max(0, (page ?? 1) - 1) * 50).Take(50).ToListAsync(ct)).Select(ToDto).ToList())
            .RequirePermission(PortalPermissions.Read).WithTags("Portal").WithSummary("检索已发布信息 / Search published notices (Chinese without spaces or English, words in any order, inflections and translations; type, market, HS, dates; sort=Relevance (default) or Newest; 50 a page)");

        app.MapGet("/api/notices/{id:guid}", async Task<Results<Ok<NoticeDto>, NotFound>> (Guid id, AppDbContext db, CancellationToken ct) =>
                await db.Notices.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id && n.Status == NoticeStatus.Published, ct) is { } n ? TypedResults.Ok(ToDto(n)) : TypedResults.NotFound())
            .RequirePermission(PortalPermissions.Read).WithTags("Portal").WithSummary("读取一条已发布信息 / A published notice");

        app.MapPost("/api/notices/import", async Task<Results<Ok<ImportReport>, JsonHttpResult<ImportReport>, ProblemHttpResult>> (HttpRequest request, ClaimsPrincipal user, NoticeCommands commands, CancellationToken ct) =>
            {
                byte[] content;
                if (request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true)
                {
                    var form = await request.ReadFormAsync(ct);
                    if (form.Files.GetFile("file") is not { Length: > 0 } file) return TypedResults.Problem(statusCode: 400, title: Text.Get("请选择要导入的文件"));
                    using var buffer = new MemoryStream();
                    await file.CopyToAsync(buffer, ct);
                    content = buffer.ToArray();
                }
                else
                {
                    using var buffer = new MemoryStream();
                    await request.Body.CopyToAsync(buffer, ct);
                    content = buffer.ToArray();
                }
                var report = await commands.ImportAsync(user, content, ct);
                return report.Succeeded ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: 400);
            })
            // A full CPSC load is tens of megabytes, over Kestrel's 30 MB default; the importer's own limit is 100,000 records.
            .WithMetadata(new RequestSizeLimitAttribute(NoticeFeedFetcher.MaxBytes), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = NoticeFeedFetcher.MaxBytes })
            .RequirePermission(PortalPermissions.Edit).DisableAntiforgery().RequireAntiforgeryForCookies().WithTags("Portal")
            .WithSummary("导入境外通报或召回数据 / Import a feed file (ePing JSON, Safety Gate XML / OpenDataSoft JSON, CPSC JSON) as the body or multipart 'file'; idempotent, all or nothing");

        var feeds = app.MapGroup("/api/notice-feeds").WithTags("Portal").RequirePermission(PortalPermissions.Edit);
        feeds.MapGet("", async (AppDbContext db, CancellationToken ct) => (await db.NoticeFeedSources.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct)).Select(FeedSourceDto.Of).ToList())
            .WithSummary("数据源 / Feed sources fetched by address, with their last run");
        feeds.MapPost("", async Task<Results<Created<CreatedId>, ProblemHttpResult>> ([FromBody] FeedSourceInput input, ClaimsPrincipal user, NoticeFeedFetcher fetcher, CancellationToken ct) =>
            {
                var (result, id) = await fetcher.SaveAsync(user, null, input, ct);
                return result.Succeeded ? TypedResults.Created($"/api/notice-feeds/{id}", new CreatedId((Guid)id!)) : result.ToProblem();
            })
            .WithSummary("添加数据源 / Add a feed source (http/https address, interval 1–720 h, incremental by CPSC LastPublishDate)");
        feeds.MapPut("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] FeedSourceInput input, ClaimsPrincipal user, NoticeFeedFetcher fetcher, CancellationToken ct) =>
                await fetcher.SaveAsync(user, id, input, ct) is ({ Succeeded: false } failed, _) ? failed.ToProblem() : TypedResults.NoContent())
            .WithSummary("修改数据源 / Change a feed source");
        feeds.MapPost("/{id:guid}/fetch", async Task<Results<Ok<FeedFetchDto>, ProblemHttpResult>> (Guid id, NoticeFeedFetcher fetcher, CancellationToken ct) =>
                await fetcher.FetchAsync(id, ct) is { } fetched
                    ? TypedResults.Ok(new FeedFetchDto(FeedSourceDto.Of(fetched.Source), fetched.Report))
                    : TypedResults.Problem(statusCode: 404, title: Text.Get("数据源不存在")))
            .WithSummary("立即抓取 / Fetch a source now and import what it returns; the outcome is kept on the source (lastSucceeded, lastMessage)");

        app.MapGet("/api/notice-alerts", async (ClaimsPrincipal user, AppDbContext db, bool? open, int? page, int? pageSize, CancellationToken ct) =>
            {
                var scope = EnterpriseScope.For(user);
                var alerts = db.NoticeAlerts.AsNoTracking();
                alerts = alerts.ForScope(scope);
                if (open == true) alerts = alerts.Where(a => a.AcknowledgedAt == null);
                return await ApiPaging.PageAsync(from a in alerts join n in db.Notices on a.NoticeId equals n.Id orderby a.CreatedAt descending, a.Id
                              select new AlertDto(a.Id, a.NoticeId, a.EnterpriseId, n.Title, Msg.Render(a.Reason), a.Confidence, a.CreatedAt, a.AcknowledgedAt), page, pageSize, ct);
            })
            .RequirePermission(PortalPermissions.Alerts).WithTags("Portal").WithSummary("信息预警 / Alerts (an enterprise sees its own)");

        app.MapGet("/api/notices/{id:guid}/matches", async Task<Results<Ok<List<NoticeMatch>>, NotFound>> (Guid id, AppDbContext db, NoticeMatcher matcher, CancellationToken ct) =>
            {
                var notice = await db.Notices.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id, ct);
                if (notice is null) return TypedResults.NotFound();
                return TypedResults.Ok((await matcher.MatchAsync([notice], ct))[notice.Id].Select(m => m with { Reason = Msg.Render(m.Reason) }).ToList());
            })
            .RequirePermission(PortalPermissions.Edit).WithTags("Portal").WithSummary("预览匹配企业 / Which enterprises a notice matches, with reason and confidence (nothing is sent)");

        app.MapPost("/api/notice-alerts/{id:guid}/acknowledgement", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, NoticeCommands commands, CancellationToken ct) =>
                await commands.AcknowledgeAsync(user, id, ct) is { Succeeded: true } ? TypedResults.NoContent() : TypedResults.Problem(statusCode: 404, title: Text.Get("预警不存在")))
            .RequirePermission(PortalPermissions.Alerts).WithTags("Portal").WithSummary("确认预警 / Acknowledge an alert (the enterprise it was sent to)");

        app.MapGet("/portal/feed.xml", async (HttpContext context, AppDbContext db, NoticeType? type, string? market, CancellationToken ct) =>
            {
                var (items, title) = await FeedAsync(db, type, market, ct);
                var baseUrl = $"{context.Request.Scheme}://{context.Request.Host}";
                await using var stream = new MemoryStream();
                await using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, Async = true }))
                {
                    xml.WriteStartElement("rss");
                    xml.WriteAttributeString("version", "2.0");
                    xml.WriteStartElement("channel");
                    xml.WriteElementString("title", title);
                    xml.WriteElementString("link", baseUrl + "/portal");
                    xml.WriteElementString("description", Text.Get("国外标准、技术法规、TBT 通报、召回与预警"));
                    foreach (var n in items)
                    {
                        xml.WriteStartElement("item");
                        xml.WriteElementString("title", n.Title);
                        xml.WriteElementString("link", $"{baseUrl}/portal/notices/{n.Id}");
                        xml.WriteElementString("guid", $"{baseUrl}/portal/notices/{n.Id}");
                        if (n.Summary is not null) xml.WriteElementString("description", n.Summary);
                        xml.WriteElementString("category", NoticeLabels.Type(n.Type));
                        if (n.PublishedOn is { } on) xml.WriteElementString("pubDate", on.ToDateTime(TimeOnly.MinValue).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                        xml.WriteEndElement();
                    }
                    xml.WriteEndElement();
                    xml.WriteEndElement();
                }
                return TypedResults.File(stream.ToArray(), "application/rss+xml; charset=utf-8");
            })
            .RequirePermission(PortalPermissions.Read).WithTags("Portal").WithSummary("RSS 2.0 订阅 / RSS 2.0 feed of the latest 50 published notices by type and market");

        // Atom 1.0 (RFC 4287) beside RSS: some readers and the departments' aggregators take only Atom.
        app.MapGet("/portal/feed.atom", async (HttpContext context, AppDbContext db, NoticeType? type, string? market, CancellationToken ct) =>
            {
                var (items, title) = await FeedAsync(db, type, market, ct);
                var baseUrl = $"{context.Request.Scheme}://{context.Request.Host}";
                const string atom = "http://www.w3.org/2005/Atom";
                static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
                await using var stream = new MemoryStream();
                await using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, Async = true }))
                {
                    xml.WriteStartElement("feed", atom);
                    xml.WriteElementString("id", atom, $"{baseUrl}/portal/feed.atom?type={type}&market={market?.ToUpperInvariant()}");
                    xml.WriteElementString("title", atom, title);
                    xml.WriteElementString("updated", atom, Stamp(items.Count == 0 ? DateTimeOffset.UnixEpoch : items.Max(n => n.UpdatedAt)));
                    xml.WriteStartElement("link", atom);
                    xml.WriteAttributeString("href", baseUrl + "/portal");
                    xml.WriteEndElement();
                    xml.WriteStartElement("author", atom);
                    xml.WriteElementString("name", atom, Text.Get("奉化出口气动元件质量安全示范区"));
                    xml.WriteEndElement();
                    foreach (var n in items)
                    {
                        xml.WriteStartElement("entry", atom);
                        xml.WriteElementString("id", atom, $"{baseUrl}/portal/notices/{n.Id}");
                        xml.WriteElementString("title", atom, n.Title);
                        xml.WriteElementString("updated", atom, Stamp(n.UpdatedAt));
                        if (n.PublishedOn is { } on) xml.WriteElementString("published", atom, on.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T00:00:00Z");
                        xml.WriteStartElement("link", atom);
                        xml.WriteAttributeString("href", $"{baseUrl}/portal/notices/{n.Id}");
                        xml.WriteEndElement();
                        xml.WriteStartElement("category", atom);
                        xml.WriteAttributeString("term", n.Type.ToString());
                        xml.WriteAttributeString("label", NoticeLabels.Type(n.Type));
                        xml.WriteEndElement();
                        if (n.Summary is not null) xml.WriteElementString("summary", atom, n.Summary);
                        xml.WriteEndElement();
                    }
                    xml.WriteEndElement();
                }
                return TypedResults.File(stream.ToArray(), "application/atom+xml; charset=utf-8");
            })
            .RequirePermission(PortalPermissions.Read).WithTags("Portal").WithSummary("Atom 1.0 订阅 / Atom 1.0 feed of the latest 50 published notices by type and market");

        app.MapGet("/portal/attachments/{id:guid}", async Task<Results<FileStreamHttpResult, NotFound>> (Guid id, ClaimsPrincipal user, AppDbContext db, Infrastructure.Files.FileStore files, CancellationToken ct) =>
            {
                var attachment = await (from a in db.NoticeAttachments.AsNoTracking() join n in db.Notices on a.NoticeId equals n.Id where a.Id == id select new { a, n.Status }).SingleOrDefaultAsync(ct);
                // An attachment is public with its published notice; a draft's only to the editors.
                if (attachment is null || (attachment.Status != NoticeStatus.Published && !PermissionCatalog.IsGranted(user, PortalPermissions.Edit)) || !files.Exists(attachment.a.Sha256))
                    return TypedResults.NotFound();
                return TypedResults.File(files.OpenRead(attachment.a.Sha256), attachment.a.ContentType, attachment.a.FileName);
            })
            .RequirePermission(PortalPermissions.Read).WithTags("Portal")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .WithSummary("信息附件 / Download a notice attachment (public with a published notice)");

        app.MapGet("/portal/tbt/{id:guid}/comment.docx", async Task<Results<FileContentHttpResult, NotFound>> (Guid id, TbtCommands commands, CancellationToken ct) =>
                await commands.CommentDocumentAsync(id, ct) is { } bytes ? TypedResults.File(bytes, WordDocument.ContentType, $"tbt-comment-{id:N}.docx") : TypedResults.NotFound())
            .RequirePermission(PortalPermissions.Respond)
            .Produces(StatusCodes.Status200OK, contentType: WordDocument.ContentType)
            .WithSummary("TBT 评议意见 / The consolidated TBT comment as a Word document (.docx)")
            .WithTags("Portal");
    }
}
