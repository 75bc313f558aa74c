using QualityZone.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Enterprises;
using QualityZone.Features.Settings;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.ExportArchives;

/// <summary>The outcome of saving a return: its id and revision, or the errors and the HTTP status they map to.</summary>
public sealed record ReturnResult(Guid? Id, int Revision, IReadOnlyList<FieldError> Errors, int Status = StatusCodes.Status200OK)
{
    public bool Succeeded => Errors.Count == 0;
    public static ReturnResult Fail(int status, string message, string field = "") => new(null, 0, [new FieldError(field, message)], status);

    public ProblemHttpResult ToProblem() => Status == StatusCodes.Status400BadRequest
        ? ApiResults.ValidationProblem(Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()), title: Text.Get("月报内容有误"))
        : TypedResults.Problem(statusCode: Status, title: Errors.FirstOrDefault()?.Message);
}

/// <summary>The office's settings for the returns: the due day and the monthly exchange rates.</summary>
public sealed class ArchiveSettings(AppDbContext db, TimeProvider clock)
{
    public const string DueDayKey = "archives.due-day";
    /// <summary>Returns are due on the 15th of the following month unless the office sets another day.</summary>
    public const int DefaultDueDay = 15;

    public async Task<int> DueDayAsync(CancellationToken ct)
    {
        var value = await db.ZoneSettings.AsNoTracking().Where(s => s.Key == DueDayKey).Select(s => s.Value).SingleOrDefaultAsync(ct);
        return int.TryParse(value, out var day) && day is >= 1 and <= 28 ? day : DefaultDueDay;
    }

    public async Task SetDueDayAsync(int day, CancellationToken ct)
    {
        if (day is < 1 or > 28) throw new BusinessRuleException(Text.Get("截止日应在 1 到 28 日之间"));
        var setting = await db.ZoneSettings.SingleOrDefaultAsync(s => s.Key == DueDayKey, ct);
        if (setting is null) db.ZoneSettings.Add(setting = new ZoneSetting { Key = DueDayKey, Value = "" });
        setting.Value = day.ToString(CultureInfo.InvariantCulture);
        setting.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Units of <paramref name="currency"/> per USD for the month, or null when the office has not set it.</summary>
    public async Task<decimal?> RateAsync(string period, string currency, CancellationToken ct) =>
        currency == "USD" ? 1m : await db.ExchangeRates.AsNoTracking().Where(r => r.Period == period && r.Currency == currency).Select(r => (decimal?)r.PerUsd).SingleOrDefaultAsync(ct);

    public async Task SetRateAsync(string period, string currency, decimal perUsd, string actor, CancellationToken ct)
    {
        if (!ExportReturn.TryParsePeriod(period, out _)) throw new BusinessRuleException(Text.Get("月份格式应为 yyyy-MM，如 2026-10"));
        currency = currency.Trim().ToUpperInvariant();
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper) || currency == "USD") throw new BusinessRuleException(Text.Get("币种应为 ISO 4217 三位字母代码（美元除外）"));
        if (perUsd is <= 0 or > 100_000) throw new BusinessRuleException(Text.Get("汇率应大于 0"));
        var rate = await db.ExchangeRates.SingleOrDefaultAsync(r => r.Period == period && r.Currency == currency, ct);
        if (rate is null) db.ExchangeRates.Add(rate = new ExchangeRate { Period = period, Currency = currency, SetBy = actor });
        rate.PerUsd = perUsd;
        rate.SetBy = actor;
        rate.SetAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>A month's content as the rules have built it: the lines and incidents, or "no exports".</summary>
public sealed record ReturnDraft(bool NoExports, List<ExportReturnLine> Lines, List<ExportReturnIncident> Incidents);

/// <summary>
/// Filing, amending and reviewing monthly returns. The form, the Excel import and the API all come
/// through here, so the rules, the isolation and the versioning are the same for all three.
/// </summary>
public sealed class ReturnCommands(AppDbContext db, ArchiveSettings settings, ZoneClock zoneClock, TimeProvider clock)
{
    /// <summary>Files a new return for a month (a second one for the same month is a duplicate: 409).</summary>
    public async Task<ReturnResult> CreateAsync(ClaimsPrincipal user, Guid enterpriseId, ReturnInput input, ReturnSource source, bool submit, CancellationToken ct)
    {
        if (!await CanFileAsync(user, enterpriseId, ct)) return ReturnResult.Fail(StatusCodes.Status404NotFound, Text.Get("企业不存在"));
        input.Period = input.Period?.Trim();
        var (errors, lines, incidents) = input.Validate(zoneClock.Today, await RateForAsync(input.Period, ct));
        if (errors.Count > 0) return new ReturnResult(null, 0, errors, StatusCodes.Status400BadRequest);
        if (await db.ExportReturns.AnyAsync(r => r.EnterpriseId == enterpriseId && r.Period == input.Period, ct))
            return ReturnResult.Fail(StatusCodes.Status409Conflict, Text.Format("{0} 的月报已存在，请修改已有月报", input.Period), nameof(ReturnInput.Period));

        var (report, refused) = await StageFromInputAsync(user, enterpriseId, input.Period!, null, input, lines, incidents, source, submit, null, ct);
        if (refused is not null)
        {
            db.ChangeTracker.Clear();
            return refused;
        }
        return await SaveAsync(report!, ct);
    }

