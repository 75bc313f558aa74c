using QualityZone.Features.Enterprises;
using System.Globalization;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.ExportArchives;

/// <summary>The state of one version of a monthly return (and of the return: its latest version's).</summary>
public enum ReturnState { Draft, Submitted, Accepted, Returned }

/// <summary>出口方式: own brand (自主品牌), ODM, OEM — the split the zone's results (task 21) are measured by.</summary>
public enum ExportMode { OwnBrand, Odm, Oem }

/// <summary>How a version's content came in.</summary>
public enum ReturnSource { Form, Excel, Api, Customs }

/// <summary>国外通报 / 召回 / 退运: the foreign events seed task 11 asks the archive to hold each month.</summary>
public enum IncidentKind { Notification, Recall, Return }

/// <summary>
/// One enterprise's export quality return for one month (出口产品质量档案月报, seed task 11).
/// A submitted version is never overwritten: an amendment is a new version, and the statistics
/// read the latest version that was submitted (the effective one). The return changes state only
/// through its methods, which refuse illegal transitions.
/// </summary>
[CachedIn("returns")]
public sealed class ExportReturn : IEnterpriseOwned, IRollupSource
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    /// <summary>The month, "yyyy-MM".</summary>
    public required string Period { get; set; }
    public ReturnState State { get; private set; } = ReturnState.Draft;
    /// <summary>Due date: a day of the following month set by the office (settings), fixed when the return is created.</summary>
    public DateOnly DueOn { get; set; }
    public int LatestVersion { get; private set; }
    /// <summary>The latest submitted version, read by the statistics; null until the first submission.</summary>
    public int? EffectiveVersion { get; private set; }
    public bool NoExports { get; private set; }
    /// <summary>Totals of the effective version, kept for lists and the completeness matrix.</summary>
    public decimal ValueUsd { get; private set; }
    /// <summary>The effective version's own-brand and ODM values (the rest is OEM), kept with the total so that shares by export mode are read per month, not per line.</summary>
    public decimal OwnBrandValueUsd { get; private set; }
    public decimal OdmValueUsd { get; private set; }
    public int LineCount { get; private set; }
    /// <summary>The effective version's batches and nonconforming batches, kept with the value (the early warning's rates read a row per month).</summary>
    public int Batches { get; private set; }
    public int NonconformingBatches { get; private set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FirstSubmittedAt { get; private set; }
    /// <summary>Filed after the due date (in the zone's time zone) at its first submission.</summary>
    public bool Late { get; private set; }
    public string? ReturnReason { get; private set; }
    /// <summary>Optimistic concurrency: two people editing one return cannot overwrite each other.</summary>
    public int Revision { get; set; }
    public List<ExportReturnVersion> Versions { get; set; } = [];

    public ExportReturnVersion Latest => Versions.Single(v => v.Number == LatestVersion);

    /// <summary>What this return's submissions since the last save change in the zone's monthly rollup (<see cref="ExportRollupCell"/>), from lines in memory.</summary>
    public List<RollupDelta> PendingRollups { get; } = [];

    /// <summary>
    /// Versions that stopped counting since the last save while their content was not loaded: at the save their lines
    /// leave the rollup by GROUP BY and their <c>Effective</c> flag is cleared by UPDATE (<see cref="ExportLineStore.StopCountingAsync"/>).
    /// </summary>
    public List<Guid> VersionsStoppingInDatabase { get; } = [];

    bool IRollupSource.HasPendingRollups => PendingRollups.Count > 0 || VersionsStoppingInDatabase.Count > 0;

    async Task<IReadOnlyList<RollupDelta>> IRollupSource.PendingRollupsAsync(AppDbContext db, CancellationToken ct)
    {
        var deltas = new List<RollupDelta>(PendingRollups);
        foreach (var version in VersionsStoppingInDatabase) deltas.AddRange(await ExportLineStore.StopCountingAsync(db, version, ct));
        return deltas;
    }

    void IRollupSource.RollupsWritten()
    {
        PendingRollups.Clear();
        VersionsStoppingInDatabase.Clear();
    }

    public static ExportReturn Create(Guid enterpriseId, string period, DateOnly dueOn, ReturnSource source, string actor, DateTimeOffset now)
    {
        var report = new ExportReturn { EnterpriseId = enterpriseId, Period = period, DueOn = dueOn, CreatedAt = now };
        report.AddVersion(source, actor, now, note: null);
        return report;
    }

    /// <summary>Writes the draft's content (form, Excel, API or customs data); only a draft can be written.</summary>
    public void WriteDraft(bool noExports, IReadOnlyList<ExportReturnLine> lines, IReadOnlyList<ExportReturnIncident> incidents, ReturnSource source, string actor, DateTimeOffset now)
    {
        var draft = Latest;
        if (draft.State != ReturnState.Draft)
            throw new BusinessRuleException(Text.Get("已提交的版本不能修改，请先创建更正版本"));
        // The draft's earlier lines are replaced, which deletes them: they must be loaded to be.
        if (draft.ContentInDatabase) throw new InvalidOperationException("A draft is rewritten with its content loaded.");
        if (noExports && lines.Count > 0) throw new BusinessRuleException(Text.Get("选择“本月无出口”时不能填写出口明细"));
        draft.NoExports = noExports;
        draft.Source = source;
        draft.EditedBy = actor;
        draft.EditedAt = now;
        draft.Lines = Placed(lines, draft);
        draft.Incidents = Placed(incidents, draft);
        Revision++;
    }

    public void Submit(string actor, DateTimeOffset now, DateOnly today)
    {
        var draft = Latest;
        if (draft.State != ReturnState.Draft) throw new BusinessRuleException(Text.Get("只有草稿可以提交"));
        if (!draft.NoExports && draft.Lines.Count == 0)
            throw new BusinessRuleException(Text.Get("请填写出口明细，或选择“本月无出口”"));
        draft.State = ReturnState.Submitted;
        draft.SubmittedBy = actor;
        draft.SubmittedAt = now;
        // The statistics switch to this version; the earlier ones stay, no longer counted. The
        // zone's rollup loses the lines that counted until now and gains the new ones. A version
        // whose content was left in the database (an import replacing a month of 100,000 lines)
        // stops counting in SQL at the save; one in memory here.
        if (EffectiveVersion is { } before && Versions.Single(v => v.Number == before) is var leaving)
        {
            if (leaving.ContentInDatabase) VersionsStoppingInDatabase.Add(leaving.Id);
            else PendingRollups.AddRange(ExportRollupCell.Deltas(leaving.Lines, sign: -1));
        }
        PendingRollups.AddRange(ExportRollupCell.Deltas(draft.Lines, sign: 1));
        // Every other version stopped counting when it was replaced; only content in memory is set here.
        foreach (var version in Versions.Where(v => !v.ContentInDatabase))
        {
            var effective = version.Number == draft.Number;
            foreach (var line in version.Lines) line.Effective = effective;
            foreach (var incident in version.Incidents) incident.Effective = effective;
        }
        EffectiveVersion = draft.Number;
        NoExports = draft.NoExports;
        ValueUsd = draft.Lines.Sum(l => l.ValueUsd);
        OwnBrandValueUsd = draft.Lines.Where(l => l.Mode == ExportMode.OwnBrand).Sum(l => l.ValueUsd);
        OdmValueUsd = draft.Lines.Where(l => l.Mode == ExportMode.Odm).Sum(l => l.ValueUsd);
        LineCount = draft.Lines.Count;
        Batches = draft.Lines.Sum(l => l.Batches);
        NonconformingBatches = draft.Lines.Sum(l => l.NonconformingBatches);
        if (FirstSubmittedAt is null)
        {
            FirstSubmittedAt = now;
            Late = today > DueOn;
        }
        ReturnReason = null;
        State = ReturnState.Submitted;
        Revision++;
    }

    /// <summary>审核通过 by the office or a department.</summary>
    public void Accept(string actor, DateTimeOffset now)
    {
        var version = Latest;
        if (version.State != ReturnState.Submitted) throw new BusinessRuleException(Text.Get("只有已提交的申报可以审核通过"));
        version.State = ReturnState.Accepted;
        version.ReviewedBy = actor;
        version.ReviewedAt = now;
        State = ReturnState.Accepted;
        Revision++;
    }

    /// <summary>退回修改: the enterprise must amend; the returned version stays as it was.</summary>
    public void ReturnForCorrection(string reason, string actor, DateTimeOffset now)
    {
        var version = Latest;
        if (version.State != ReturnState.Submitted) throw new BusinessRuleException(Text.Get("只有已提交的申报可以退回修改"));
        if (string.IsNullOrWhiteSpace(reason)) throw new BusinessRuleException(Text.Get("请填写退回原因"));
        version.State = ReturnState.Returned;
        version.ReviewedBy = actor;
        version.ReviewedAt = now;
        version.ReviewNote = reason.Trim();
        ReturnReason = reason.Trim();
        State = ReturnState.Returned;
        Revision++;
    }

    /// <summary>
    /// 更正: a new draft version copying the latest one; the submitted versions stay unchanged. A caller that writes the
    /// whole content next (an import, the API) passes <paramref name="copyContent"/> false: nothing is copied to be discarded.
    /// </summary>
    public ExportReturnVersion Amend(string actor, DateTimeOffset now, string? note, bool copyContent = true)
    {
        var latest = Latest;
        if (latest.State == ReturnState.Draft) return latest;
        if (copyContent && latest.ContentInDatabase) throw new InvalidOperationException("The content to copy into the amendment was not loaded.");
        var draft = AddVersion(latest.Source, actor, now, note);
        draft.NoExports = latest.NoExports;
        if (!copyContent) return draft;
        draft.Lines = Placed(latest.Lines.OrderBy(l => l.Position).Select(l => l.Copy()).ToList(), draft);
        draft.Incidents = Placed(latest.Incidents.OrderBy(x => x.Position).Select(x => x.Copy()).ToList(), draft);
        return draft;
    }

    private List<T> Placed<T>(IReadOnlyList<T> rows, ExportReturnVersion version) where T : ReturnContent
    {
        for (var i = 0; i < rows.Count; i++) rows[i].PlaceIn(this, version, i);
        return rows.ToList();
    }

    private ExportReturnVersion AddVersion(ReturnSource source, string actor, DateTimeOffset now, string? note)
    {
        var version = new ExportReturnVersion
        {
            ReturnId = Id, Number = LatestVersion + 1, Source = source, CreatedBy = actor, CreatedAt = now, EditedBy = actor, EditedAt = now,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        };
        Versions.Add(version);
        LatestVersion = version.Number;
        State = ReturnState.Draft;
        Revision++;
        return version;
    }

    public static bool TryParsePeriod(string? text, out DateOnly firstDay)
    {
        firstDay = default;
        // Years outside 2000–2099 are typing errors (the zone was founded in the 2010s), and would overflow date arithmetic near 9999.
        return text is { Length: 7 } && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out firstDay)
            && firstDay.Year is >= 2000 and <= 2099;
    }

    public static string PeriodOf(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>
    /// The month an enterprise should file next: the earliest ended month without a return, from its admission (at most a
    /// year back) to last month; null when every one is there. The current month is never offered: it has not ended.
    /// </summary>
    public static string? NextPeriodToFile(IReadOnlySet<string> filed, DateOnly today, DateOnly? admittedOn)
    {
        var last = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var first = last.AddMonths(-11);
        if (admittedOn is { } admitted && new DateOnly(admitted.Year, admitted.Month, 1) > first) first = new DateOnly(admitted.Year, admitted.Month, 1);
        for (var month = first; month <= last; month = month.AddMonths(1))
            if (!filed.Contains(PeriodOf(month))) return PeriodOf(month);
        return null;
    }

    /// <summary>The due date of a month's return: the given day of the following month.</summary>
    public static DateOnly DueDate(string period, int dueDay)
    {
        TryParsePeriod(period, out var first);
        var next = first.AddMonths(1);
        return new DateOnly(next.Year, next.Month, Math.Clamp(dueDay, 1, DateTime.DaysInMonth(next.Year, next.Month)));
    }
}

