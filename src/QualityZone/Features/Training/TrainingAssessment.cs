using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Training;

/// <summary>A question as a participant sees it: the text and the options, never the answer.</summary>
public sealed record QuestionView(Guid Id, int Position, string Text, IReadOnlyList<string> Options);

/// <summary>How participants judged a session: the number of ratings, their mean and the comments.</summary>
public sealed record FeedbackSummary(int Count, double? Mean, IReadOnlyList<string> Comments);

/// <summary>
/// A session's short assessment and its feedback (task 18): the organizer writes single-choice questions and a
/// pass mark; each participant who attended answers once and gets a score; anyone present rates the session
/// from 1 to 5 with a comment. The questions are fixed once someone has answered, so every score was earned
/// on the same paper.
/// </summary>
public sealed class TrainingAssessment(AppDbContext db, TimeProvider time)
{
    public const int MaxQuestions = 20;

    public async Task<List<TrainingQuestion>> QuestionsAsync(Guid sessionId, CancellationToken ct) =>
        await db.TrainingQuestions.AsNoTracking().Where(q => q.SessionId == sessionId).OrderBy(q => q.Position).ToListAsync(ct);

    public async Task<List<QuestionView>> PaperAsync(Guid sessionId, CancellationToken ct) =>
        (await QuestionsAsync(sessionId, ct)).Select(q => new QuestionView(q.Id, q.Position, q.Text, q.OptionList)).ToList();

    /// <summary>
    /// The organizer's text form of the questions: blocks separated by a blank line, the question on the first
    /// line, then one option per line with <c>*</c> before the right one.
    /// </summary>
    public static string Format(IEnumerable<TrainingQuestion> questions)
    {
        var text = new StringBuilder();
        foreach (var q in questions)
        {
            if (text.Length > 0) text.Append('\n');
            text.Append(q.Text).Append('\n');
            var options = q.OptionList;
            for (var i = 0; i < options.Length; i++) text.Append(i == q.Answer ? "*" : "").Append(options[i]).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Replaces the questions and the pass mark; refused whole at the first bad block, and once anyone has answered.</summary>
    public async Task<CommandResult> SaveQuestionsAsync(Guid sessionId, string? text, int passMark, CancellationToken ct)
    {
        var session = await db.TrainingSessions.SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return CommandResult.NotFound(Text.Get("培训不存在"));
        if (await db.TrainingRegistrations.AnyAsync(r => r.SessionId == sessionId && r.Score != null, ct))
            return CommandResult.Conflict(Text.Get("已有人员参加考核，试题不能再修改"));
        if (passMark is < 1 or > 100) return CommandResult.Invalid(Text.Get("合格分数线应为 1 到 100"));
        var blocks = (text ?? "").Replace("\r", "").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (blocks.Length > MaxQuestions) return CommandResult.Invalid(Text.Format("考核题目不超过 {0} 道", MaxQuestions));
        var questions = new List<TrainingQuestion>();
        foreach (var (block, n) in blocks.Select((b, i) => (b, i + 1)))
        {
            var lines = block.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var options = lines.Skip(1).ToList();
            if (lines[0].Length > 500 || options.Count is < 2 or > 6 || options.Any(o => o.TrimStart('*').Trim().Length is 0 or > 200))
                return CommandResult.Invalid(Text.Format("第 {0} 题：题干不超过 500 字，选项 2 到 6 个，每个不超过 200 字", n));
            if (options.Count(o => o.StartsWith('*')) != 1) return CommandResult.Invalid(Text.Format("第 {0} 题：请在唯一正确的选项前加 *", n));
            questions.Add(new TrainingQuestion
            {
                SessionId = sessionId, Position = n, Text = lines[0],
                Options = string.Join('\n', options.Select(o => o.TrimStart('*').Trim())), Answer = options.FindIndex(o => o.StartsWith('*')),
            });
        }
        db.TrainingQuestions.RemoveRange(await db.TrainingQuestions.Where(q => q.SessionId == sessionId).ToListAsync(ct));
        db.TrainingQuestions.AddRange(questions);
        session.PassMark = passMark;
        session.Version++;
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    /// <summary>A participant of the user's enterprise who attended answers the assessment, once: every question, one option each.</summary>
    public async Task<(CommandResult Result, int? Score)> AnswerAsync(ClaimsPrincipal user, Guid registrationId, IReadOnlyList<int?> answers, CancellationToken ct)
    {
        var registration = await OwnAttendedAsync(user, registrationId, ct);
        if (registration.Error is { } error) return (error, null);
        var r = registration.Registration!;
        if (r.Score is not null) return (CommandResult.Conflict(Text.Get("该人员已参加考核，每人只能作答一次")), null);
        var questions = await db.TrainingQuestions.AsNoTracking().Where(q => q.SessionId == r.SessionId).OrderBy(q => q.Position).ToListAsync(ct);
        if (questions.Count == 0) return (CommandResult.Conflict(Text.Get("本场培训没有考核")), null);
        if (answers.Count != questions.Count || answers.Select((a, i) => a is { } x && x >= 0 && x < questions[i].OptionList.Length).Any(ok => !ok))
            return (CommandResult.Invalid(Text.Get("请回答全部题目，每题选择一个选项")), null);
        var right = questions.Where((q, i) => answers[i] == q.Answer).Count();
        (r.Score, r.AssessedAt) = ((int)Math.Round(100.0 * right / questions.Count, MidpointRounding.AwayFromZero), time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return (CommandResult.Ok, r.Score);
    }

    /// <summary>A participant who attended rates the session (1–5) with an optional comment; rating again replaces it.</summary>
    public async Task<CommandResult> FeedbackAsync(ClaimsPrincipal user, Guid registrationId, int? rating, string? comment, CancellationToken ct)
    {
        if (rating is not (>= 1 and <= 5)) return CommandResult.Invalid(Text.Get("请评分（1 到 5 分）"));
        if (comment?.Trim().Length > 1000) return CommandResult.Invalid(Text.Get("意见不超过 1000 字"));
        var registration = await OwnAttendedAsync(user, registrationId, ct);
        if (registration.Error is { } error) return error;
        (registration.Registration!.Rating, registration.Registration.Comment) = (rating, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim());
        await db.SaveChangesAsync(ct);
        return CommandResult.Ok;
    }

    public async Task<FeedbackSummary> FeedbackAsync(Guid sessionId, CancellationToken ct)
    {
        var rows = await db.TrainingRegistrations.AsNoTracking().Where(r => r.SessionId == sessionId && r.Rating != null)
            .OrderBy(r => r.RegisteredAt).Select(r => new { r.Rating, r.Comment }).ToListAsync(ct);
        return new FeedbackSummary(rows.Count, rows.Count == 0 ? null : Math.Round(rows.Average(r => r.Rating!.Value), 1),
            rows.Where(r => r.Comment is not null).Select(r => r.Comment!).ToList());
    }

    private async Task<(TrainingRegistration? Registration, CommandResult? Error)> OwnAttendedAsync(ClaimsPrincipal user, Guid registrationId, CancellationToken ct)
    {
        var registration = await db.TrainingRegistrations.SingleOrDefaultAsync(r => r.Id == registrationId, ct);
        if (registration is null || registration.EnterpriseId != user.EnterpriseId()) return (null, CommandResult.NotFound(Text.Get("报名记录不存在")));
        if (registration.AttendedAt is null) return (null, CommandResult.Conflict(Text.Get("签到后才能参加考核和评价")));
        return (registration, null);
    }
}
