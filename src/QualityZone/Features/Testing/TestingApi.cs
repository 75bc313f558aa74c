using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Testing;

/// <summary>
/// The testing service over HTTP: enterprise systems submit requests and fetch their reports (JSON, Word,
/// PDF); the center works the requests; anyone verifies a report by number and code (rate-limited).
/// </summary>
public static class TestingApi
{
    public sealed record ItemDto(Guid Id, int Position, string Code, string Name, string Standard, string? Unit, decimal? Min, decimal? Max, bool CnasScope, decimal Price);
    public sealed record ResultDto(Guid Id, Guid RequestItemId, decimal? Value, Verdict Verdict, string? Instrument, string Operator, DateOnly TestedOn, bool Superseded);
    public sealed record RequestDto(Guid Id, string Number, Guid EnterpriseId, RequestKind Kind, string ProductName, string? Model, Guid? BatchId, string? TargetMarket,
        RequestState State, decimal Fee, decimal Subsidy, decimal EnterpriseShare, DateOnly DueOn, DateTimeOffset RequestedAt, string? SampleNumber,
        string? ReportNumber, string? VerificationCode, DateTimeOffset? IssuedAt, string? Conclusion, DateTimeOffset? WithdrawnAt, string? WithdrawalReason,
        int Version, IReadOnlyList<ItemDto> Items, IReadOnlyList<ResultDto> Results);
    public sealed record QuoteRequest(Guid? EnterpriseId, string? PackageCode, IReadOnlyList<string>? ItemCodes);
    public sealed record ResultsWrite(IReadOnlyList<ResultInput>? Results);
    public sealed record Decision(bool Approve, string? Comment);
    public sealed record Reason(string? Text);
    /// <summary>What the printed report shows, and its state: nothing more.</summary>
    public sealed record Verification(string ReportNumber, string Laboratory, string Enterprise, string Product, string? Model, DateOnly IssuedOn, string Conclusion, bool Passed, bool Withdrawn, DateOnly? WithdrawnOn);

    public static void MapTestingApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/test-requests").WithTags("Testing");

        group.MapGet("", async (ClaimsPrincipal user, TestingCommands commands, RequestState? state, int? page, CancellationToken ct) =>
            {
                var query = commands.Visible(user).Include(r => r.Items).Include(r => r.Results).AsSplitQuery();
                if (state is { } s) query = query.Where(r => r.State == s);
                var rows = await query.OrderByDescending(r => r.Number).Skip(Math.Max(0, (page ?? 1) - 1) * 100).Take(100).ToListAsync(ct);
                return rows.Select(r => ToDto(r)).ToList();
            })
            .RequirePermission(TestingPermissions.Read).WithSummary("检测委托 / Test requests, newest first, 100 a page (an enterprise sees its own)");

