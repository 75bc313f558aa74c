using System.Net;
using System.Net.Sockets;

namespace QualityZone.Tests.Infrastructure;

/// <summary>The loopback servers the tests start (feed servers, an OTLP collector, probes of closed ports).</summary>
public static class Loopback
{
    /// <summary>A port nothing listens on right now.</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
