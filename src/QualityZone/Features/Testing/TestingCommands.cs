using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Features.Commitments;
using QualityZone.Features.Notifications;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Testing;

/// <summary>A request; the batch tested is named by its id or by its number in the enterprise (either, optional).</summary>
public sealed record RequestInput(Guid? EnterpriseId, string? ProductName, string? Model, Guid? BatchId, string? TargetMarket, string? PackageCode, IReadOnlyList<string>? ItemCodes,
    string? BatchNumber = null);

/// <summary>A catalogue item as the center edits it; <see cref="IsNew"/> adds one (its code must be free).</summary>
public sealed record TestItemInput(bool IsNew, string? Code, string? NameZh, string? NameEn, string? Standard, string? Unit, decimal? Min, decimal? Max,
    decimal Price, int TurnaroundDays, int SampleQuantity, bool CnasScope);

public sealed record SampleInput(bool Refuse, string? Condition, string? Reason);

/// <summary>A result for one requested item: a measured value, or for a pass / fail check the verdict.</summary>
public sealed record ResultInput(Guid RequestItemId, decimal? Value, bool? Passed, string? Instrument, string? Operator, DateOnly? TestedOn);

/// <summary>
/// The price, the subsidy and what the enterprise pays, with why the subsidy is what it is: as messages, so the reasons
/// kept in a request's history read in each reader's language (Msg), and as text in the current one.
/// </summary>
public sealed record Quote(decimal Fee, decimal Subsidy, decimal EnterpriseShare, decimal Rate, [property: System.Text.Json.Serialization.JsonIgnore] IReadOnlyList<Msg> Reasons)
{
    public IReadOnlyList<string> Notes => Reasons.Select(r => r.Render()).ToList();
}

/// <summary>
/// The testing service (task 17): requests by an enterprise or supervision sampling by a department,
/// quoted with the year's subsidy; the center receives the sample, enters results, a second tester
/// reviews, the report is issued with a verification code; a failed item opens a corrective action.
/// </summary>
public sealed class TestingCommands(AppDbContext db, ActionCommands actions, TestReports reports, NotificationService notifications, FileStore files, ZoneClock clock, TimeProvider time)
{
    public async Task<List<TestItem>> CatalogueAsync(CancellationToken ct) => await db.TestItems.AsNoTracking().OrderBy(i => i.Position).ToListAsync(ct);

    public async Task<TestRequest?> FindAsync(Guid id, CancellationToken ct) =>
        await db.TestRequests.AsNoTracking().Include(r => r.Items.OrderBy(i => i.Position)).Include(r => r.Results).Include(r => r.History.OrderBy(h => h.At)).Include(r => r.Attachments)
            .AsSplitQuery().SingleOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>The requests the user may see: an enterprise its own, the member units all.</summary>
    public IQueryable<TestRequest> Visible(ClaimsPrincipal user) =>
        user.EnterpriseId() is { } enterprise ? db.TestRequests.AsNoTracking().Where(r => r.EnterpriseId == enterprise) : db.TestRequests.AsNoTracking();

