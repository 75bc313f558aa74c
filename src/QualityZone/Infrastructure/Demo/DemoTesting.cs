using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Commitments;
using QualityZone.Features.Testing;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Infrastructure.Demo;

/// <summary>
/// A year of the testing center's work: commissions by the zone's enterprises (packages and single items),
/// a round of supervision sampling ordered by market supervision, most issued with real report files, a
/// few failures that opened corrective actions, one withdrawn report, and some still in the lab. Worked
/// through TestingCommands by two testers (one enters, the other reviews), then spread over the year.
/// Commissions name one of the enterprise's production batches; each received sample has its photo; half
/// the failed commissions were retested and passed, the others are overdue for a retest.
/// </summary>
public sealed class DemoTesting(AppDbContext db, TestingCommands commands, ILogger<DemoTesting> logger, Documents.DocumentFonts fonts)
{
    // <data>
    private static readonly (string Product, string Model, string Package, string Market)[] Products =
    [
        ("标准气缸", "SC63×100", "PKG-EU-CYL", "DE"), ("电磁阀", "4V210-08", "PKG-VALVE", "US"), ("迷你气缸", "MAL25×50", "", "RU"),
        ("薄型气缸", "SDA32×25", "PKG-EU-CYL", "IT"), ("二位五通电磁阀", "4V310-10", "PKG-VALVE", "IN"), ("气源处理三联件", "AC2000", "", "VN"),
    ];
    // </data>

