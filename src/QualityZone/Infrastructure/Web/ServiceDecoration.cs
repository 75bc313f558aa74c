namespace QualityZone.Infrastructure.Web;

public static class ServiceDecoration
{
    /// <summary>
    /// Replaces the last registration of a framework singleton (registered by its type) with a wrapper around it:
    /// the wrapper gets the original, made as the framework would have made it.
    /// </summary>
    public static IServiceCollection DecorateSingleton<TService>(this IServiceCollection services, Func<IServiceProvider, TService, TService> wrap) where TService : class
    {
        var original = services.Last(d => d.ServiceType == typeof(TService));
        services.Remove(original);
        services.AddSingleton(sp => wrap(sp, (TService)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!)));
        return services;
    }
}
