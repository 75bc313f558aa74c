using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Commitments;
using QualityZone.Features.Notifications;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Surveys;

public sealed record CampaignInput(string? Title, string? Description, DateOnly? Deadline, int? RemindDaysBefore, int Version = 0);

public sealed record QuestionInput(string? Section, string? Text, QuestionType Type, bool Required, string? Options, string? Columns,
    string? Unit, decimal? Min, decimal? Max, int? Limit, string? Prefill);

/// <summary>
/// The organizers' side of a survey: build the questionnaire while it is a draft, send it to the
/// zone's enterprises (or a chosen few) with a deadline, remind those who have not answered, close it.
/// The organizers are the zone office and the units task 2 names (经信局, 市场监管局, 气动协会).
/// </summary>
public sealed class SurveyCommands(AppDbContext db, NotificationService notifications, ZoneClock clock, TimeProvider time)
{
    public const int MaxQuestions = 200;
    public const int MaxOptions = 50;

    public IQueryable<SurveyCampaign> Campaigns => db.SurveyCampaigns.AsNoTracking();

    public async Task<SurveyCampaign?> FindAsync(Guid id, CancellationToken ct) =>
        await db.SurveyCampaigns.AsNoTracking().Include(s => s.Questions.OrderBy(q => q.Position)).SingleOrDefaultAsync(s => s.Id == id, ct);

