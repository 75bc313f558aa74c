using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Documents;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Surveys;

/// <summary>
/// <c>/surveys/{id}</c>: the campaign for its organizers. While a draft, the questionnaire builder;
/// then sending, the response rate with who has and has not answered, reminders, the results per
/// question with charts, the raw answers in Excel, and the research report drafted from them.
/// </summary>
[RequirePermission(SurveysPermissions.View)]
public sealed class DetailModel(AppDbContext db, SurveyCommands commands, SurveyResults results, SurveyExport export, ZoneClock clock) : PageModel
{
    public sealed record ResponseRow(Guid Id, string Enterprise, ResponseState State, DateTimeOffset? SavedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? RemindedAt);

    public SurveyCampaign Campaign { get; private set; } = null!;
    public SurveyResult Result { get; private set; } = null!;
    public List<ResponseRow> Responses { get; private set; } = [];
    public Dictionary<Guid, string> Charts { get; } = [];
    public bool CanManage => PermissionCatalog.IsGranted(User, SurveysPermissions.Manage);
    public bool Building => Campaign.State == SurveyState.Draft && CanManage;
    public string? Error { get; private set; }
    public string? Done { get; private set; }
    public string Tab { get; private set; } = "questions";
    public ResponseState? StateFilter { get; private set; }
    public string Format(DateTimeOffset? instant) => clock.Format(instant);

    [BindProperty] public Guid? QuestionId { get; set; }
    [BindProperty] public QuestionForm Question { get; set; } = new();
    [BindProperty] public CampaignForm Meta { get; set; } = new();

    public sealed class QuestionForm
    {
        public string? Section { get; set; }
        public string? Text { get; set; }
        public QuestionType Type { get; set; }
        public bool Required { get; set; }
        public string? Options { get; set; }
        public string? Columns { get; set; }
        public string? Unit { get; set; }
        public decimal? Min { get; set; }
        public decimal? Max { get; set; }
        public int? Limit { get; set; }
        public string? Prefill { get; set; }

        public QuestionInput ToInput() => new(Section, Text, Type, Required, Options, Columns, Unit, Min, Max, Limit, Prefill);

        public static QuestionForm From(SurveyQuestion q) => new()
        {
            Section = q.Section, Text = q.Text, Type = q.Type, Required = q.Required, Options = q.Options, Columns = q.Columns,
            Unit = q.Unit, Min = q.Min, Max = q.Max, Limit = q.Limit, Prefill = q.Prefill,
        };
    }

    public sealed class CampaignForm
    {
        public string? Title { get; set; }
        public string? Description { get; set; }
        public DateOnly? Deadline { get; set; }
        public int? RemindDaysBefore { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, string? tab, ResponseState? state, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(id, tab, state, ct)) return NotFound();
        Done = done switch
        {
            "saved" => Text.Get("已保存"), "opened" => Text.Get("问卷已发放，已通知各企业"), "reminded" => Text.Get("已向未提交的企业发送催报提醒"),
            "closed" => Text.Get("调查已结束"), _ => null,
        };
        return Page();
    }

    /// <summary>The raw answers as an Excel workbook.</summary>
    public async Task<IActionResult> OnGetExportAsync(Guid id, CancellationToken ct)
    {
        if (await commands.FindAsync(id, ct) is not { } campaign) return NotFound();
        return File(await export.WriteAsync(campaign, ct), ExcelFiles.ContentType, $"{campaign.Title}-{clock.Today:yyyyMMdd}.xlsx");
    }

    public Task<IActionResult> OnPostMetaAsync(Guid id, CancellationToken ct) =>
        ManageAsync(id, () => commands.UpdateAsync(id, new CampaignInput(Meta.Title, Meta.Description, Meta.Deadline, Meta.RemindDaysBefore, Meta.Version), ct), "saved", ct);

    public Task<IActionResult> OnPostQuestionAsync(Guid id, CancellationToken ct) =>
        ManageAsync(id, async () => (await commands.SaveQuestionAsync(id, QuestionId, Question.ToInput(), ct)).Result, "saved", ct);

    public Task<IActionResult> OnPostDeleteAsync(Guid id, Guid questionId, CancellationToken ct) =>
        ManageAsync(id, () => commands.DeleteQuestionAsync(id, questionId, ct), "saved", ct);

    public Task<IActionResult> OnPostMoveAsync(Guid id, Guid questionId, bool up, CancellationToken ct) =>
        ManageAsync(id, () => commands.MoveQuestionAsync(id, questionId, up, ct), "saved", ct);

    public Task<IActionResult> OnPostOpenAsync(Guid id, CancellationToken ct) =>
        ManageAsync(id, async () => (await commands.OpenAsync(id, null, ct)).Result, "opened", ct);

    public Task<IActionResult> OnPostRemindAsync(Guid id, CancellationToken ct) =>
        ManageAsync(id, async () => (await commands.RemindAsync(id, ct)).Result, "reminded", ct);

    public Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken ct) =>
        ManageAsync(id, () => commands.CloseAsync(id, ct), "closed", ct);

    private async Task<IActionResult> ManageAsync(Guid id, Func<Task<CommandResult>> command, string done, CancellationToken ct)
    {
        if (!CanManage) return StatusCode(StatusCodes.Status403Forbidden);
        var result = await command();
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();
        if (result.Succeeded) return Redirect($"/surveys/{id}?done={done}" + (done is "opened" or "reminded" ? "&tab=responses" : ""));
        db.ChangeTracker.Clear();
        await LoadAsync(id, done is "opened" or "reminded" or "closed" ? "responses" : "questions", null, ct);
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, string? tab, ResponseState? state, CancellationToken ct)
    {
        if (await commands.FindAsync(id, ct) is not { } campaign) return false;
        Campaign = campaign;
        Tab = tab is "results" or "responses" ? tab : campaign.State == SurveyState.Draft ? "questions" : tab ?? "results";
        StateFilter = state;
        Result = await results.ComputeAsync(campaign, ct);
        if (Meta.Title is null)
            Meta = new CampaignForm { Title = campaign.Title, Description = campaign.Description, Deadline = campaign.Deadline, RemindDaysBefore = campaign.RemindDaysBefore, Version = campaign.Version };
        if (Tab == "responses")
            Responses = await (from r in db.SurveyResponses.AsNoTracking()
                               join e in db.Enterprises.AsNoTracking() on r.EnterpriseId equals e.Id
                               where r.SurveyId == id && (state == null || r.State == state)
                               orderby r.State, e.NameZh
                               select new ResponseRow(r.Id, e.NameZh, r.State, r.SavedAt, r.SubmittedAt, r.RemindedAt)).ToListAsync(ct);
        if (Tab == "results")
            foreach (var q in Result.Questions.Where(q => q.Options.Count > 0))
                Charts[q.QuestionId] = JsonSerializer.Serialize(new
                {
                    tooltip = new { trigger = "axis" },
                    grid = new { left = 8, right = 40, top = 8, bottom = 8, containLabel = true },
                    xAxis = new { type = "value", minInterval = 1 },
                    yAxis = new { type = "category", inverse = true, data = q.Options.Select(o => Text.Shorten(o.Option, 16)), axisLabel = new { width = 120, overflow = "truncate" } },
                    series = new object[] { new { name = Text.Get("企业数"), type = "bar", data = q.Options.Select(o => o.Count), label = new { show = true, position = "right" } } },
                });
        return true;
    }
}