    /// <summary>
    /// Writes new content: into the draft when there is one, else into a new version (an amendment;
    /// the submitted versions stay as they were). <paramref name="expectedRevision"/> guards against
    /// two people editing one return.
    /// </summary>
    public async Task<ReturnResult> UpdateAsync(ClaimsPrincipal user, Guid id, ReturnInput input, int? expectedRevision, ReturnSource source, bool submit, string? note, CancellationToken ct)
    {
        var report = await LoadForChangeAsync(user, id, ct, replacingContent: true);
        if (report is null) return ReturnResult.Fail(StatusCodes.Status404NotFound, Text.Get("月报不存在"));
        if (!await CanFileAsync(user, report.EnterpriseId, ct)) return ReturnResult.Fail(StatusCodes.Status403Forbidden, Text.Get("无权执行此操作"));
        if (expectedRevision is not null && expectedRevision != report.Revision) return Stale();
        input.Period = report.Period; // the month of a return does not change
        var (errors, lines, incidents) = input.Validate(zoneClock.Today, await RateForAsync(report.Period, ct));
        if (errors.Count > 0) return new ReturnResult(null, 0, errors, StatusCodes.Status400BadRequest);
        // The reason of an amendment begun on the return's page (its draft exists already).
        if (report.State == ReturnState.Draft && report.LatestVersion > 1 && !string.IsNullOrWhiteSpace(note)) report.Latest.Note = note.Trim();
        var (_, refused) = await StageFromInputAsync(user, report.EnterpriseId, report.Period, report, input, lines, incidents, source, submit, note, ct);
        return refused ?? await SaveAsync(report, ct);
    }

    public Task<ReturnResult> SubmitAsync(ClaimsPrincipal user, Guid id, int? expectedRevision, CancellationToken ct) =>
        TransitionAsync(user, id, expectedRevision, filing: true, (r, actor, now) => r.Submit(actor, now, zoneClock.Today), ct);

    public Task<ReturnResult> AmendAsync(ClaimsPrincipal user, Guid id, int? expectedRevision, string? note, CancellationToken ct) =>
        TransitionAsync(user, id, expectedRevision, filing: true, (r, actor, now) => r.Amend(actor, now, note), ct);

    public Task<ReturnResult> AcceptAsync(ClaimsPrincipal user, Guid id, int? expectedRevision, CancellationToken ct) =>
        TransitionAsync(user, id, expectedRevision, filing: false, (r, actor, now) => r.Accept(actor, now), ct);