    /// <summary>
    /// The quote: the fee is the sum of the items' prices; an enterprise in the zone gets the year's share
    /// (grade A a higher one), limited by what is left of its yearly cap and of the year's budget.
    /// Supervision sampling is paid by the ordering department: the enterprise pays nothing.
    /// </summary>
    public async Task<Quote> QuoteAsync(Guid enterpriseId, RequestKind kind, decimal fee, Guid? excluding, CancellationToken ct)
    {
        if (kind == RequestKind.Supervision) return new Quote(fee, 0, 0, 0, [Msg.Of("监督抽检费用由下达部门承担，企业不付费")]);
        var enterprise = await db.Enterprises.AsNoTracking().Where(e => e.Id == enterpriseId).Select(e => new { e.State, e.Grade }).SingleAsync(ct);
        var rule = await db.SubsidyRules.AsNoTracking().SingleOrDefaultAsync(r => r.Year == clock.Today.Year, ct);
        if (rule is null) return new Quote(fee, 0, fee, 0, [Msg.Of("{0} 年的检测补贴政策尚未设定", clock.Today.Year.ToString(CultureInfo.InvariantCulture))]);
        if (!CommitmentService.InZone.Contains(enterprise.State)) return new Quote(fee, 0, fee, 0, [Msg.Of("仅示范区内企业享受检测费用补贴")]);
        var rate = enterprise.Grade == "A" ? rule.GradeASharePercent : rule.SharePercent;
        var notes = new List<Msg> { Msg.Of("补贴比例 {0}%{1}", rate.ToString("0.##", CultureInfo.InvariantCulture), enterprise.Grade == "A" ? Msg.Aside(Msg.Of("A 级企业")) : "") };
        var subsidy = Math.Round(fee * rate / 100m, 2, MidpointRounding.AwayFromZero);
        var year = SubsidisedIn(clock.Today.Year, excluding);
        var leftForEnterprise = Math.Max(0, rule.CapPerEnterprise - await year.Where(r => r.EnterpriseId == enterpriseId).SumAsync(r => r.Subsidy, ct));
        if (subsidy > leftForEnterprise)
        {
            subsidy = leftForEnterprise;
            notes.Add(Msg.Of("受企业年度补贴上限 {0} 元限制，本年剩余 {1} 元", rule.CapPerEnterprise.ToString("#,0.##", CultureInfo.InvariantCulture), leftForEnterprise.ToString("#,0.##", CultureInfo.InvariantCulture)));
        }
        var leftInBudget = Math.Max(0, rule.Budget - await year.SumAsync(r => r.Subsidy, ct));
        if (subsidy > leftInBudget)
        {
            subsidy = leftInBudget;
            notes.Add(Msg.Of("受年度补贴预算限制，预算剩余 {0} 元", leftInBudget.ToString("#,0.##", CultureInfo.InvariantCulture)));
        }
        return new Quote(fee, subsidy, fee - subsidy, rate, notes);
    }

    /// <summary>The items a request names: a package's, plus or instead of single items; unknown codes are refused.</summary>
    public async Task<(List<TestItem> Items, string? Error)> ItemsOfAsync(string? packageCode, IReadOnlyList<string>? itemCodes, CancellationToken ct)
    {
        var codes = new List<string>();
        if (!string.IsNullOrWhiteSpace(packageCode))
        {
            var package = await db.TestPackages.AsNoTracking().SingleOrDefaultAsync(p => p.Code == packageCode.Trim(), ct);
            if (package is null) return ([], Text.Format("检测套餐“{0}”不存在", packageCode));
            codes.AddRange(package.Codes);
        }
        codes.AddRange((itemCodes ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()));
        codes = codes.Distinct().ToList();
        if (codes.Count == 0) return ([], Text.Get("请选择检测套餐或检测项目"));
        var items = await db.TestItems.AsNoTracking().Where(i => codes.Contains(i.Code)).OrderBy(i => i.Position).ToListAsync(ct);
        if (codes.FirstOrDefault(c => items.All(i => i.Code != c)) is { } unknown) return ([], Text.Format("检测项目“{0}”不存在", unknown));
        return (items, null);
    }