/// <summary>One version of a return: what was filed, by whom, when; frozen once submitted.</summary>
public sealed class ExportReturnVersion : IAggregatePart
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ReturnId { get; set; }
    public int Number { get; set; }
    public ReturnState State { get; set; } = ReturnState.Draft;
    public bool NoExports { get; set; }
    public ReturnSource Source { get; set; }
    /// <summary>Why the version was created (the amendment's reason).</summary>
    public string? Note { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string EditedBy { get; set; }
    public DateTimeOffset EditedAt { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? ReviewNote { get; set; }
    public List<ExportReturnLine> Lines { get; set; } = [];
    public List<ExportReturnIncident> Incidents { get; set; } = [];

    /// <summary>
    /// Lines and incidents were not loaded with the version (<see cref="ReturnCommands.LoadForChangeAsync"/>): the
    /// collections are empty here, not in the database. Not stored.
    /// </summary>
    public bool ContentInDatabase { get; set; }

    Guid IAggregatePart.AggregateId => ReturnId;
}

/// <summary>
/// What every row of a version's content carries besides its own fields: its place in the version,
/// and the enterprise, month and whether it counts (its version is the effective one), copied onto
/// the row so that the zone's statistics read one table.
/// </summary>
public abstract class ReturnContent : IVersionContent, IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid VersionId { get; set; }
    public Guid ReturnId { get; set; }
    public Guid EnterpriseId { get; set; }
    public string Period { get; set; } = "";
    public bool Effective { get; set; }
    /// <summary>Order within the version, as entered.</summary>
    public int Position { get; set; }

    /// <summary>Places a new or copied row in a version (a fresh key: versions never share rows).</summary>
    internal virtual void PlaceIn(ExportReturn report, ExportReturnVersion version, int position)
    {
        Id = Guid.CreateVersion7();
        Position = position;
        VersionId = version.Id;
        ReturnId = report.Id;
        EnterpriseId = report.EnterpriseId;
        Period = report.Period;
        Effective = false;
    }
}