    public Task<ReturnResult> ReturnForCorrectionAsync(ClaimsPrincipal user, Guid id, int? expectedRevision, string? reason, CancellationToken ct) =>
        TransitionAsync(user, id, expectedRevision, filing: false, (r, actor, now) => r.ReturnForCorrection(reason ?? "", actor, now), ct);

    private async Task<ReturnResult> TransitionAsync(ClaimsPrincipal user, Guid id, int? expectedRevision, bool filing, Action<ExportReturn, string, DateTimeOffset> change, CancellationToken ct)
    {
        var report = await LoadForChangeAsync(user, id, ct);
        if (report is null) return ReturnResult.Fail(StatusCodes.Status404NotFound, Text.Get("月报不存在"));
        var allowed = filing ? await CanFileAsync(user, report.EnterpriseId, ct) : PermissionCatalog.IsGranted(user, ExportArchivesPermissions.Review);
        if (!allowed) return ReturnResult.Fail(StatusCodes.Status403Forbidden, Text.Get("无权执行此操作"));
        if (expectedRevision is not null && expectedRevision != report.Revision) return Stale();
        try
        {
            change(report, user.DisplayName(), clock.GetUtcNow());
        }
        catch (BusinessRuleException ex)
        {
            return ReturnResult.Fail(StatusCodes.Status409Conflict, ex.Message);
        }
        return await SaveAsync(report, ct);
    }

    /// <summary>
    /// The one way new content reaches a month's return, whatever brought it (the form, the API, an
    /// Excel workbook, customs declarations): the month gets a return when it has none; a draft is
    /// rewritten; a submitted or reviewed return gets an amendment (a new version, the earlier ones
    /// kept); then it is submitted when asked. Rules broken throw <see cref="BusinessRuleException"/>
    /// with their one message. The caller saves (one SaveChanges for everything it staged).
    /// </summary>
    public async Task<(ExportReturn Report, bool Created)> StageAsync(ClaimsPrincipal user, Guid enterpriseId, string period, ExportReturn? existing,
        ReturnDraft content, ReturnSource source, bool submit, string? amendmentNote, CancellationToken ct)
    {
        var (actor, now) = (user.DisplayName(), clock.GetUtcNow());
        var report = existing;
        var created = report is null;
        if (report is null)
        {
            report = ExportReturn.Create(enterpriseId, period, ExportReturn.DueDate(period, await settings.DueDayAsync(ct)), source, actor, now);
            db.ExportReturns.Add(report);
        }
        else if (report.State != ReturnState.Draft) report.Amend(actor, now, amendmentNote, copyContent: false);
        report.WriteDraft(content.NoExports, content.Lines, content.Incidents, source, actor, now);
        if (submit) report.Submit(actor, now, zoneClock.Today);
        return (report, created);
    }

    /// <summary>The form's and the API's way into <see cref="StageAsync"/>: a broken rule becomes a 400 result instead of an exception.</summary>
    private async Task<(ExportReturn? Report, ReturnResult? Refused)> StageFromInputAsync(ClaimsPrincipal user, Guid enterpriseId, string period, ExportReturn? existing,
        ReturnInput input, List<ExportReturnLine> lines, List<ExportReturnIncident> incidents, ReturnSource source, bool submit, string? note, CancellationToken ct)
    {
        try
        {
            var (report, _) = await StageAsync(user, enterpriseId, period, existing, new ReturnDraft(input.NoExports, lines, incidents), source, submit, note, ct);
            return (report, null);
        }
        catch (BusinessRuleException ex)
        {
            return (null, ReturnResult.Fail(StatusCodes.Status400BadRequest, ex.Message));
        }
    }

