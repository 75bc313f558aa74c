using Microsoft.AspNetCore.Http.HttpResults;
using QualityZone.Infrastructure.Web;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Traceability;

/// <summary>
/// The MES/ERP side of traceability: bulk ingest of ledger lots, batches and shipments (up to
/// 20,000 records a call, all or nothing, errors by record path), lists, and traces. An enterprise's
/// token reaches only its own data (another's answers 404); customs/inspection and the office trace any.
/// </summary>
public static class TraceabilityApi
{
    public sealed record LotsRequest(Guid? EnterpriseId, List<LotRecord>? Lots);
    public sealed record BatchesRequest(Guid? EnterpriseId, List<BatchRecord>? Batches);
    public sealed record ShipmentsRequest(Guid? EnterpriseId, List<ShipmentRecord>? Shipments);
    public sealed record IngestDto(int Records, int Rows);
    public sealed record FeedRequest(Guid? EnterpriseId, string? Period);
    public sealed record FeedDto(int Lines, IReadOnlyList<string> Periods);
    public sealed record SupplierRequest(Guid? EnterpriseId, string? Name, string? CreditCode, string? Supplies, string? Contact, List<CertificateInput>? Certificates);
    public sealed record StatusRequest(SupplierStatus Status, string? Reason);
    public sealed record MaterialRequest(Guid? EnterpriseId, string? Code, string? Name, string? Spec, string? Unit, List<Guid>? ApprovedSuppliers);
    public sealed record EvaluationRequest(DateOnly? From, DateOnly? To, decimal? AuditScore, string? Note);
    public sealed record EvaluationDto(Guid Id, DateOnly From, DateOnly To, int LotsReceived, int LotsRejected, int LotsOnTime, int LotsWithDueDate,
        decimal QualityScore, decimal DeliveryScore, decimal CertificateScore, decimal AuditScore, decimal Score, string Grade);
    public sealed record SupplierDto(Guid Id, Guid EnterpriseId, string Name, string? CreditCode, string? Supplies, SupplierStatus Status, string? StatusReason,
        string? Grade, decimal? Score, IReadOnlyList<CertificateInput> Certificates);
    public sealed record LotDto(Guid Id, Guid EnterpriseId, string LotNumber, string Material, string Supplier, string Spec, decimal Quantity, string Unit, DateOnly ReceivedOn,
        InspectionResult Inspection, decimal ConsumedQuantity, IReadOnlyList<string> Flags, string? Disposition);
    public sealed record BatchDto(Guid Id, Guid EnterpriseId, string BatchNumber, string ProductModel, decimal Quantity, string Unit, DateOnly StartedOn, DateOnly CompletedOn,
        string? SerialFrom, string? SerialTo, InspectionResult FinalInspection, decimal UsedQuantity);
    public sealed record ConclusionRequest(string? Conclusion);
    public sealed record RecallRequest(Guid? EnterpriseId, string? Model, string? Country, DateOnly? From, DateOnly? To, List<Guid>? Lots);
    public sealed record TraceDto(IReadOnlyList<BackwardNode> Tree, IReadOnlyList<TraceShipment> Shipments, IReadOnlyList<TraceLot> Lots, IReadOnlyList<string> Gaps, int Depth);
    public sealed record ForwardDto(IReadOnlyList<ForwardBranch> Branches, IReadOnlyList<TraceShipment> Shipments, int Batches);
    public sealed record ForwardBranch(TraceLot? Lot, IReadOnlyList<ForwardNode> Consumers);
    public sealed record RecallDto(RecallNotice Notice, IReadOnlyList<TraceShipment> Candidates, IReadOnlyList<RecallLot> SuspectLots, IReadOnlyList<TraceShipment> OtherShipments);

