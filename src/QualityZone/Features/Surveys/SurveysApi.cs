using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Localization;
using QualityZone.Infrastructure.Web;

namespace QualityZone.Features.Surveys;

/// <summary>Surveys over HTTP: the organizers build, send and read; an enterprise reads and answers its own questionnaire.</summary>
public static class SurveysApi
{
    public sealed record QuestionDto(Guid Id, int Position, string Section, string Text, QuestionType Type, bool Required, IReadOnlyList<string> Options,
        IReadOnlyList<string> Columns, string? Unit, decimal? Min, decimal? Max, int? Limit, string? Prefill);
    public sealed record CampaignDto(Guid Id, string Title, string? Description, DateOnly Deadline, int RemindDaysBefore, SurveyState State,
        DateTimeOffset? OpenedAt, DateTimeOffset? ClosedAt, Guid? ResearchReportId, int Version, IReadOnlyList<QuestionDto> Questions);
    public sealed record CampaignSummary(Guid Id, string Title, DateOnly Deadline, SurveyState State, ResponseRate Rate);
    public sealed record MySurvey(Guid Id, string Title, DateOnly Deadline, SurveyState State, ResponseState ResponseState, DateTimeOffset? SubmittedAt);
    public sealed record ResponseDto(Guid Id, Guid EnterpriseId, ResponseState State, DateTimeOffset? SavedAt, DateTimeOffset? SubmittedAt, string? SubmittedBy,
        int Version, IReadOnlyDictionary<Guid, JsonElement> Answers);
    /// <summary>An enterprise's own questionnaire: the questions, its answers, and for unanswered questions what the platform pre-fills.</summary>
    public sealed record OwnQuestionnaire(CampaignDto Survey, ResponseDto Response, IReadOnlyDictionary<Guid, JsonElement> Prefilled);
    public sealed record AnswersWrite(Dictionary<Guid, JsonElement>? Answers, bool Submit, int Version);
    public sealed record Opening(IReadOnlyList<Guid>? EnterpriseIds);
    public sealed record Count(int Enterprises);

    public static void MapSurveysApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/surveys").WithTags("Surveys");

        group.MapGet("", async (SurveyCommands commands, SurveyResults results, CancellationToken ct) =>
            {
                var campaigns = await commands.Campaigns.OrderByDescending(c => c.CreatedAt).ToListAsync(ct);
                var list = new List<CampaignSummary>();
                foreach (var c in campaigns) list.Add(new CampaignSummary(c.Id, c.Title, c.Deadline, c.State, await results.RateAsync(c.Id, ct)));
                return list;
            })
            .RequirePermission(SurveysPermissions.View).WithSummary("调查列表 / The survey campaigns with their response rates, newest first");

        group.MapGet("/mine", async (ClaimsPrincipal user, AppDbContext db, CancellationToken ct) =>
                await (from r in db.SurveyResponses.AsNoTracking()
                       join s in db.SurveyCampaigns.AsNoTracking() on r.SurveyId equals s.Id
                       where r.EnterpriseId == user.EnterpriseId()
                       orderby s.Deadline descending
                       select new MySurvey(s.Id, s.Title, s.Deadline, s.State, r.State, r.SubmittedAt)).ToListAsync(ct))
            .RequirePermission(SurveysPermissions.Answer).WithSummary("本企业的问卷 / The questionnaires sent to the caller's enterprise");

        group.MapGet("/{id:guid}", async Task<Results<Ok<CampaignDto>, ProblemHttpResult>> (Guid id, SurveyCommands commands, CancellationToken ct) =>
                await commands.FindAsync(id, ct) is { } campaign ? TypedResults.Ok(ToDto(campaign)) : NotFound())
            .RequirePermission(SurveysPermissions.View).WithSummary("问卷 / One campaign with its questionnaire");

        group.MapGet("/{id:guid}/results", async Task<Results<Ok<SurveyResult>, ProblemHttpResult>> (Guid id, SurveyCommands commands, SurveyResults results, CancellationToken ct) =>
                await commands.FindAsync(id, ct) is { } campaign ? TypedResults.Ok(await results.ComputeAsync(campaign, ct)) : NotFound())
            .RequirePermission(SurveysPermissions.View).WithSummary("汇总结果 / Response rate and the submitted answers aggregated per question");

        group.MapGet("/{id:guid}/responses", async Task<Results<Ok<List<ResponseDto>>, ProblemHttpResult>> (Guid id, SurveyCommands commands, AppDbContext db, CancellationToken ct) =>
            {
                if (await commands.FindAsync(id, ct) is not { } campaign) return NotFound();
                var responses = await db.SurveyResponses.AsNoTracking().Include(r => r.Answers).Where(r => r.SurveyId == id).OrderBy(r => r.EnterpriseId).ToListAsync(ct);
                return TypedResults.Ok(responses.Select(r => ToDto(campaign, r)).ToList());
            })
            .RequirePermission(SurveysPermissions.View).WithSummary("各企业答卷 / Every enterprise's response (organizers)");