    public async Task SeedAsync(Random random, CancellationToken ct)
    {
        var enterprises = await db.Enterprises.AsNoTracking().Where(e => CommitmentService.InZone.Contains(e.State)).OrderBy(e => e.CreatedAt).Select(e => e.Id).ToListAsync(ct);
        if (enterprises.Count == 0) return;
        var market = await db.Departments.AsNoTracking().Where(d => d.Code == "market-supervision").Select(d => d.Id).SingleAsync(ct);
        var entering = Staff("demo-tester-entering", "检验中心 张工");
        var reviewing = Staff("demo-tester-reviewing", "检验中心 李主任");
        var supervisor = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "demo-market"), new Claim(AppClaims.DisplayName, "市场监管局 质量科"),
            new Claim(AppClaims.DepartmentId, market.ToString())], "demo"));

        var count = Math.Min(48, enterprises.Count * 2);
        for (var n = 0; n < count; n++)
        {
            var enterpriseId = enterprises[n % enterprises.Count];
            var supervision = n % 6 == 5;
            var (product, model, package, target) = Products[random.Next(Products.Length)];
            var owner = supervision ? supervisor : DemoSeeder.EnterpriseStaff(enterpriseId);
            var batch = supervision ? null : await db.ProductionBatches.AsNoTracking().Where(b => b.EnterpriseId == enterpriseId).OrderBy(b => b.StartedOn).Skip(n).Select(b => (Guid?)b.Id).FirstOrDefaultAsync(ct);
            var (created, id) = await commands.CreateAsync(owner, new RequestInput(enterpriseId, product, model, batch, target,
                supervision ? "PKG-ROUTINE" : package, package == "" ? ["LEAK", "PRES", "DIM-MINI"] : supervision ? null : random.NextDouble() < 0.3 ? ["MARK-EAC"] : null), ct);
            if (!created.Succeeded) { logger.LogWarning("Demo test request refused: {Error}", created.Error); continue; }
            db.ChangeTracker.Clear();
            // The newest few are still in the lab, at each step.
            var stage = n >= count - 6 ? n - (count - 6) : 6;
            if (stage >= 1)
            {
                await commands.ReceiveAsync(entering, id!.Value, new SampleInput(false, "完好，数量符合要求", null), ct);
                // The photo's stamp is the day the sample is received once the request is moved back in time (SpreadAsync).
                var requestedAt = await db.TestRequests.AsNoTracking().Where(r => r.Id == id).Select(r => r.RequestedAt).SingleAsync(ct);
                var received = Min(requestedAt.AddDays(1 - DaysAgo(count, n)), requestedAt);
                await commands.AttachAsync(entering, id!.Value, AttachmentKind.SamplePhoto, null,
                    new MemoryStream(DemoPhotos.ShopFloor(n, received.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm"), Text.Get("样品照片"), fonts)), "样品照片.jpg", ct);
            }
            if (stage >= 2) await EnterAsync(random, entering, id!.Value, failing: n % 7 == 3, ct);
            if (stage >= 3) await commands.SubmitForReviewAsync(entering, id!.Value, ct);
            if (stage >= 4)
            {
                var reviewed = await commands.ReviewAsync(reviewing, id!.Value, approve: true, null, ct);
                if (!reviewed.Succeeded) logger.LogWarning("Demo test review refused: {Error}", reviewed.Error);
            }
            if (stage >= 5 && random.NextDouble() < 0.7) await commands.DeliverAsync(entering, id!.Value, ct);
            if (n == 10) await commands.WithdrawAsync(reviewing, id!.Value, "样品信息登记有误（型号与实物不符），报告撤回后重新检测。", ct);
            db.ChangeTracker.Clear();
            await SpreadAsync(id!.Value, count, n, ct);
            if (stage >= 4 && n % 7 == 3 && !supervision && n % 2 == 1) await RetestAsync(random, owner, entering, reviewing, id!.Value, count, n, ct);
        }
    }

    /// <summary>
    /// The bench's volume: <paramref name="count"/> more requests over three years, ten items and ten
    /// results each, nearly all issued (one in twenty still in review), one in twelve failing; written
    /// directly in chunks (the commands would take hours at this scale), numbered apart from the demo's.
    /// </summary>
    public async Task SeedVolumeAsync(Random random, int count, CancellationToken ct)
    {
        var enterprises = await db.Enterprises.AsNoTracking().Where(e => CommitmentService.InZone.Contains(e.State)).Select(e => e.Id).ToListAsync(ct);
        var items = await db.TestItems.AsNoTracking().OrderBy(i => i.Position).ToListAsync(ct);
        var packages = new[] { "PKG-EU-CYL", "PKG-VALVE", "PKG-ROUTINE", null };
        var now = DateTimeOffset.UtcNow;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var n = 0; n < count; n++)
        {
            var requestedAt = now - TimeSpan.FromMinutes(random.Next(60, 3 * 365 * 24 * 60));
            var issued = n % 20 != 0;
            var failing = n % 12 == 5;
            var request = new TestRequest
            {
                Number = $"JC-B-{n + 1:D6}", EnterpriseId = enterprises[random.Next(enterprises.Count)], Kind = n % 6 == 5 ? RequestKind.Supervision : RequestKind.Commission,
                ProductName = Products[n % Products.Length].Product, Model = Products[n % Products.Length].Model, PackageCode = packages[n % packages.Length],
                State = issued ? RequestState.Delivered : RequestState.InReview, Fee = 9_000, Subsidy = 0, EnterpriseShare = 9_000,
                DueOn = DateOnly.FromDateTime(requestedAt.UtcDateTime).AddDays(21), RequestedBy = "bench", RequestedAt = requestedAt,
                SampleNumber = $"YP-B-{n + 1:D6}", SampleCondition = "完好", SampleReceivedAt = requestedAt.AddDays(1),
                ReportNumber = issued ? $"BG-B-{n + 1:D6}" : null, VerificationCode = issued ? $"B{n:D7}" : null, IssuedAt = issued ? requestedAt.AddDays(7 + n % 15) : null,
                ReportFailed = issued && failing, IssuedBy = issued ? "检验中心 李主任" : null, ReviewedBy = issued ? "检验中心 李主任" : null, Conclusion = issued ? TestingLabels.Conclusion(failing ? [("泄漏量", "Leakage")] : []) : null,
            };
            for (var i = 0; i < 10; i++)
            {
                var item = items[(n + i) % items.Count];
                var requestItem = new RequestItem { RequestId = request.Id, Position = i + 1, Code = item.Code, NameZh = item.NameZh, NameEn = item.NameEn, Standard = item.Standard,
                    Unit = item.Unit, Min = item.Min, Max = item.Max, CnasScope = item.CnasScope, Price = item.Price };
                request.Items.Add(requestItem);
                request.Results.Add(new TestResult { RequestId = request.Id, RequestItemId = requestItem.Id, Value = item.PassFail ? null : item.Min ?? item.Max ?? 1,
                    Verdict = failing && i == 0 ? Verdict.Fail : Verdict.Pass, Operator = n % 3 == 0 ? "张工" : "王工", TestedOn = DateOnly.FromDateTime(requestedAt.UtcDateTime).AddDays(3),
                    EnteredBy = "bench", EnteredAt = requestedAt.AddDays(3) });
            }
            request.Record("bench", requestedAt, "提交委托");
            if (issued) request.Record("检验中心 李主任", request.IssuedAt!.Value, "审核通过，签发报告", request.ReportNumber);
            db.TestRequests.Add(request);
            if (n % 2_000 == 1_999 || n == count - 1)
            {
                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        logger.LogInformation("Seeded {Count} bench test requests", count);
    }

    /// <summary>The enterprise has the failed items tested again on the same product; this time they pass.</summary>
    private async Task RetestAsync(Random random, ClaimsPrincipal owner, ClaimsPrincipal entering, ClaimsPrincipal reviewing, Guid failedId, int count, int n, CancellationToken ct)
    {
        var failed = (await commands.FindAsync(failedId, ct))!;
        var codes = failed.Items.Where(i => failed.Current.Any(r => r.RequestItemId == i.Id && r.Verdict == Verdict.Fail)).Select(i => i.Code).ToList();
        var (created, id) = await commands.CreateAsync(owner, new RequestInput(failed.EnterpriseId, failed.ProductName, failed.Model, failed.BatchId, failed.TargetMarket, null, codes), ct);
        if (!created.Succeeded) return;
        db.ChangeTracker.Clear();
        await commands.ReceiveAsync(entering, id!.Value, new SampleInput(false, "整改后重新送样", null), ct);
        await EnterAsync(random, entering, id.Value, failing: false, ct);
        await commands.SubmitForReviewAsync(entering, id.Value, ct);
        await commands.ReviewAsync(reviewing, id.Value, approve: true, null, ct);
        db.ChangeTracker.Clear();
        // Two weeks after the failure: inside the corrective action's month.
        await SpreadAsync(id.Value, count, n + 1, ct);
    }

    /// <summary>Results for every item: values a little inside the limits, or outside them for a failing request's first measured item.</summary>
    private async Task EnterAsync(Random random, ClaimsPrincipal tester, Guid id, bool failing, CancellationToken ct)
    {
        var request = (await commands.FindAsync(id, ct))!;
        var failedOne = false;
        var inputs = request.Items.Select(i =>
        {
            var fail = failing && !failedOne && !i.PassFail;
            failedOne |= fail;
            decimal? value = i.PassFail ? null : (i.Min, i.Max) switch
            {
                ({ } min, _) => Math.Round(fail ? min * 0.8m : min * (1.05m + (decimal)random.NextDouble() * 0.5m), 0),
                (_, { } max) => Math.Round(fail ? max * 1.4m : max * (0.3m + (decimal)random.NextDouble() * 0.6m), i.Unit == "级" ? 0 : 2),
                _ => 1,
            };
            return new ResultInput(i.Id, value, i.PassFail ? true : null, i.Unit switch { "万次" => "耐久试验台 NJ-02", "cm³/min" => "泄漏检测仪 LT-100", _ => "通用量具" }, "张工", null);
        }).ToList();
        var result = await commands.RecordAsync(tester, id, inputs, ct);
        if (!result.Succeeded) logger.LogWarning("Demo test results refused: {Error}", result.Error);
    }

    /// <summary>
    /// Moves a finished request back in time so the year shows its rhythm (the newest stay today's), each step at its
    /// own time as a request runs through the lab: the sample received the next day, tested on the third, handed in
    /// for review on the fourth, the report issued after one to three weeks and delivered two hours later — never
    /// later than the step was recorded.
    /// </summary>
    private async Task SpreadAsync(Guid id, int count, int n, CancellationToken ct)
    {
        if (n >= count - 6) return;
        var daysAgo = DaysAgo(count, n);
        var request = await db.TestRequests.Include(r => r.History).Include(r => r.Results).Include(r => r.Attachments).SingleAsync(r => r.Id == id, ct);
        var shift = TimeSpan.FromDays(daysAgo);
        request.RequestedAt -= shift;
        request.DueOn = request.DueOn.AddDays(-daysAgo);
        if (request.SampleReceivedAt is { } received) request.SampleReceivedAt = Min(request.RequestedAt.AddDays(1), received);
        var tested = request.RequestedAt.AddDays(3);
        // Turnaround of one to three weeks, and issued no later than it was (a request of last week is issued by now).
        if (request.IssuedAt is { } issuedAt) request.IssuedAt = Min(request.RequestedAt + TimeSpan.FromDays(7 + n % 15), issuedAt);
        var issued = request.IssuedAt ?? request.RequestedAt.AddDays(5);
        if (request.WithdrawnAt is { } withdrawn) request.WithdrawnAt = Min(issued.AddDays(3), withdrawn);
        DateTimeOffset? StepOf(string action) => action switch
        {
            "提交委托" or "下达监督抽检" => request.RequestedAt,
            "收样" or "拒收样品" or "上传样品照片" => request.SampleReceivedAt,
            "录入结果" or "复检结果" or "上传原始记录" => tested,
            "送审" => request.RequestedAt.AddDays(4),
            "审核通过，签发报告" or "开具整改" => issued,
            "交付报告" => issued.AddHours(2),
            "撤回报告" => request.WithdrawnAt,
            _ => null,
        };
        foreach (var h in request.History) h.At = StepOf(h.Action) is { } at ? Min(at, h.At) : h.At - shift;
        foreach (var a in request.Attachments) a.UploadedAt = Min(a.Kind == AttachmentKind.SamplePhoto ? request.SampleReceivedAt ?? tested : tested, a.UploadedAt);
        foreach (var r in request.Results) { r.EnteredAt = Min(tested, r.EnteredAt); r.TestedOn = r.TestedOn.AddDays(-daysAgo + 3); }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private static ClaimsPrincipal Staff(string id, string name) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, id), new Claim(AppClaims.DisplayName, name), new Claim(ClaimTypes.Role, Roles.TestingCenterStaff)], "demo"));


    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>How far back the n-th of the year's requests is moved: spread over 330 days, the newest six left today.</summary>
    private static int DaysAgo(int count, int n) => n >= count - 6 ? 0 : (int)((count - 6 - n) * 330.0 / count);
}
