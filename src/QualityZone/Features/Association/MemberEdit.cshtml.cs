using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QualityZone.Features.Commitments;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Association;

/// <summary><c>/association/members/edit/{id?}</c>: the association registers a member or changes its level, leaving date and model status, and records its fees.</summary>
[RequirePermission(AssociationPermissions.Manage)]
public sealed class MemberEditModel(AssociationCommands association, AppDbContext db, ZoneClock clock) : PageModel
{
    public sealed record Choice(Guid Id, string Name);

    [BindProperty] public Guid? EnterpriseId { get; set; }
    [BindProperty] public MemberLevel Level { get; set; } = MemberLevel.Member;
    [BindProperty] public DateOnly? JoinedOn { get; set; }
    [BindProperty] public DateOnly? LeftOn { get; set; }
    [BindProperty] public bool ModelEnterprise { get; set; }
    [BindProperty] public string? ModelReason { get; set; }
    public Guid? Id { get; private set; }
    public string EnterpriseName { get; private set; } = "";
    public List<MembershipFee> Fees { get; private set; } = [];
    public List<Choice> Candidates { get; private set; } = [];
    public int ThisYear => clock.Today.Year;
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        if (!await LoadAsync(ct)) return NotFound();
        if (id is not null && await db.Memberships.AsNoTracking().SingleAsync(m => m.Id == id, ct) is var m)
            (EnterpriseId, Level, JoinedOn, LeftOn, ModelEnterprise, ModelReason) = (m.EnterpriseId, m.Level, m.JoinedOn, m.LeftOn, m.ModelEnterprise, m.ModelReason);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        var (result, saved) = await association.SaveMemberAsync(id, new MemberInput(EnterpriseId, Level, JoinedOn, LeftOn, ModelEnterprise, ModelReason), ct);
        return result.Succeeded ? Redirect(id is null ? "/association?done=1" : $"/association/members/edit/{saved}") : await FailAsync(result, ct);
    }

    public async Task<IActionResult> OnPostFeeAsync(Guid id, int year, decimal amount, DateOnly? paidOn, string? receipt, CancellationToken ct)
    {
        Id = id;
        var result = await association.PayAsync(id, new FeeInput(year, amount, paidOn, receipt), ct);
        if (!result.Succeeded) return await FailAsync(result, ct);
        return Redirect($"/association/members/edit/{id}");
    }

    private async Task<IActionResult> FailAsync(CommandResult result, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        if (!await LoadAsync(ct)) return NotFound();
        Error = result.Error;
        Response.StatusCode = result.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            var member = await db.Memberships.AsNoTracking().Include(m => m.Fees.OrderByDescending(f => f.Year)).SingleOrDefaultAsync(m => m.Id == id, ct);
            if (member is null) return false;
            Fees = member.Fees;
            EnterpriseName = await db.Enterprises.AsNoTracking().Where(e => e.Id == member.EnterpriseId).Select(e => e.NameZh).SingleAsync(ct);
            return true;
        }
        Candidates = await db.Enterprises.AsNoTracking().Where(e => CommitmentService.InZone.Contains(e.State) && !db.Memberships.Any(m => m.EnterpriseId == e.Id))
            .OrderBy(e => e.NameZh).Select(e => new Choice(e.Id, e.NameZh)).ToListAsync(ct);
        return true;
    }
}
