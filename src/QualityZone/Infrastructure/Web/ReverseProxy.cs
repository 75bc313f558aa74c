using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace QualityZone.Infrastructure.Web;

/// <summary>
/// Behind nginx (docs/deployment.md): X-Forwarded-For and X-Forwarded-Proto are believed only from the proxies
/// named under <c>ReverseProxy:KnownProxies</c> (addresses or networks; the loopback is always one), so the sign-in
/// limit counts each client, not the proxy, and a client cannot claim another address by sending the header itself.
/// The Host header is not taken from the proxy: nginx passes the original one, and <c>AllowedHosts</c> refuses a forged one.
/// </summary>
public static class ReverseProxy
{
    public static IServiceCollection AddReverseProxySupport(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = configuration.GetValue("ReverseProxy:ForwardLimit", 1);
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Add(IPAddress.Loopback);
            o.KnownProxies.Add(IPAddress.IPv6Loopback);
            foreach (var entry in configuration.GetSection("ReverseProxy:KnownProxies").Get<string[]>() ?? [])
            {
                if (string.IsNullOrWhiteSpace(entry)) continue;
                if (entry.Contains('/')) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry.Trim()));
                else o.KnownProxies.Add(IPAddress.Parse(entry.Trim()));
            }
        });
        // Sent on HTTPS answers only (the middleware skips plain HTTP and localhost): a year, as the HSTS preload list asks.
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = configuration.GetValue("ReverseProxy:HstsIncludeSubDomains", false);
        });
        return services;
    }
}
