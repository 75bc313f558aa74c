using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Epcis;

/// <summary>
/// The EPCIS 2.0 REST binding (GS1, "REST Bindings/openapi.yaml") under /epcis: POST /capture
/// (a document) and POST /events (one event), GET /capture/{captureID} (the job), GET /events
/// (SimpleEventQuery) and GET /events/{eventID}, with the binding's GS1-EPCIS-Version and
/// GS1-CBV-Version headers; and the zone's own GET /shipments/{id}/events (a shipment's trace as
/// one document). JSON / JSON-LD and XML are captured; queries answer JSON-LD, or XML when asked.
/// </summary>
public static class EpcisApi
{
    public const string Version = "2.0.0";

    public sealed record CaptureJobDto(Guid CaptureID, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, bool Running, bool Success, string CaptureErrorBehaviour,
        IReadOnlyList<JsonElement> Errors, int EventsCaptured, int EventsMapped, int Duplicates);

    public static void MapEpcisApi(this WebApplication app)
    {
        var group = app.MapGroup("/epcis").WithTags("EPCIS");
        group.AddEndpointFilter(async (context, next) =>
        {
            var version = context.HttpContext.Request.Headers["GS1-EPCIS-Version"].ToString();
            if (version.Length > 0 && !version.StartsWith('2'))
                return TypedResults.Problem(statusCode: 406, title: Text.Format("只支持 EPCIS 2.0（请求的版本为 {0}）", version));
            context.HttpContext.Response.Headers["GS1-EPCIS-Version"] = Version;
            context.HttpContext.Response.Headers["GS1-CBV-Version"] = Version;
            return await next(context);
        });

        group.MapPost("/capture", (HttpRequest request, ClaimsPrincipal user, EpcisCapture capture, CancellationToken ct) => CaptureAsync(request, user, capture, singleEvent: false, ct))
            .RequirePermission(EpcisPermissions.Capture).Accepts<JsonElement>("application/ld+json", "application/json", "application/xml")
            .WithSummary("采集 EPCIS 文档 / Capture an EPCIS 2.0 document (JSON-LD or XML): checked whole, mapped onto the ledger, batches and shipments, all or nothing; 202 with the capture job");

        group.MapPost("/events", (HttpRequest request, ClaimsPrincipal user, EpcisCapture capture, CancellationToken ct) => CaptureAsync(request, user, capture, singleEvent: true, ct))
            .RequirePermission(EpcisPermissions.Capture).Accepts<JsonElement>("application/ld+json", "application/json", "application/xml")
            .WithSummary("采集单个 EPCIS 事件 / Capture one EPCIS event; 201 with its location");

        group.MapGet("/capture/{captureID:guid}", async Task<Results<Ok<CaptureJobDto>, NotFound>> (Guid captureID, ClaimsPrincipal user, EpcisCapture capture, CancellationToken ct) =>
                await capture.JobAsync(user, captureID, ct) is { } job ? TypedResults.Ok(Dto(job)) : TypedResults.NotFound())
            .RequirePermission(EpcisPermissions.Query)
            .WithSummary("采集任务 / A capture job: running, success, the reasons a document was refused");

        group.MapGet("/events", async (HttpContext http, ClaimsPrincipal user, EpcisQuery query, TimeProvider clock, CancellationToken ct) =>
            {
                var parameters = new EpcisQueryParameters(http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()));
                var (page, problems) = await query.RunAsync(user, parameters, ct);
                if (page is null) return ApiResults.ValidationProblem(new Dictionary<string, string[]> { ["query"] = [.. problems] }, title: Text.Get("查询参数无效"));
                if (page.NextPageToken is { } token)
                {
                    var next = http.Request.Query.Where(q => q.Key != "nextPageToken").Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
                        .Append("nextPageToken=" + token);
                    http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}?{string.Join('&', next)}>; rel=\"next\"";
                }
                return WantsXml(http.Request)
                    ? Results.Text(EpcisXmlWriter.QueryDocument(page.Events, clock.GetUtcNow()), "application/xml")
                    : Results.Text(EpcisQuery.Document(page.Events, clock.GetUtcNow()), "application/ld+json");
            })
            .RequirePermission(EpcisPermissions.Query)
            .WithSummary("查询 EPCIS 事件 / SimpleEventQuery: eventType, GE_/LT_eventTime and recordTime, EQ_bizStep, EQ_disposition, EQ_readPoint, EQ_bizLocation, MATCH_epc, MATCH_anyEPC, MATCH_inputEPC, MATCH_outputEPC, MATCH_epcClass…, perPage, nextPageToken (Link: rel=next)");

        group.MapGet("/events/{eventID}", async (string eventID, HttpRequest request, ClaimsPrincipal user, EpcisQuery query, CancellationToken ct) =>
            {
                var (page, _) = await query.RunAsync(user, new EpcisQueryParameters(new Dictionary<string, string> { ["EQ_eventID"] = Uri.UnescapeDataString(eventID), ["perPage"] = "1" }), ct);
                if (page is not { Events.Count: > 0 }) return Results.NotFound();
                return WantsXml(request)
                    ? Results.Text(EpcisXmlWriter.Event(System.Text.Json.Nodes.JsonNode.Parse(page.Events[0])!.AsObject(), new Dictionary<string, string> { ["qz"] = EpcisMapping.ZoneContext }).ToString(), "application/xml")
                    : Results.Text(page.Events[0], "application/ld+json");
            })
            .RequirePermission(EpcisPermissions.Query)
            .WithSummary("一个 EPCIS 事件 / One event by its eventID");

        group.MapGet("/shipments/{id:guid}/events", async (Guid id, ClaimsPrincipal user, EpcisExport export, CancellationToken ct) =>
                await export.ShipmentAsync(user, id, ct) is { } document
                    ? Results.Text(document.ToJsonString(), "application/ld+json")
                    : Results.NotFound())
            .RequirePermission(Traceability.TraceabilityPermissions.View)
            .WithSummary("发货的追溯事件 / The events behind a shipment's backward trace as one EPCIS 2.0 document (lots received, batches, steps, the shipment; master data in the header)");
    }

    /// <summary>The binding's content negotiation: XML when the client asks for it and not for JSON first.</summary>
    private static bool WantsXml(HttpRequest request) =>
        request.Headers.Accept.ToString() is var accept && accept.Contains("xml", StringComparison.OrdinalIgnoreCase) && !accept.Contains("json", StringComparison.OrdinalIgnoreCase);

    private static async Task<IResult> CaptureAsync(HttpRequest request, ClaimsPrincipal user, EpcisCapture capture, bool singleEvent, CancellationToken ct)
    {
        if (EpcisCapture.SenderEnterprise(user) is not { } enterpriseId)
            return TypedResults.Problem(statusCode: 403, title: Text.Get("只有企业账号可以采集本企业的 EPCIS 事件"));
        var type = request.ContentType ?? "";
        var xml = type.Contains("xml", StringComparison.OrdinalIgnoreCase);
        if (!xml && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Problem(statusCode: 415, title: Text.Get("请以 application/ld+json、application/json 或 application/xml 提交"));
        var job = await capture.CaptureAsync(user, enterpriseId, await BodyAsync(request, ct), xml, singleEvent, ct);
        var location = $"{request.PathBase}/epcis/capture/{job.Id}";
        if (!job.Success)
        {
            request.HttpContext.Response.Headers.Location = location;
            return ApiResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["document"] = [.. JsonSerializer.Deserialize<List<JsonElement>>(job.Errors ?? "[]")!.Select(e => $"{e.GetProperty("path").GetString()}: {e.GetProperty("reason").GetString()}")],
            }, title: Text.Get("EPCIS 文档未被接收，未保存任何数据"));
        }
        request.HttpContext.Response.Headers["GS1-EPCIS-Capture-Error-Behaviour"] = "rollback";
        return singleEvent ? Results.Created(location, Dto(job)) : Results.Accepted(location, Dto(job));
    }

    /// <summary>
    /// The body's bytes, read once into an array of the announced length (a 1,000-event document is 570 KB: read as text it
    /// was a 1.1 MB string built through a growing buffer, then encoded back to UTF-8 for the parser; issue 20).
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>> BodyAsync(HttpRequest request, CancellationToken ct)
    {
        // Allocated up front only within the server's body limit (30 MB by default): a larger announced length is refused by
        // the server on the first read below (413), not given an array first.
        var limit = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 30_000_000;
        if (request.ContentLength is { } length && length <= Math.Min(limit, Array.MaxLength))
        {
            var bytes = new byte[length];
            await request.Body.ReadExactlyAsync(bytes, ct);
            return bytes;
        }
        // No length announced (a chunked upload): read to the end, within the same limit the server enforces while reading.
        var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, ct);
        return copy.GetBuffer().AsMemory(0, (int)copy.Length);
    }

    private static CaptureJobDto Dto(EpcisCaptureJob job) => new(job.Id, job.CreatedAt, job.FinishedAt, job.Running, job.Success, "rollback",
        JsonSerializer.Deserialize<List<JsonElement>>(job.Errors ?? "[]")!, job.Events, job.Mapped, job.Duplicates);
}
