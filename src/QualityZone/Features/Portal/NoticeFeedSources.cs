using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Jobs;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Portal;

/// <summary>
/// A feed the platform fetches by itself (issue 7 item 3: "from files now and from a configurable URL"): an ePing
/// export, a Safety Gate XML or OpenDataSoft query, the CPSC SaferProducts recall service. What comes back goes
/// through the same importer as an uploaded file (format detected, all or nothing, idempotent).
/// </summary>
public sealed class NoticeFeedSource
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public required string Url { get; set; }
    /// <summary>
    /// CPSC SaferProducts: ask only for what changed since the latest LastPublishDate already imported
    /// (<c>LastPublishDateStart=yyyy-MM-dd</c>, the service's incremental query; domain-facts.md). The first fetch loads everything.
    /// </summary>
    public bool IncrementalByLastPublishDate { get; set; }
    public int IntervalHours { get; set; } = 24;
    public bool Enabled { get; set; } = true;
    public DateTimeOffset? LastRunAt { get; set; }
    public bool? LastSucceeded { get; set; }
    /// <summary>The last run's report (records, created, updated, alerts) or its error.</summary>
    public string? LastMessage { get; set; }
    /// <summary>The address the last run asked (with the incremental parameter), for the operator to check.</summary>
    public string? LastRequestUrl { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public bool IsDue(DateTimeOffset now) => Enabled && (LastRunAt is null || now - LastRunAt >= TimeSpan.FromHours(IntervalHours));
}

public sealed class NoticeFeedSourceConfiguration : IEntityTypeConfiguration<NoticeFeedSource>
{
    public void Configure(EntityTypeBuilder<NoticeFeedSource> builder)
    {
        builder.ToTable("notice_feed_sources");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.Url).HasMaxLength(1000);
        builder.Property(s => s.LastMessage).HasMaxLength(2000);
        builder.Property(s => s.LastRequestUrl).HasMaxLength(1100);
        builder.Property(s => s.CreatedBy).HasMaxLength(100);
        builder.HasIndex(s => s.Name).IsUnique();
    }
}

public sealed record FeedSourceInput(string? Name, string? Url, bool IncrementalByLastPublishDate, int? IntervalHours, bool Enabled);

/// <summary>A feed source as the API shows it.</summary>
public sealed record FeedSourceDto(Guid Id, string Name, string Url, bool IncrementalByLastPublishDate, int IntervalHours, bool Enabled,
    DateTimeOffset? LastRunAt, bool? LastSucceeded, string? LastMessage, string? LastRequestUrl, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static FeedSourceDto Of(NoticeFeedSource s) => new(s.Id, s.Name, s.Url, s.IncrementalByLastPublishDate, s.IntervalHours, s.Enabled,
        s.LastRunAt, s.LastSucceeded, Msg.Render(s.LastMessage), s.LastRequestUrl, s.CreatedBy, s.CreatedAt);
}

