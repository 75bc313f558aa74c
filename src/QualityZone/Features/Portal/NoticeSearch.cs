using System.Text;
using Ganss.Xss;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Portal;

/// <summary>
/// Full-text search that works for Chinese without spaces on both databases. Text is turned into
/// tokens the databases' plain word splitters can index: every CJK character and every pair of
/// adjacent CJK characters (so "电磁阀" is 电 磁 阀 电磁 磁阀), and lower-case Latin words and numbers.
/// What the reader typed is read by <see cref="SearchQuery"/> (words in any order, Chinese split into words,
/// English inflections, glossary translations). SQLite indexes the tokens in an FTS5 table (`notice_search`);
/// PostgreSQL in a GIN index on <c>to_tsvector('simple', "SearchTokens")</c>.
/// </summary>
public static class NoticeSearch
{
    private static bool IsCjk(char c) => SearchQuery.IsCjk(c);

    public static string Tokens(params string?[] texts)
    {
        var tokens = new List<string>();
        foreach (var text in texts)
            if (!string.IsNullOrEmpty(text)) Split(text, tokens);
        return string.Join(' ', tokens);
    }

    private static void Split(string text, List<string> tokens)
    {
        var word = new StringBuilder();
        void Flush() { if (word.Length > 0) { tokens.Add(word.ToString()); word.Clear(); } }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsCjk(c))
            {
                Flush();
                tokens.Add(c.ToString());
                if (i + 1 < text.Length && IsCjk(text[i + 1])) tokens.Add(text.Substring(i, 2));
            }
            else if (char.IsLetterOrDigit(c)) word.Append(char.ToLowerInvariant(c));
            else Flush();
        }
        Flush();
    }

    /// <summary>
    /// How many of the newest matches a search by relevance ranks. Ranking costs per match (bm25 ≈ 11 µs a row on SQLite,
    /// plus a fixed ≈ 9 ms for the terms' statistics): a word in 40,000 of 50,000 notices took 228 ms ranked in full against
    /// the portal's 50 ms; the newest 1,000 take ≈ 20 ms. Beyond them the reader switches to newest first (the page says so).
    /// </summary>
    public const int RelevanceWindow = 1000;
    private const string RelevanceWindowText = "1000";

    /// <summary>How the matches are ordered: by relevance (the default of a search, the newest first among equals) or newest first.</summary>
    public enum Order { Relevance, Newest }

    /// <summary>
    /// Notices matching the query, in the asked order, as a composable query (the caller must not sort again). On SQLite the
    /// FTS matches come first and the notices are read by key (`CROSS JOIN`, an order SQLite keeps): written as notices IN
    /// (FTS), SQLite walked every published notice to test membership (115 ms at 50,000 notices instead of 8). Newest first
    /// reads FTS5's rowid order (see IndexAsync) and stops at a page; relevance is FTS5's bm25 / PostgreSQL's ts_rank
    /// (term frequency against the notice's length) over the newest <see cref="RelevanceWindow"/> matches, the publication order breaking ties.
    /// </summary>
    /// <returns>The matching notices, and whether they are ordered already (a query without words is not).</returns>
    public static (IQueryable<Notice> Notices, bool Ordered) Matching(AppDbContext db, string? query, Order order = Order.Relevance)
    {
        var search = SearchQuery.Parse(query);
        if (search.IsEmpty) return (db.Notices.AsNoTracking(), false);
        if (db.Database.IsNpgsql())
            return (db.Notices.FromSqlRaw(order == Order.Relevance ? PostgresByRelevance : PostgresNewest, search.ToTsQuery()).AsNoTracking(), true);
        return (db.Notices.FromSqlRaw(order == Order.Relevance ? SqliteByRelevance : SqliteNewest, search.ToFts5()).AsNoTracking(), true);
    }

    // The statements ({0} the query text; public so the bench times the same text on a plain connection).
    // PostgreSQL: the stored tsvector column (migration TraceRequestsAndFeedSources, not mapped: no query of notices should carry it).
    // The window names the published status so the portal's (status, published, created) index gives it newest first and
    // stops at the window (without it: a scan of every notice and a sort, 45 ms instead of 8 for a word in 40,000 notices).
    public const string PostgresByRelevance =
        "SELECT n.* FROM (SELECT c.\"Id\", ts_rank(c.\"SearchVector\", q) AS r, c.\"PublishedOn\", c.\"CreatedAt\" FROM (SELECT \"Id\", \"SearchVector\", \"PublishedOn\", \"CreatedAt\" FROM notices "
        + "WHERE \"Status\" = 'Published' AND \"SearchVector\" @@ to_tsquery('simple', {0}) ORDER BY \"PublishedOn\" DESC, \"CreatedAt\" DESC LIMIT " + RelevanceWindowText + ") c, to_tsquery('simple', {0}) q) s "
        + "JOIN notices n ON n.\"Id\" = s.\"Id\" ORDER BY s.r DESC, s.\"PublishedOn\" DESC, s.\"CreatedAt\" DESC";
    public const string PostgresNewest = "SELECT n.* FROM notices n WHERE n.\"SearchVector\" @@ to_tsquery('simple', {0}) ORDER BY n.\"PublishedOn\" DESC, n.\"CreatedAt\" DESC";
    // SQLite by relevance: the window's ids ranked first (narrow rows), then the notices read by key in that order.
    public const string SqliteByRelevance =
        "SELECT n.* FROM (SELECT notice_id, k, r FROM (SELECT notice_id, rowid AS k, bm25(notice_search) AS r FROM notice_search WHERE notice_search MATCH {0} "
        + "ORDER BY rowid DESC LIMIT " + RelevanceWindowText + ") ORDER BY r, k DESC LIMIT " + RelevanceWindowText + ") s CROSS JOIN notices n WHERE n.\"Id\" = s.notice_id";
    // SQLite newest first by the FTS rowid (see IndexAsync): a page is read without sorting every match.
    public const string SqliteNewest = "SELECT n.* FROM notice_search s CROSS JOIN notices n WHERE notice_search MATCH {0} AND n.\"Id\" = s.notice_id ORDER BY s.rowid DESC";

    /// <summary>Bits of a search key below the publication day: room for 16 million notices a day.</summary>
    private const int DayShift = 24;

    /// <summary>
    /// SQLite: keeps the FTS rows of the given notices (called in the saving transaction, before SaveChanges, which
    /// stores the keys). A published notice's row gets as rowid its key: publication day « 24 + the next number of
    /// that day, so FTS5 hands matches out newest first (ORDER BY rowid DESC) and a search for a word in most
    /// notices stops after a page instead of sorting all of them. Rows of notices no longer published go.
    /// </summary>
    public static async Task IndexAsync(AppDbContext db, IReadOnlyCollection<Notice> notices, CancellationToken ct)
    {
        if (db.Database.IsNpgsql() || notices.Count == 0) return;
        foreach (var notice in notices.Where(n => n.SearchKey is not null))
        {
            // By rowid: the notice id column of the FTS table is not indexed, a delete by it would scan.
            await db.Database.ExecuteSqlRawAsync("DELETE FROM notice_search WHERE rowid = {0}", [notice.SearchKey!.Value], ct);
            notice.SearchKey = null;
        }
        var published = notices.Where(n => n.Status == NoticeStatus.Published).ToList();
        if (published.Count == 0) return;
        // The last key of each day: one prepared statement (a feed of history spans thousands of days).
        await using (var lastOfDay = db.Database.GetDbConnection().CreateCommand())
        {
            lastOfDay.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            lastOfDay.CommandText = "SELECT max(rowid) FROM notice_search WHERE rowid BETWEEN @first AND @last";
            var (first, last) = (lastOfDay.CreateParameter(), lastOfDay.CreateParameter());
            (first.ParameterName, last.ParameterName) = ("@first", "@last");
            lastOfDay.Parameters.Add(first);
            lastOfDay.Parameters.Add(last);
            foreach (var day in published.GroupBy(n => (long)(n.PublishedOn?.DayNumber ?? 0)))
            {
                (first.Value, last.Value) = (day.Key << DayShift, (day.Key << DayShift) + (1L << DayShift) - 1);
                var key = await lastOfDay.ExecuteScalarAsync(ct) is long found ? found : day.Key << DayShift;
                foreach (var notice in day.OrderBy(n => n.CreatedAt)) notice.SearchKey = ++key;
            }
        }
        // Written in key order: the index's pages are visited once each, in order, instead of at random.
        await BulkWriter.InsertAsync<Notice>(db, "notice_search",
            [new("rowid", NpgsqlTypes.NpgsqlDbType.Bigint, n => n.SearchKey), new("tokens", NpgsqlTypes.NpgsqlDbType.Text, n => n.SearchTokens),
             new("notice_id", NpgsqlTypes.NpgsqlDbType.Text, n => n.Id.ToString().ToUpperInvariant())], published.OrderBy(n => n.SearchKey).ToList(), ct);
    }

    private static readonly HtmlSanitizer Sanitizer = new();

    /// <summary>Rich text as it may be shown: scripts, event handlers, frames and javascript: links removed.</summary>
    public static string? Sanitize(string? html) => string.IsNullOrWhiteSpace(html) ? null : Sanitizer.Sanitize(html);

    /// <summary>What a notice's search and ordering read, maintained whenever it is saved.</summary>
    public static void Prepare(Notice n)
    {
        n.SearchTokens = TokensOf(n);
        n.ConcernsZone = ConcernsZone(n);
    }

    // The headings of pneumatic and fluid-power products (HS 2022: 8412 engines and motors incl. pneumatic cylinders,
    // 8481 valves, 8414 compressors, 8421 filters, 7307 fittings, 4009 hoses) and the words a recall of them uses.
    private static readonly string[] ZoneHeadings = [";8412", ";8481", ";8414", ";8421", ";7307", ";4009"];
    // <data>
    private static readonly string[] ZoneWords = ["pneumatic", "hydraulic", "solenoid", "valve", "compressor", "fluid power", "air cylinder", "气动", "液压", "电磁阀", "阀门", "气缸", "压缩机"];
    // </data>

    /// <summary>A notice concerns the zone when it names a heading of its products or speaks of them.</summary>
    public static bool ConcernsZone(Notice n)
    {
        if (ZoneHeadings.Any(h => n.HsCodes.Contains(h, StringComparison.Ordinal))) return true;
        var text = $"{n.Title} {n.Summary}";
        return ZoneWords.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The same rule in SQL, to mark the notices stored before it (migration NoticeConcernsZone).</summary>
    public static string ConcernsZoneBackfill(bool postgres)
    {
        var like = postgres ? "ILIKE" : "LIKE"; // SQLite's LIKE ignores ASCII case already
        var conditions = ZoneHeadings.Select(h => $"\"HsCodes\" LIKE '%{h}%'")
            .Concat(ZoneWords.Select(w => $"(\"Title\" || ' ' || COALESCE(\"Summary\", '')) {like} '%{w}%'"));
        return $"UPDATE notices SET \"ConcernsZone\" = {(postgres ? "TRUE" : "1")} WHERE {string.Join(" OR ", conditions)}";
    }

    public static string TokensOf(Notice n) => Tokens(n.Title, n.Reference, n.Summary, StripTags(n.BodyHtml), n.Brand, n.Model, n.Risk, n.Measures, n.Equivalents, n.Country);

    private static string? StripTags(string? html) => html is null ? null : System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " ");
}
