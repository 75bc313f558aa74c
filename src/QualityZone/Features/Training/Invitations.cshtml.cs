using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Training;

/// <summary><c>/training/{id}/invitations</c>: the enterprises the platform proposes for a session, with the reasons; the organizer sends the invitations in one step.</summary>
[RequirePermission(TrainingPermissions.Organize)]
public sealed class InvitationsModel(TrainingCommands training, TrainingInvitations invitations, AppDbContext db) : PageModel
{
    public TrainingSession Session { get; private set; } = null!;
    public List<InvitationProposal> Proposals { get; private set; } = [];
    public int? Sent { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, int? sent, CancellationToken ct)
    {
        Sent = sent;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, List<Guid> enterprises, CancellationToken ct)
    {
        var (result, count) = await invitations.InviteAsync(User.DisplayName(), id, enterprises, ct);
        if (result.Succeeded) return Redirect($"/training/{id}/invitations?sent={count}");
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
        Proposals = await invitations.ProposeAsync(id, ct);
        return true;
    }
}
