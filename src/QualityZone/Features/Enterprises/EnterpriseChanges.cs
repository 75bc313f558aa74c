namespace QualityZone.Features.Enterprises;

/// <summary>
/// Told when an enterprise's management state or grade has changed (and been saved), so that a module above
/// can follow at once — the facilitation measures it enjoys are re-checked against their conditions, say.
/// Registered in the module's <c>AddServices</c>.
/// </summary>
public interface IEnterpriseChangeObserver
{
    Task EnterpriseChangedAsync(Guid enterpriseId, CancellationToken ct);
}

public static class EnterpriseChanges
{
    public static async Task NotifyAsync(this IEnumerable<IEnterpriseChangeObserver> observers, Guid enterpriseId, CancellationToken ct)
    {
        foreach (var observer in observers) await observer.EnterpriseChangedAsync(enterpriseId, ct);
    }
}