    /// <summary>
    /// A request: an enterprise for itself (commission), or a department at an enterprise of the zone
    /// (supervision sampling); quoted now, the quote kept on the request.
    /// </summary>
    public async Task<(CommandResult Result, Guid? Id)> CreateAsync(ClaimsPrincipal user, RequestInput input, CancellationToken ct)
    {
        var own = user.EnterpriseId();
        var kind = own is null ? RequestKind.Supervision : RequestKind.Commission;
        var enterpriseId = own ?? input.EnterpriseId;
        if (enterpriseId is null) return (CommandResult.Invalid(Text.Get("请选择抽检企业")), null);
        var enterprise = await db.Enterprises.AsNoTracking().Where(e => e.Id == enterpriseId).Select(e => new { e.State }).SingleOrDefaultAsync(ct);
        if (enterprise is null) return (CommandResult.Invalid(Text.Get("企业不存在")), null);
        if (kind == RequestKind.Supervision && !CommitmentService.InZone.Contains(enterprise.State)) return (CommandResult.Invalid(Text.Get("监督抽检只针对示范区内企业")), null);
        if (string.IsNullOrWhiteSpace(input.ProductName) || input.ProductName.Trim().Length > 200) return (CommandResult.Invalid(Text.Get("请填写产品名称（不超过 200 字）")), null);
        if (input.Model?.Trim().Length > 100) return (CommandResult.Invalid(Text.Get("型号不能超过 100 字")), null);
        var market = string.IsNullOrWhiteSpace(input.TargetMarket) ? null : input.TargetMarket.Trim().ToUpperInvariant();
        if (market is not null && (market.Length != 2 || !market.All(char.IsAsciiLetterUpper))) return (CommandResult.Invalid(Text.Get("目标市场请填写两位国家或地区代码（如 DE）")), null);
        var batch = input.BatchId;
        if (batch is { } batchId && !await db.ProductionBatches.AnyAsync(b => b.Id == batchId && b.EnterpriseId == enterpriseId, ct))
            return (CommandResult.Invalid(Text.Get("所选生产批次不属于该企业")), null);
        if (batch is null && !string.IsNullOrWhiteSpace(input.BatchNumber))
        {
            var number = input.BatchNumber.Trim();
            batch = await db.ProductionBatches.Where(b => b.EnterpriseId == enterpriseId && b.BatchNumber == number).Select(b => (Guid?)b.Id).SingleOrDefaultAsync(ct);
            if (batch is null) return (CommandResult.Invalid(Text.Format("该企业没有批次号为“{0}”的生产批次", number)), null);
        }
        var (items, error) = await ItemsOfAsync(input.PackageCode, input.ItemCodes, ct);
        if (error is not null) return (CommandResult.Invalid(error), null);

        var quote = await QuoteAsync(enterpriseId.Value, kind, items.Sum(i => i.Price), null, ct);
        var year = clock.Today.Year;
        var prefix = $"JC-{year}-";
        var next = await NumberSequences.NextAsync(db, prefix, async token =>
            NumberSequences.Highest(await db.TestRequests.Where(r => r.Number.StartsWith(prefix)).Select(r => r.Number).ToListAsync(token), prefix), ct);
        var now = time.GetUtcNow();
        var request = new TestRequest
        {
            Number = $"{prefix}{next:D4}", EnterpriseId = enterpriseId.Value, Kind = kind, OrderedByDepartmentId = kind == RequestKind.Supervision ? user.DepartmentId() : null,
            PackageCode = string.IsNullOrWhiteSpace(input.PackageCode) ? null : input.PackageCode.Trim(),
            ProductName = input.ProductName.Trim(), Model = input.Model?.Trim() is { Length: > 0 } model ? model : null, BatchId = batch, TargetMarket = market,
            Fee = quote.Fee, Subsidy = quote.Subsidy, EnterpriseShare = quote.EnterpriseShare,
            DueOn = WorkingDays.Add(clock.Today, items.Max(i => i.TurnaroundDays)), RequestedBy = user.DisplayName(), RequestedAt = now,
        };
        request.Items.AddRange(items.Select((i, n) => new RequestItem
        {
            RequestId = request.Id, Position = n + 1, Code = i.Code, NameZh = i.NameZh, NameEn = i.NameEn, Standard = i.Standard, Unit = i.Unit,
            Min = i.Min, Max = i.Max, CnasScope = i.CnasScope, Price = i.Price,
        }));
        request.Record(user.DisplayName(), now, kind == RequestKind.Supervision ? "下达监督抽检" : "提交委托", Msg.Clauses(quote.Reasons).Store());
        db.TestRequests.Add(request);
        if (kind == RequestKind.Supervision)
            await notifications.NotifyEnterprisesAsync([enterpriseId.Value], Msg.Of("监督抽检通知：{0}", request.ProductName),
                Msg.Of("检验中心将按 {0} 抽取样品，请配合。", request.Number).Store(), _ => $"/testing/{request.Id}", ct);
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, request.Id);
    }

    /// <summary>The center receives the sample (numbered, its condition noted) or refuses it with a reason.</summary>
    public async Task<CommandResult> ReceiveAsync(ClaimsPrincipal user, Guid id, SampleInput input, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is not { } request) return NotFound();
        if (request.State != RequestState.Submitted) return CommandResult.Conflict(Text.Get("只有待收样的委托可以收样"));
        var now = time.GetUtcNow();
        if (input.Refuse)
        {
            if (string.IsNullOrWhiteSpace(input.Reason) || input.Reason.Length > 500) return CommandResult.Invalid(Text.Get("拒收样品请写明原因（不超过 500 字）"));
            request.State = RequestState.SampleRefused;
            request.RefusalReason = input.Reason.Trim();
            request.Record(user.DisplayName(), now, "拒收样品", request.RefusalReason);
            await notifications.NotifyEnterprisesAsync([request.EnterpriseId], Msg.Of("样品被拒收：{0}", request.Number), request.RefusalReason, _ => $"/testing/{id}", ct);
        }
        else
        {
            if (input.Condition?.Length > 500) return CommandResult.Invalid(Text.Get("样品状态描述不能超过 500 字"));
            var prefix = $"YP-{clock.Today.Year}-";
            var next = await NumberSequences.NextAsync(db, prefix, async token =>
                NumberSequences.Highest(await db.TestRequests.Where(r => r.SampleNumber != null && r.SampleNumber.StartsWith(prefix)).Select(r => r.SampleNumber!).ToListAsync(token), prefix), ct);
            request.State = RequestState.SampleReceived;
            request.SampleNumber = $"{prefix}{next:D4}";
            request.SampleCondition = string.IsNullOrWhiteSpace(input.Condition) ? Text.Get("完好") : input.Condition.Trim();
            request.SampleReceivedAt = now;
            request.Record(user.DisplayName(), now, "收样", $"{request.SampleNumber} · {request.SampleCondition}");
        }
        request.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>
    /// Enters results; a second result for an item is a retest, which keeps the first as superseded.
    /// A value outside what its unit allows, an item not requested, or a pass / fail item without a verdict is refused, and none of the batch is kept.
    /// </summary>
    public async Task<CommandResult> RecordAsync(ClaimsPrincipal user, Guid id, IReadOnlyList<ResultInput> inputs, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is not { } request) return NotFound();
        if (request.State is not (RequestState.SampleReceived or RequestState.InTest)) return CommandResult.Conflict(Text.Get("收样后、送审前才能录入结果"));
        if (inputs.Count == 0) return CommandResult.Invalid(Text.Get("请至少录入一项结果"));
        var now = time.GetUtcNow();
        var entered = new List<TestResult>();
        foreach (var input in inputs)
        {
            var item = request.Items.SingleOrDefault(i => i.Id == input.RequestItemId);
            if (item is null) return CommandResult.Invalid(Text.Get("该检测项目不在本委托中"));
            if (string.IsNullOrWhiteSpace(input.Operator) || input.Operator.Length > 100) return CommandResult.Invalid(Text.Format("{0}：请填写检测人员", item.Name));
            if (input.Instrument?.Length > 100) return CommandResult.Invalid(Text.Format("{0}：仪器设备不能超过 100 字", item.Name));
            var testedOn = input.TestedOn ?? clock.Today;
            if (testedOn > clock.Today || request.SampleReceivedAt is { } received && testedOn < DateOnly.FromDateTime(received.UtcDateTime).AddDays(-1))
                return CommandResult.Invalid(Text.Format("{0}：检测日期应在收样之后、今天之前", item.Name));
            Verdict verdict;
            if (item.PassFail)
            {
                if (input.Passed is not { } passed) return CommandResult.Invalid(Text.Format("{0}：请判定合格或不合格", item.Name));
                verdict = passed ? Verdict.Pass : Verdict.Fail;
            }
            else
            {
                if (input.Value is not { } value) return CommandResult.Invalid(Text.Format("{0}：请填写测得值（{1}）", item.Name, item.Unit));
                if (UnitProblem(item.Unit!, value) is { } problem) return CommandResult.Invalid(Text.Format("{0}：{1}", item.Name, problem));
                verdict = item.Judge(value);
            }
            entered.Add(new TestResult
            {
                RequestId = id, RequestItemId = item.Id, Value = item.PassFail ? null : input.Value, Verdict = verdict, Instrument = input.Instrument?.Trim(),
                Operator = input.Operator.Trim(), TestedOn = testedOn, EnteredBy = user.UserId() ?? user.DisplayName(), EnteredAt = now,
            });
        }
        foreach (var result in entered)
        {
            var item = request.Items.Single(i => i.Id == result.RequestItemId);
            var retest = request.Current.FirstOrDefault(r => r.RequestItemId == result.RequestItemId);
            if (retest is not null) retest.Superseded = true;
            request.Results.Add(result);
            // The verdict as a message, so the history reads 合格 / Pass in each reader's language.
            request.Record(user.DisplayName(), now, retest is null ? "录入结果" : "复检结果",
                Msg.Of("{0} {1}", $"{item.Code} {(result.Value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) + " " + item.Unit : "")}".Trim(),
                    Msg.Of(TestingLabels.VerdictKey(result.Verdict))).Store());
        }
        request.State = RequestState.InTest;
        request.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>What a measured value in a unit can be: never negative, a share at most 100, a purity class a whole number 0–9 (ISO 8573-1).</summary>
    public static string? UnitProblem(string unit, decimal value) => unit switch
    {
        _ when value < 0 => Text.Get("测得值不能为负数"),
        "%" when value > 100 => Text.Get("百分数不能超过 100"),
        "级" when value != Math.Floor(value) || value > 9 => Text.Get("等级应为 0 到 9 的整数"),
        _ when value > 1_000_000_000 => Text.Get("测得值超出范围"),
        _ => null,
    };

    /// <summary>
    /// Keeps a file with a request: photos of the sample once it is received, test records (curves, print-outs)
    /// while testing, for one item or the whole request; the file store checks type and size. Nothing is
    /// added after the report is issued: the report and what it rests on stay as signed.
    /// </summary>
    public async Task<CommandResult> AttachAsync(ClaimsPrincipal user, Guid id, AttachmentKind kind, Guid? itemId, Stream content, string fileName, CancellationToken ct)
    {
        if (await db.TestRequests.AsNoTracking().Where(r => r.Id == id).Select(r => new { r.State, ItemIds = r.Items.Select(i => i.Id).ToList() }).SingleOrDefaultAsync(ct) is not { } request)
            return NotFound();
        if (request.State is not (RequestState.SampleReceived or RequestState.InTest or RequestState.InReview))
            return CommandResult.Conflict(Text.Get("收样后、报告签发前才能上传样品照片和原始记录"));
        if (itemId is { } item && !request.ItemIds.Contains(item)) return CommandResult.Invalid(Text.Get("该检测项目不在本委托中"));
        if (kind == AttachmentKind.SamplePhoto && !FileTypes.IsImage(fileName)) return CommandResult.Invalid(Text.Get("样品照片请上传 JPG 或 PNG 图片"));
        StoredFile stored;
        try { stored = await files.SaveAsync(content, fileName, ct); }
        catch (FileRejectedException ex) { return CommandResult.Invalid(ex.Message); }
        var now = time.GetUtcNow();
        db.TestRequestAttachments.Add(new RequestAttachment
        {
            RequestId = id, Kind = kind, RequestItemId = itemId, Sha256 = stored.Sha256, FileName = stored.FileName, ContentType = stored.ContentType, Size = stored.Size,
            UploadedBy = user.DisplayName(), UploadedAt = now,
        });
        db.TestRequestEvents.Add(new RequestEvent { RequestId = id, Actor = user.DisplayName(), At = now, Action = kind == AttachmentKind.SamplePhoto ? "上传样品照片" : "上传原始记录", Note = stored.FileName });
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>Hands the results to review: every item needs a result.</summary>
    public async Task<CommandResult> SubmitForReviewAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is not { } request) return NotFound();
        if (request.State != RequestState.InTest) return CommandResult.Conflict(Text.Get("只有检测中的委托可以送审"));
        if (request.Items.FirstOrDefault(i => request.Current.All(r => r.RequestItemId != i.Id)) is { } missing)
            return CommandResult.Invalid(Text.Format("检测项目“{0}”还没有结果", missing.Name));
        request.State = RequestState.InReview;
        request.Record(user.DisplayName(), time.GetUtcNow(), "送审");
        request.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>
    /// A second tester reviews (never the one who entered a result): approved, the report is issued with its
    /// number and verification code, the files are generated, each failed item opens a corrective action
    /// and the enterprise is told; sent back, the request returns to testing with the reason.
    /// </summary>
    public async Task<CommandResult> ReviewAsync(ClaimsPrincipal user, Guid id, bool approve, string? comment, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is not { } request) return NotFound();
        if (request.State != RequestState.InReview) return CommandResult.Conflict(Text.Get("只有待审核的委托可以审核"));
        var reviewer = user.UserId() ?? user.DisplayName();
        if (request.Current.Any(r => r.EnteredBy == reviewer)) return CommandResult.Forbidden(Text.Get("录入检测结果的人员不能审核本委托"));
        var now = time.GetUtcNow();
        if (!approve)
        {
            if (string.IsNullOrWhiteSpace(comment) || comment.Length > 1000) return CommandResult.Invalid(Text.Get("退回时请写明原因（不超过 1000 字）"));
            request.State = RequestState.InTest;
            request.Record(user.DisplayName(), now, "审核退回", comment.Trim());
            request.Version++;
            await db.SaveChangesAsync(ct);
            return CommandResult.Ok;
        }
        if (request.Items.FirstOrDefault(i => request.Current.All(r => r.RequestItemId != i.Id)) is { } missing)
            return CommandResult.Invalid(Text.Format("检测项目“{0}”还没有结果，不能出具报告", missing.Name));

        var prefix = $"BG-{clock.Today.Year}-";
        var next = await NumberSequences.NextAsync(db, prefix, async token =>
            NumberSequences.Highest(await db.TestRequests.Where(r => r.ReportNumber != null && r.ReportNumber.StartsWith(prefix)).Select(r => r.ReportNumber!).ToListAsync(token), prefix), ct);
        var failed = request.Items.Where(i => request.Current.Any(r => r.RequestItemId == i.Id && r.Verdict == Verdict.Fail)).ToList();
        request.ReportNumber = $"{prefix}{next:D4}";
        request.ReportFailed = failed.Count > 0;
        request.VerificationCode = Infrastructure.Documents.VerificationStrip.NewCode();
        request.Conclusion = TestingLabels.Conclusion(failed.Select(i => (i.NameZh, i.NameEn)));
        request.ReviewedBy = user.DisplayName();
        request.IssuedBy = user.DisplayName();
        request.IssuedAt = now;
        request.State = RequestState.Issued;
        var enterpriseName = await db.Enterprises.AsNoTracking().Where(e => e.Id == request.EnterpriseId).Select(e => e.NameZh).SingleAsync(ct);
        (request.ReportDocxSha256, request.ReportPdfSha256) = await reports.WriteAsync(request, enterpriseName, ct);
        request.Record(user.DisplayName(), now, "审核通过，签发报告", request.ReportNumber);

        // Each failed item is a corrective action for the enterprise (source: test failure), due sooner for a supervision finding.
        foreach (var item in failed)
        {
            var action = await actions.NewAsync(new ActionInput(ActionSource.TestFailure, request.ReportNumber, request.EnterpriseId, null,
                Text.Format("检测不合格：{0}（{1}）", item.Name, request.ProductName), Text.Format("检测报告 {0}，依据 {1}。", request.ReportNumber, item.Standard),
                request.Kind == RequestKind.Supervision ? ActionSeverity.Major : ActionSeverity.Minor,
                clock.Today.AddDays(TestFailureSignals.RetestDays(request.Kind))), user.DisplayName(), ct);
            request.Record(user.DisplayName(), now, "开具整改", action.Number);
        }
        await notifications.NotifyEnterprisesAsync([request.EnterpriseId], Msg.Of("检测报告已出具：{0}", request.ReportNumber), request.Conclusion, _ => $"/testing/{id}", ct);
        request.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>The report reached the enterprise (marked by the center, or acknowledged by the enterprise itself).</summary>
    public async Task<CommandResult> DeliverAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is not { } request || (user.EnterpriseId() is { } own && own != request.EnterpriseId)) return NotFound();
        if (request.State != RequestState.Issued) return CommandResult.Conflict(Text.Get("只有已出具的报告可以交付"));
        request.State = RequestState.Delivered;
        request.Record(user.DisplayName(), time.GetUtcNow(), "交付报告");
        request.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>Cancelled before testing starts: by the enterprise (its own commission) or the center.</summary>
    public async Task<CommandResult> CancelAsync(ClaimsPrincipal user, Guid id, string? reason, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is not { } request || (user.EnterpriseId() is { } own && own != request.EnterpriseId)) return NotFound();
        if (user.EnterpriseId() is not null && request.Kind == RequestKind.Supervision) return CommandResult.Forbidden(Text.Get("监督抽检不能由企业取消"));
        if (request.State is not (RequestState.Submitted or RequestState.SampleReceived)) return CommandResult.Conflict(Text.Get("检测开始后不能取消"));
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500) return CommandResult.Invalid(Text.Get("请写明取消原因（不超过 500 字）"));
        request.State = RequestState.Cancelled;
        request.Record(user.DisplayName(), time.GetUtcNow(), "取消", reason.Trim());
        request.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>Withdraws an issued report: it stays visible, marked withdrawn with the reason, and verification says so.</summary>
    public async Task<CommandResult> WithdrawAsync(ClaimsPrincipal user, Guid id, string? reason, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is not { } request) return NotFound();
        if (request.State is not (RequestState.Issued or RequestState.Delivered)) return CommandResult.Conflict(Text.Get("只有已出具的报告可以撤回"));
        if (request.WithdrawnAt is not null) return CommandResult.Conflict(Text.Get("报告已撤回"));
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500) return CommandResult.Invalid(Text.Get("撤回报告请写明原因（不超过 500 字）"));
        request.WithdrawnAt = time.GetUtcNow();
        request.WithdrawalReason = reason.Trim();
        request.Record(user.DisplayName(), request.WithdrawnAt.Value, "撤回报告", request.WithdrawalReason);
        await notifications.NotifyEnterprisesAsync([request.EnterpriseId], Msg.Of("检测报告已撤回：{0}", request.ReportNumber), request.WithdrawalReason, _ => $"/testing/{id}", ct);
        request.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>
    /// The center keeps its catalogue: a new item, or an existing one's method, limits, price, turnaround,
    /// sample quantity and CNAS scope. Requests keep the values they were made with (RequestItem), so a
    /// change applies to new requests only.
    /// </summary>
    public async Task<CommandResult> SaveItemAsync(ClaimsPrincipal user, TestItemInput input, CancellationToken ct)
    {
        var code = input.Code?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code) || code.Length > 20 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) return CommandResult.Invalid(Text.Get("项目代码请用字母、数字和连字符（不超过 20 位）"));
        if (string.IsNullOrWhiteSpace(input.NameZh) || input.NameZh.Trim().Length > 100) return CommandResult.Invalid(Text.Get("请填写项目名称（不超过 100 字）"));
        if (input.NameEn?.Trim().Length > 150) return CommandResult.Invalid(Text.Get("英文名称不能超过 150 字"));
        if (string.IsNullOrWhiteSpace(input.Standard) || input.Standard.Trim().Length > 200) return CommandResult.Invalid(Text.Get("请填写检验依据（不超过 200 字）"));
        var unit = string.IsNullOrWhiteSpace(input.Unit) ? null : input.Unit.Trim();
        if (unit?.Length > 20) return CommandResult.Invalid(Text.Get("单位不能超过 20 字"));
        if (unit is null && (input.Min is not null || input.Max is not null)) return CommandResult.Invalid(Text.Get("符合性判定项目没有单位，也不设上下限"));
        if (input.Min is { } min && input.Max is { } max && min > max) return CommandResult.Invalid(Text.Get("下限不能大于上限"));
        if (unit is not null && ((input.Min is { } lo && UnitProblem(unit, lo) is not null) || (input.Max is { } hi && UnitProblem(unit, hi) is not null)))
            return CommandResult.Invalid(Text.Get("上下限超出该单位允许的范围"));
        if (input.Price is < 0 or > 1_000_000) return CommandResult.Invalid(Text.Get("价格应在 0 到 1,000,000 元之间"));
        if (input.TurnaroundDays is < 1 or > 120) return CommandResult.Invalid(Text.Get("检测周期应为 1 到 120 个工作日"));
        if (input.SampleQuantity is < 1 or > 100) return CommandResult.Invalid(Text.Get("样品数量应为 1 到 100"));
        var item = await db.TestItems.SingleOrDefaultAsync(i => i.Code == code, ct);
        if (item is null)
        {
            if (!input.IsNew) return CommandResult.NotFound(Text.Get("检测项目不存在"));
            var position = await db.TestItems.MaxAsync(i => (int?)i.Position, ct) ?? 0;
            db.TestItems.Add(item = new TestItem { Code = code, NameZh = "", Standard = "", Position = position + 1 });
        }
        else if (input.IsNew) return CommandResult.Conflict(Text.Format("项目代码“{0}”已存在", code));
        (item.NameZh, item.NameEn, item.Standard, item.Unit, item.Min, item.Max, item.Price, item.TurnaroundDays, item.SampleQuantity, item.CnasScope) =
            (input.NameZh.Trim(), string.IsNullOrWhiteSpace(input.NameEn) ? null : input.NameEn.Trim(), input.Standard.Trim(), unit, input.Min, input.Max,
             input.Price, input.TurnaroundDays, input.SampleQuantity, input.CnasScope);
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>Sets the subsidy rule of a year (the office, with the finance bureau).</summary>
    public async Task<CommandResult> SetRuleAsync(ClaimsPrincipal user, SubsidyRule input, CancellationToken ct)
    {
        if (input.Year < 2000 || input.Year > clock.Today.Year + 1) return CommandResult.Invalid(Text.Get("年度无效"));
        if (input.SharePercent is < 0 or > 100 || input.GradeASharePercent is < 0 or > 100) return CommandResult.Invalid(Text.Get("补贴比例应在 0 到 100 之间"));
        if (input.CapPerEnterprise < 0 || input.Budget < 0) return CommandResult.Invalid(Text.Get("上限和预算不能为负数"));
        var rule = await db.SubsidyRules.SingleOrDefaultAsync(r => r.Year == input.Year, ct);
        if (rule is null) db.SubsidyRules.Add(rule = new SubsidyRule { Year = input.Year });
        (rule.SharePercent, rule.GradeASharePercent, rule.CapPerEnterprise, rule.Budget, rule.UpdatedBy) =
            (input.SharePercent, input.GradeASharePercent, input.CapPerEnterprise, input.Budget, user.DisplayName());
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>Budget committed (subsidies of the year's live requests) and left.</summary>
    public async Task<(SubsidyRule? Rule, decimal Committed)> BudgetAsync(int year, CancellationToken ct) =>
        (await db.SubsidyRules.AsNoTracking().SingleOrDefaultAsync(r => r.Year == year, ct), await SubsidisedIn(year, null).SumAsync(r => r.Subsidy, ct));

    /// <summary>The commissions of a year that hold a subsidy: not cancelled, sample not refused (requested within the calendar year, UTC).</summary>
    public IQueryable<TestRequest> SubsidisedIn(int year, Guid? excluding)
    {
        var (from, to) = (new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return db.TestRequests.AsNoTracking().Where(r => r.Id != excluding && r.Kind == RequestKind.Commission
            && r.State != RequestState.Cancelled && r.State != RequestState.SampleRefused && r.RequestedAt >= from && r.RequestedAt < to);
    }

    private Task<TestRequest?> LoadAsync(Guid id, CancellationToken ct) =>
        db.TestRequests.Include(r => r.Items).Include(r => r.Results).Include(r => r.History).AsSplitQuery().SingleOrDefaultAsync(r => r.Id == id, ct);

    private static CommandResult NotFound() => CommandResult.NotFound(Text.Get("检测委托不存在"));
}

/// <summary>Working days (Monday to Friday) for turnaround; public holidays are not known to the platform.</summary>
public static class WorkingDays
{
    public static DateOnly Add(DateOnly from, int days)
    {
        var date = from;
        while (days > 0)
        {
            date = date.AddDays(1);
            if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) days--;
        }
        return date;
    }
}
