using System.Globalization;
using System.Security.Claims;
using System.Text;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Epcis;

/// <summary>The SimpleEventQuery parameters the zone answers (EPCIS 2.0 §8.2.7.1; REST binding GET /events).</summary>
public sealed record EpcisQueryParameters(IReadOnlyDictionary<string, string> Values)
{
    public static readonly string[] Known =
    [
        "eventType", "GE_eventTime", "LT_eventTime", "GE_recordTime", "LT_recordTime", "EQ_action", "EQ_bizStep", "EQ_disposition", "EQ_readPoint",
        "EQ_bizLocation", "EQ_eventID", "MATCH_epc", "MATCH_parentID", "MATCH_inputEPC", "MATCH_outputEPC", "MATCH_anyEPC", "MATCH_epcClass",
        "MATCH_inputEPCClass", "MATCH_outputEPCClass", "MATCH_anyEPCClass", "perPage", "nextPageToken",
    ];

    public string? this[string key] => Values.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    public IEnumerable<string> List(string key) => this[key]?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}

/// <summary>A page of events: their stored JSON-LD and the token of the next page, if any.</summary>
public sealed record EpcisPage(IReadOnlyList<string> Events, string? NextPageToken);

/// <summary>
/// Answers SimpleEventQuery from the stored events in one statement of plain SQL (a hot path,
/// docs/architecture.md): the MATCH_ parameters read epcis_event_epcs by its (epc, enterprise)
/// index, so a query by EPC costs one seek at any number of events. Paged by the event key
/// (nextPageToken is the last key seen), so pages stay stable while events arrive.
/// An enterprise reads its own events; the office and the departments read all.
/// </summary>
public sealed class EpcisQuery(RawSql sql)
{
    public const int DefaultPageSize = 30;
    public const int MaxPageSize = 1000;

    // EPCIS 2.0 §8.2.7.1: which identifiers each MATCH_ parameter looks at.
    private static readonly Dictionary<string, EpcRole[]> MatchRoles = new()
    {
        ["MATCH_epc"] = [EpcRole.Epc, EpcRole.Child],
        ["MATCH_parentID"] = [EpcRole.Parent],
        ["MATCH_inputEPC"] = [EpcRole.Input],
        ["MATCH_outputEPC"] = [EpcRole.Output],
        ["MATCH_anyEPC"] = [EpcRole.Epc, EpcRole.Child, EpcRole.Parent, EpcRole.Input, EpcRole.Output],
        ["MATCH_epcClass"] = [EpcRole.Class],
        ["MATCH_inputEPCClass"] = [EpcRole.InputClass],
        ["MATCH_outputEPCClass"] = [EpcRole.OutputClass],
        ["MATCH_anyEPCClass"] = [EpcRole.Class, EpcRole.InputClass, EpcRole.OutputClass],
    };

