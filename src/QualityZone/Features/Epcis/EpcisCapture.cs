using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NpgsqlTypes;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Epcis;

/// <summary>
/// The capture interface of EPCIS 2.0 (§8.2.7 and the REST binding's POST /capture, /events): a
/// document is checked whole (<see cref="EpcisValidator"/>), and then, in one transaction, its
/// master data kept, its events mapped onto the zone's records (<see cref="EpcisMapping"/>) and
/// all of them stored — or nothing at all, with the reasons in the capture job
/// (captureErrorBehaviour "rollback", the binding's default). The enterprise is the sender's, never
/// one named in the document. An event whose eventID was captured before is not stored twice
/// (a sender may retry); one that repeats an earlier event with an errorDeclaration records the
/// declaration against it (§7.4.1.2).
/// </summary>
public sealed class EpcisCapture(AppDbContext db, EpcisValidator validator, EpcisMapping mapping, WriteGate writeGate, TimeProvider clock)
{
    /// <summary>The binding's GS1-EPCIS-Capture-Limit: events in one document.</summary>
    public const int MaxEvents = 10_000;

    public Task<EpcisCaptureJob> CaptureAsync(ClaimsPrincipal user, Guid enterpriseId, string body, bool xml, bool singleEvent, CancellationToken ct) =>
        CaptureAsync(user, enterpriseId, Encoding.UTF8.GetBytes(body), xml, singleEvent, ct);

    /// <summary>Captures a document given as the request's UTF-8 bytes (read in place, never turned into one large text).</summary>
    public async Task<EpcisCaptureJob> CaptureAsync(ClaimsPrincipal user, Guid enterpriseId, ReadOnlyMemory<byte> body, bool xml, bool singleEvent, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var job = new EpcisCaptureJob { EnterpriseId = enterpriseId, CreatedAt = now, CreatedBy = user.Identity?.Name ?? "api" };
        using var document = validator.Read(body, xml, singleEvent);
        var problems = document.Problems;
        if (document.Valid && document.Events.Count > MaxEvents)
            problems.Add(new EpcisProblem("/epcisBody/eventList", Text.Format("一份文档最多 {0} 个事件，请分批提交", MaxEvents)));
        if (problems.Count > 0) return await FailedAsync(job, problems, ct);

        var refused = await CaptureCoreAsync(user, enterpriseId, job, document, xml, singleEvent, now, ct);
        if (refused is null) return job;
        db.ChangeTracker.Clear();
        job = new EpcisCaptureJob { EnterpriseId = enterpriseId, CreatedAt = now, CreatedBy = job.CreatedBy };
        return await FailedAsync(job, refused, ct);
    }