    private async Task<ReturnResult> SaveAsync(ExportReturn report, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Stale();
        }
        catch (DbUpdateException)
        {
            // The unique (enterprise, month) index caught a return filed at the same moment.
            db.ChangeTracker.Clear();
            if (!await db.ExportReturns.AnyAsync(r => r.EnterpriseId == report.EnterpriseId && r.Period == report.Period && r.Id != report.Id, ct)) throw;
            return ReturnResult.Fail(StatusCodes.Status409Conflict, Text.Format("{0} 的月报已存在，请修改已有月报", report.Period), nameof(ReturnInput.Period));
        }
        return new ReturnResult(report.Id, report.Revision, []);
    }

    private static ReturnResult Stale() => ReturnResult.Fail(StatusCodes.Status409Conflict, Text.Get("该月报已被他人修改，请刷新后重试"));

    /// <summary>
    /// The return for a change of its content or state, tracked: every version, and the lines and incidents of the
    /// latest version only — what a change reads (the draft rewritten, the amendment's copy). The other versions are
    /// marked <see cref="ExportReturnVersion.ContentInDatabase"/>: the effective one, when a submit replaces it, stops
    /// counting in SQL (<see cref="ExportLineStore.StopCountingAsync"/>), and the rest are frozen and already not
    /// effective. A caller that writes the whole content (<paramref name="replacingContent"/>: an import, the API)
    /// does not load a submitted latest version's either; a draft's is always loaded, as rewriting it deletes it.
    /// An import amending twelve months of 10,000 lines each held them twice, loaded and copied (issue 22: memory).
    /// </summary>
    public async Task<ExportReturn?> LoadForChangeAsync(ClaimsPrincipal user, Guid id, CancellationToken ct, bool replacingContent = false)
    {
        var report = await db.ExportReturns.Include(r => r.Versions).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (report is null || !EnterpriseScope.For(user).Allows(report.EnterpriseId)) return null;
        var latest = report.Latest;
        foreach (var version in report.Versions) version.ContentInDatabase = true;
        if (replacingContent && latest.State != ReturnState.Draft) return report;
        // Loaded into the tracked version's collections by EF's fix-up.
        await db.ExportReturnLines.Where(l => l.VersionId == latest.Id).LoadAsync(ct);
        await db.ExportReturnIncidents.Where(x => x.VersionId == latest.Id).LoadAsync(ct);
        latest.ContentInDatabase = false;
        return report;
    }

    /// <summary>The return with every version and its content, tracked; null when missing or not the user's.</summary>
    public async Task<ExportReturn?> LoadAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var report = await db.ExportReturns.Include(r => r.Versions).ThenInclude(v => v.Lines).Include(r => r.Versions).ThenInclude(v => v.Incidents)
            .AsSplitQuery().SingleOrDefaultAsync(r => r.Id == id, ct);
        return report is not null && EnterpriseScope.For(user).Allows(report.EnterpriseId) ? report : null;
    }

    /// <summary>An enterprise files its own returns; the office may file on an enterprise's behalf.</summary>
    public async Task<bool> CanFileAsync(ClaimsPrincipal user, Guid enterpriseId, CancellationToken ct) =>
        PermissionCatalog.IsGranted(user, ExportArchivesPermissions.File)
        && (user.IsInRole(Roles.ZoneAdmin) || user.EnterpriseId() == enterpriseId)
        && await db.Enterprises.AnyAsync(e => e.Id == enterpriseId, ct);

    /// <summary>Customs data: the office and customs/inspection for any enterprise, an enterprise for itself.</summary>
    public async Task<bool> CanImportCustomsAsync(ClaimsPrincipal user, Guid enterpriseId, CancellationToken ct) =>
        PermissionCatalog.IsGranted(user, ExportArchivesPermissions.ImportCustoms)
        && (!user.IsInRole(Roles.EnterpriseUser) || user.EnterpriseId() == enterpriseId)
        && await db.Enterprises.AnyAsync(e => e.Id == enterpriseId, ct);

    private async Task<decimal?> RateForAsync(string? period, CancellationToken ct) =>
        ExportReturn.TryParsePeriod(period, out _) ? await settings.RateAsync(period!, "CNY", ct) : null;
}
