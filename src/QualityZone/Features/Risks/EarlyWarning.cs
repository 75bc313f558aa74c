using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Actions;
using QualityZone.Features.Enterprises;
using QualityZone.Features.ExportArchives;
using QualityZone.Features.Notifications;
using QualityZone.Features.Settings;
using QualityZone.Features.Traceability;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Jobs;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Risks;

/// <summary>The kinds of early-warning signal (风险预警信号), each computed from the platform's own records.</summary>
public enum SignalKind { MissingReturn, LateReturn, RisingNonconformity, ForeignIncident, OverdueAction, ExpiredCertificate, PoorSupplierInUse, FlaggedLot, TestFailure, RetestOverdue }

/// <summary>A signal a module above Risks contributes (the testing service's failed reports), computed for the whole zone at once.</summary>
public sealed record SourcedSignal(Guid EnterpriseId, SignalKind Kind, int Count, Msg Evidence, string? Link);

/// <summary>Modules that know of risks the early warning cannot see by itself register one of these.</summary>
public interface IWarningSignalSource
{
    Task<IReadOnlyList<SourcedSignal>> SignalsAsync(DateOnly today, int windowDays, CancellationToken ct);
}

/// <summary>One signal of one enterprise as the latest run found it, with the evidence a reader can check.</summary>
public sealed class WarningSignal : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    public SignalKind Kind { get; set; }
    public int Count { get; set; }
    public int Points { get; set; }
    public required string Evidence { get; set; }
    public string? Link { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
}

/// <summary>An enterprise's risk score (the sum of its signals' points) and level, with the level before the last change.</summary>
public sealed class EnterpriseRiskScore : IEnterpriseOwned
{
    public Guid EnterpriseId { get; set; }
    public int Score { get; set; }
    public RiskLevel Level { get; set; }
    public RiskLevel? PreviousLevel { get; set; }
    public DateTimeOffset? LevelChangedAt { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
}

/// <summary>Points per occurrence and the cap of one kind of signal.</summary>
public sealed record SignalWeight(SignalKind Kind, int PointsEach, int Cap);

/// <summary>The office's weights and the score thresholds of the levels (zone setting, JSON).</summary>
public sealed record WarningWeights(IReadOnlyList<SignalWeight> Signals, int Medium, int High, int Extreme)
{
    public const string Key = "risk.warning-weights";

    /// <summary>
    /// Defaults: a missing return, a foreign incident or an overdue action weigh most (they are what the
    /// zone's management measures name as grounds for a warning); several occurrences add up to a cap so
    /// that one kind cannot decide the level alone.
    /// </summary>
    public static readonly WarningWeights Default = new(
    [
        new(SignalKind.MissingReturn, 10, 30),
        new(SignalKind.LateReturn, 4, 12),
        new(SignalKind.RisingNonconformity, 15, 15),
        new(SignalKind.ForeignIncident, 10, 30),
        new(SignalKind.OverdueAction, 10, 30),
        new(SignalKind.ExpiredCertificate, 8, 16),
        new(SignalKind.PoorSupplierInUse, 8, 16),
        new(SignalKind.FlaggedLot, 3, 15),
        new(SignalKind.TestFailure, 10, 20),
        new(SignalKind.RetestOverdue, 10, 20),
    ], 15, 30, 60);

    public SignalWeight For(SignalKind kind) => Signals.FirstOrDefault(s => s.Kind == kind) ?? Default.Signals.First(s => s.Kind == kind);
    public int PointsFor(SignalKind kind, int count) => Math.Min(For(kind).PointsEach * count, For(kind).Cap);
    public RiskLevel LevelOf(int score) => score >= Extreme ? RiskLevel.Extreme : score >= High ? RiskLevel.High : score >= Medium ? RiskLevel.Medium : RiskLevel.Low;

    public string? Validate()
    {
        if (Signals.Any(s => s.PointsEach < 0 || s.PointsEach > 100 || s.Cap < 0 || s.Cap > 100)) return Text.Get("每项分值与上限应在 0 到 100 之间");
        if (!(Medium > 0 && Medium < High && High < Extreme)) return Text.Get("等级分数线应满足 0 < 中 < 高 < 极高");
        return null;
    }

