using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Indicators;

public sealed record IndicatorInput(string? Code, string? NameZh, string? NameEn, string? Unit, string? Formula, IndicatorDirection Direction, int? BaselineYear, decimal? BaselineValue, int Version);

public sealed record IndicatorYearInput(decimal? Target, decimal? Value, string? Note);

/// <summary>A row of the dashboard: an indicator with its years, and how this year stands against its target.</summary>
public sealed record IndicatorRow(ZoneIndicator Indicator, IReadOnlyDictionary<int, IndicatorYear> Years, int CurrentYear)
{
    public IndicatorYear? Current => Years.GetValueOrDefault(CurrentYear);
    public bool? Meets => Indicator.Meets(Current?.Value, Current?.Target);
}

/// <summary>
/// The zone office keeps the indicator list (formulas checked at save), recomputes the years from
/// the data (approved years stay as approved), sets yearly targets, enters the values of manual
/// indicators with their evidence, and approves a year's figures, which then appear on the portal.
/// </summary>
public sealed partial class IndicatorCommands(AppDbContext db, IndicatorMetrics metrics, FileStore files, ZoneClock clock, TimeProvider time)
{
    /// <summary>The years the dashboard shows: this year and the two before (three years of history, issue 18).</summary>
    public IReadOnlyList<int> Years => [clock.Today.Year - 2, clock.Today.Year - 1, clock.Today.Year];

    public async Task<List<IndicatorRow>> DashboardAsync(bool approvedOnly, CancellationToken ct)
    {
        var indicators = await db.ZoneIndicators.AsNoTracking().Include(i => i.Years).Where(i => i.Active).OrderBy(i => i.Position).ThenBy(i => i.Code).ToListAsync(ct);
        return indicators.Select(i => new IndicatorRow(i, i.Years.Where(y => !approvedOnly || y.Approved).ToDictionary(y => y.Year), clock.Today.Year)).ToList();
    }

