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

/// <summary>
/// A filter of the enterprise list contributed by a module above this one (for example "has not
/// signed the current commitment letter"): shown as a check box, applied by the list and its export.
/// </summary>
public interface IEnterpriseListFilter
{
    /// <summary>The value of the list's <c>letter</c>… parameter that turns the filter on, e.g. "unsigned".</summary>
    string Key { get; }

    /// <summary>The check box's label, in Chinese (the list localizes it).</summary>
    string Label { get; }

    /// <summary>The condition, prepared once per request (it may read the current settings).</summary>
    Task<Func<IQueryable<Enterprise>, IQueryable<Enterprise>>> PrepareAsync(CancellationToken ct);
}