/// <summary>One export line of a version: product, HS code, destination, quantity, value and quality.</summary>
public sealed class ExportReturnLine : ReturnContent
{
    public required string ProductName { get; set; }
    public string? Model { get; set; }
    /// <summary>As declared, 6 to 10 digits; the first six checked against HS 2022.</summary>
    public required string HsCode { get; set; }
    /// <summary>The 4-digit heading (品目), for the statistics.</summary>
    public string HsHeading { get; set; } = "";
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public required string CountryCode { get; set; }
    public decimal Quantity { get; set; }
    public required string Unit { get; set; }
    public decimal ValueUsd { get; set; }
    /// <summary>The CNY value when it was entered in CNY, and the rate (CNY per USD) it was converted at.</summary>
    public decimal? ValueCny { get; set; }
    public decimal? CnyPerUsd { get; set; }
    public ExportMode Mode { get; set; }
    public int Batches { get; set; }
    public int NonconformingBatches { get; set; }
    public decimal NonconformingQuantity { get; set; }
    public string? NonconformityDescription { get; set; }

    public ExportReturnLine Copy() => (ExportReturnLine)MemberwiseClone();

    internal override void PlaceIn(ExportReturn report, ExportReturnVersion version, int position)
    {
        base.PlaceIn(report, version, position);
        // Interned: at most 10,000 four-digit headings, while a big return has one per line (issue 22.6).
        HsHeading = HsCode.Length >= 4 ? string.Intern(HsCode[..4]) : HsCode;
    }
}