    /// <summary>The page, or the reasons the parameters are refused (the binding's QueryParameterException).</summary>
    public async Task<(EpcisPage? Page, IReadOnlyList<string> Problems)> RunAsync(ClaimsPrincipal user, EpcisQueryParameters query, CancellationToken ct)
    {
        var problems = new List<string>();
        var where = new List<string>();
        var parameters = new List<(string, object)>();
        string Parameter(object value)
        {
            var name = "@p" + parameters.Count;
            parameters.Add((name, value));
            return name;
        }
        string In(IEnumerable<string> values) => string.Join(", ", values.Select(v => Parameter(v)));

        foreach (var key in query.Values.Keys.Where(k => !EpcisQueryParameters.Known.Contains(k)))
            problems.Add(Text.Format("不支持的查询参数“{0}”", key));
        var scope = EnterpriseScope.For(user);
        // An enterprise's own events: by the event's column, or — when an identifier is matched — by the EPC index's own
        // enterprise column (the same value), so that SQLite seeks the identifier instead of scanning the enterprise's events.
        var matched = MatchRoles.Keys.Any(k => query[k] is not null);
        if (!scope.All && !matched) where.Add($"""e."EnterpriseId" = {Parameter(scope.EnterpriseId ?? Guid.Empty)}""");
        if (query.List("eventType").ToList() is { Count: > 0 } types)
        {
            foreach (var type in types.Where(t => !EpcisXml.EventTypes.Contains(t))) problems.Add(Text.Format("eventType“{0}”无效", type));
            where.Add($"""e."EventType" IN ({In(types)})""");
        }
        foreach (var (key, column, op) in new[] { ("GE_eventTime", "EventTime", ">="), ("LT_eventTime", "EventTime", "<"), ("GE_recordTime", "RecordTime", ">="), ("LT_recordTime", "RecordTime", "<") })
        {
            if (query[key] is not { } value) continue;
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) where.Add($"""e."{column}" {op} {Parameter(time.ToUniversalTime())}""");
            else problems.Add(Text.Format("{0}“{1}”应为带时区的时间", key, value));
        }
        foreach (var (key, column) in new[] { ("EQ_action", "Action"), ("EQ_bizStep", "BizStep"), ("EQ_disposition", "Disposition"), ("EQ_readPoint", "ReadPoint"), ("EQ_bizLocation", "BizLocation"), ("EQ_eventID", "EventId") })
            if (query.List(key).Select(v => key is "EQ_bizStep" or "EQ_disposition" ? EpcisXml.Short(v) : v).ToList() is { Count: > 0 } values)
                where.Add($"""e."{column}" IN ({In(values)})""");
        foreach (var (key, roles) in MatchRoles)
        {
            if (query.List(key).ToList() is not { Count: > 0 } values) continue;
            // A trailing * matches a prefix (the binding's wildcard for class-level patterns).
            var exact = values.Where(v => !v.EndsWith('*')).ToList();
            var conditions = new List<string>();
            if (exact.Count > 0) conditions.Add($"""x."Epc" IN ({In(exact)})""");
            conditions.AddRange(values.Where(v => v.EndsWith('*')).Select(v => $"""x."Epc" LIKE {Parameter(v.TrimEnd('*').Replace("%", "\\%").Replace("_", "\\_") + "%")} ESCAPE '\'"""));
            var enterprise = scope.All ? "" : $"""AND x."EnterpriseId" = {Parameter(scope.EnterpriseId ?? Guid.Empty)} """;
            where.Add($"""e."Id" IN (SELECT x."EventRowId" FROM epcis_event_epcs x WHERE ({string.Join(" OR ", conditions)}) {enterprise}AND x."Role" IN ({string.Join(", ", roles.Select(r => (int)r))}))""");
        }
        var size = DefaultPageSize;
        if (query["perPage"] is { } perPage && (!int.TryParse(perPage, out size) || size < 1 || size > MaxPageSize))
            problems.Add(Text.Format("perPage 应为 1 至 {0} 之间的整数", MaxPageSize));
        if (query["nextPageToken"] is { } token)
        {
            if (long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var after)) where.Add($"""e."Id" > {Parameter(after)}""");
            else problems.Add(Text.Get("nextPageToken 无效"));
        }
        if (problems.Count > 0) return (null, problems);

        var text = new StringBuilder("""SELECT e."Id", e."Body" FROM epcis_events e""");
        if (where.Count > 0) text.Append(" WHERE ").AppendJoin(" AND ", where);
        text.Append($""" ORDER BY e."Id" LIMIT {size + 1}""");
        await using var connection = await sql.OpenAsync(ct);
        await using var command = sql.Command(connection, text.ToString(), parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var events = new List<string>();
        long last = 0;
        while (await reader.ReadAsync(ct))
        {
            if (events.Count == size) return (new EpcisPage(events, last.ToString(CultureInfo.InvariantCulture)), []);
            last = reader.GetInt64(0);
            events.Add(reader.GetString(1));
        }
        return (new EpcisPage(events, null), []);
    }

    /// <summary>The EPCISQueryDocument of a page (EPCIS 2.0 §8.2.7, JSON binding), the events written as stored.</summary>
    public static string Document(IReadOnlyList<string> events, DateTimeOffset now)
    {
        var text = new StringBuilder(256 + events.Sum(e => e.Length + 1));
        text.Append($$"""{"@context":["{{EpcisValidator.ContextUri}}",{"qz":"{{EpcisMapping.ZoneContext}}"}],"type":"EPCISQueryDocument","schemaVersion":"2.0","creationDate":"{{now.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}","epcisBody":{"queryResults":{"queryName":"SimpleEventQuery","resultsBody":{"eventList":[""");
        text.AppendJoin(',', events);
        text.Append("]}}}}");
        return text.ToString();
    }
}