    public async Task<(CommandResult Result, Guid? Id)> SaveAsync(Guid? id, IndicatorInput input, CancellationToken ct)
    {
        var code = input.Code?.Trim().ToLowerInvariant();
        if (code is null || !CodePattern().IsMatch(code)) return (CommandResult.Invalid(Text.Get("指标代码应为 2–64 位小写字母、数字或连字符")), null);
        if (string.IsNullOrWhiteSpace(input.NameZh) || input.NameZh.Length > 100) return (CommandResult.Invalid(Text.Get("请填写指标名称（不超过 100 字）")), null);
        if (input.NameEn?.Length > 200) return (CommandResult.Invalid(Text.Get("英文名称不能超过 200 字")), null);
        if (input.Unit?.Length > 20) return (CommandResult.Invalid(Text.Get("单位不能超过 20 字")), null);
        if (!Enum.IsDefined(input.Direction)) return (CommandResult.Invalid(Text.Get("请选择指标方向")), null);
        var baselineYear = input.BaselineYear ?? clock.Today.Year - 2;
        if (baselineYear < 2000 || baselineYear > clock.Today.Year) return (CommandResult.Invalid(Text.Format("基期年份应在 2000 到 {0} 之间", clock.Today.Year)), null);
        var formula = string.IsNullOrWhiteSpace(input.Formula) ? null : input.Formula.Trim();
        if (formula is not null && IndicatorFormula.Parse(formula) is { Error: { } error }) return (CommandResult.Invalid(Text.Format("公式无法计算：{0}", error)), null);
        if (await db.ZoneIndicators.AnyAsync(i => i.Code == code && i.Id != id, ct)) return (CommandResult.Conflict(Text.Get("指标代码已存在")), null);

        ZoneIndicator indicator;
        if (id is { } existing)
        {
            var found = await db.ZoneIndicators.SingleOrDefaultAsync(i => i.Id == existing, ct);
            if (found is null) return (CommandResult.NotFound(Text.Get("指标不存在")), null);
            if (found.Version != input.Version) return (CommandResult.Conflict(Text.Get("指标已被他人修改，请刷新后重试")), null);
            indicator = found;
            indicator.Version++;
        }
        else
        {
            db.ZoneIndicators.Add(indicator = new ZoneIndicator { Code = code, NameZh = "", Unit = "", Position = await db.ZoneIndicators.CountAsync(ct) + 1 });
        }
        indicator.Code = code;
        indicator.NameZh = input.NameZh.Trim();
        indicator.NameEn = string.IsNullOrWhiteSpace(input.NameEn) ? null : input.NameEn.Trim();
        indicator.Unit = input.Unit?.Trim() ?? "";
        indicator.Formula = formula;
        indicator.Direction = input.Direction;
        indicator.BaselineYear = baselineYear;
        indicator.BaselineValue = input.BaselineValue;
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, indicator.Id);
    }

    /// <summary>Computes every formula indicator for the given years (and its baseline when none was entered); approved years are left as they are.</summary>
    public async Task<int> ComputeAsync(IReadOnlyCollection<int> years, CancellationToken ct)
    {
        var indicators = await db.ZoneIndicators.Include(i => i.Years).Where(i => i.Active && i.Formula != null).ToListAsync(ct);
        var cache = new Dictionary<int, IReadOnlyDictionary<string, decimal>>();
        async Task<IReadOnlyDictionary<string, decimal>> MetricsOf(int year) => cache.TryGetValue(year, out var m) ? m : cache[year] = await metrics.ForYearAsync(year, ct);
        var now = time.GetUtcNow();
        var changed = 0;
        foreach (var indicator in indicators)
        {
            var formula = IndicatorFormula.Parse(indicator.Formula).Formula!;
            if (indicator.BaselineValue is null) indicator.BaselineValue = formula.Evaluate(await MetricsOf(indicator.BaselineYear));
            foreach (var year in years)
            {
                var row = indicator.Years.SingleOrDefault(y => y.Year == year);
                if (row?.Approved == true) continue;
                if (row is null)
                {
                    indicator.Years.Add(row = new IndicatorYear { IndicatorId = indicator.Id, Year = year });
                    db.Add(row);
                }
                row.Value = formula.Evaluate(await MetricsOf(year));
                row.ComputedAt = now;
                changed++;
            }
        }
        await db.SaveChangesAsync(ct);
        return changed;
    }

    /// <summary>A year's target, and for a manual indicator its value with the evidence it rests on.</summary>
    public async Task<CommandResult> SetYearAsync(Guid id, int year, IndicatorYearInput input, Stream? evidence, string? evidenceName, CancellationToken ct)
    {
        var indicator = await db.ZoneIndicators.Include(i => i.Years).SingleOrDefaultAsync(i => i.Id == id, ct);
        if (indicator is null) return CommandResult.NotFound(Text.Get("指标不存在"));
        if (year < indicator.BaselineYear || year > clock.Today.Year + 5) return CommandResult.Invalid(Text.Format("年份应在 {0} 到 {1} 之间", indicator.BaselineYear, clock.Today.Year + 5));
        if (input.Target is { } target && (target < -1_000_000_000 || target > 1_000_000_000_000)) return CommandResult.Invalid(Text.Get("目标值超出范围"));
        if (input.Note?.Length > 500) return CommandResult.Invalid(Text.Get("说明不能超过 500 字"));
        var row = indicator.Years.SingleOrDefault(y => y.Year == year);
        if (input.Value is not null)
        {
            if (!indicator.Manual) return CommandResult.Invalid(Text.Get("该指标由公式计算，不能手工填报"));
            if (year > clock.Today.Year) return CommandResult.Invalid(Text.Get("不能填报未来年份的实际值"));
            if (row?.Approved == true) return CommandResult.Conflict(Text.Get("该年度数值已审定，不能修改"));
            if (evidence is null && row?.EvidenceSha256 is null) return CommandResult.Invalid(Text.Get("手工填报的数值须附佐证材料"));
        }
        StoredFile? stored = null;
        if (evidence is not null)
        {
            try { stored = await files.SaveAsync(evidence, evidenceName ?? "evidence", ct); }
            catch (FileRejectedException e) { return CommandResult.Invalid(e.Message); }
        }
        if (row is null)
        {
            indicator.Years.Add(row = new IndicatorYear { IndicatorId = indicator.Id, Year = year });
            db.Add(row);
        }
        row.Target = input.Target;
        if (input.Value is not null) row.Value = input.Value;
        if (input.Note is not null) row.Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        if (stored is not null) (row.EvidenceSha256, row.EvidenceFileName, row.EvidenceContentType) = (stored.Sha256, stored.FileName, stored.ContentType);
        indicator.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>Approves a year's value: it is frozen and published on the portal.</summary>
    public async Task<CommandResult> ApproveAsync(ClaimsPrincipal user, Guid id, int year, CancellationToken ct)
    {
        var row = await db.IndicatorYears.SingleOrDefaultAsync(y => y.IndicatorId == id && y.Year == year, ct);
        if (row is null) return CommandResult.NotFound(Text.Get("该年度尚无数值"));
        if (row.Approved) return CommandResult.Conflict(Text.Get("该年度数值已审定"));
        if (row.Value is null) return CommandResult.Invalid(Text.Get("该年度没有可审定的数值"));
        row.Approved = true;
        row.ApprovedBy = user.DisplayName();
        row.ApprovedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex CodePattern();
}
