using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Actions;

public sealed record StateCount(ActionState State, int Count);
public sealed record SourceCount(ActionSource Source, int Open, int Closed, int Overdue);
public sealed record AgeCount(string Bucket, int Count);
public sealed record EnterpriseCount(Guid EnterpriseId, string Name, int Open, int Overdue);

/// <summary>The action dashboard: by state, by source, by age of the open ones, the enterprises with most open.</summary>
public sealed record ActionDashboard(IReadOnlyList<StateCount> ByState, IReadOnlyList<SourceCount> BySource, IReadOnlyList<AgeCount> ByAge,
    IReadOnlyList<EnterpriseCount> Enterprises, int Open, int Overdue);

public sealed class ActionQueries(AppDbContext db, ZoneClock clock)
{
    /// <summary>Age buckets of open actions in days since raised.</summary>
    public static readonly (int Upto, string Label)[] AgeBuckets = [(30, "30 天内"), (60, "31–60 天"), (90, "61–90 天"), (int.MaxValue, "90 天以上")];

    public async Task<ActionDashboard> DashboardAsync(IQueryable<CorrectiveAction> actions, CancellationToken ct)
    {
        var today = clock.Today;
        // Counts by source and state come from the (Source, State, DueOn) index in its own order; lateness
        // matters only for the open actions, which are read once for ages, enterprises and lateness.
        var counts = await actions.GroupBy(a => new { a.Source, a.State })
            .Select(g => new { g.Key.Source, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        var open = await actions.Where(a => a.State == ActionState.Open || a.State == ActionState.InProgress || a.State == ActionState.PendingVerification)
            .Select(a => new { a.Source, a.CreatedAt, a.EnterpriseId, a.DueOn }).ToListAsync(ct);
        static bool Open(ActionState s) => s is not (ActionState.Closed or ActionState.Cancelled);
        var byState = Enum.GetValues<ActionState>().Select(s => new StateCount(s, counts.Where(c => c.State == s).Sum(c => c.Count))).ToList();
        var bySource = Enum.GetValues<ActionSource>().Select(s => new SourceCount(s,
            counts.Where(c => c.Source == s && Open(c.State)).Sum(c => c.Count),
            counts.Where(c => c.Source == s && c.State == ActionState.Closed).Sum(c => c.Count),
            open.Count(a => a.Source == s && a.DueOn < today))).ToList();

        var ages = open.Select(a => today.DayNumber - DateOnly.FromDateTime(clock.ToZoneTime(a.CreatedAt).DateTime).DayNumber).ToList();
        var byAge = AgeBuckets.Select((b, i) => new AgeCount(Text.Get(b.Label), ages.Count(d => d <= b.Upto && (i == 0 || d > AgeBuckets[i - 1].Upto)))).ToList();
        var top = open.Where(a => a.EnterpriseId != null).GroupBy(a => a.EnterpriseId!.Value)
            .Select(g => new { Id = g.Key, Open = g.Count(), Overdue = g.Count(a => a.DueOn < today) })
            .OrderByDescending(g => g.Overdue).ThenByDescending(g => g.Open).Take(10).ToList();
        var ids = top.Select(t => t.Id).ToList();
        var names = (await db.Enterprises.AsNoTracking().Where(e => ids.Contains(e.Id)).Select(e => new { e.Id, e.NameZh, e.NameEn }).ToListAsync(ct))
            .ToDictionary(e => e.Id, e => Text.Pick(e.NameZh, e.NameEn));
        return new ActionDashboard(byState, bySource, byAge, top.Select(t => new EnterpriseCount(t.Id, names.GetValueOrDefault(t.Id, ""), t.Open, t.Overdue)).ToList(),
            open.Count, open.Count(a => a.DueOn < today));
    }
}
