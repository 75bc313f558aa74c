using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using QualityZone.Infrastructure.Auth;
using QualityZone.Infrastructure.Web;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Security;

/// <summary>A platform whose operator allow-listed no internal address (the default of a real deployment).</summary>
public sealed class NoPrivateOutboundFactory : AppFactory
{
    protected override string[] AllowedPrivateAddresses => [];
}

/// <summary>
/// Issue 19, finding 2: the feed sources must not turn the server against its own network. Internal addresses are
/// refused when saved, after DNS resolution and after a redirect, and a refused address, a closed port and a live
/// service all read "not reachable".
/// </summary>
public sealed class OutboundAddressTests(NoPrivateOutboundFactory factory) : IClassFixture<NoPrivateOutboundFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static OutboundAddresses Policy(params string[] allowed) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(allowed.Select((a, i) => KeyValuePair.Create($"Outbound:AllowedPrivate:{i}", (string?)a))).Build());

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("169.254.169.254")] // cloud metadata service
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")] // IPv4-mapped
    [InlineData("fd00:ec2::254")]    // AWS metadata over IPv6
    [InlineData("fe80::1")]
    [InlineData("64:ff9b::a9fe:a9fe")] // NAT64 of 169.254.169.254
    public void Internal_addresses_are_refused(string address) => Assert.False(Policy().Allows("feeds.example", IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("23.67.253.22")]
    [InlineData("2001:4860:4860::8888")]
    public void Public_addresses_are_allowed(string address) => Assert.True(Policy().Allows("feeds.example", IPAddress.Parse(address)));

    [Fact]
    public void The_operator_allow_lists_an_address_a_network_or_a_host()
    {
        var policy = Policy("10.20.0.0/16", "192.168.1.7", "feeds.intranet.example");
        Assert.True(policy.Allows("x", IPAddress.Parse("10.20.3.4")));
        Assert.False(policy.Allows("x", IPAddress.Parse("10.21.3.4")));
        Assert.True(policy.Allows("x", IPAddress.Parse("192.168.1.7")));
        Assert.False(policy.Allows("x", IPAddress.Parse("192.168.1.8")));
        Assert.True(policy.Allows("feeds.intranet.example", IPAddress.Parse("10.9.9.9")));
    }

    [Fact]
    public async Task A_redirect_from_an_allowed_server_to_an_internal_one_is_not_followed()
    {
        using var target = new TinyServer(IPAddress.Parse("127.0.0.2"), _ => "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]");
        using var redirector = new TinyServer(IPAddress.Loopback, _ => $"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.2:{target.Port}/feed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        using var client = new HttpClient(Policy("127.0.0.1").CreateHandler()) { Timeout = TimeSpan.FromSeconds(30) };

        var failed = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync($"http://127.0.0.1:{redirector.Port}/feed", Ct));
        var refused = Assert.IsType<OutboundRefusedException>(failed as OutboundRefusedException ?? failed.InnerException);
        Assert.Contains("127.0.0.2", refused.Message);
        Assert.Equal(1, redirector.Requests);
        Assert.Equal(0, target.Requests);
    }

    [Fact]
    public async Task A_feed_source_on_an_internal_address_is_refused_and_a_live_and_a_closed_port_read_the_same()
    {
        factory.RequireDatabase();
        var staff = await factory.SignInAsNewUserAsync(Roles.AssociationStaff);
        using var live = new TinyServer(IPAddress.Loopback, _ => "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]");
        var closedPort = Loopback.FreePort();
        var unique = Guid.NewGuid().ToString("N")[..6];

        // A literal internal address is refused when saved, with nothing saved.
        foreach (var url in new[] { $"http://127.0.0.1:{live.Port}/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:80/", "http://10.0.0.1/feed" })
        {
            var saved = await staff.PostAsJsonAsync("/api/notice-feeds", new { name = $"内网 {unique} {url}", url, intervalHours = 24, enabled = false }, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, saved.StatusCode);
            Assert.Contains("内部网络地址", await saved.Content.ReadAsStringAsync(Ct));
        }

        // A name that resolves to the loopback is refused when connecting: the live service is never asked.
        async Task<string> FetchAsync(string url)
        {
            var saved = await staff.PostAsJsonAsync("/api/notice-feeds", new { name = $"名称 {unique} {url}", url, intervalHours = 24, enabled = false }, Ct);
            Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
            var id = (await saved.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
            var fetched = await staff.PostAsync($"/api/notice-feeds/{id}/fetch", null, Ct);
            return (await fetched.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("source").GetProperty("lastMessage").GetString()!;
        }
        var toLive = await FetchAsync($"http://localhost:{live.Port}/feed");
        var toClosed = await FetchAsync($"http://localhost:{closedPort}/feed");
        Assert.Equal("数据源无法访问", toLive);
        Assert.Equal(toLive, toClosed);
        Assert.Equal(0, live.Requests);
    }

    /// <summary>A one-answer HTTP server on a loopback address that counts the connections it accepts.</summary>
    private sealed class TinyServer : IDisposable
    {
        private readonly TcpListener listener;
        private readonly CancellationTokenSource stop = new();
        private int requests;

        public TinyServer(IPAddress address, Func<string, string> answer)
        {
            listener = new TcpListener(address, 0);
            listener.Start();
            _ = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    TcpClient client;
                    try { client = await listener.AcceptTcpClientAsync(stop.Token); } catch (Exception) { return; }
                    Interlocked.Increment(ref requests);
                    using (client)
                    {
                        var stream = client.GetStream();
                        var buffer = new byte[8192];
                        var read = await stream.ReadAsync(buffer, stop.Token);
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(answer(Encoding.ASCII.GetString(buffer, 0, read))), stop.Token);
                    }
                }
            });
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;
        public int Requests => Volatile.Read(ref requests);

        public void Dispose()
        {
            stop.Cancel();
            listener.Stop();
        }
    }
}