    public static void MapTraceabilityApi(this WebApplication app)
    {
        app.MapPost("/api/material-lots", ([FromBody] LotsRequest request, ClaimsPrincipal user, TraceIngest ingest, CancellationToken ct) =>
                Ingest(request.EnterpriseId, user, "/api/material-lots", id => ingest.LotsAsync(user, id, request.Lots ?? [], ct)))
            .RequirePermission(TraceabilityPermissions.Record).WithTags("Traceability")
            .WithSummary("登记进货台帐 / Record purchase-ledger lots in bulk (all or nothing; errors by record and field; duplicates 409)");

        app.MapPost("/api/batches", ([FromBody] BatchesRequest request, ClaimsPrincipal user, TraceIngest ingest, CancellationToken ct) =>
                Ingest(request.EnterpriseId, user, "/api/batches", id => ingest.BatchesAsync(user, id, request.Batches ?? [], ct)))
            .RequirePermission(TraceabilityPermissions.Record).WithTags("Traceability")
            .WithSummary("登记生产批次 / Record production batches with steps and inputs (EPCIS transformations) in bulk");

        app.MapPost("/api/shipments", ([FromBody] ShipmentsRequest request, ClaimsPrincipal user, TraceIngest ingest, CancellationToken ct) =>
                Ingest(request.EnterpriseId, user, "/api/shipments", id => ingest.ShipmentsAsync(user, id, request.Shipments ?? [], ct)))
            .RequirePermission(TraceabilityPermissions.Record).WithTags("Traceability")
            .WithSummary("登记出口发货 / Record shipments (EPCIS shipping events) in bulk");

        app.MapPost("/api/shipments/returns", async Task<Results<Ok<FeedDto>, ProblemHttpResult>> ([FromBody] FeedRequest request, ClaimsPrincipal user, ShipmentReturns feeder, CancellationToken ct) =>
            {
                if ((request.EnterpriseId ?? user.EnterpriseId()) is not { } enterpriseId) return TypedResults.Problem(statusCode: 400, title: Text.Get("请选择企业"));
                var outcome = await feeder.FeedAsync(user, enterpriseId, request.Period, ct);
                if (outcome is null) return TypedResults.Problem(statusCode: 404, title: Text.Get("企业不存在"));
                return outcome.Succeeded ? TypedResults.Ok(new FeedDto(outcome.Lines, outcome.Periods))
                    : ApiResults.ValidationProblem(new Dictionary<string, string[]> { ["Period"] = [.. outcome.Errors] }, title: Text.Get("无法汇总到月报"));
            })
            .RequirePermission(TraceabilityPermissions.Record).WithTags("Traceability")
            .WithSummary("发货汇总到月报 / Sum a month's shipments into the monthly export return, as customs declaration data (each line once)");

        app.MapPost("/api/suppliers", async Task<Results<Created<CreatedId>, ProblemHttpResult>> ([FromBody] SupplierRequest request, ClaimsPrincipal user, SupplierCommands commands, CancellationToken ct) =>
            {
                if ((request.EnterpriseId ?? user.EnterpriseId()) is not { } enterpriseId) return TypedResults.Problem(statusCode: 400, title: Text.Get("请选择企业"));
                var (result, id) = await commands.SaveSupplierAsync(user, enterpriseId, null,
                    new SupplierInput(request.Name, request.CreditCode, request.Supplies, request.Contact, request.Certificates), ct);
                return result.Succeeded ? TypedResults.Created($"/api/suppliers/{id}", new CreatedId((Guid)id!)) : result.ToProblem();
            })
            .RequirePermission(TraceabilityPermissions.Record).WithTags("Traceability")
            .WithSummary("登记供应商 / Register a supplier");

        app.MapPost("/api/suppliers/{id:guid}/status", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] StatusRequest request, ClaimsPrincipal user, SupplierCommands commands, CancellationToken ct) =>
                await commands.SetSupplierStatusAsync(user, id, request.Status, request.Reason, ct) is { Succeeded: false } failed ? failed.ToProblem() : TypedResults.NoContent())
            .RequirePermission(TraceabilityPermissions.Record).WithTags("Traceability")
            .WithSummary("供应商资格 / Approve, conditionally approve or disqualify a supplier (a reason unless approved)");

        app.MapPost("/api/suppliers/{id:guid}/evaluations", async Task<Results<Ok<EvaluationDto>, ProblemHttpResult>> (Guid id, [FromBody] EvaluationRequest request, ClaimsPrincipal user, SupplierCommands commands, CancellationToken ct) =>
            {
                var (result, e) = await commands.EvaluateAsync(user, id, request.From, request.To, request.AuditScore, request.Note, ct);
                return result.Succeeded
                    ? TypedResults.Ok(new EvaluationDto(e!.Id, e.From, e.To, e.LotsReceived, e.LotsRejected, e.LotsOnTime, e.LotsWithDueDate, e.QualityScore, e.DeliveryScore,
                        e.CertificateScore, e.AuditScore, e.Score, e.Grade))
                    : result.ToProblem();
            })
            .RequirePermission(TraceabilityPermissions.Record).WithTags("Traceability")
            .WithSummary("供应商评价 / Evaluate a supplier for a period: rejection and on-time rates from the ledger, certificates, audit score → score and grade");

        app.MapPost("/api/materials", async Task<Results<Created<CreatedId>, ProblemHttpResult>> ([FromBody] MaterialRequest request, ClaimsPrincipal user, SupplierCommands commands, CancellationToken ct) =>
            {
                if ((request.EnterpriseId ?? user.EnterpriseId()) is not { } enterpriseId) return TypedResults.Problem(statusCode: 400, title: Text.Get("请选择企业"));
                var (result, id) = await commands.SaveMaterialAsync(user, enterpriseId, null,
                    new MaterialInput(request.Code, request.Name, request.Spec, request.Unit, request.ApprovedSuppliers), ct);
                return result.Succeeded ? TypedResults.Created($"/api/materials/{id}", new CreatedId((Guid)id!)) : result.ToProblem();
            })
            .RequirePermission(TraceabilityPermissions.Record).WithTags("Traceability")
            .WithSummary("登记关键物料 / Register a key material with its approved spec and approved suppliers");

        app.MapGet("/api/suppliers", async (Guid? enterpriseId, int? page, int? pageSize, ClaimsPrincipal user, AppDbContext db, CancellationToken ct) =>
            {
                var query = db.Suppliers.AsNoTracking().Include(s => s.Certificates).AsQueryable();
                if (TracePages.EnterpriseFor(user, enterpriseId) is { } e) query = query.Where(s => s.EnterpriseId == e);
                return await ApiPaging.PageAsync(query.OrderBy(s => s.Name).ThenBy(s => s.Id), page, pageSize, s => new SupplierDto(s.Id, s.EnterpriseId, s.Name, s.CreditCode, s.Supplies,
                    s.Status, s.StatusReason, s.Grade, s.Score, s.Certificates.Select(c => new CertificateInput(c.Name, c.Number, c.ExpiresOn)).ToList()), ct);
            })
            .RequirePermission(TraceabilityPermissions.View).WithTags("Traceability")
            .WithSummary("供应商名录 / Suppliers (an enterprise sees only its own)");

        app.MapGet("/api/material-lots", async (Guid? enterpriseId, bool? flagged, int? page, int? pageSize, ClaimsPrincipal user, AppDbContext db, CancellationToken ct) =>
            {
                var rows = LedgerCheck.Rows(db);
                if (TracePages.EnterpriseFor(user, enterpriseId) is { } e) rows = rows.Where(r => r.Lot.EnterpriseId == e);
                if (flagged == true) rows = LedgerCheck.FlaggedOnly(rows);
                var (number, size) = ApiPaging.Normalize(page, pageSize);
                var total = await rows.CountAsync(ct);
                var items = await rows.OrderByDescending(r => r.Lot.ReceivedOn).ThenBy(r => r.Lot.LotNumber).Skip((number - 1) * size).Take(size).ToListAsync(ct);
                return new ApiPage<LotDto>(items.Select(r => new LotDto(r.Lot.Id, r.Lot.EnterpriseId, r.Lot.LotNumber, r.MaterialCode, r.Supplier, r.Lot.Spec,
                    r.Lot.Quantity, r.Lot.Unit, r.Lot.ReceivedOn, r.Lot.Inspection, r.Lot.ConsumedQuantity, r.Flags, r.Lot.Disposition)).ToList(), number, size, total);
            })
            .RequirePermission(TraceabilityPermissions.View).WithTags("Traceability")
            .WithSummary("进货台帐 / Purchase-ledger lots with their consistency flags; flagged=true lists the lots to act on");

        app.MapGet("/api/batches", async (Guid? enterpriseId, string? model, int? page, int? pageSize, ClaimsPrincipal user, AppDbContext db, CancellationToken ct) =>
            {
                var query = db.ProductionBatches.AsNoTracking();
                if (TracePages.EnterpriseFor(user, enterpriseId) is { } e) query = query.Where(b => b.EnterpriseId == e);
                if (!string.IsNullOrWhiteSpace(model)) query = query.Where(b => b.ProductModel == model.Trim());
                var (number, size) = ApiPaging.Normalize(page, pageSize);
                var total = await query.CountAsync(ct);
                var items = await query.OrderByDescending(b => b.CompletedOn).ThenBy(b => b.BatchNumber).Skip((number - 1) * size).Take(size).ToListAsync(ct);
                return new ApiPage<BatchDto>(items.Select(b => new BatchDto(b.Id, b.EnterpriseId, b.BatchNumber, b.ProductModel, b.Quantity, b.Unit,
                    b.StartedOn, b.CompletedOn, b.SerialFrom, b.SerialTo, b.FinalInspection, b.UsedQuantity)).ToList(), number, size, total);
            })
            .RequirePermission(TraceabilityPermissions.View).WithTags("Traceability")
            .WithSummary("生产批次 / Production batches");

        var trace = app.MapGroup("/api/trace").WithTags("Traceability").RequirePermission(TraceabilityPermissions.View);

        trace.MapGet("/find", (string q, ClaimsPrincipal user, TraceFinder finder, CancellationToken ct) => finder.FindAsync(user, q, ct))
            .WithSummary("查找 / Find shipments, batches (also by serial number) and lots by number");

        trace.MapGet("/shipments/{id:guid}", async Task<Results<GeneratedJsonResult<TraceDto>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, TraceQueries queries, HttpContext http, CancellationToken ct) =>
            {
                // Server-Timing tells an integrator (and the bench) how much of a trace is the database.
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                var graph = await queries.BackwardFromShipmentAsync(user, id, ct);
                http.Response.Headers["Server-Timing"] = $"trace;dur={System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}";
                return graph is not null ? ApiJson.Ok(Answer(graph), TraceJson.Default.TraceDto) : NotFound();
            })
            .WithSummary("发货反向追溯 / Backward trace of a shipment: batches, sub-assemblies, steps, lots, suppliers, gaps");

        trace.MapGet("/batches/{id:guid}", async Task<Results<GeneratedJsonResult<TraceDto>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, TraceQueries queries, CancellationToken ct) =>
                await queries.BackwardFromBatchAsync(user, id, ct) is { } graph ? ApiJson.Ok(Answer(graph), TraceJson.Default.TraceDto) : NotFound())
            .WithSummary("批次反向追溯 / Backward trace of a batch");

        trace.MapGet("/forward", async Task<Results<GeneratedJsonResult<ForwardDto>, ProblemHttpResult>> (Guid? lot, Guid? supplier, Guid? batch, ClaimsPrincipal user, TraceQueries queries, CancellationToken ct) =>
                await queries.ForwardAsync(user, lot, supplier, batch, ct) is { } graph ? ApiJson.Ok(ForwardAnswer(graph), TraceJson.Default.ForwardDto) : NotFound())
            .WithSummary("正向追溯 / Forward trace from a lot, a supplier or a batch to every downstream batch and shipment");

        trace.MapPost("/recall", async Task<Results<Ok<RecallDto>, ProblemHttpResult>> ([FromBody] RecallRequest request, ClaimsPrincipal user, TraceQueries queries, CancellationToken ct) =>
            {
                if (RecallForm.Validate(request.Model, request.Country, request.From, request.To) is { Count: > 0 } errors)
                    return ApiResults.ValidationProblem(errors, title: Text.Get("召回信息有误"));
                var scope = await queries.RecallAsync(user, new RecallNotice(request.EnterpriseId, request.Model!.Trim(), request.Country!.Trim().ToUpperInvariant(),
                    request.From!.Value, request.To!.Value, request.Lots ?? []), ct);
                return TypedResults.Ok(new RecallDto(scope.Notice, scope.Candidates, scope.SuspectLots, scope.Others));
            })
            .WithSummary("召回范围 / Recall scope: candidate shipments for a model, country and period, their lots, and every other shipment sharing a suspect lot");

        app.MapGet("/api/trace-requests", async (bool? open, int? page, int? pageSize, ClaimsPrincipal user, AppDbContext db, CancellationToken ct) =>
            {
                var query = TraceRequests.Visible(db, user).AsNoTracking();
                if (open is { } o) query = query.Where(r => (r.State == TraceRequestState.Open) == o);
                var (number, size) = ApiPaging.Normalize(page, pageSize);
                var total = await query.CountAsync(ct);
                var items = await query.OrderByDescending(r => r.CreatedAt).Skip((number - 1) * size).Take(size).ToListAsync(ct);
                return new ApiPage<TraceRequestDto>(items.Select(TraceRequestDto.Of).ToList(), number, size, total);
            })
            .RequirePermission(TraceabilityPermissions.View).WithTags("Traceability")
            .WithSummary("追溯请求 / Trace requests opened by foreign recalls naming an enterprise's product, newest first (?open=true for the pending ones)");

        app.MapGet("/api/trace-requests/{id:guid}", async Task<Results<Ok<TraceRequestDto>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, AppDbContext db, CancellationToken ct) =>
                await TraceRequests.Visible(db, user).AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) is { } request ? TypedResults.Ok(TraceRequestDto.Of(request)) : NotFound())
            .RequirePermission(TraceabilityPermissions.View).WithTags("Traceability")
            .WithSummary("追溯请求 / One trace request with its pre-computed scope and conclusion");

        app.MapPost("/api/trace-requests/{id:guid}/conclusion", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] ConclusionRequest request, ClaimsPrincipal user, TraceRequests requests, CancellationToken ct) =>
                await requests.ConcludeAsync(user, id, request.Conclusion, ct) is { Succeeded: false } failed ? failed.ToProblem() : TypedResults.NoContent())
            .RequirePermission(TraceabilityPermissions.Record).WithTags("Traceability")
            .WithSummary("追溯结论 / Record what the trace found (shipments, lots, suppliers concerned and what was done); once");
    }

    /// <summary>A trace request as the API shows it: the recall, the pre-computed scope, the state and conclusion.</summary>
    public sealed record TraceRequestDto(Guid Id, Guid EnterpriseId, Guid? ActionId, Guid? NoticeId, string Reference, string Title, string? Model, string? Country,
        DateOnly From, DateOnly To, int? CandidateShipments, int? SuspectLots, int? OtherShipments, TraceRequestState State, string? Conclusion,
        string? ConcludedBy, DateTimeOffset? ConcludedAt, DateTimeOffset CreatedAt, string ScopeLink)
    {
        public static TraceRequestDto Of(TraceRequest r) => new(r.Id, r.EnterpriseId, r.ActionId, r.NoticeId, r.Reference, r.Title, r.Model, r.Country,
            r.From, r.To, r.CandidateShipments, r.SuspectLots, r.OtherShipments, r.State, r.Conclusion, r.ConcludedBy, r.ConcludedAt, r.CreatedAt, r.ScopeLink);
    }

    /// <summary>A backward trace as the API answers it (public for the bench and the test that compares its JSON).</summary>
    public static TraceDto Answer(TraceGraph graph) => new(TraceTree.Backward(graph), graph.Shipments, graph.SuppliersLots.ToList(), graph.Gaps, graph.Depth);

    /// <summary>A forward trace as the API answers it.</summary>
    public static ForwardDto ForwardAnswer(TraceGraph graph) =>
        new(TraceTree.Forward(graph).Select(b => new ForwardBranch(b.Lot, b.Nodes)).ToList(), graph.Shipments, graph.Batches.Count);

    private static async Task<Results<Created<IngestDto>, ProblemHttpResult>> Ingest(Guid? requested, ClaimsPrincipal user, string location, Func<Guid, Task<IngestResult?>> ingest)
    {
        var enterpriseId = requested ?? user.EnterpriseId();
        if (enterpriseId is null) return ApiResults.ValidationProblem(new Dictionary<string, string[]> { ["EnterpriseId"] = [Text.Get("请选择企业")] }, title: Text.Get("追溯数据有误"));
        var result = await ingest(enterpriseId.Value);
        if (result is null) return TypedResults.Problem(statusCode: 404, title: Text.Get("企业不存在"));
        if (result.Succeeded) return TypedResults.Created(location, new IngestDto(result.Records, result.Rows));
        return ApiResults.ValidationProblem(result.Errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray()),
            title: Text.Get("追溯数据有误，未保存任何记录"), statusCode: result.Conflict ? 409 : 400);
    }


    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: 404, title: Text.Get("记录不存在"));
}
