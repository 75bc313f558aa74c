using Microsoft.EntityFrameworkCore;
using QualityZone.Features.ExportArchives;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Portal;

public sealed record NoticeMatch(Guid EnterpriseId, string Reason, decimal Confidence);

/// <summary>
/// Matches notices to enterprises. A notice's markets and HS codes come from the source, or — when the
/// source gives none, as most recalls and many TBT notifications — are suggested from keywords in Chinese
/// and English (domain-facts.md: pneumatic, cylinder, valve, air hose, fitting … 气动, 气缸, 电磁阀, 接头).
/// An enterprise matches on a market it exports to with an HS code under one of the notice's codes:
/// 0.9 from the source's codes, 0.6 from keywords; its subscriptions add matches of their own. Below 0.5
/// nothing is sent.
/// </summary>
public sealed class NoticeMatcher(AppDbContext db, ZoneClock clock)
{
    public const decimal AlertThreshold = 0.5m;

    // <data>
    /// <summary>
    /// Keywords → the zone's HS-6 codes they point to (domain-facts.md, "Products, HS codes"). Bare "cylinder",
    /// "valve", "hose" or "fitting" are left out on purpose: in consumer recalls they name gas cylinders, stove
    /// valves and garden hoses far more often than pneumatic parts.
    /// </summary>
    public static readonly (string Keyword, string[] Hs)[] Keywords =
    [
        ("pneumatic cylinder", ["841231"]), ("air cylinder", ["841231"]), ("气缸", ["841231"]),
        ("rotary actuator", ["841239"]), ("pneumatic motor", ["841239"]), ("摆动气缸", ["841239"]), ("气动马达", ["841239"]),
        ("solenoid valve", ["848120"]), ("pneumatic valve", ["848120"]), ("directional valve", ["848120"]), ("valves for pneumatic", ["848120"]), ("电磁阀", ["848120"]), ("换向阀", ["848120"]), ("气控阀", ["848120"]),
        ("pressure regulator", ["848110"]), ("pressure-reducing valve", ["848110"]), ("减压阀", ["848110"]),
        ("check valve", ["848130"]), ("safety valve", ["848140"]), ("relief valve", ["848140"]), ("单向阀", ["848130"]), ("安全阀", ["848140"]),
        ("compressed air filter", ["842139"]), ("air filter regulator", ["842139"]), ("过滤器", ["842139"]), ("三联件", ["842139"]),
        ("push-in fitting", ["391740"]), ("push-to-connect fitting", ["391740"]), ("brass fitting", ["741220"]), ("pneumatic fitting", ["741220", "391740"]), ("气动接头", ["741220", "391740"]), ("快插接头", ["391740"]),
        ("air hose", ["391732"]), ("pneumatic tube", ["391732"]), ("pneumatic tubing", ["391732"]), ("气管", ["391732"]),
        ("pneumatic tool", ["846711", "846719"]), ("impact wrench", ["846711"]), ("air compressor", ["841440"]), ("气动工具", ["846711", "846719"]), ("气动扳手", ["846711"]),
        ("pneumatic", ["8412", "8481", "842139"]), ("气动", ["8412", "8481", "842139"]),
    ];
    // </data>

    /// <summary>The codes a notice's text points to, with the keyword that did (longest keyword first, so "solenoid valve" wins over "valve").</summary>
    public static IReadOnlyList<(string Keyword, string Hs)> SuggestHs(Notice notice)
    {
        // A recall is about its product: its title names it; a notification's description says what it covers.
        var text = (notice.Type == NoticeType.Recall ? $" {notice.Title} {notice.Model} " : $" {notice.Title} {notice.Summary} {notice.Model} ").ToLowerInvariant();
        var found = new List<(string, string)>();
        foreach (var (keyword, codes) in Keywords.OrderByDescending(k => k.Keyword.Length))
        {
            if (!text.Contains(keyword, StringComparison.Ordinal)) continue;
            text = text.Replace(keyword, " ", StringComparison.Ordinal);
            found.AddRange(codes.Select(c => (keyword, c)));
        }
        return found;
    }

