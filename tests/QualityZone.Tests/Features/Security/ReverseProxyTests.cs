using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using QualityZone.Tests.Features.Accounts;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Security;

/// <summary>
/// Issue 19, finding 3: behind nginx. Requests are sent as they arrive from a proxy (or a client) at a given
/// address, with the X-Forwarded-* headers nginx sets. The sign-in limit is 4 a minute in this factory.
/// </summary>
public sealed class ReverseProxyTests(SignInLimitFactory factory) : IClassFixture<SignInLimitFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpContext> SendAsync(string peer, string path, string? forwardedFor = null, string? forwardedProto = null, string host = "localhost",
        string method = "GET", string? cookie = null, Dictionary<string, string>? form = null) =>
        factory.Server.SendAsync(context =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
            context.Request.Method = method;
            context.Request.Scheme = "http";
            context.Request.Host = new HostString(host);
            var query = path.IndexOf('?');
            context.Request.Path = query < 0 ? path : path[..query];
            if (query >= 0) context.Request.QueryString = new QueryString(path[query..]);
            if (forwardedFor is not null) context.Request.Headers["X-Forwarded-For"] = forwardedFor;
            if (forwardedProto is not null) context.Request.Headers["X-Forwarded-Proto"] = forwardedProto;
            if (cookie is not null) context.Request.Headers.Cookie = cookie;
            if (form is not null)
            {
                var body = new FormUrlEncodedContent(form);
                context.Request.ContentType = "application/x-www-form-urlencoded";
                context.Request.Body = body.ReadAsStream(Ct);
            }
        }, Ct);

    [Fact]
    public async Task Behind_the_proxy_each_client_has_its_own_sign_in_limit()
    {
        async Task<List<int>> Attempts(string peer, Func<int, string?> forwardedFor, int count)
        {
            var statuses = new List<int>();
            for (var i = 0; i < count; i++) statuses.Add((await SendAsync(peer, "/account/login", forwardedFor(i))).Response.StatusCode);
            return statuses;
        }

        // Two users behind nginx (the proxy is the loopback): the first is stopped after 4 attempts, the second is not.
        Assert.Equal([200, 200, 200, 200, 429], await Attempts("127.0.0.1", _ => "203.0.113.5", 5));
        Assert.Equal([200, 200], await Attempts("127.0.0.1", _ => "203.0.113.6", 2));

        // A client that is not a known proxy cannot dodge the limit by claiming other addresses.
        Assert.Equal([200, 200, 200, 200, 429, 429], await Attempts("198.51.100.7", i => $"192.0.2.{i + 1}", 6));
    }

    [Fact]
    public async Task Over_https_at_the_proxy_cookies_are_secure_and_hsts_is_sent()
    {
        var page = await SendAsync("127.0.0.1", "/account/login", "203.0.113.20", "https", "qz.test");
        Assert.Equal(200, page.Response.StatusCode);
        Assert.StartsWith("max-age=31536000", page.Response.Headers.StrictTransportSecurity.ToString());
        var antiforgery = page.Response.Headers.SetCookie.ToString();
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);

        // Signing in over the same path: the session cookie is Secure too.
        var html = await new StreamReader(page.Response.Body).ReadToEndAsync(Ct);
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var cookie = string.Join("; ", page.Response.Headers.SetCookie.Select(c => c!.Split(';')[0]));
        var signIn = await SendAsync("127.0.0.1", "/account/login", "203.0.113.20", "https", "qz.test", "POST", cookie,
            new() { ["Input.Email"] = AppFactory.AdminEmail, ["Input.Password"] = AppFactory.Password, ["__RequestVerificationToken"] = token });
        Assert.Equal(302, signIn.Response.StatusCode);
        var session = signIn.Response.Headers.SetCookie.Single(c => c!.StartsWith("qz.auth="))!;
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);

        // Plain HTTP: no HSTS (a browser would ignore it) and no Secure flag (the cookie would never come back).
        var plain = await SendAsync("127.0.0.1", "/account/login", "203.0.113.21", host: "qz.test");
        Assert.Equal(0, plain.Response.Headers.StrictTransportSecurity.Count);
        Assert.DoesNotContain("secure", plain.Response.Headers.SetCookie.ToString(), StringComparison.OrdinalIgnoreCase);

        // Only a known proxy can say the request was HTTPS.
        var claimed = await SendAsync("198.51.100.8", "/account/login", forwardedProto: "https", host: "qz.test");
        Assert.Equal(0, claimed.Response.Headers.StrictTransportSecurity.Count);
    }

    [Fact]
    public async Task A_forged_host_header_is_refused()
    {
        Assert.Equal(400, (await SendAsync("127.0.0.1", "/portal/feed.xml", host: "evil.example")).Response.StatusCode);
        Assert.Equal(200, (await SendAsync("127.0.0.1", "/portal/feed.xml", host: "qz.test")).Response.StatusCode);
    }
}
