using System.Security.Claims;

namespace QualityZone.Features.Enterprises;

/// <summary>
/// A section of the enterprise page contributed by a module above this one (its risk score, its
/// grades…), so the page shows them without depending on those modules: the module implements this,
/// registers it in its <c>AddServices</c>, and renders the section with a partial view of its own folder.
/// </summary>
public interface IEnterprisePanel
{
    /// <summary>Where the section stands among the contributed ones (lower first).</summary>
    int Order { get; }

    /// <summary>The section for this enterprise and user, or null to show nothing. The enterprise is one the user may see.</summary>
    Task<EnterprisePanel?> LoadAsync(Enterprise enterprise, ClaimsPrincipal user, CancellationToken ct);
}

/// <summary>A partial view (path under /Features) and its model.</summary>
public sealed record EnterprisePanel(string Partial, object Model);