        group.MapGet("/{id:guid}", async Task<Results<Ok<RequestDto>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, TestingCommands commands, CancellationToken ct) =>
                await commands.FindAsync(id, ct) is { } r && Sees(user, r) ? TypedResults.Ok(ToDto(r)) : NotFound())
            .RequirePermission(TestingPermissions.Read).WithSummary("检测委托 / One request with its items and results");

        group.MapPost("/quote", async Task<Results<Ok<Quote>, ProblemHttpResult>> ([FromBody] QuoteRequest input, ClaimsPrincipal user, TestingCommands commands, AppDbContext db, CancellationToken ct) =>
            {
                var enterprise = user.EnterpriseId() ?? input.EnterpriseId;
                if (enterprise is null || !await db.Enterprises.AnyAsync(e => e.Id == enterprise, ct)) return TypedResults.Problem(statusCode: 400, title: Text.Get("请选择企业"));
                var (items, error) = await commands.ItemsOfAsync(input.PackageCode, input.ItemCodes, ct);
                if (error is not null) return TypedResults.Problem(statusCode: 400, title: error);
                return TypedResults.Ok(await commands.QuoteAsync(enterprise.Value, user.EnterpriseId() is null ? RequestKind.Supervision : RequestKind.Commission, items.Sum(i => i.Price), null, ct));
            })
            .RequirePermission(TestingPermissions.Read).WithSummary("报价 / The fee, subsidy and enterprise's share of a package or items, before requesting");

        group.MapPost("", async Task<Results<Created<CreatedId>, ProblemHttpResult>> ([FromBody] RequestInput input, ClaimsPrincipal user, TestingCommands commands, CancellationToken ct) =>
            {
                if (user.EnterpriseId() is null && !PermissionCatalog.IsGranted(user, TestingPermissions.Order)) return TypedResults.Problem(statusCode: 403, title: Text.Get("无权下达监督抽检"));
                if (user.EnterpriseId() is not null && !PermissionCatalog.IsGranted(user, TestingPermissions.Request)) return TypedResults.Problem(statusCode: 403, title: Text.Get("无权提交检测委托"));
                var (result, id) = await commands.CreateAsync(user, input, ct);
                return result.Succeeded ? TypedResults.Created($"/api/test-requests/{id}", new CreatedId(id!.Value)) : result.ToProblem();
            })
            .RequirePermission(TestingPermissions.Read).WithSummary("提交委托 / An enterprise's commission for its own product, or (a department) supervision sampling at an enterprise of the zone");

        group.MapPost("/{id:guid}/sample", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] SampleInput input, ClaimsPrincipal user, TestingCommands commands, CancellationToken ct) =>
                (await commands.ReceiveAsync(user, id, input, ct)).ToNoContent())
            .RequirePermission(TestingPermissions.Operate).WithSummary("收样 / Receive the sample (numbered) or refuse it with a reason");

        group.MapPost("/{id:guid}/results", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] ResultsWrite input, ClaimsPrincipal user, TestingCommands commands, CancellationToken ct) =>
                (await commands.RecordAsync(user, id, input.Results ?? [], ct)).ToNoContent())
            .RequirePermission(TestingPermissions.Operate).WithSummary("录入结果 / Results per requested item (a second result is a retest; the first is kept); all or nothing");

        group.MapPost("/{id:guid}/review-request", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, TestingCommands commands, CancellationToken ct) =>
                (await commands.SubmitForReviewAsync(user, id, ct)).ToNoContent())
            .RequirePermission(TestingPermissions.Operate).WithSummary("送审 / Hand the results to review: every item needs a result");

        group.MapPost("/{id:guid}/review", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] Decision input, ClaimsPrincipal user, TestingCommands commands, CancellationToken ct) =>
                (await commands.ReviewAsync(user, id, input.Approve, input.Comment, ct)).ToNoContent())
            .RequirePermission(TestingPermissions.Operate).WithSummary("审核 / A second tester approves (the report is issued; failed items open corrective actions) or sends back with a reason");

        group.MapPost("/{id:guid}/delivery", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, TestingCommands commands, CancellationToken ct) =>
            {
                if (user.EnterpriseId() is null && !PermissionCatalog.IsGranted(user, TestingPermissions.Operate)) return TypedResults.Problem(statusCode: 403, title: Text.Get("只有委托企业或检验中心可以确认交付"));
                return (await commands.DeliverAsync(user, id, ct)).ToNoContent();
            })
            .RequirePermission(TestingPermissions.Read).WithSummary("交付 / The report reached the enterprise (the center, or the enterprise acknowledging)");

        group.MapPost("/{id:guid}/cancellation", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] Reason input, ClaimsPrincipal user, TestingCommands commands, CancellationToken ct) =>
            {
                if (user.EnterpriseId() is null && !PermissionCatalog.IsGranted(user, TestingPermissions.Operate)) return TypedResults.Problem(statusCode: 403, title: Text.Get("只有委托企业或检验中心可以取消"));
                return (await commands.CancelAsync(user, id, input.Text, ct)).ToNoContent();
            })
            .RequirePermission(TestingPermissions.Read).WithSummary("取消 / Cancel before testing starts (the enterprise its own commission, or the center)");

        group.MapPost("/{id:guid}/withdrawal", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] Reason input, ClaimsPrincipal user, TestingCommands commands, CancellationToken ct) =>
                (await commands.WithdrawAsync(user, id, input.Text, ct)).ToNoContent())
            .RequirePermission(TestingPermissions.Operate).WithSummary("撤回报告 / Withdraw an issued report with a reason; it stays visible as withdrawn");

        app.MapGet("/api/test-reports/verification", async Task<Results<Ok<Verification>, ProblemHttpResult>> (string? number, string? code, AppDbContext db, CancellationToken ct) =>
                await VerifyAsync(db, number, code, ct) is { } found ? TypedResults.Ok(found) : TypedResults.Problem(statusCode: 404, title: Text.Get("未找到该报告，或验证码不正确")))
            .RequirePermission(TestingPermissions.Verify).RequireRateLimiting("verify").WithTags("Testing")
            .WithSummary("报告核验 / Anyone: a report's public facts and state by its number and verification code (unknown number and wrong code answer alike; rate-limited)");

        // The report files, for the enterprise and the member units (not under /api: a browser downloads them; enterprise systems use them too).
        app.MapGet("/testing/{id:guid}/report.{format}", async Task<Results<FileStreamHttpResult, ProblemHttpResult>> (Guid id, string format, ClaimsPrincipal user, TestingCommands commands, FileStore files, CancellationToken ct) =>
            {
                var request = await commands.Visible(user).Where(r => r.Id == id).Select(r => new { r.ReportNumber, r.ReportDocxSha256, r.ReportPdfSha256 }).SingleOrDefaultAsync(ct);
                var (sha, type) = format switch { "docx" => (request?.ReportDocxSha256, WordDocument.ContentType), "pdf" => (request?.ReportPdfSha256, PdfDocument.ContentType), _ => (null, "") };
                if (sha is null || !files.Exists(sha)) return TypedResults.Problem(statusCode: 404, title: Text.Get("文件不存在"));
                return TypedResults.File(files.OpenRead(sha), type, $"{request!.ReportNumber}.{format}");
            })
            .RequirePermission(TestingPermissions.Read).ExcludeFromDescription();

        // A sample photo or test record kept with the request, for whoever sees the request.
        app.MapGet("/testing/{id:guid}/files/{fileId:guid}", async Task<Results<FileStreamHttpResult, ProblemHttpResult>> (Guid id, Guid fileId, ClaimsPrincipal user, TestingCommands commands, AppDbContext db, FileStore files, CancellationToken ct) =>
            {
                var visible = commands.Visible(user).Where(r => r.Id == id).Select(r => r.Id);
                var file = await db.TestRequestAttachments.AsNoTracking().Where(a => a.Id == fileId && visible.Contains(a.RequestId)).SingleOrDefaultAsync(ct);
                if (file is null || !files.Exists(file.Sha256)) return TypedResults.Problem(statusCode: 404, title: Text.Get("文件不存在"));
                return TypedResults.File(files.OpenRead(file.Sha256), file.ContentType, file.FileName);
            })
            .RequirePermission(TestingPermissions.Read).ExcludeFromDescription();

        group.MapPost("/{id:guid}/attachments", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, AttachmentKind? kind, Guid? item, HttpRequest http, ClaimsPrincipal user, TestingCommands commands, CancellationToken ct) =>
            {
                // The form is read here, after authorization: a caller without the permission never gets this far.
                if (!http.HasFormContentType || (await http.ReadFormAsync(ct)).Files.GetFile("file") is not { Length: > 0 } file || kind is null)
                    return TypedResults.Problem(statusCode: 400, title: Text.Get("请以 multipart/form-data 上传文件（file），并在地址中写明 kind"));
                await using var content = file.OpenReadStream();
                return (await commands.AttachAsync(user, id, kind.Value, item, content, file.FileName, ct)).ToNoContent();
            })
            .RequirePermission(TestingPermissions.Operate).DisableAntiforgery().RequireAntiforgeryForCookies()
            .WithSummary("上传附件 / A sample photo (kind=SamplePhoto) or a test record (kind=TestRecord, optionally for one item) kept with the request");

        // A sample label's QR code: the request page, for the center's printer.
        app.MapGet("/testing/{id:guid}/label.png", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (Guid id, HttpRequest http, AppDbContext db, CancellationToken ct) =>
                await db.TestRequests.AnyAsync(r => r.Id == id && r.SampleNumber != null, ct)
                    ? TypedResults.File(QrCodes.Png($"{http.Scheme}://{http.Host}/testing/{id}"), "image/png")
                    : TypedResults.Problem(statusCode: 404, title: Text.Get("样品尚未接收")))
            .RequirePermission(TestingPermissions.Operate).ExcludeFromDescription();
    }

    /// <summary>The public facts of an issued report, when the number and the code match; nothing otherwise (the same answer for both).</summary>
    public static async Task<Verification?> VerifyAsync(AppDbContext db, string? number, string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(number) || string.IsNullOrWhiteSpace(code) || number.Length > 20 || code.Length > 16) return null;
        var normalized = code.Trim().ToUpperInvariant();
        var found = await (from r in db.TestRequests.AsNoTracking()
                           join e in db.Enterprises.AsNoTracking() on r.EnterpriseId equals e.Id
                           where r.ReportNumber == number.Trim() && r.VerificationCode == normalized && r.IssuedAt != null
                           select new { r, e.NameZh }).SingleOrDefaultAsync(ct);
        if (found is null) return null;
        var (request, at) = (found.r, found.r.IssuedAt!.Value.ToOffset(TimeSpan.FromHours(8)));
        return new Verification(request.ReportNumber!, TestReports.LabName, found.NameZh, request.ProductName, request.Model, DateOnly.FromDateTime(at.DateTime),
            Msg.Render(request.Conclusion) ?? "", !request.ReportFailed, request.WithdrawnAt is not null, request.WithdrawnAt is { } w ? DateOnly.FromDateTime(w.ToOffset(TimeSpan.FromHours(8)).DateTime) : null);
    }

    public static bool Sees(ClaimsPrincipal user, TestRequest request) => user.EnterpriseId() is not { } own || own == request.EnterpriseId;

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: 404, title: Text.Get("检测委托不存在"));


    public static RequestDto ToDto(TestRequest r) => new(r.Id, r.Number, r.EnterpriseId, r.Kind, r.ProductName, r.Model, r.BatchId, r.TargetMarket, r.State,
        r.Fee, r.Subsidy, r.EnterpriseShare, r.DueOn, r.RequestedAt, r.SampleNumber, r.ReportNumber, r.VerificationCode, r.IssuedAt, Msg.Render(r.Conclusion), r.WithdrawnAt, r.WithdrawalReason, r.Version,
        r.Items.OrderBy(i => i.Position).Select(i => new ItemDto(i.Id, i.Position, i.Code, i.Name, i.Standard, i.Unit, i.Min, i.Max, i.CnasScope, i.Price)).ToList(),
        r.Results.OrderBy(x => x.EnteredAt).Select(x => new ResultDto(x.Id, x.RequestItemId, x.Value, x.Verdict, x.Instrument, x.Operator, x.TestedOn, x.Superseded)).ToList());
}
