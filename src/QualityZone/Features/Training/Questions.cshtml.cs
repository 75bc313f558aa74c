using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Training;

/// <summary><c>/training/{id}/questions</c>: the organizer writes the session's assessment as text and sets the pass mark.</summary>
[RequirePermission(TrainingPermissions.Organize)]
public sealed class QuestionsModel(TrainingCommands training, TrainingAssessment assessment, AppDbContext db) : PageModel
{
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public int PassMark { get; set; }
    public TrainingSession Session { get; private set; } = null!;
    public bool Locked { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        (Text, PassMark) = (TrainingAssessment.Format(await assessment.QuestionsAsync(id, ct)), Session.PassMark);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var result = await assessment.SaveQuestionsAsync(id, Text, PassMark, ct);
        if (result.Succeeded) return Redirect($"/training/{id}?done=1");
        db.ChangeTracker.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await training.Sessions.SingleOrDefaultAsync(s => s.Id == id, ct) is not { } session) return false;
        Session = session;
        Locked = await training.AllRegistrations.AnyAsync(r => r.SessionId == id && r.Score != null, ct);
        return true;
    }
}
