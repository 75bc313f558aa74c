using System.Net;
using System.Net.Sockets;

namespace QualityZone.Infrastructure.Web;

/// <summary>
/// Which addresses the server may connect to when a user gives it a URL (the notice feed sources): public
/// addresses only, unless the operator allow-lists a host, an address or a network under
/// <c>Outbound:AllowedPrivate</c> (e.g. "10.20.0.0/16", "feeds.intranet.example"). The check runs in the socket
/// handler's connect callback, on the address actually connected to: after DNS resolution and for every hop of a
/// redirect, so neither a name that resolves to 127.0.0.1 nor a redirect to the metadata service gets through.
/// </summary>
public sealed class OutboundAddresses
{
    private readonly List<(IPAddress Network, int Prefix)> allowedNetworks = [];
    private readonly HashSet<string> allowedHosts = new(StringComparer.OrdinalIgnoreCase);

    // Special-purpose ranges (IANA IPv4 and IPv6 Special-Purpose Address Registries, RFC 6890): loopback,
    // private (RFC 1918), shared (RFC 6598), link-local with the cloud metadata address 169.254.169.254, unique local
    // (fc00::/7, where fd00:ec2::254 lives), multicast, documentation and reserved.
    private static readonly (IPAddress Network, int Prefix)[] Blocked =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24",
            "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10", "ff00::/8",
        }.Select(Parse),
    ];

    private static readonly (IPAddress Network, int Prefix) Nat64 = Parse("64:ff9b::/96");

    public OutboundAddresses(IConfiguration configuration)
    {
        foreach (var entry in configuration.GetSection("Outbound:AllowedPrivate").Get<string[]>() ?? [])
        {
            if (string.IsNullOrWhiteSpace(entry)) continue;
            if (entry.Contains('/') || IPAddress.TryParse(entry, out _)) allowedNetworks.Add(Parse(entry.Contains('/') ? entry : entry + (entry.Contains(':') ? "/128" : "/32")));
            else allowedHosts.Add(entry.Trim());
        }
    }

    /// <summary>True when a connection to <paramref name="address"/> (reached by the name <paramref name="host"/>) is allowed.</summary>
    public bool Allows(string host, IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (allowedHosts.Contains(host.TrimEnd('.')) || allowedNetworks.Any(n => InNetwork(address, n))) return true;
        // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits: judged as that address.
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && InNetwork(address, Nat64))
            address = new IPAddress(address.GetAddressBytes()[12..]);
        return !Blocked.Any(n => InNetwork(address, n));
    }

    /// <summary>
    /// A handler for an HttpClient that talks only to allowed addresses: it resolves the name itself, refuses if any
    /// address is not allowed, and connects to the address it checked (no second lookup an attacker's DNS could answer differently).
    /// </summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 5,
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            if (addresses.Length == 0 || addresses.Any(a => !Allows(host, a))) throw new OutboundRefusedException(host);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>Refuses, when a URL is saved, a host written as a literal address that is not allowed (names are judged at connect time).</summary>
    public bool AllowsLiteral(Uri uri) =>
        !IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) || Allows(uri.Host, literal);

    private static (IPAddress, int) Parse(string cidr)
    {
        var slash = cidr.IndexOf('/');
        return (IPAddress.Parse(cidr[..slash].Trim()), int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static bool InNetwork(IPAddress address, (IPAddress Network, int Prefix) network)
    {
        if (address.AddressFamily != network.Network.AddressFamily) return false;
        var a = address.GetAddressBytes();
        var n = network.Network.GetAddressBytes();
        var bits = network.Prefix;
        for (var i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((a[i] & mask) != (n[i] & mask)) return false;
        }
        return true;
    }
}

/// <summary>A connection the server refused to make; its message is deliberately the same as for any unreachable host.</summary>
public sealed class OutboundRefusedException(string host) : HttpRequestException($"connection to {host} refused by Outbound:AllowedPrivate policy");
