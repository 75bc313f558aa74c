using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Data.Sqlite;

/// <summary>
/// EPCIS 2.0 (issue 20): capture of documents of 1,000 events through POST /epcis/capture, a query
/// by EPC at 10 million stored events (topped up in plain SQL, as an MES would have sent them over
/// years) against its floor (the same statement in process), and the export of the demo's planted
/// recall shipment as one EPCIS document.
/// </summary>
static class EpcisBench
{
    public static async Task RunAsync(HostUnderTest host, RunningServer server, int documents, long storedEvents, Action<string, List<double>, string> report, int warmDocuments = 0)
    {
        var cookie = await server.SignInAsync("enterprise1@demo.qz", HostUnderTest.DemoPassword);
        using var client = server.Client(cookie);
        var run = Guid.NewGuid().ToString("N")[..8];
        // Documents are built before the clock starts: what is timed is the platform's work (parse, check, store), not the client's.
        // A fresh process's first 100 documents are reported apart: the checks' loops reach the JIT's optimized tier only
        // after about that many (the steady state of a server that runs for days comes after; docs/benchmarks.md).
        const int warm = 100, senders = 4;
        var bodies = Enumerable.Range(0, warm + warmDocuments + 2 * documents).Select(d => Document(run, d, 1000)).ToList();
        async Task<double> TimedPostAsync(string body)
        {
            var start = Stopwatch.GetTimestamp();
            await PostAsync(client, body);
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        var fresh = new List<double>();
        foreach (var body in bodies.Take(warm)) fresh.Add(await TimedPostAsync(body));
        report("POST /epcis/capture, a fresh process's first 100 documents of 1,000 events, one sender (ms per document)", fresh,
            $"{1000 * warm / (fresh.Sum() / 1000):N0} events/s");
        foreach (var body in bodies.Skip(warm).Take(warmDocuments)) await PostAsync(client, body);
        var times = new List<double>();
        foreach (var body in bodies.Skip(warm + warmDocuments).Take(documents)) times.Add(await TimedPostAsync(body));
        var perSecond = 1000 * documents / (times.Sum() / 1000);
        report($"POST /epcis/capture, documents of 1,000 events (observations with sensor data, 2 EPCs each), one sender, after those{(warmDocuments > 0 ? $" and {warmDocuments} more unmeasured" : "")} (ms per document)", times,
            $"{perSecond:N0} events/s; target ≥ 20,000; {bodies[warm].Length / 1024:N0} KiB per document");

        // Several senders at once (an MES per plant): checking runs beside another document's writes, which SQLite takes one at a time.
        var queue = new System.Collections.Concurrent.ConcurrentQueue<string>(bodies.Skip(warm + warmDocuments + documents));
        var concurrent = new System.Collections.Concurrent.ConcurrentBag<double>();
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(async _ =>
        {
            while (queue.TryDequeue(out var body)) concurrent.Add(await TimedPostAsync(body));
        }));
        report($"POST /epcis/capture, the same documents from {senders} senders at once (ms per document)", [.. concurrent],
            $"{1000.0 * documents / wall.Elapsed.TotalSeconds:N0} events/s over {wall.Elapsed.TotalSeconds:0.0} s; target ≥ 20,000");

        if (host.Provider == "Sqlite") await TopUpAsync(host, storedEvents);
        else await TopUpPostgresAsync(host, storedEvents);
        await using var db = TraceBench.Open(host);
        var count = await TraceBench.ScalarAsync(db, "SELECT COUNT(*) FROM epcis_events");
        var epcs = await TraceBench.ColumnAsync(db, "SELECT \"Epc\" FROM epcis_event_epcs WHERE \"Role\" = 0 AND \"EventRowId\" % 9973 = 17 LIMIT 300");
        var classes = await TraceBench.ColumnAsync(db, "SELECT DISTINCT \"Epc\" FROM epcis_event_epcs WHERE \"Role\" = 5 AND \"EventRowId\" % 99991 = 3 LIMIT 300");
        var office = server.Client(await server.SignInAsync("office@demo.qz", HostUnderTest.DemoPassword));
        var byEpc = await RunningServer.TimeEachAsync(client, epcs.Select(e => "/epcis/events?MATCH_epc=" + Uri.EscapeDataString(e)));
        report($"GET /epcis/events?MATCH_epc= (one instance EPC, the enterprise's own events; {count:N0} events stored, ms)", byEpc, $"p99 {TraceBench.P99(byEpc):0.00}; target < 10");
        var byClass = await RunningServer.TimeEachAsync(office, classes.Select(e => "/epcis/events?MATCH_epcClass=" + Uri.EscapeDataString(e)));
        report("GET /epcis/events?MATCH_epcClass= (a batch class, first page of 30, the office reading all enterprises, ms)", byClass, $"p99 {TraceBench.P99(byClass):0.00}");
        var ping = await RunningServer.TimeEachAsync(client, epcs.Select(_ => "/ping"));
        report("GET /ping with the same client (HTTP floor, ms)", ping, $"p99 {TraceBench.P99(ping):0.00}");
        {
            var raw = new List<double>();
            foreach (var epc in epcs)
            {
                var start = Stopwatch.GetTimestamp();
                await using var command = db.CreateCommand();
                command.CommandText = """SELECT e."Id", e."Body" FROM epcis_events e WHERE e."Id" IN (SELECT x."EventRowId" FROM epcis_event_epcs x WHERE x."Epc" = @epc AND x."Role" IN (0, 2)) ORDER BY e."Id" LIMIT 31""";
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@epc";
                parameter.Value = epc;
                command.Parameters.Add(parameter);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync()) reader.GetString(1);
                raw.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            report("floor: the query's statement in process (ADO.NET, no HTTP, ms)", raw, $"p99 {TraceBench.P99(raw):0.00}");
        }

        // The planted recall shipment (docs/user-guide.md): the demo enterprise's German shipments whose batches used the seal lot.
        var planted = (await TraceBench.ColumnAsync(db, """
            SELECT DISTINCT s."Id" FROM shipments s JOIN shipment_lines l ON l."ShipmentId" = s."Id" JOIN batch_components c ON c."BatchId" = l."BatchId"
            LEFT JOIN batch_components c2 ON c2."BatchId" = c."InputBatchId"
            JOIN material_lots m ON m."Id" = c."MaterialLotId" OR m."Id" = c2."MaterialLotId"
            WHERE m."LotNumber" = 'JC-SEAL-0117' AND s."CountryCode" = 'DE' LIMIT 1
            """)).FirstOrDefault();
        if (planted is not null)
        {
            var export = await RunningServer.TimeEachAsync(client, Enumerable.Repeat($"/epcis/shipments/{planted}/events", 100));
            var size = (await client.GetStringAsync($"/epcis/shipments/{planted}/events")).Length;
            report($"GET /epcis/shipments/{{id}}/events: the planted recall shipment as one EPCIS document ({size / 1024:N0} KiB, ms)", export, $"p99 {TraceBench.P99(export):0.00}; target < 100");
        }
    }

