using System.Security.Claims;
using QualityZone.Features.Enterprises;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Data;

namespace QualityZone.Features.Commitments;

/// <summary>The enterprise page's commitment-letter section (task 8): the current version signed or not, the letter to download, the signing form and the signed copies.</summary>
public sealed class EnterpriseCommitmentPanel(CommitmentService letters) : IEnterprisePanel
{
    public sealed record View(Guid EnterpriseId, int CurrentVersion, bool CanSign, IReadOnlyList<CommitmentLetter> Letters);

    public int Order => 30;

    public async Task<EnterprisePanel?> LoadAsync(Enterprise enterprise, ClaimsPrincipal user, CancellationToken ct) =>
        new("/Features/Commitments/_EnterpriseCommitmentPanel.cshtml", new View(enterprise.Id, (await letters.CurrentAsync(ct)).Version,
            PermissionCatalog.IsGranted(user, CommitmentsPermissions.Sign), await letters.LettersAsync(enterprise.Id, ct)));
}

/// <summary>The enterprise list's "letter not signed" filter: enterprises in the zone without a signed copy of the current version.</summary>
public sealed class UnsignedLetterFilter(CommitmentService letters, AppDbContext db) : IEnterpriseListFilter
{
    public string Key => "unsigned";
    public string Label => "承诺书未签";

    public async Task<Func<IQueryable<Enterprise>, IQueryable<Enterprise>>> PrepareAsync(CancellationToken ct)
    {
        var version = (await letters.CurrentAsync(ct)).Version;
        return query => query.Where(e => (e.State == EnterpriseState.Admitted || e.State == EnterpriseState.Watch || e.State == EnterpriseState.Suspended)
            && !db.CommitmentLetters.Any(l => l.EnterpriseId == e.Id && l.TemplateVersion == version));
    }
}
