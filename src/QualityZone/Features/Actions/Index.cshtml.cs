using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Actions;

/// <summary><c>/actions</c>: the CAPA dashboard (by state, source, age, enterprise) and the list of actions.</summary>
[RequirePermission(ActionsPermissions.View)]
public sealed class IndexModel(AppDbContext db, ActionCommands commands, ActionQueries queries, ZoneClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Enterprise { get; set; }
    [BindProperty(SupportsGet = true)] public ActionState? State { get; set; }
    [BindProperty(SupportsGet = true)] public ActionSource? Source { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    [BindProperty(SupportsGet = true)] public bool Mine { get; set; }
    /// <summary>The list shows the open actions unless a state is chosen or all are asked for.</summary>
    [BindProperty(SupportsGet = true)] public bool All { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    public List<(Guid Id, string Name)> Choices { get; private set; } = [];
    public ActionDashboard Dashboard { get; private set; } = null!;
    public Paged<Row> Actions { get; private set; } = null!;
    public string SourceChart { get; private set; } = "";
    public string AgeChart { get; private set; } = "";
    public DateOnly Today => clock.Today;

    public sealed record Row(CorrectiveAction Action, string? Enterprise, string? Owner);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = EnterpriseScope.For(User);
        Choices = scope.All ? await EnterpriseQueries.ChoicesAsync(db, ct) : [];
        var visible = commands.Visible(User);
        Dashboard = await queries.DashboardAsync(visible, ct);
        var query = visible;
        if (Enterprise is { } e) query = query.Where(a => a.EnterpriseId == e);
        if (State is { } s) query = query.Where(a => a.State == s);
        else if (!All) query = query.Where(a => a.State == ActionState.Open || a.State == ActionState.InProgress || a.State == ActionState.PendingVerification);
        if (Source is { } src) query = query.Where(a => a.Source == src);
        var today = clock.Today;
        if (Overdue) query = query.Where(a => a.DueOn < today && a.State != ActionState.Closed && a.State != ActionState.Cancelled);
        if (Mine && User.DepartmentId() is { } department) query = query.Where(a => a.OwnerDepartmentId == department);
        var rows = from a in query
                   join en in db.Enterprises on a.EnterpriseId equals en.Id into ens
                   from en in ens.DefaultIfEmpty()
                   join d in db.Departments on a.OwnerDepartmentId equals d.Id into ds
                   from d in ds.DefaultIfEmpty()
                   orderby a.DueOn, a.Number
                   select new Row(a, en == null ? null : en.NameZh, d == null ? null : (Text.IsEnglish ? d.NameEn ?? d.NameZh : d.NameZh));
        Actions = await Paged<Row>.CreateAsync(rows, PageNumber, 50, ct);
        BuildCharts();
    }

    private void BuildCharts()
    {
        var sources = Dashboard.BySource.Where(s => s.Open + s.Closed > 0).ToList();
        SourceChart = JsonSerializer.Serialize(new
        {
            grid = new { left = 90, right = 20, top = 30, bottom = 24 },
            tooltip = new { trigger = "axis" },
            legend = new { top = 0, data = new[] { Text.Get("未关闭"), Text.Get("其中逾期"), Text.Get("已关闭") } },
            xAxis = new { type = "value", minInterval = 1 },
            yAxis = new { type = "category", data = sources.Select(s => ActionLabels.Source(s.Source)).ToArray() },
            series = new object[]
            {
                new { name = Text.Get("未关闭"), type = "bar", stack = "a", data = sources.Select(s => s.Open - s.Overdue).ToArray(), itemStyle = new { color = "#e0a800" } },
                new { name = Text.Get("其中逾期"), type = "bar", stack = "a", data = sources.Select(s => s.Overdue).ToArray(), itemStyle = new { color = "#d63b3b" } },
                new { name = Text.Get("已关闭"), type = "bar", stack = "a", data = sources.Select(s => s.Closed).ToArray(), itemStyle = new { color = "#2e9d5b" } },
            },
        });
        AgeChart = JsonSerializer.Serialize(new
        {
            // Horizontal: every age bucket keeps its label in the narrow card (issue 21: only two of them were labelled), the count at the bar's end.
            grid = new { left = 8, right = 30, top = 10, bottom = 10, containLabel = true },
            tooltip = new { trigger = "axis" },
            xAxis = new { type = "value", minInterval = 1 },
            yAxis = new { type = "category", inverse = true, data = Dashboard.ByAge.Select(a => a.Bucket).ToArray(), axisLabel = new { interval = 0 } },
            series = new object[] { new { name = Text.Get("未关闭"), type = "bar", data = Dashboard.ByAge.Select(a => a.Count).ToArray(), itemStyle = new { color = "#1456c4" }, label = new { show = true, position = "right" } } },
        });
    }

    public string Link(int page) => $"/actions?enterprise={Enterprise}&state={State}&source={Source}&overdue={Overdue}&mine={Mine}&all={All}&page={page}";
}