        group.MapPost("", async Task<Results<Created<CreatedId>, ProblemHttpResult>> ([FromBody] CampaignInput input, Guid? copyFrom, ClaimsPrincipal user, SurveyCommands commands, CancellationToken ct) =>
            {
                var (result, id) = await commands.CreateAsync(user, input, copyFrom, ct);
                return result.Succeeded ? TypedResults.Created($"/api/surveys/{id}", new CreatedId(id!.Value)) : result.ToProblem();
            })
            .RequirePermission(SurveysPermissions.Manage).WithSummary("新建调查 / A new campaign; copyFrom starts its questionnaire as a copy of an earlier one");

        group.MapPut("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] CampaignInput input, SurveyCommands commands, CancellationToken ct) =>
                (await commands.UpdateAsync(id, input, ct)).ToNoContent())
            .RequirePermission(SurveysPermissions.Manage).WithSummary("修改调查 / Title, description, deadline, reminder days (version required)");

        group.MapPost("/{id:guid}/questions", async Task<Results<Created<CreatedId>, ProblemHttpResult>> (Guid id, [FromBody] QuestionInput input, SurveyCommands commands, CancellationToken ct) =>
            {
                var (result, questionId) = await commands.SaveQuestionAsync(id, null, input, ct);
                return result.Succeeded ? TypedResults.Created($"/api/surveys/{id}", new CreatedId(questionId!.Value)) : result.ToProblem();
            })
            .RequirePermission(SurveysPermissions.Manage).WithSummary("添加题目 / Add a question (while the questionnaire is a draft)");

        group.MapPut("/{id:guid}/questions/{questionId:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, Guid questionId, [FromBody] QuestionInput input, SurveyCommands commands, CancellationToken ct) =>
                ((await commands.SaveQuestionAsync(id, questionId, input, ct)).Result).ToNoContent())
            .RequirePermission(SurveysPermissions.Manage).WithSummary("修改题目 / Change a question (while the questionnaire is a draft)");

        group.MapDelete("/{id:guid}/questions/{questionId:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, Guid questionId, SurveyCommands commands, CancellationToken ct) =>
                (await commands.DeleteQuestionAsync(id, questionId, ct)).ToNoContent())
            .RequirePermission(SurveysPermissions.Manage).WithSummary("删除题目 / Remove a question (while the questionnaire is a draft)");

        group.MapPost("/{id:guid}/opening", async Task<Results<Ok<Count>, ProblemHttpResult>> (Guid id, [FromBody] Opening input, SurveyCommands commands, CancellationToken ct) =>
            {
                var (result, sent) = await commands.OpenAsync(id, input.EnterpriseIds, ct);
                return result.Succeeded ? TypedResults.Ok(new Count(sent)) : result.ToProblem();
            })
            .RequirePermission(SurveysPermissions.Manage).WithSummary("发放问卷 / Send to the given enterprises, or to every enterprise in the zone when none is given");

        group.MapPost("/{id:guid}/reminders", async Task<Results<Ok<Count>, ProblemHttpResult>> (Guid id, SurveyCommands commands, CancellationToken ct) =>
            {
                var (result, reminded) = await commands.RemindAsync(id, ct);
                return result.Succeeded ? TypedResults.Ok(new Count(reminded)) : result.ToProblem();
            })
            .RequirePermission(SurveysPermissions.Manage).WithSummary("催报 / Remind every enterprise that has not submitted");