/// <summary>A foreign notification, recall or return (退运) reported in a month.</summary>
public sealed class ExportReturnIncident : ReturnContent
{
    public IncidentKind Kind { get; set; }
    /// <summary>The notification's or recall's reference (通报编号).</summary>
    public string? Reference { get; set; }
    /// <summary>ISO 3166-1 alpha-2 codes separated by ';' (a recall can span several countries).</summary>
    public required string Countries { get; set; }
    public DateOnly? Date { get; set; }
    public string? ProductName { get; set; }
    public string? HsCode { get; set; }
    public decimal? Quantity { get; set; }
    public decimal? ValueUsd { get; set; }
    /// <summary>Summary of a notification, or the reason of a recall or return.</summary>
    public required string Summary { get; set; }

    public ExportReturnIncident Copy() => (ExportReturnIncident)MemberwiseClone();
}

/// <summary>An exchange rate the office sets per month: units of the currency per US dollar.</summary>
public sealed class ExchangeRate
{
    public required string Period { get; set; }
    /// <summary>ISO 4217 code (CNY, EUR…).</summary>
    public required string Currency { get; set; }
    public decimal PerUsd { get; set; }
    public required string SetBy { get; set; }
    public DateTimeOffset SetAt { get; set; }
}

/// <summary>That a reminder for a missing return was sent, so the job sends it once.</summary>
public sealed class ReturnReminder : IEnterpriseOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnterpriseId { get; set; }
    public required string Period { get; set; }
    public DateTimeOffset SentAt { get; set; }
}
