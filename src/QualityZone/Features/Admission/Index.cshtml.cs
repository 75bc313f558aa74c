using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Admission;

[RequirePermission(AdmissionPermissions.View)]
public sealed class IndexModel(AppDbContext db, ZoneClock clock) : PageModel
{
    public sealed record Row(Guid Id, string EnterpriseName, ApplicationState State, DateTimeOffset? SubmittedAt, int Reviews, string? DecisionReason);

    [BindProperty(SupportsGet = true)] public ApplicationState State { get; set; } = ApplicationState.Submitted;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public Dictionary<ApplicationState, int> Counts { get; private set; } = [];
    public string Local(DateTimeOffset? instant) => clock.Format(instant);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Counts = await db.AdmissionApplications.AsNoTracking().GroupBy(a => a.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        // Ordered before the projection: EF cannot order by a member of a record built in Select.
        Rows = await db.AdmissionApplications.AsNoTracking().Where(a => a.State == State).OrderBy(a => a.SubmittedAt)
            .Join(db.Enterprises.AsNoTracking(), a => a.EnterpriseId, e => e.Id, (a, e) => new Row(a.Id, e.NameZh, a.State, a.SubmittedAt, a.Reviews.Count, a.DecisionReason))
            .Take(500).ToListAsync(ct);
    }
}

public static class AdmissionLabels
{
    public static string State(ApplicationState state) => state switch
    {
        ApplicationState.Draft => "草稿",
        ApplicationState.Submitted => "待审核",
        ApplicationState.Returned => "退回修改",
        ApplicationState.Approved => "已批准",
        _ => "未批准",
    };

    public static string Badge(ApplicationState state) => state switch
    {
        ApplicationState.Submitted => "bg-primary",
        ApplicationState.Returned => "bg-warning text-dark",
        ApplicationState.Approved => "bg-success",
        ApplicationState.Rejected => "bg-danger",
        _ => "bg-secondary",
    };

    public static string Reviewer(string code) => code == "ciq" ? "检验检疫局" : "气动协会";
}
