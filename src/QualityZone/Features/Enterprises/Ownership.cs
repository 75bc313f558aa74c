namespace QualityZone.Features.Enterprises;

/// <summary>
/// A record that belongs to one enterprise (its returns, lots, batches, letters…): an enterprise
/// user reads and writes only its own, through <see cref="OwnershipExtensions.ForScope{T}(IQueryable{T}, EnterpriseScope)"/>.
/// A test lists every entity with an EnterpriseId and fails on one that says neither this nor
/// <see cref="IEnterpriseOptionallyOwned"/>, and requests every page and API operation that serves
/// such a record with another enterprise's id.
/// </summary>
public interface IEnterpriseOwned
{
    Guid EnterpriseId { get; }
}

/// <summary>A record that may belong to an enterprise or to the zone / a department (a corrective action, a risk).</summary>
public interface IEnterpriseOptionallyOwned
{
    Guid? EnterpriseId { get; }
}

/// <summary>The one way an enterprise-owned query is scoped to what the signed-in user may see.</summary>
public static class OwnershipExtensions
{
    public static IQueryable<T> ForScope<T>(this IQueryable<T> query, EnterpriseScope scope) where T : class, IEnterpriseOwned =>
        scope.All ? query : query.Where(e => scope.EnterpriseId != null && e.EnterpriseId == scope.EnterpriseId);

    /// <summary>Records of the zone or a department (no enterprise) are staff's; an enterprise sees its own only.</summary>
    public static IQueryable<T> ForOptionalScope<T>(this IQueryable<T> query, EnterpriseScope scope) where T : class, IEnterpriseOptionallyOwned =>
        scope.All ? query : query.Where(e => scope.EnterpriseId != null && e.EnterpriseId == scope.EnterpriseId);
}
