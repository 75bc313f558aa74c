using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Infrastructure.Data;

/// <summary>
/// The platform's data services without its host, for the in-process figures (queries, archives-query, trace-query, the
/// trace suite's in-process row): the database of a kept bench folder — SQLite in it, or PostgreSQL when a connection
/// string is given — with the shared raw-SQL connection factory; each bench adds the services it times.
/// </summary>
static class InProcess
{
    public static ServiceProvider Services(string dataDirectory, string? postgres, Action<IServiceCollection> add)
    {
        var settings = new Dictionary<string, string?> { ["Database:DataDirectory"] = dataDirectory };
        if (postgres is not null) (settings["Database:Provider"], settings["ConnectionStrings:Main"]) = ("Postgres", postgres);
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSingleton(TimeProvider.System).AddLogging().AddHttpContextAccessor().AddAppDatabase().AddSingleton<RawSql>();
        add(services);
        return services.BuildServiceProvider();
    }

    /// <summary>The zone office as a signed-in request would carry it.</summary>
    public static System.Security.Claims.ClaimsPrincipal Office() => new(new System.Security.Claims.ClaimsIdentity(
        [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, QualityZone.Infrastructure.Auth.Roles.ZoneAdmin)], "bench"));
}