    public static string Label(SignalKind kind) => Text.Get(kind switch
    {
        SignalKind.MissingReturn => "月报未报送",
        SignalKind.LateReturn => "月报迟报",
        SignalKind.RisingNonconformity => "不合格率上升",
        SignalKind.ForeignIncident => "境外通报、召回或退运",
        SignalKind.OverdueAction => "整改逾期",
        SignalKind.ExpiredCertificate => "证书过期",
        SignalKind.PoorSupplierInUse => "使用不合格或低评级供应商",
        SignalKind.TestFailure => "检测报告不合格",
        SignalKind.RetestOverdue => "不合格未按期复检",
        _ => "进货台帐异常未处置",
    });
}

public sealed record WarningRun(int Enterprises, int Signals, int Raised, DateTimeOffset At);

/// <summary>
/// Computes every enterprise's early-warning signals at once: one grouped query per kind of signal over
/// the whole zone (never a query per enterprise), then scores and levels; the signals of the previous
/// run are replaced in the same transaction, and the office hears which enterprises rose to high.
/// </summary>
public sealed class EarlyWarning(AppDbContext db, ZoneSettings settings, ArchiveSettings archiveSettings, NotificationService notifications, ZoneClock clock, TimeProvider time,
    IEnumerable<IWarningSignalSource> sources)
{
    /// <summary>Months of returns looked at for missing ones, and the window of the other signals.</summary>
    public const int ReturnMonths = 6;
    public const int WindowDays = 365;
    public const int SupplierWindowDays = 180;

    public Task<WarningWeights> WeightsAsync(CancellationToken ct) => settings.GetJsonAsync(WarningWeights.Key, WarningWeights.Default, ct);

    public async Task<CommandResult> SaveWeightsAsync(WarningWeights weights, CancellationToken ct)
    {
        if (weights.Validate() is { } error) return CommandResult.Invalid(error);
        await settings.SetJsonAsync(WarningWeights.Key, weights, ct);
        return CommandResult.Ok;
    }

    public async Task<WarningRun> ComputeAsync(CancellationToken ct)
    {
        var weights = await WeightsAsync(ct);
        var now = time.GetUtcNow();
        var today = clock.Today;
        var found = new List<WarningSignal>();
        void Add(Guid enterprise, SignalKind kind, int count, Msg evidence, string? link)
        {
            if (count <= 0) return;
            found.Add(new WarningSignal { EnterpriseId = enterprise, Kind = kind, Count = count, Points = weights.PointsFor(kind, count), Evidence = evidence.Store(), Link = link, ComputedAt = now });
        }

        var enterprises = await db.Enterprises.AsNoTracking()
            .Where(e => e.State == EnterpriseState.Admitted || e.State == EnterpriseState.Watch || e.State == EnterpriseState.Suspended)
            .Select(e => new { e.Id, e.AdmittedOn, e.LabCnasAccredited, e.LabCnasExpiry }).ToListAsync(ct);
        var active = enterprises.Select(e => e.Id).ToHashSet();

        // Missing and late monthly returns (ExportArchives): the last six months whose due day has passed.
        var dueDay = await archiveSettings.DueDayAsync(ct);
        var periods = Enumerable.Range(1, ReturnMonths + 1).Select(i => ExportReturn.PeriodOf(today.AddMonths(-i)))
            .Where(p => ExportReturn.DueDate(p, dueDay) < today).Take(ReturnMonths).ToList();
        var oldest = periods.Min() ?? "";
        var filed = await db.ExportReturns.AsNoTracking().Where(r => r.FirstSubmittedAt != null && string.Compare(r.Period, oldest) >= 0)
            .Select(r => new { r.EnterpriseId, r.Period, r.Late }).ToListAsync(ct);
        var filedBy = filed.ToLookup(r => r.EnterpriseId);
        foreach (var e in enterprises)
        {
            var owed = periods.Where(p => e.AdmittedOn is null || string.Compare(p, ExportReturn.PeriodOf(e.AdmittedOn.Value)) >= 0).ToList();
            var missing = owed.Except(filedBy[e.Id].Select(r => r.Period)).Order().ToList();
            Add(e.Id, SignalKind.MissingReturn, missing.Count, Msg.Of("未报送的月份：{0}", Msg.List(missing)), $"/archives/enterprises/{e.Id}");
            var late = filedBy[e.Id].Where(r => r.Late).Select(r => r.Period).Order().ToList();
            Add(e.Id, SignalKind.LateReturn, late.Count, Msg.Of("迟报的月份：{0}", Msg.List(late)), $"/archives/enterprises/{e.Id}");
        }

        // Rising nonconforming rate: the last three reported months against the twelve before them.
        var recentFrom = ExportReturn.PeriodOf(today.AddMonths(-3));
        var baseFrom = ExportReturn.PeriodOf(today.AddMonths(-15));
        // From the returns' kept totals of their effective versions (a row per month, not every line; issue 22).
        var rates = await db.ExportReturns.AsNoTracking()
            .Where(r => r.EffectiveVersion != null && string.Compare(r.Period, baseFrom) >= 0)
            .GroupBy(r => new { r.EnterpriseId, Recent = string.Compare(r.Period, recentFrom) >= 0 })
            .Select(g => new { g.Key.EnterpriseId, g.Key.Recent, Batches = g.Sum(r => r.Batches), Bad = g.Sum(r => r.NonconformingBatches) })
            .ToListAsync(ct);
        foreach (var group in rates.GroupBy(r => r.EnterpriseId))
        {
            var recent = group.FirstOrDefault(r => r.Recent);
            var before = group.FirstOrDefault(r => !r.Recent);
            if (recent is null || recent.Batches == 0 || recent.Bad < 2) continue;
            var recentRate = (decimal)recent.Bad / recent.Batches;
            var baseRate = before is { Batches: > 0 } ? (decimal)before.Bad / before.Batches : 0m;
            // A rate at least half as high again as the enterprise's own baseline, and at least half a point above it.
            if (recentRate >= baseRate * 1.5m && recentRate - baseRate >= 0.005m)
                Add(group.Key, SignalKind.RisingNonconformity, 1, Msg.Of("近三个月不合格批次率 {0:P1}，此前十二个月 {1:P1}", recentRate, baseRate), $"/archives/enterprises/{group.Key}");
        }

        // Foreign notifications, recalls and returns reported in the returns, and actions opened on foreign notices.
        var windowStart = today.AddDays(-WindowDays);
        var incidentFrom = ExportReturn.PeriodOf(windowStart);
        var incidents = await db.ExportReturnIncidents.AsNoTracking().Where(i => i.Effective && string.Compare(i.Period, incidentFrom) >= 0)
            .Select(i => new { i.EnterpriseId, i.Period, i.Kind, i.Countries, i.Reference }).ToListAsync(ct);
        var noticeActions = await db.CorrectiveActions.AsNoTracking()
            .Where(a => a.Source == ActionSource.ForeignNotice && a.EnterpriseId != null && a.CreatedAt >= new DateTimeOffset(windowStart.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))
            .Select(a => new { EnterpriseId = a.EnterpriseId!.Value, a.Number, a.SourceReference }).ToListAsync(ct);
        // Recalls and alerts of the information portal matched to the enterprise on its HS codes and markets.
        var windowInstant = new DateTimeOffset(windowStart.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var recallAlerts = await (from a in db.NoticeAlerts.AsNoTracking()
                                  join n in db.Notices on a.NoticeId equals n.Id
                                  where a.CreatedAt >= windowInstant && a.Confidence >= 0.9m && n.Type == Portal.NoticeType.Recall
                                  select new { a.EnterpriseId, n.Reference }).ToListAsync(ct);
        var incidentsBy = incidents.ToLookup(i => i.EnterpriseId);
        var recallsBy = recallAlerts.ToLookup(a => a.EnterpriseId);
        var noticeActionsBy = noticeActions.ToLookup(a => a.EnterpriseId);
        foreach (var enterprise in active)
        {
            var own = incidentsBy[enterprise];
            var matched = recallsBy[enterprise].Select(a => a.Reference ?? "");
            var actions = noticeActionsBy[enterprise];
            var items = own.Select(i => (object)Msg.Of("{0} {1} {2} {3}", i.Period, Msg.Of(ArchiveLabels.Kind(i.Kind)), i.Countries, i.Reference))
                .Concat(actions.Select(a => $"{a.Number} {a.SourceReference}".Trim()))
                .Concat(matched.Select(reference => Msg.Of("境外召回 {0}（HS 与市场相符）", reference))).ToList();
            Add(enterprise, SignalKind.ForeignIncident, items.Count, Msg.List(items.Take(5).Concat(items.Count > 5 ? ["…"] : [])), $"/archives/enterprises/{enterprise}");
        }

        // Overdue corrective actions.
        var overdue = await db.CorrectiveActions.AsNoTracking()
            .Where(a => a.EnterpriseId != null && a.DueOn < today && (a.State == ActionState.Open || a.State == ActionState.InProgress || a.State == ActionState.PendingVerification))
            .Select(a => new { EnterpriseId = a.EnterpriseId!.Value, a.Number, a.DueOn }).ToListAsync(ct);
        foreach (var group in overdue.GroupBy(a => a.EnterpriseId))
            Add(group.Key, SignalKind.OverdueAction, group.Count(), Msg.Of("逾期整改：{0}", Msg.List(group.OrderBy(a => a.DueOn).Take(5).Select(a => Msg.Of("{0}（{1}）", a.Number, a.DueOn)))), $"/actions?enterprise={group.Key}&overdue=true");

        // Expired certificates: a certificate type whose latest certificate has run out, and an expired CNAS accreditation.
        var certificates = await db.Certificates.AsNoTracking().GroupBy(c => new { c.EnterpriseId, c.Type })
            .Select(g => new { g.Key.EnterpriseId, g.Key.Type, ValidTo = g.Max(c => c.ValidTo) }).ToListAsync(ct);
        var certificatesBy = certificates.ToLookup(c => c.EnterpriseId);
        var certificateNames = (await db.ItemsAsync(CodeLists.CertificateTypes, ct)).ToDictionary(i => i.Code);
        foreach (var e in enterprises)
        {
            // The certificate type by its code list name in both languages (issue 21: it read the bare code iso9001).
            var expired = certificatesBy[e.Id].Where(c => c.ValidTo < today)
                .Select(c => (object)Msg.Of("{0}（{1}）", certificateNames.TryGetValue(c.Type, out var name) ? Msg.Pick(name.NameZh, name.NameEn) : c.Type, c.ValidTo)).ToList();
            if (e.LabCnasAccredited && e.LabCnasExpiry < today) expired.Add(Msg.Of("实验室 CNAS 认可（{0:yyyy-MM-dd}）", e.LabCnasExpiry));
            Add(e.Id, SignalKind.ExpiredCertificate, expired.Count, Msg.Of("已过期：{0}", Msg.List(expired)), $"/enterprises/{e.Id}");
        }

        // Disqualified or D-graded suppliers still delivering (lots received in the last six months).
        var supplierFrom = today.AddDays(-SupplierWindowDays);
        var poorSuppliers = await (from l in db.MaterialLots.AsNoTracking()
                                   join s in db.Suppliers on l.SupplierId equals s.Id
                                   where l.ReceivedOn >= supplierFrom && (s.Status == SupplierStatus.Disqualified || s.Grade == "D")
                                   group l by new { l.EnterpriseId, s.Name, s.Status, s.Grade } into g
                                   select new { g.Key.EnterpriseId, g.Key.Name, g.Key.Status, g.Key.Grade, Lots = g.Count() }).ToListAsync(ct);
        foreach (var group in poorSuppliers.GroupBy(s => s.EnterpriseId))
            Add(group.Key, SignalKind.PoorSupplierInUse, group.Count(), Msg.List(group.Select(s => Msg.Of("{0}（{1}，近半年到货 {2} 批）",
                s.Name, s.Status == SupplierStatus.Disqualified ? Msg.Of("取消资格") : Msg.Of("评价 {0} 级", s.Grade), s.Lots))), $"/trace/suppliers?enterprise={group.Key}");

        // Purchase-ledger lots flagged by the consistency check and not yet disposed of.
        var flagged = await LedgerCheck.FlaggedOnly(LedgerCheck.Rows(db)).Where(r => r.Lot.Disposition == null)
            .GroupBy(r => r.Lot.EnterpriseId).Select(g => new { EnterpriseId = g.Key, Count = g.Count() }).ToListAsync(ct);
        foreach (var group in flagged)
            Add(group.EnterpriseId, SignalKind.FlaggedLot, group.Count, Msg.Of("{0} 个进货批次未通过一致性核查且未处置", group.Count), $"/trace/ledger?enterprise={group.EnterpriseId}&flagged=true");

        foreach (var source in sources)
            foreach (var signal in await source.SignalsAsync(today, WindowDays, ct))
                Add(signal.EnterpriseId, signal.Kind, signal.Count, signal.Evidence, signal.Link);

        found.RemoveAll(s => !active.Contains(s.EnterpriseId));
        return await SaveAsync(found, enterprises.Select(e => e.Id).ToList(), weights, now, ct);
    }

    private async Task<WarningRun> SaveAsync(List<WarningSignal> found, List<Guid> enterprises, WarningWeights weights, DateTimeOffset now, CancellationToken ct)
    {
        var scores = await db.EnterpriseRiskScores.ToDictionaryAsync(s => s.EnterpriseId, ct);
        var totals = found.GroupBy(s => s.EnterpriseId).ToDictionary(g => g.Key, g => g.Sum(s => s.Points));
        var raised = new List<Guid>();
        foreach (var enterprise in enterprises)
        {
            var score = totals.GetValueOrDefault(enterprise);
            var level = weights.LevelOf(score);
            if (!scores.TryGetValue(enterprise, out var row))
            {
                db.EnterpriseRiskScores.Add(row = new EnterpriseRiskScore { EnterpriseId = enterprise, Level = level, LevelChangedAt = now });
                if (level >= RiskLevel.High) raised.Add(enterprise);
            }
            else if (row.Level != level)
            {
                if (level > row.Level && level >= RiskLevel.High) raised.Add(enterprise);
                (row.PreviousLevel, row.Level, row.LevelChangedAt) = (row.Level, level, now);
            }
            row.Score = score;
            row.ComputedAt = now;
        }
        // Enterprises no longer active keep their last score but lose their signals.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.WarningSignals.ExecuteDeleteAsync(ct);
        db.WarningSignals.AddRange(found);
        if (raised.Count > 0)
            await notifications.NotifyRoleAsync(Roles.ZoneAdmin, Msg.Of("风险预警：{0} 家企业风险等级升至“高”以上", raised.Count),
                Msg.Of("请查看预警信号，考虑列入检查计划或动态管理（警示）。").Store(), "/risks/warnings?level=High", ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new WarningRun(enterprises.Count, found.Count, raised.Count, now);
    }
}

/// <summary>Recomputes the signals every six hours (checked hourly); the office can also run it from the page.</summary>
public sealed class EarlyWarningJob(IServiceScopeFactory scopes, JobLeases leases, ILogger<EarlyWarningJob> logger) : ScheduledJob(scopes, leases, logger)
{
    public override string Name => "early-warning";
    protected override TimeSpan Interval => TimeSpan.FromHours(1);
    protected override TimeSpan FirstRunAfter => TimeSpan.FromMinutes(2);

    protected override async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var last = await db.EnterpriseRiskScores.MaxAsync(s => (DateTimeOffset?)s.ComputedAt, ct);
        var due = last is null || DateTimeOffset.UtcNow - last > TimeSpan.FromHours(6);
        if (due)
        {
            var run = await services.GetRequiredService<EarlyWarning>().ComputeAsync(ct);
            logger.LogInformation("Early warning: {Signals} signals for {Enterprises} enterprises", run.Signals, run.Enterprises);
        }
        await services.GetRequiredService<ActionEscalation>().EscalateAsync(ct);
        if (due) await services.GetRequiredService<Portal.NoticeMatcher>().RefreshProfilesAsync(ct);
    }
}
