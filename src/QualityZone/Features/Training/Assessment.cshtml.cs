using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Training;

/// <summary>
/// <c>/training/registrations/{id}/assessment</c>: a participant of the user's enterprise who attended answers
/// the session's assessment once and rates the session (on a phone, right after it).
/// </summary>
[RequirePermission(TrainingPermissions.Register)]
public sealed class AssessmentModel(TrainingCommands training, TrainingAssessment assessment, AppDbContext db) : PageModel
{
    public TrainingSession Session { get; private set; } = null!;
    public TrainingRegistration Registration { get; private set; } = null!;
    public List<QuestionView> Paper { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostAnswerAsync(Guid id, List<int?> choices, CancellationToken ct) =>
        RunAsync(id, async () => (await assessment.AnswerAsync(User, id, choices, ct)).Result, ct);

    public Task<IActionResult> OnPostFeedbackAsync(Guid id, int? rating, string? comment, CancellationToken ct) =>
        RunAsync(id, () => assessment.FeedbackAsync(User, id, rating, comment, ct), ct);

    private async Task<IActionResult> RunAsync(Guid id, Func<Task<CommandResult>> command, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var result = await command();
        if (result.Succeeded) return Redirect($"/training/registrations/{id}/assessment");
        db.ChangeTracker.Clear();
        await LoadAsync(id, ct);
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    /// <summary>Only a participant of the user's own enterprise who was present.</summary>
    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await training.Registrations(User).SingleOrDefaultAsync(r => r.Id == id && r.AttendedAt != null, ct) is not { } mine) return false;
        (Session, Registration) = (await training.Sessions.SingleAsync(s => s.Id == mine.SessionId, ct), mine);
        Paper = await assessment.PaperAsync(Session.Id, ct);
        return true;
    }
}