    /// <summary>Stores and maps a valid document in one transaction; the reasons when the mapping refuses it (nothing is then kept).</summary>
    private async Task<List<EpcisProblem>?> CaptureCoreAsync(ClaimsPrincipal user, Guid enterpriseId, EpcisCaptureJob job, EpcisDocument document, bool xml, bool singleEvent,
        DateTimeOffset now, CancellationToken ct)
    {
        // Each event's row (its stored text, its identifiers) is made before the write lock is taken, so other captures wait only
        // for the writes; on both cores, each event read by one thread only and the document's @context shared as text.
        job.Id = Guid.NewGuid();
        var context = ContextText(document.Context);
        var contextUtf8 = context is null ? null : Encoding.UTF8.GetBytes(context);
        var prepared = new EventRow[document.Events.Count];
        Parallel.For(0, prepared.Length, i => prepared[i] = Row(enterpriseId, job.Id, document.Events[i], document.RawJson, now, context, contextUtf8));
        // The enterprise's captures take turns (SQLite's write lock, a lock of the enterprise's on PostgreSQL), so the eventIDs
        // read below are known to this capture alone until it commits: two senders of the same new event keep it once.
        await using var transaction = await writeGate.BeginTransactionAsync(db, ct, turnsFor: enterpriseId);
        // The job is written first: on SQLite this takes the write lock.
        db.EpcisCaptureJobs.Add(job);
        await db.SaveChangesAsync(ct);

        var prefix = singleEvent ? "" : xml ? "/EPCISBody/EventList/" : "/epcisBody/eventList/";
        // The rows carry each event's id (made up for an event sent without one, which is never known): read once, in Row.
        var ids = prepared.Select(r => r.Event.EventId).Distinct().ToList();
        var known = await db.EpcisEvents.Where(e => e.EnterpriseId == enterpriseId && EF.Parameter(ids).Contains(e.EventId)).ToDictionaryAsync(e => e.EventId, ct);
        var fresh = new List<JsonElement>();
        var freshPositions = new List<int>();
        var rows = new List<EventRow>();
        for (var i = 0; i < document.Events.Count; i++)
        {
            var e = document.Events[i];
            var id = prepared[i].Event.EventId;
            if (!known.TryGetValue(id, out var earlier))
            {
                fresh.Add(e);
                freshPositions.Add(i);
                rows.Add(prepared[i]);
                continue;
            }
            if (EpcisValidator.Member(e, "errorDeclaration") is { ValueKind: JsonValueKind.Object } declaration && earlier.DeclaredInErrorAt is null)
            {
                earlier.DeclaredInErrorAt = DateTimeOffset.TryParse(EpcisValidator.Str(declaration, "declarationTime"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : now;
                earlier.ErrorReason = EpcisValidator.Str(declaration, "reason") ?? "unknown";
                earlier.Body = Stored(e, id, earlier.RecordTime, context).ToJsonString();
            }
            else job.Duplicates++;
        }
        await KeepMasterDataAsync(enterpriseId, document.Vocabularies, now, ct);
        // Only events that name one of the zone's lots or batches can describe its records; the rest (a stream of
        // observations, sensor data) are stored as received without being turned into objects for the mapping.
        var candidates = Enumerable.Range(0, fresh.Count).Where(i => EpcisMapping.MayMap(fresh[i])).ToList();
        var outcome = await mapping.ApplyAsync(user, enterpriseId, candidates.Select(i => JsonObject.Create(fresh[i])!).ToList(),
            candidates.Select(i => freshPositions[i]).ToList(), document.Vocabularies, prefix, ct);
        if (outcome is null || outcome.Problems.Count > 0)
        {
            await transaction.RollbackAsync(ct);
            return outcome?.Problems ?? [new EpcisProblem("", Text.Get("企业不存在"))];
        }
        foreach (var (i, mappedTo) in outcome.Mapped) rows[candidates[i]].Event.MappedTo = mappedTo;
        await InsertAsync(rows, ct);
        job.Events = rows.Count;
        job.Mapped = outcome.Mapped.Count;
        job.Success = true;
        job.FinishedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return null;
    }

    private async Task<EpcisCaptureJob> FailedAsync(EpcisCaptureJob job, IReadOnlyList<EpcisProblem> problems, CancellationToken ct)
    {
        job.Success = false;
        job.FinishedAt = clock.GetUtcNow();
        // The first 50 reasons: a document of 10,000 events wrong in the same way should not answer with 10,000 lines.
        var listed = problems.Take(50).ToList();
        if (problems.Count > listed.Count) listed.Add(new EpcisProblem("", Text.Format("另有 {0} 处问题未列出", problems.Count - listed.Count)));
        job.Errors = JsonSerializer.Serialize(listed.Select(p => new { path = p.Path, reason = p.Reason }));
        db.EpcisCaptureJobs.Add(job);
        await db.SaveChangesAsync(ct);
        return job;
    }

    /// <summary>An event to store: its columns, its identifiers, and its stored JSON as UTF-8 (bound to SQLite as text without a detour through .NET strings).</summary>
    private sealed record EventRow(EpcisEvent Event, List<(string Epc, EpcRole Role)> Epcs, Utf8Text Body);

    private static EventRow Row(Guid enterpriseId, Guid captureId, JsonElement e, bool rawJson, DateTimeOffset now, string? context, byte[]? contextUtf8)
    {
        var sentId = EpcisValidator.Str(e, "eventID");
        var id = sentId ?? "urn:uuid:" + Guid.NewGuid();
        var time = DateTimeOffset.Parse(EpcisValidator.Str(e, "eventTime")!, CultureInfo.InvariantCulture);
        var declaration = EpcisValidator.Member(e, "errorDeclaration") is { ValueKind: JsonValueKind.Object } d ? d : (JsonElement?)null;
        var row = new EpcisEvent
        {
            EnterpriseId = enterpriseId, EventId = id, EventType = EpcisValidator.Str(e, "type")!, EventTime = time,
            EventTimeZoneOffset = EpcisValidator.Str(e, "eventTimeZoneOffset")!, RecordTime = now, Action = EpcisValidator.Str(e, "action"),
            BizStep = EpcisValidator.Str(e, "bizStep") is { } step ? EpcisXml.Short(step) : null,
            Disposition = EpcisValidator.Str(e, "disposition") is { } disposition ? EpcisXml.Short(disposition) : null,
            ReadPoint = EpcisValidator.Str(EpcisValidator.Member(e, "readPoint"), "id"), BizLocation = EpcisValidator.Str(EpcisValidator.Member(e, "bizLocation"), "id"),
            CaptureId = captureId,
            DeclaredInErrorAt = declaration is not { } declared ? null
                : DateTimeOffset.TryParse(EpcisValidator.Str(declared, "declarationTime"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : now,
            ErrorReason = declaration is { } reason ? EpcisValidator.Str(reason, "reason") : null,
            Body = "", // written from the row's UTF-8 below
        };
        var body = rawJson && !EpcisValidator.Has(e, "recordTime") && !EpcisValidator.Has(e, "@context")
            ? Stored(JsonMarshal.GetRawUtf8Value(e), sentId is null ? id : null, now, contextUtf8)
            : JsonSerializer.SerializeToUtf8Bytes(Stored(e, id, now, context));
        var epcs = EpcisValidator.IdentifierRoles(e).Select(i => (Epc: i.Epc.Length > 500 ? i.Epc[..500] : i.Epc, i.Role)).Distinct().ToList();
        return new EventRow(row, epcs, new Utf8Text(body));
    }

    /// <summary>The document's own prefixes (the objects of its @context) as the JSON an event carries, or null when it names none.</summary>
    private static string? ContextText(JsonNode? context) =>
        context is JsonArray array && array.Any(c => c is JsonObject)
            ? new JsonArray(array.OfType<JsonObject>().Select(c => (JsonNode)c.DeepClone()).ToArray()).ToJsonString()
            : null;

    /// <summary>The event as the query answers it: its own @context when the document's prefixes are needed, the eventID, the recordTime (EPCIS 2.0 §7.4.1).</summary>
    private static JsonObject Stored(JsonElement e, string id, DateTimeOffset recordTime, string? context)
    {
        var copy = JsonObject.Create(e)!;
        copy["eventID"] = id;
        copy["recordTime"] = recordTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        if (copy["@context"] is null && context is not null) copy["@context"] = JsonNode.Parse(context);
        return copy;
    }

    /// <summary>
    /// The same, written into the event's UTF-8 text as sent (the members added first, one array of the final size), so
    /// that 1,000 events are neither serialized again nor turned into .NET strings on their way to the database.
    /// </summary>
    private static byte[] Stored(ReadOnlySpan<byte> raw, string? assignedId, DateTimeOffset recordTime, byte[]? context)
    {
        Span<byte> time = stackalloc byte[48];
        if (!System.Text.Unicode.Utf8.TryWrite(time, CultureInfo.InvariantCulture, $"\"recordTime\":\"{recordTime.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff}Z\",", out var timeLength))
            throw new InvalidOperationException("recordTime does not fit.");
        var id = assignedId is null ? null : JsonSerializer.SerializeToUtf8Bytes(assignedId);
        var rest = raw[(raw.IndexOf((byte)'{') + 1)..];
        var text = new byte[1 + (context is null ? 0 : ContextName.Length + context.Length + 1) + (id is null ? 0 : EventIdName.Length + id.Length + 1) + timeLength + rest.Length];
        var at = 0;
        void Write(ReadOnlySpan<byte> part)
        {
            part.CopyTo(text.AsSpan(at));
            at += part.Length;
        }
        Write("{"u8);
        if (context is not null)
        {
            Write(ContextName);
            Write(context);
            Write(","u8);
        }
        if (id is not null)
        {
            Write(EventIdName);
            Write(id);
            Write(","u8);
        }
        Write(time[..timeLength]);
        Write(rest);
        return text;
    }

    private static ReadOnlySpan<byte> ContextName => "\"@context\":"u8;
    private static ReadOnlySpan<byte> EventIdName => "\"eventID\":"u8;

    private async Task KeepMasterDataAsync(Guid enterpriseId, JsonArray vocabularies, DateTimeOffset now, CancellationToken ct)
    {
        var elements = vocabularies.OfType<JsonObject>()
            .SelectMany(v => (v["vocabularyElementList"] as JsonArray ?? []).OfType<JsonObject>().Select(e => (Type: EpcisValidator.Str(v, "type") ?? "", Element: e)))
            .Where(e => EpcisValidator.Str(e.Element, "id") is not null).ToList();
        if (elements.Count == 0) return;
        var uris = elements.Select(e => EpcisValidator.Str(e.Element, "id")!).ToList();
        var kept = await db.EpcisMasterData.Where(m => m.EnterpriseId == enterpriseId && EF.Parameter(uris).Contains(m.Uri)).ToListAsync(ct);
        foreach (var (type, element) in elements)
        {
            var uri = EpcisValidator.Str(element, "id")!;
            var attributes = element.ToJsonString();
            if (kept.FirstOrDefault(m => m.Type == type && m.Uri == uri) is { } existing)
            {
                existing.Attributes = attributes;
                existing.UpdatedAt = now;
            }
            else
            {
                var added = new EpcisMasterData { EnterpriseId = enterpriseId, Type = type, Uri = uri, Attributes = attributes, UpdatedAt = now };
                kept.Add(added);
                db.EpcisMasterData.Add(added);
            }
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The events and their identifiers, past EF's change tracker (docs/benchmarks.md, issue 20), keys taken in this transaction.</summary>
    private async Task InsertAsync(List<EventRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        var keys = await KeysAsync(connection, transaction, rows.Count, ct);
        for (var i = 0; i < rows.Count; i++) rows[i].Event.Id = keys[i];
        await BulkWriter.InsertAsync(db, "epcis_events", EventColumns, rows, ct);
        await BulkWriter.InsertAsync(db, "epcis_event_epcs", EpcColumns,
            rows.SelectMany(r => r.Epcs.Select(e => new EpcisEventEpc { EventRowId = r.Event.Id, EnterpriseId = r.Event.EnterpriseId, Epc = e.Epc, Role = e.Role })).ToList(), ct);
    }

    private async Task<long[]> KeysAsync(DbConnection connection, DbTransaction transaction, int count, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        if (db.Database.IsNpgsql())
        {
            command.CommandText = "SELECT nextval(pg_get_serial_sequence('epcis_events', 'Id')) FROM generate_series(1, @n)";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "n";
            parameter.Value = count;
            command.Parameters.Add(parameter);
            var keys = new long[count];
            await using var reader = await command.ExecuteReaderAsync(ct);
            for (var i = 0; await reader.ReadAsync(ct); i++) keys[i] = reader.GetInt64(0);
            return keys;
        }
        command.CommandText = """SELECT COALESCE(MAX("Id"), 0) FROM epcis_events""";
        var last = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        return Enumerable.Range(1, count).Select(i => last + i).ToArray();
    }

    private static readonly BulkColumn<EventRow>[] EventColumns =
    [
        new("Id", NpgsqlDbType.Bigint, r => r.Event.Id), new("EnterpriseId", NpgsqlDbType.Uuid, r => r.Event.EnterpriseId),
        new("EventId", NpgsqlDbType.Varchar, r => r.Event.EventId), new("EventType", NpgsqlDbType.Varchar, r => r.Event.EventType),
        new("EventTime", NpgsqlDbType.TimestampTz, r => r.Event.EventTime), new("EventTimeZoneOffset", NpgsqlDbType.Varchar, r => r.Event.EventTimeZoneOffset),
        new("RecordTime", NpgsqlDbType.TimestampTz, r => r.Event.RecordTime), new("Action", NpgsqlDbType.Varchar, r => r.Event.Action),
        new("BizStep", NpgsqlDbType.Varchar, r => r.Event.BizStep), new("Disposition", NpgsqlDbType.Varchar, r => r.Event.Disposition),
        new("ReadPoint", NpgsqlDbType.Varchar, r => r.Event.ReadPoint), new("BizLocation", NpgsqlDbType.Varchar, r => r.Event.BizLocation),
        new("CaptureId", NpgsqlDbType.Uuid, r => r.Event.CaptureId), new("MappedTo", NpgsqlDbType.Varchar, r => r.Event.MappedTo),
        new("DeclaredInErrorAt", NpgsqlDbType.TimestampTz, r => r.Event.DeclaredInErrorAt), new("ErrorReason", NpgsqlDbType.Varchar, r => r.Event.ErrorReason),
        new("Body", NpgsqlDbType.Text, r => r.Body),
    ];

    private static readonly BulkColumn<EpcisEventEpc>[] EpcColumns =
    [
        new("EventRowId", NpgsqlDbType.Bigint, e => e.EventRowId), new("EnterpriseId", NpgsqlDbType.Uuid, e => e.EnterpriseId),
        new("Epc", NpgsqlDbType.Varchar, e => e.Epc), new("Role", NpgsqlDbType.Smallint, e => (short)e.Role),
    ];

    /// <summary>A job of this user's enterprise (or any, for staff), for GET /epcis/capture/{id}.</summary>
    public Task<EpcisCaptureJob?> JobAsync(ClaimsPrincipal user, Guid id, CancellationToken ct) =>
        db.EpcisCaptureJobs.AsNoTracking().ForScope(EnterpriseScope.For(user)).SingleOrDefaultAsync(j => j.Id == id, ct);

    public static Guid? SenderEnterprise(ClaimsPrincipal user) => user.EnterpriseId();
}