/// <summary>Keeps the feed sources and fetches them: by hand from the page or the API, and on schedule by <see cref="NoticeFeedJob"/>.</summary>
public sealed class NoticeFeedFetcher(AppDbContext db, NoticeCommands notices, Notifications.NotificationService notifications, IHttpClientFactory http,
    OutboundAddresses outbound, TimeProvider time, ILogger<NoticeFeedFetcher> logger)
{
    public const string HttpClientName = "notice-feeds";
    /// <summary>A full CPSC load is some tens of megabytes; anything far beyond is not a feed.</summary>
    public const long MaxBytes = 200L * 1024 * 1024;

    public string? Validate(FeedSourceInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 100) return Text.Get("请填写数据源名称（不超过 100 字）");
        if (!Uri.TryCreate(input.Url?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || input.Url!.Trim().Length > 1000)
            return Text.Get("地址应为 http 或 https 开头的完整网址");
        // A literal internal address is refused at once; a name is judged when connecting (see OutboundAddresses).
        if (!outbound.AllowsLiteral(uri)) return Text.Get("数据源地址不能是内部网络地址");
        if (input.IntervalHours is not (>= 1 and <= 720)) return Text.Get("抓取间隔应为 1 到 720 小时");
        return null;
    }

    public async Task<(CommandResult Result, Guid? Id)> SaveAsync(ClaimsPrincipal user, Guid? id, FeedSourceInput input, CancellationToken ct)
    {
        if (Validate(input) is { } error) return (CommandResult.Invalid(error), null);
        var name = input.Name!.Trim();
        if (await db.NoticeFeedSources.AnyAsync(s => s.Name == name && s.Id != id, ct)) return (CommandResult.Conflict(Text.Format("数据源“{0}”已存在", name)), null);
        NoticeFeedSource source;
        if (id is { } existing)
        {
            var found = await db.NoticeFeedSources.SingleOrDefaultAsync(s => s.Id == existing, ct);
            if (found is null) return (CommandResult.NotFound(Text.Get("数据源不存在")), null);
            source = found;
        }
        else db.NoticeFeedSources.Add(source = new NoticeFeedSource { Name = name, Url = "", CreatedBy = user.DisplayName(), CreatedAt = time.GetUtcNow() });
        (source.Name, source.Url, source.IncrementalByLastPublishDate, source.IntervalHours, source.Enabled) =
            (name, input.Url!.Trim(), input.IncrementalByLastPublishDate, input.IntervalHours!.Value, input.Enabled);
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, source.Id);
    }

    /// <summary>The address to ask: for an incremental source, with the latest LastPublishDate already imported from CPSC.</summary>
    public async Task<string> RequestUrlAsync(NoticeFeedSource source, CancellationToken ct)
    {
        if (!source.IncrementalByLastPublishDate) return source.Url;
        var latest = await db.Notices.Where(n => n.Source == NoticeSource.Cpsc).MaxAsync(n => n.LastPublishDate, ct);
        if (latest is null) return source.Url;
        // The start is inclusive: records of that day come again and are found unchanged (the importer is idempotent).
        return source.Url + (source.Url.Contains('?') ? "&" : "?") + $"LastPublishDateStart={latest:yyyy-MM-dd}";
    }

    /// <summary>
    /// Fetches one source and imports what it returns; the outcome is kept on the source, which comes back with the
    /// import's report (none when the fetch itself failed); null when there is no such source. A failed fetch or import changes no notice.
    /// </summary>
    public async Task<(NoticeFeedSource Source, ImportReport? Report)?> FetchAsync(Guid id, CancellationToken ct)
    {
        var source = await db.NoticeFeedSources.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (source is null) return null;
        var url = await RequestUrlAsync(source, ct);
        ImportReport? report = null;
        // Kept on the source and sent to the editors: a message, read in each reader's language (the import's first
        // error is the importer's text, in the language of the run).
        Msg message;
        try
        {
            var content = await DownloadAsync(url, ct);
            var importer = new ClaimsPrincipal(new ClaimsIdentity([new(AppClaims.DisplayName, Text.Format("数据源：{0}", source.Name))], "feed"));
            report = await notices.ImportAsync(importer, content, ct);
            message = report.Succeeded
                ? Msg.Of("{0}：{1} 条，新增 {2}，更新 {3}，未变 {4}；预警 {5} 个企业次，整改事项 {6} 项", report.Format, report.Records, report.Created, report.Updated, report.Unchanged, report.Alerts, report.Actions)
                : Msg.Of("{0}：{1} 条记录有误，未导入。第一条：第 {2} 条 {3}", report.Format, report.Errors.Count, report.Errors[0].Record, Text.Shorten(report.Errors[0].Message, 800));
        }
        catch (FeedFetchException ex) { message = ex.Reason; }
        // One message for a refused internal address, a closed port, a failed lookup and a timeout: the page must not
        // tell a user which internal hosts and ports are alive. The operator finds the reason in the log.
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogWarning(ex, "Feed source {Source} not reachable at {Url}", source.Name, url);
            message = Msg.Of("数据源无法访问");
        }
        // The importer's own changes are committed or rolled back already; what is left is the outcome on the source.
        db.ChangeTracker.Clear();
        source = await db.NoticeFeedSources.SingleAsync(s => s.Id == id, ct);
        var succeeded = report?.Succeeded == true;
        // The editors hear when a source starts failing (not again at every failed run until it works again).
        if (!succeeded && source.LastSucceeded != false)
            foreach (var role in new[] { Roles.AssociationStaff, Roles.ZoneAdmin })
                await notifications.NotifyRoleAsync(role, Msg.Of("数据源“{0}”抓取失败", source.Name), message.Store(), "/portal/feeds", ct);
        (source.LastRunAt, source.LastSucceeded, source.LastMessage, source.LastRequestUrl) = (time.GetUtcNow(), succeeded, message.Store(), Text.Shorten(url, 1100));
        await db.SaveChangesAsync(ct);
        return (source, report);
    }

    private async Task<byte[]> DownloadAsync(string url, CancellationToken ct)
    {
        using var client = http.CreateClient(HttpClientName);
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode) throw new FeedFetchException(Msg.Of("数据源返回 HTTP {0}", (int)response.StatusCode));
        if (response.Content.Headers.ContentLength > MaxBytes) throw new FeedFetchException(Msg.Of("数据源内容超过 {0} MB", MaxBytes / 1024 / 1024));
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            // Servers may not say the length (chunked): counted as it comes.
            if (buffer.Length + read > MaxBytes) throw new FeedFetchException(Msg.Of("数据源内容超过 {0} MB", MaxBytes / 1024 / 1024));
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

public sealed class FeedFetchException(Msg reason) : Exception(reason.Render())
{
    public Msg Reason { get; } = reason;
}

/// <summary>Fetches the sources that are due, hourly; off in tests and one-off CLI runs (Jobs:Enabled=false).</summary>
public sealed class NoticeFeedJob(IServiceScopeFactory scopes, JobLeases leases, TimeProvider time, ILogger<NoticeFeedJob> logger) : ScheduledJob(scopes, leases, logger)
{
    public override string Name => "notice-feeds";
    protected override TimeSpan Interval => TimeSpan.FromHours(1);
    protected override TimeSpan FirstRunAfter => TimeSpan.FromMinutes(3);

    protected override async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var due = (await services.GetRequiredService<AppDbContext>().NoticeFeedSources.AsNoTracking().ToListAsync(ct))
            .Where(s => s.IsDue(now)).Select(s => s.Id).ToList();
        foreach (var id in due)
        {
            // A scope per source: one source's failure or tracked rows do not touch the next.
            await using var scope = Scopes.CreateAsyncScope();
            var fetched = await scope.ServiceProvider.GetRequiredService<NoticeFeedFetcher>().FetchAsync(id, ct);
            logger.LogInformation("Feed {Source}: {Outcome}", id, Msg.Render(fetched?.Source.LastMessage));
        }
    }
}