    /// <summary>Rebuilds the export profiles: register products × markets, and the last twelve months of returns.</summary>
    public async Task RefreshProfilesAsync(CancellationToken ct)
    {
        var from = ExportReturn.PeriodOf(clock.Today.AddMonths(-12));
        var returned = await db.ExportReturnLines.AsNoTracking().Where(l => l.Effective && string.Compare(l.Period, from) >= 0)
            .Select(l => new { l.EnterpriseId, l.CountryCode, l.HsCode }).Distinct().ToListAsync(ct);
        var products = await db.EnterpriseProducts.AsNoTracking().Select(p => new { p.EnterpriseId, p.HsCode }).ToListAsync(ct);
        var markets = await db.EnterpriseMarkets.AsNoTracking().Select(m => new { m.EnterpriseId, m.CountryCode }).ToListAsync(ct);
        var rows = returned.Select(r => (r.EnterpriseId, r.CountryCode, Hs: r.HsCode))
            .Concat(from p in products join m in markets on p.EnterpriseId equals m.EnterpriseId select (p.EnterpriseId, m.CountryCode, Hs: p.HsCode))
            .Where(r => r.Hs.Length >= 6 && r.CountryCode.Length == 2)
            .Select(r => new ExportProfileEntry { EnterpriseId = r.EnterpriseId, CountryCode = r.CountryCode, HsCode = r.Hs[..6] })
            .DistinctBy(r => (r.EnterpriseId, r.CountryCode, r.HsCode)).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.ExportProfiles.ExecuteDeleteAsync(ct);
        await BulkWriter.InsertAsync<ExportProfileEntry>(db, "export_profiles",
            [new("EnterpriseId", NpgsqlTypes.NpgsqlDbType.Uuid, r => r.EnterpriseId), new("CountryCode", NpgsqlTypes.NpgsqlDbType.Text, r => r.CountryCode), new("HsCode", NpgsqlTypes.NpgsqlDbType.Text, r => r.HsCode)], rows, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>The matches of each notice, reading the profiles of the notices' markets once.</summary>
    public async Task<Dictionary<Guid, List<NoticeMatch>>> MatchAsync(IReadOnlyCollection<Notice> notices, CancellationToken ct)
    {
        var matching = await LoadAsync(notices.SelectMany(n => n.MarketList), ct);
        return notices.ToDictionary(n => n.Id, matching.Match);
    }

    /// <summary>The export profiles of these markets and every subscription, read once to match many notices against.</summary>
    public async Task<Matching> LoadAsync(IEnumerable<string> markets, CancellationToken ct)
    {
        var wanted = markets.Distinct().ToList();
        var profiles = wanted.Count == 0 ? [] : await db.ExportProfiles.AsNoTracking().Where(p => wanted.Contains(p.CountryCode)).ToListAsync(ct);
        return new Matching(profiles.ToLookup(p => p.CountryCode), await db.NoticeSubscriptions.AsNoTracking().ToListAsync(ct));
    }

    public sealed class Matching(ILookup<string, ExportProfileEntry> byCountry, List<NoticeSubscription> subscriptions)
    {
        // A feed of 10,000 notifications matches about 1.5 million times with a few hundred distinct reasons:
        // each reason is written once and shared (issue 22: memory ≤ 400 MB during the portal's imports).
        private readonly Dictionary<(string Template, string A, string? B, string? C), string> reasons = [];

        public List<NoticeMatch> Match(Notice notice)
        {
            var codes = notice.HsList.Select(h => (Keyword: (string?)null, Hs: h)).ToList();
            if (codes.Count == 0) codes = SuggestHs(notice).Select(s => ((string?)s.Keyword, s.Hs)).ToList();
            var matches = new Dictionary<Guid, NoticeMatch>();
            void Offer(Guid enterprise, string reason, decimal confidence)
            {
                if (!matches.TryGetValue(enterprise, out var known) || known.Confidence < confidence) matches[enterprise] = new NoticeMatch(enterprise, reason, confidence);
            }
            foreach (var market in notice.MarketList)
                foreach (var profile in byCountry[market])
                    foreach (var (keyword, hs) in codes)
                        if (profile.HsCode.StartsWith(hs, StringComparison.Ordinal))
                            Offer(profile.EnterpriseId, keyword is null ? Reason("HS {0} + 市场 {1}", hs, market) : Reason("关键词“{0}”→ HS {1} + 市场 {2}", keyword, hs, market), keyword is null ? 0.9m : 0.6m);
            foreach (var subscription in subscriptions)
            {
                if (subscription.Kind == "M" && notice.MarketList.Contains(subscription.Code) && codes.Count > 0) Offer(subscription.EnterpriseId, Reason("订阅市场 {0}", subscription.Code), 0.5m);
                if (subscription.Kind == "H" && codes.Any(c => c.Hs.StartsWith(subscription.Code, StringComparison.Ordinal) || subscription.Code.StartsWith(c.Hs, StringComparison.Ordinal)))
                    Offer(subscription.EnterpriseId, Reason("订阅 HS {0}", subscription.Code), 0.7m);
            }
            return matches.Values.Where(m => m.Confidence >= AlertThreshold).ToList();
        }

        /// <summary>The stored message (<see cref="Msg.Store"/>) of a reason, written once per template and arguments.</summary>
        private string Reason(string template, string a, string? b = null, string? c = null)
        {
            if (reasons.TryGetValue((template, a, b, c), out var reason)) return reason;
            object?[] args = c is not null ? [a, b, c] : b is not null ? [a, b] : [a];
            return reasons[(template, a, b, c)] = Msg.Of(template, args).Store();
        }
    }
}
