using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Surveys;

/// <summary>
/// <c>/surveys/{id}/answer</c>: the enterprise fills in its own questionnaire. Unanswered questions show
/// what the platform already knows (marked as pre-filled); the answers are saved as a draft as often as
/// wished and submitted once; a submitted or closed questionnaire is shown read-only.
/// </summary>
[RequirePermission(SurveysPermissions.Answer)]
public sealed class AnswerModel(AppDbContext db, SurveyCommands commands, AnswerCommands answers, SurveyPrefill prefill, ZoneClock clock) : PageModel
{
    public SurveyCampaign Campaign { get; private set; } = null!;
    public SurveyResponse Own { get; private set; } = null!;
    /// <summary>The value shown per question, in stored form: the saved answer, what was just typed, or the pre-filled value.</summary>
    public Dictionary<Guid, string> Values { get; } = [];
    public HashSet<Guid> Prefilled { get; } = [];
    public bool Editable => Campaign.State == SurveyState.Open && Own.State != ResponseState.Submitted;
    public string? Error { get; private set; }
    public string? Done { get; private set; }
    public string Format(DateTimeOffset? instant) => clock.Format(instant);

    [BindProperty] public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        await FillAsync(ct);
        Done = done switch { "saved" => Text.Get("已暂存，可继续填写"), "submitted" => Text.Get("答卷已提交，感谢配合"), _ => null };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, bool submit, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var form = Request.Form;
        var given = new Dictionary<Guid, JsonElement>();
        foreach (var q in Campaign.Questions.Where(q => q.Type != QuestionType.File))
            given[q.Id] = q.Type switch
            {
                QuestionType.Multiple => JsonSerializer.SerializeToElement(form[$"a-{q.Id}"].Select(v => v ?? "").ToList()),
                QuestionType.Table => JsonSerializer.SerializeToElement(Enumerable.Range(0, Math.Clamp(int.TryParse(form[$"rows-{q.Id}"], out var rows) ? rows : 0, 0, q.Limit ?? SurveyAnswers.DefaultRowLimit))
                    .Select(r => q.ColumnList.Select((_, c) => (string?)form[$"t-{q.Id}-{r}-{c}"] ?? "").ToList()).ToList()),
                _ => JsonSerializer.SerializeToElement((string?)form[$"a-{q.Id}"] ?? ""),
            };
        // The typed answers first (all or nothing), then each file, then the submission: a refused file
        // keeps the answers as a draft rather than losing them.
        var result = await answers.SaveAsync(User, id, given, submit: false, Version, ct);
        foreach (var file in result.Succeeded ? form.Files.Where(f => f.Length > 0 && f.Name.StartsWith("f-", StringComparison.Ordinal)) : [])
        {
            if (!Guid.TryParse(file.Name[2..], out var questionId)) continue;
            await using var stream = file.OpenReadStream();
            result = await answers.UploadAsync(User, id, questionId, stream, file.FileName, ct);
            if (!result.Succeeded) break;
        }
        if (result.Succeeded && submit)
            result = await answers.SaveAsync(User, id, new Dictionary<Guid, JsonElement>(), submit: true, (await answers.OwnAsync(User, id, ct))!.Version, ct);
        if (result.Succeeded) return Redirect($"/surveys/{id}/answer?done={(submit ? "submitted" : "saved")}");
        if (result.Status == StatusCodes.Status404NotFound) return NotFound();

        // Shown again as typed, with the reason.
        db.ChangeTracker.Clear();
        await LoadAsync(id, ct);
        foreach (var q in Campaign.Questions)
        {
            Values.Remove(q.Id);
            if (q.Type == QuestionType.File) { if (Own.Answers.FirstOrDefault(a => a.QuestionId == q.Id) is { } saved) Values[q.Id] = saved.Value; continue; }
            var value = given[q.Id];
            var shown = q.Type is QuestionType.Multiple or QuestionType.Table ? value.GetRawText() : value.GetString();
            if (!string.IsNullOrEmpty(shown) && shown != "[]") Values[q.Id] = shown;
        }
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    /// <summary>Rows offered for a table question: those given plus two empty ones, at least three, at most its limit.</summary>
    public static int TableRowsOf(SurveyQuestion question, string? value)
    {
        var given = value is null ? 0 : SafeRows(value).Count;
        return Math.Min(question.Limit ?? SurveyAnswers.DefaultRowLimit, Math.Max(3, given + 2));
    }

    /// <summary>Rows of a table value, tolerating what a refused form left (cells that are not text).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> SafeRows(string value)
    {
        try
        {
            using var json = JsonDocument.Parse(value);
            return json.RootElement.EnumerateArray().Select(r => (IReadOnlyList<string>)r.EnumerateArray().Select(c => c.ToString()).ToList()).ToList();
        }
        catch (JsonException) { return []; }
    }

    public static bool Chosen(string? value, string option, QuestionType type)
    {
        if (value is null) return false;
        if (type == QuestionType.Single) return value == option;
        try { return JsonSerializer.Deserialize<List<string>>(value)?.Contains(option) == true; }
        catch (JsonException) { return false; }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await answers.OwnAsync(User, id, ct) is not { } own || await commands.FindAsync(id, ct) is not { } campaign) return false;
        (Own, Campaign) = (own, campaign);
        Version = own.Version;
        foreach (var a in own.Answers) Values[a.QuestionId] = a.Value;
        return true;
    }

    private async Task FillAsync(CancellationToken ct)
    {
        if (!Editable) return;
        var found = await prefill.ForAsync(Own.EnterpriseId, Campaign.Questions.Where(q => !Values.ContainsKey(q.Id)), ct);
        var positions = Campaign.Questions.OrderBy(q => q.Position).Select((q, i) => (q, i)).ToDictionary(x => x.q.Id, x => x.i + 1);
        foreach (var (questionId, value) in found)
        {
            var (stored, error) = SurveyAnswers.Read(Campaign.Questions.Single(q => q.Id == questionId), value, positions[questionId]);
            if (stored is null || error is not null) continue;
            Values[questionId] = stored;
            Prefilled.Add(questionId);
        }
    }
}