    private static async Task PostAsync(HttpClient client, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/ld+json");
        using var response = await client.PostAsync("/epcis/capture", content);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"capture refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A document of an MES's observations: each event an instance EPC of a batch class, a time, a read point and a pressure reading.</summary>
    private static string Document(string run, int document, int events)
    {
        var text = new StringBuilder("""{"@context":["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-03-01T08:00:00+08:00","epcisBody":{"eventList":[""");
        var at = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));
        for (var i = 0; i < events; i++)
        {
            if (i > 0) text.Append(',');
            var time = at.AddSeconds(document * events + i).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $$"""{"type":"ObjectEvent","eventTime":"{{time}}","eventTimeZoneOffset":"+08:00","eventID":"urn:uuid:{{Guid.NewGuid()}}","action":"OBSERVE","bizStep":"inspecting","disposition":"conformant","epcList":["urn:epc:id:sgtin:6901234.012345.{{run}}{{document:D4}}{{i:D4}}"],"quantityList":[{"epcClass":"urn:epc:class:lgtin:6901234.012345.{{run}}{{document:D4}}{{i / 100:D2}}","quantity":100}],"readPoint":{"id":"urn:epc:id:sgln:6901234.00001.QM3"},"sensorElementList":[{"sensorMetadata":{"time":"{{time}}"},"sensorReport":[{"type":"Pressure","value":0.6{{i % 10}},"uom":"MPA"}]}]}""");
        }
        return text.Append("]}}").ToString();
    }

    /// <summary>
    /// The same top-up on PostgreSQL, generated by the server itself (generate_series), 500,000 events a
    /// statement: the same identifiers, bodies and enterprise spread as on SQLite.
    /// </summary>
    private static async Task TopUpPostgresAsync(HostUnderTest host, long target)
    {
        await using var db = new Npgsql.NpgsqlConnection(host.PostgresConnection);
        await db.OpenAsync();
        var have = await TraceBench.ScalarAsync(db, "SELECT COUNT(*) FROM epcis_events");
        if (have >= target) return;
        var enterprises = await TraceBench.ColumnAsync(db, "SELECT \"Id\"::text FROM enterprises ORDER BY \"CreatedAt\" LIMIT 20");
        var list = string.Join(",", enterprises.Select(e => $"'{e}'"));
        var job = Guid.NewGuid();
        var start = Stopwatch.GetTimestamp();
        while (have < target)
        {
            var next = await TraceBench.ScalarAsync(db, "SELECT COALESCE(MAX(\"Id\"), 0) FROM epcis_events") + 1;
            var count = Math.Min(500_000, target - have);
            await using var command = db.CreateCommand();
            command.CommandTimeout = 0;
            command.CommandText = $$"""
                CREATE TEMP TABLE IF NOT EXISTS topup (id bigint, enterprise uuid, epc text, batch text, at timestamptz, event text);
                TRUNCATE topup;
                INSERT INTO topup
                SELECT n, (ARRAY[{{list}}]::uuid[])[1 + n % {{enterprises.Count}}],
                       'urn:epc:id:sgtin:6901234.012345.S' || lpad(n::text, 10, '0'), 'urn:epc:class:lgtin:6901234.012345.B' || lpad((n / 100)::text, 8, '0'),
                       timestamptz '2024-01-01 00:00:00+00' + n * interval '7 seconds', 'urn:uuid:' || gen_random_uuid()
                FROM generate_series({{next}}::bigint, {{next + count - 1}}::bigint) n;
                INSERT INTO epcis_events ("Id", "EnterpriseId", "EventId", "EventType", "EventTime", "EventTimeZoneOffset", "RecordTime", "Action", "BizStep", "Disposition", "ReadPoint", "CaptureId", "Body")
                OVERRIDING SYSTEM VALUE
                SELECT id, enterprise, event, 'ObjectEvent', at, '+08:00', now(), 'OBSERVE', 'inspecting', 'conformant', 'urn:epc:id:sgln:6901234.00001.QM3', '{{job}}',
                       '{"type":"ObjectEvent","eventTime":"' || to_char(at AT TIME ZONE '+08', 'YYYY-MM-DD"T"HH24:MI:SS.MS') || '+08:00","eventTimeZoneOffset":"+08:00","eventID":"' || event
                       || '","action":"OBSERVE","bizStep":"inspecting","disposition":"conformant","epcList":["' || epc || '"],"quantityList":[{"epcClass":"' || batch
                       || '","quantity":100}],"readPoint":{"id":"urn:epc:id:sgln:6901234.00001.QM3"},"recordTime":"2026-03-01T00:00:00.000Z"}'
                FROM topup;
                INSERT INTO epcis_event_epcs ("EventRowId", "EnterpriseId", "Epc", "Role") SELECT id, enterprise, epc, 0 FROM topup UNION ALL SELECT id, enterprise, batch, 5 FROM topup;
                """;
            await command.ExecuteNonQueryAsync();
            have += count;
            Console.Error.WriteLine($"  epcis events: {have:N0} ({Stopwatch.GetElapsedTime(start).TotalSeconds:0} s)");
        }
        await using var analyze = db.CreateCommand();
        analyze.CommandTimeout = 0;
        analyze.CommandText = "SELECT setval(pg_get_serial_sequence('epcis_events', 'Id'), (SELECT MAX(\"Id\") FROM epcis_events)); ANALYZE epcis_events; ANALYZE epcis_event_epcs;";
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>Tops the events up to <paramref name="target"/> in plain SQL, one transaction per 200,000, bodies as the capture stores them (docs/benchmarks.md).</summary>
    private static async Task TopUpAsync(HostUnderTest host, long target)
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(host.DataDirectory, "qualityzone.db")}");
        await db.OpenAsync();
        var have = await TraceBench.ScalarAsync(db, "SELECT COUNT(*) FROM epcis_events");
        if (have >= target) return;
        // Keys as EF stores them on SQLite: upper-case text.
        var enterprises = (await TraceBench.ColumnAsync(db, "SELECT \"Id\" FROM enterprises ORDER BY \"CreatedAt\" LIMIT 20")).Select(id => id.ToUpperInvariant()).ToList();
        var job = Guid.NewGuid().ToString().ToUpperInvariant();
        var next = await TraceBench.ScalarAsync(db, "SELECT COALESCE(MAX(\"Id\"), 0) FROM epcis_events") + 1;
        var start = Stopwatch.GetTimestamp();
        var record = DateTimeOffset.UtcNow.UtcTicks;
        while (have < target)
        {
            await using var transaction = (SqliteTransaction)await db.BeginTransactionAsync();
            await using var events = db.CreateCommand();
            events.Transaction = transaction;
            events.CommandText = """INSERT INTO epcis_events ("Id", "EnterpriseId", "EventId", "EventType", "EventTime", "EventTimeZoneOffset", "RecordTime", "Action", "BizStep", "Disposition", "ReadPoint", "CaptureId", "Body") VALUES ($id, $e, $eid, 'ObjectEvent', $t, '+08:00', $r, 'OBSERVE', 'inspecting', 'conformant', 'urn:epc:id:sgln:6901234.00001.QM3', $job, $body)""";
            var pId = events.Parameters.Add("$id", SqliteType.Integer); var pE = events.Parameters.Add("$e", SqliteType.Text); var pEid = events.Parameters.Add("$eid", SqliteType.Text);
            var pT = events.Parameters.Add("$t", SqliteType.Integer); events.Parameters.AddWithValue("$r", record); events.Parameters.AddWithValue("$job", job); var pBody = events.Parameters.Add("$body", SqliteType.Text);
            await using var epcs = db.CreateCommand();
            epcs.Transaction = transaction;
            epcs.CommandText = """INSERT INTO epcis_event_epcs ("EventRowId", "EnterpriseId", "Epc", "Role") VALUES ($id, $e, $epc, $role)""";
            var qId = epcs.Parameters.Add("$id", SqliteType.Integer); var qE = epcs.Parameters.Add("$e", SqliteType.Text); var qEpc = epcs.Parameters.Add("$epc", SqliteType.Text); var qRole = epcs.Parameters.Add("$role", SqliteType.Integer);
            events.Prepare();
            epcs.Prepare();
            for (var i = 0; i < 200_000 && have < target; i++, have++, next++)
            {
                var enterprise = enterprises[(int)(next % enterprises.Count)];
                var time = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(next * 7);
                var epc = $"urn:epc:id:sgtin:6901234.012345.S{next:D10}";
                var batch = $"urn:epc:class:lgtin:6901234.012345.B{next / 100:D8}";
                pId.Value = next; pE.Value = enterprise; pEid.Value = "urn:uuid:" + Guid.NewGuid(); pT.Value = time.UtcTicks;
                pBody.Value = $$"""{"type":"ObjectEvent","eventTime":"{{time.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd'T'HH:mm:ss.fffzzz}}","eventTimeZoneOffset":"+08:00","eventID":"{{pEid.Value}}","action":"OBSERVE","bizStep":"inspecting","disposition":"conformant","epcList":["{{epc}}"],"quantityList":[{"epcClass":"{{batch}}","quantity":100}],"readPoint":{"id":"urn:epc:id:sgln:6901234.00001.QM3"},"recordTime":"2026-03-01T00:00:00.000Z"}""";
                await events.ExecuteNonQueryAsync();
                qId.Value = next; qE.Value = enterprise;
                qEpc.Value = epc; qRole.Value = 0; await epcs.ExecuteNonQueryAsync();
                qEpc.Value = batch; qRole.Value = 5; await epcs.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
            Console.Error.WriteLine($"  epcis events: {have:N0} ({Stopwatch.GetElapsedTime(start).TotalSeconds:0} s)");
        }
    }
}