        group.MapPost("/{id:guid}/closing", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, SurveyCommands commands, CancellationToken ct) =>
                (await commands.CloseAsync(id, ct)).ToNoContent())
            .RequirePermission(SurveysPermissions.Manage).WithSummary("结束调查 / Close the campaign: no more answers");

        group.MapGet("/{id:guid}/response", async Task<Results<Ok<OwnQuestionnaire>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, SurveyCommands commands, AnswerCommands answers, SurveyPrefill prefill, CancellationToken ct) =>
            {
                if (await answers.OwnAsync(user, id, ct) is not { } response || await commands.FindAsync(id, ct) is not { } campaign) return NotFound();
                var answered = response.Answers.Select(a => a.QuestionId).ToHashSet();
                var prefilled = response.State == ResponseState.Submitted ? [] : await prefill.ForAsync(response.EnterpriseId, campaign.Questions.Where(q => !answered.Contains(q.Id)), ct);
                return TypedResults.Ok(new OwnQuestionnaire(ToDto(campaign), ToDto(campaign, response), prefilled));
            })
            .RequirePermission(SurveysPermissions.Answer).WithSummary("本企业答卷 / The caller's enterprise's questionnaire, answers and pre-filled values");

        group.MapPut("/{id:guid}/response", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, [FromBody] AnswersWrite input, ClaimsPrincipal user, AnswerCommands answers, CancellationToken ct) =>
                (await answers.SaveAsync(user, id, input.Answers ?? [], input.Submit, input.Version, ct)).ToNoContent())
            .RequirePermission(SurveysPermissions.Answer)
            .WithSummary("填写答卷 / Save answers by question id (null clears one) as a draft, or submit=true once every required question is answered; nothing is saved when any answer is refused");

        // The form is read by hand (not bound) so that the permission gate answers before any content-type check.
        group.MapPost("/{id:guid}/response/files/{questionId:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, Guid questionId, HttpRequest request, ClaimsPrincipal user, AnswerCommands answers, CancellationToken ct) =>
            {
                if (!request.HasFormContentType) return TypedResults.Problem(statusCode: 400, title: Text.Get("请以 multipart/form-data 上传文件（file）"));
                var form = await request.ReadFormAsync(ct);
                if (form.Files.GetFile("file") is not { Length: > 0 } file) return TypedResults.Problem(statusCode: 400, title: Text.Get("请以 multipart/form-data 上传文件（file）"));
                await using var stream = file.OpenReadStream();
                return (await answers.UploadAsync(user, id, questionId, stream, file.FileName, ct)).ToNoContent();
            })
            .RequirePermission(SurveysPermissions.Answer).DisableAntiforgery().RequireAntiforgeryForCookies().WithSummary("上传附件答案 / A file as the answer to a file question (multipart: file)");
    }

    /// <summary>A file given as an answer: to the organizers, and to the enterprise that gave it (not under /api: a browser downloads them).</summary>
    public static void MapSurveyFiles(this WebApplication app)
    {
        app.MapGet("/surveys/{id:guid}/responses/{responseId:guid}/files/{questionId:guid}", async Task<Results<FileStreamHttpResult, ProblemHttpResult>> (Guid id, Guid responseId, Guid questionId, AppDbContext db, FileStore files, CancellationToken ct) =>
                await FileAsync(db.SurveyResponses.Where(r => r.Id == responseId && r.SurveyId == id), questionId, db, files, ct))
            .RequirePermission(SurveysPermissions.View).ExcludeFromDescription();

        app.MapGet("/surveys/{id:guid}/answer/files/{questionId:guid}", async Task<Results<FileStreamHttpResult, ProblemHttpResult>> (Guid id, Guid questionId, ClaimsPrincipal user, AppDbContext db, FileStore files, CancellationToken ct) =>
                await FileAsync(db.SurveyResponses.Where(r => r.SurveyId == id && r.EnterpriseId == user.EnterpriseId()), questionId, db, files, ct))
            .RequirePermission(SurveysPermissions.Answer).ExcludeFromDescription();
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> FileAsync(IQueryable<SurveyResponse> response, Guid questionId, AppDbContext db, FileStore files, CancellationToken ct)
    {
        var value = await db.SurveyAnswers.AsNoTracking().Where(a => a.QuestionId == questionId && response.Any(r => r.Id == a.ResponseId)).Select(a => a.Value).SingleOrDefaultAsync(ct);
        var file = value is null ? null : SurveyAnswers.File(value);
        if (file is null || !files.Exists(file.Sha256)) return TypedResults.Problem(statusCode: 404, title: Text.Get("文件不存在"));
        return TypedResults.File(files.OpenRead(file.Sha256), file.ContentType, file.Name);
    }

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: 404, title: Text.Get("调查不存在"));


    public static CampaignDto ToDto(SurveyCampaign c) => new(c.Id, c.Title, c.Description, c.Deadline, c.RemindDaysBefore, c.State, c.OpenedAt, c.ClosedAt, c.ResearchReportId, c.Version,
        c.Questions.OrderBy(q => q.Position).Select(q => new QuestionDto(q.Id, q.Position, q.Section, q.Text, q.Type, q.Required, q.OptionList, q.ColumnList, q.Unit, q.Min, q.Max, q.Limit, q.Prefill)).ToList());

    public static ResponseDto ToDto(SurveyCampaign campaign, SurveyResponse r)
    {
        var types = campaign.Questions.ToDictionary(q => q.Id, q => q.Type);
        return new(r.Id, r.EnterpriseId, r.State, r.SavedAt, r.SubmittedAt, r.SubmittedBy, r.Version,
            r.Answers.Where(a => types.ContainsKey(a.QuestionId)).ToDictionary(a => a.QuestionId, a => SurveyAnswers.ToJson(types[a.QuestionId], a.Value)));
    }
}