    /// <summary>A new campaign; with <paramref name="copyFrom"/> its questionnaire starts as a copy of an earlier one.</summary>
    public async Task<(CommandResult Result, Guid? Id)> CreateAsync(ClaimsPrincipal user, CampaignInput input, Guid? copyFrom, CancellationToken ct)
    {
        if (Check(input) is { } problem) return (problem, null);
        var campaign = new SurveyCampaign
        {
            Title = input.Title!.Trim(), Description = Clean(input.Description), Deadline = input.Deadline!.Value, RemindDaysBefore = input.RemindDaysBefore ?? 3,
            CreatedBy = user.DisplayName(), CreatedAt = time.GetUtcNow(),
        };
        if (copyFrom is { } sourceId)
        {
            if (await FindAsync(sourceId, ct) is not { } source) return (CommandResult.NotFound(Text.Get("作为模板的问卷不存在")), null);
            campaign.Questions.AddRange(source.Questions.Select(q => new SurveyQuestion
            {
                SurveyId = campaign.Id, Position = q.Position, Section = q.Section, Text = q.Text, Type = q.Type, Required = q.Required, Options = q.Options,
                Columns = q.Columns, Unit = q.Unit, Min = q.Min, Max = q.Max, Limit = q.Limit, Prefill = q.Prefill,
            }));
        }
        db.SurveyCampaigns.Add(campaign);
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, campaign.Id);
    }

    /// <summary>Title, description, deadline and reminder; while open the deadline may be extended, never moved before today.</summary>
    public async Task<CommandResult> UpdateAsync(Guid id, CampaignInput input, CancellationToken ct)
    {
        if (await db.SurveyCampaigns.SingleOrDefaultAsync(s => s.Id == id, ct) is not { } campaign) return CommandResult.NotFound(Text.Get("调查不存在"));
        if (campaign.State == SurveyState.Closed) return CommandResult.Conflict(Text.Get("调查已结束，不能修改"));
        if (input.Version != campaign.Version) return CommandResult.Conflict(Text.Get("调查已被他人修改，请刷新后重试"));
        if (Check(input) is { } problem) return problem;
        campaign.Title = input.Title!.Trim();
        campaign.Description = Clean(input.Description);
        if (campaign.Deadline != input.Deadline) campaign.RemindedOn = null;
        campaign.Deadline = input.Deadline!.Value;
        campaign.RemindDaysBefore = input.RemindDaysBefore ?? campaign.RemindDaysBefore;
        campaign.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    private CommandResult? Check(CampaignInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > 200) return CommandResult.Invalid(Text.Get("请填写调查名称（不超过 200 字）"));
        if (input.Description?.Length > 2000) return CommandResult.Invalid(Text.Get("说明不能超过 2000 字"));
        if (input.Deadline is not { } deadline) return CommandResult.Invalid(Text.Get("请填写截止日期"));
        if (deadline < clock.Today) return CommandResult.Invalid(Text.Get("截止日期不能早于今天"));
        if (deadline > clock.Today.AddYears(1)) return CommandResult.Invalid(Text.Get("截止日期不能晚于一年以后"));
        if (input.RemindDaysBefore is < 0 or > 60) return CommandResult.Invalid(Text.Get("提前提醒天数应在 0 到 60 之间"));
        return null;
    }

    /// <summary>Adds a question (no <paramref name="questionId"/>) or changes one; only while the questionnaire is a draft.</summary>
    public async Task<(CommandResult Result, Guid? Id)> SaveQuestionAsync(Guid id, Guid? questionId, QuestionInput input, CancellationToken ct)
    {
        var campaign = await db.SurveyCampaigns.Include(s => s.Questions).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (campaign is null) return (CommandResult.NotFound(Text.Get("调查不存在")), null);
        if (campaign.State != SurveyState.Draft) return (CommandResult.Conflict(Text.Get("问卷已发放，不能再修改题目")), null);
        if (CheckQuestion(input) is { } problem) return (problem, null);
        SurveyQuestion question;
        if (questionId is { } existing)
        {
            question = campaign.Questions.SingleOrDefault(q => q.Id == existing)!;
            if (question is null) return (CommandResult.NotFound(Text.Get("题目不存在")), null);
        }
        else
        {
            if (campaign.Questions.Count >= MaxQuestions) return (CommandResult.Invalid(Text.Format("一份问卷最多 {0} 题", MaxQuestions)), null);
            question = new SurveyQuestion { SurveyId = id, Section = "", Text = "", Position = campaign.Questions.Count == 0 ? 1 : campaign.Questions.Max(q => q.Position) + 1 };
            db.SurveyQuestions.Add(question);
        }
        var choices = input.Type is QuestionType.Single or QuestionType.Multiple;
        question.Section = input.Section!.Trim();
        question.Text = input.Text!.Trim();
        question.Type = input.Type;
        question.Required = input.Required;
        question.Options = choices ? string.Join('\n', SurveyQuestion.Lines(input.Options)) : null;
        question.Columns = input.Type == QuestionType.Table ? string.Join('\n', SurveyQuestion.Lines(input.Columns)) : null;
        question.Unit = input.Type == QuestionType.Number ? Clean(input.Unit) : null;
        (question.Min, question.Max) = input.Type == QuestionType.Number ? (input.Min, input.Max) : (null, null);
        question.Limit = input.Type is QuestionType.Text or QuestionType.Table ? input.Limit : null;
        question.Prefill = Clean(input.Prefill);
        campaign.Version++;
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, question.Id);
    }

    private static CommandResult? CheckQuestion(QuestionInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Section) || input.Section.Trim().Length > 100) return CommandResult.Invalid(Text.Get("请填写题目所属部分（不超过 100 字）"));
        if (string.IsNullOrWhiteSpace(input.Text) || input.Text.Trim().Length > 500) return CommandResult.Invalid(Text.Get("请填写题目（不超过 500 字）"));
        if (!Enum.IsDefined(input.Type)) return CommandResult.Invalid(Text.Get("题型无效"));
        var options = SurveyQuestion.Lines(input.Options);
        if (input.Type is QuestionType.Single or QuestionType.Multiple && (options.Count < 2 || options.Count > MaxOptions || options.Any(o => o.Length > 100)))
            return CommandResult.Invalid(Text.Format("选择题需要 2 到 {0} 个选项，每行一个，每项不超过 100 字", MaxOptions));
        var columns = SurveyQuestion.Lines(input.Columns);
        if (input.Type == QuestionType.Table && (columns.Count is < 1 or > 10 || columns.Any(c => c.Length > 40)))
            return CommandResult.Invalid(Text.Get("表格题需要 1 到 10 列，每行一个列名，每个不超过 40 字"));
        if (input.Type == QuestionType.Number && input.Min > input.Max) return CommandResult.Invalid(Text.Get("最小值不能大于最大值"));
        if (input.Unit?.Trim().Length > 20) return CommandResult.Invalid(Text.Get("单位不能超过 20 字"));
        if (input.Type == QuestionType.Text && input.Limit is < 1 or > 20000) return CommandResult.Invalid(Text.Get("文字题的字数上限应在 1 到 20000 之间"));
        if (input.Type == QuestionType.Table && input.Limit is < 1 or > 200) return CommandResult.Invalid(Text.Get("表格题的行数上限应在 1 到 200 之间"));
        if (!string.IsNullOrWhiteSpace(input.Prefill))
        {
            var source = SurveyPrefill.Sources.FirstOrDefault(s => s.Key == input.Prefill.Trim());
            if (source is null) return CommandResult.Invalid(Text.Format("预填来源“{0}”不存在", input.Prefill));
            if (source.Type != input.Type) return CommandResult.Invalid(Text.Format("预填来源“{0}”只能用于{1}题", Text.Get(source.LabelZh), SurveyLabels.Type(source.Type)));
        }
        return null;
    }

    public async Task<CommandResult> DeleteQuestionAsync(Guid id, Guid questionId, CancellationToken ct)
    {
        var campaign = await db.SurveyCampaigns.Include(s => s.Questions).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (campaign?.Questions.SingleOrDefault(q => q.Id == questionId) is not { } question) return CommandResult.NotFound(Text.Get("题目不存在"));
        if (campaign.State != SurveyState.Draft) return CommandResult.Conflict(Text.Get("问卷已发放，不能再修改题目"));
        db.SurveyQuestions.Remove(question);
        var position = 0;
        foreach (var q in campaign.Questions.Where(q => q != question).OrderBy(q => q.Position)) q.Position = ++position;
        campaign.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>Swaps a question with the one before (<paramref name="up"/>) or after it.</summary>
    public async Task<CommandResult> MoveQuestionAsync(Guid id, Guid questionId, bool up, CancellationToken ct)
    {
        var campaign = await db.SurveyCampaigns.Include(s => s.Questions).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (campaign?.Questions.SingleOrDefault(q => q.Id == questionId) is not { } question) return CommandResult.NotFound(Text.Get("题目不存在"));
        if (campaign.State != SurveyState.Draft) return CommandResult.Conflict(Text.Get("问卷已发放，不能再修改题目"));
        var ordered = campaign.Questions.OrderBy(q => q.Position).ToList();
        var index = ordered.IndexOf(question);
        var other = up ? ordered.ElementAtOrDefault(index - 1) : ordered.ElementAtOrDefault(index + 1);
        if (other is null) return CommandResult.Ok;
        (question.Position, other.Position) = (other.Position, question.Position);
        campaign.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>
    /// Sends the questionnaire: to the given enterprises, or to every enterprise in the zone when none
    /// is given. Each gets an empty response and a notification; the questionnaire is fixed from now on.
    /// </summary>
    public async Task<(CommandResult Result, int Sent)> OpenAsync(Guid id, IReadOnlyCollection<Guid>? enterpriseIds, CancellationToken ct)
    {
        var campaign = await db.SurveyCampaigns.Include(s => s.Questions).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (campaign is null) return (CommandResult.NotFound(Text.Get("调查不存在")), 0);
        if (campaign.State != SurveyState.Draft) return (CommandResult.Conflict(Text.Get("问卷已经发放")), 0);
        if (campaign.Questions.Count == 0) return (CommandResult.Invalid(Text.Get("问卷还没有题目")), 0);
        if (campaign.Deadline < clock.Today) return (CommandResult.Invalid(Text.Get("截止日期已过，请先修改截止日期")), 0);
        var inZone = await db.Enterprises.AsNoTracking().Where(e => CommitmentService.InZone.Contains(e.State)).Select(e => e.Id).ToListAsync(ct);
        var chosen = enterpriseIds is { Count: > 0 } ? enterpriseIds.Distinct().ToList() : inZone;
        if (chosen.FirstOrDefault(e => !inZone.Contains(e)) is var outside && outside != Guid.Empty)
            return (CommandResult.Invalid(Text.Get("只能向示范区内的企业发放问卷")), 0);
        if (chosen.Count == 0) return (CommandResult.Invalid(Text.Get("示范区内还没有企业")), 0);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.SurveyResponses.AddRange(chosen.Select(e => new SurveyResponse { SurveyId = id, EnterpriseId = e }));
        campaign.State = SurveyState.Open;
        campaign.OpenedAt = time.GetUtcNow();
        campaign.Version++;
        await db.SaveChangesAsync(ct);
        await notifications.NotifyEnterprisesAsync(chosen, Msg.Of("请填写调查问卷：{0}", campaign.Title),
            Msg.Of("请于 {0} 前在平台填写并提交。平台已掌握的信息已预填，请核对。", campaign.Deadline.ToString("yyyy-MM-dd")).Store(), _ => $"/surveys/{id}/answer", ct);
        await transaction.CommitAsync(ct);
        return (CommandResult.Ok, chosen.Count);
    }

    public async Task<CommandResult> CloseAsync(Guid id, CancellationToken ct)
    {
        if (await db.SurveyCampaigns.SingleOrDefaultAsync(s => s.Id == id, ct) is not { } campaign) return CommandResult.NotFound(Text.Get("调查不存在"));
        if (campaign.State != SurveyState.Open) return CommandResult.Conflict(Text.Get("只有调查中的问卷可以结束"));
        campaign.State = SurveyState.Closed;
        campaign.ClosedAt = time.GetUtcNow();
        campaign.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>Reminds every enterprise that has not submitted; returns how many enterprises were reminded.</summary>
    public async Task<(CommandResult Result, int Reminded)> RemindAsync(Guid id, CancellationToken ct)
    {
        if (await db.SurveyCampaigns.SingleOrDefaultAsync(s => s.Id == id, ct) is not { } campaign) return (CommandResult.NotFound(Text.Get("调查不存在")), 0);
        if (campaign.State != SurveyState.Open) return (CommandResult.Conflict(Text.Get("只有调查中的问卷可以催报")), 0);
        var pending = await db.SurveyResponses.Where(r => r.SurveyId == id && r.State != ResponseState.Submitted).ToListAsync(ct);
        if (pending.Count == 0) return (CommandResult.Ok, 0);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        foreach (var response in pending) response.RemindedAt = now;
        campaign.RemindedOn = clock.Today;
        await db.SaveChangesAsync(ct);
        await notifications.NotifyEnterprisesAsync(pending.Select(r => r.EnterpriseId).ToList(), Msg.Of("调查问卷催报：{0}", campaign.Title),
            Msg.Of("截止日期 {0}，贵企业尚未提交，请尽快填写。", campaign.Deadline.ToString("yyyy-MM-dd")).Store(), _ => $"/surveys/{id}/answer", ct);
        await transaction.CommitAsync(ct);
        return (CommandResult.Ok, pending.Count);
    }

    /// <summary>
    /// The reminder days of an open campaign: <see cref="SurveyCampaign.RemindDaysBefore"/> days before the
    /// deadline and the deadline itself. The latest one reached and not yet reminded is due.
    /// </summary>
    public static bool ReminderDue(SurveyCampaign campaign, DateOnly today)
    {
        if (campaign.State != SurveyState.Open || today > campaign.Deadline) return false;
        var milestone = new[] { campaign.Deadline.AddDays(-campaign.RemindDaysBefore), campaign.Deadline }.Where(d => d <= today).DefaultIfEmpty().Max();
        return milestone != default && (campaign.RemindedOn is null || campaign.RemindedOn < milestone);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>
/// The enterprise's side: its own response only (the enterprise comes from the account, never from
/// the request), pre-filled on first sight, saved as a draft as often as wished, submitted once all
/// required questions are answered. Nothing is saved when any answer is refused.
/// </summary>
public sealed class AnswerCommands(AppDbContext db, FileStore files, TimeProvider time)
{
    public async Task<SurveyResponse?> OwnAsync(ClaimsPrincipal user, Guid surveyId, CancellationToken ct) =>
        user.EnterpriseId() is { } enterprise
            ? await db.SurveyResponses.AsNoTracking().Include(r => r.Answers).SingleOrDefaultAsync(r => r.SurveyId == surveyId && r.EnterpriseId == enterprise, ct)
            : null;

    public async Task<CommandResult> SaveAsync(ClaimsPrincipal user, Guid surveyId, IReadOnlyDictionary<Guid, JsonElement> answers, bool submit, int version, CancellationToken ct)
    {
        var (campaign, response, problem) = await LoadAsync(user, surveyId, ct);
        if (problem is not null) return problem;
        if (version != response!.Version) return CommandResult.Conflict(Text.Get("答卷已在别处修改，请刷新后重试"));
        var questions = campaign!.Questions.OrderBy(q => q.Position).ToList();
        var errors = new List<string>();
        var values = new Dictionary<Guid, string?>();
        foreach (var (questionId, value) in answers)
        {
            var index = questions.FindIndex(q => q.Id == questionId);
            if (index < 0) { errors.Add(Text.Format("题目 {0} 不属于本问卷", questionId)); continue; }
            var (stored, error) = SurveyAnswers.Read(questions[index], value, index + 1);
            if (error is not null) errors.Add(error);
            else values[questionId] = stored;
        }
        if (errors.Count > 0) return CommandResult.Invalid(string.Join(Text.Get("；"), errors.Take(5)) + (errors.Count > 5 ? Text.Format("（另有 {0} 处）", errors.Count - 5) : ""));

        foreach (var (questionId, value) in values)
        {
            var answer = response.Answers.SingleOrDefault(a => a.QuestionId == questionId);
            if (value is null) { if (answer is not null) db.SurveyAnswers.Remove(answer); }
            else if (answer is null) db.SurveyAnswers.Add(new SurveyAnswer { ResponseId = response.Id, QuestionId = questionId, Value = value });
            else answer.Value = value;
        }
        if (submit)
        {
            var answered = response.Answers.Where(a => !values.ContainsKey(a.QuestionId)).Select(a => a.QuestionId)
                .Concat(values.Where(v => v.Value is not null).Select(v => v.Key)).ToHashSet();
            var missing = questions.Select((q, i) => (q, i)).Where(x => x.q.Required && !answered.Contains(x.q.Id)).ToList();
            if (missing.Count > 0)
            {
                db.ChangeTracker.Clear();
                return CommandResult.Invalid(Text.Format("以下必答题尚未回答：{0}", string.Join(Text.ListSeparator, missing.Take(5).Select(x => Text.Format("第 {0} 题", x.i + 1)))));
            }
            response.State = ResponseState.Submitted;
            response.SubmittedAt = time.GetUtcNow();
            response.SubmittedBy = user.DisplayName();
        }
        else response.State = ResponseState.Draft;
        response.SavedAt = time.GetUtcNow();
        response.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>A file as the answer to a file question (the upload limits and type checks of the file store apply).</summary>
    public async Task<CommandResult> UploadAsync(ClaimsPrincipal user, Guid surveyId, Guid questionId, Stream content, string fileName, CancellationToken ct)
    {
        var (campaign, response, problem) = await LoadAsync(user, surveyId, ct);
        if (problem is not null) return problem;
        if (campaign!.Questions.SingleOrDefault(q => q.Id == questionId) is not { Type: QuestionType.File }) return CommandResult.Invalid(Text.Get("该题不是附件题"));
        StoredFile stored;
        try { stored = await files.SaveAsync(content, fileName, ct); }
        catch (FileRejectedException ex) { return CommandResult.Invalid(ex.Message); }
        var value = JsonSerializer.Serialize(new AnswerFile(stored.Sha256, stored.FileName, stored.Size, stored.ContentType));
        if (response!.Answers.SingleOrDefault(a => a.QuestionId == questionId) is { } answer) answer.Value = value;
        else db.SurveyAnswers.Add(new SurveyAnswer { ResponseId = response.Id, QuestionId = questionId, Value = value });
        if (response.State == ResponseState.NotStarted) response.State = ResponseState.Draft;
        response.SavedAt = time.GetUtcNow();
        response.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    private async Task<(SurveyCampaign? Campaign, SurveyResponse? Response, CommandResult? Problem)> LoadAsync(ClaimsPrincipal user, Guid surveyId, CancellationToken ct)
    {
        if (user.EnterpriseId() is not { } enterprise) return (null, null, CommandResult.Forbidden(Text.Get("只有企业用户可以填写问卷")));
        var response = await db.SurveyResponses.Include(r => r.Answers).SingleOrDefaultAsync(r => r.SurveyId == surveyId && r.EnterpriseId == enterprise, ct);
        if (response is null) return (null, null, CommandResult.NotFound(Text.Get("调查不存在或未向贵企业发放")));
        var campaign = await db.SurveyCampaigns.AsNoTracking().Include(s => s.Questions).SingleAsync(s => s.Id == surveyId, ct);
        if (campaign.State != SurveyState.Open) return (campaign, response, CommandResult.Conflict(Text.Get("调查已结束，不能再填写")));
        if (response.State == ResponseState.Submitted) return (campaign, response, CommandResult.Conflict(Text.Get("答卷已提交，不能再修改")));
        return (campaign, response, null);
    }
}
