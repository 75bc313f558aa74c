using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Infrastructure.Jobs;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Security;

/// <summary>A collector on the loopback that keeps what OTLP/HTTP JSON posts to it, by path.</summary>
public sealed class OtlpCollector : IDisposable
{
    private readonly HttpListener listener = new();
    public ConcurrentQueue<(string Path, string Body)> Received { get; } = new();
    public string Endpoint { get; }

    public OtlpCollector()
    {
        Endpoint = $"http://127.0.0.1:{Loopback.FreePort()}/";
        listener.Prefixes.Add(Endpoint);
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); } catch (Exception) { return; }
                using (var reader = new StreamReader(context.Request.InputStream)) Received.Enqueue((context.Request.Url!.AbsolutePath, await reader.ReadToEndAsync()));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
    }

    public void Dispose() => listener.Close();
}

public sealed class ObservedFactory : AppFactory
{
    public OtlpCollector Collector { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Telemetry:OtlpEndpoint", Collector.Endpoint);
        builder.UseSetting("Telemetry:MetricsIntervalMs", "500");
        builder.UseSetting("Telemetry:MetricsKey", "scraper-key-for-tests");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Collector.Dispose();
    }
}

/// <summary>Issue 19, item 11: metrics for the operator, OTLP export, liveness and readiness.</summary>
public sealed class ObservabilityTests(ObservedFactory factory) : IClassFixture<ObservedFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_metrics_endpoint_serves_prometheus_text_to_the_operator_only()
    {
        var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/portal", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/metrics", Ct)).StatusCode);
        var wrongKey = factory.CreateClient();
        wrongKey.DefaultRequestHeaders.Authorization = new("Bearer", "guess");
        Assert.Equal(HttpStatusCode.NotFound, (await wrongKey.GetAsync("/metrics", Ct)).StatusCode);

        var scraper = factory.CreateClient();
        scraper.DefaultRequestHeaders.Authorization = new("Bearer", "scraper-key-for-tests");
        var text = await scraper.GetStringAsync("/metrics", Ct);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text);
        Assert.Matches("http_server_request_duration_seconds_bucket\\{[^}]*http_route=\"/?portal\"[^}]*le=\"\\+Inf\"\\} [1-9]", text);

        var admin = await factory.SignInAsync(AppFactory.AdminEmail);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/metrics", Ct)).StatusCode);
    }

    [Fact]
    public async Task Imports_are_counted_and_metrics_and_traces_reach_the_otlp_collector()
    {
        var staff = factory.CreateTokenClient(await factory.CreateTokenAsync(await factory.CreateUserAsync(QualityZone.Infrastructure.Auth.Roles.AssociationStaff, "association")));
        var imported = await staff.PostAsync("/api/notices/import", new ByteArrayContent("""[{"RecallNumber":"OTLP-1","RecallID":424242,"Title":"Telemetry","RecallDate":"2026-01-05"}]"""u8.ToArray()), Ct);
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync(Ct));

        // Batches go out every 5 s (traces) and every 0.5 s here (metrics): waited for up to a minute, never forever.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        bool Has(string path, string text) => factory.Collector.Received.Any(r => r.Path == path && r.Body.Contains(text));
        while (!(Has("/v1/metrics", "qz.import.rows") && Has("/v1/traces", "import notices")) && DateTime.UtcNow < deadline)
            await Task.Delay(250, Ct);
        Assert.True(Has("/v1/metrics", "qz.import.rows"), "no import metric reached the collector: " + string.Join(", ", factory.Collector.Received.Select(r => r.Path)));
        Assert.True(Has("/v1/metrics", "http.server.request.duration"));
        Assert.True(Has("/v1/traces", "import notices"), "no import span reached the collector");
        Assert.Contains(factory.Collector.Received, r => r.Path == "/v1/traces" && r.Body.Contains("\"service.name\""));
    }

    [Fact]
    public async Task Liveness_and_readiness_are_separate_and_a_dead_job_makes_the_instance_not_ready()
    {
        var client = factory.CreateClient();
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz/live", Ct));
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz/ready", Ct));

        var heartbeats = factory.Services.GetRequiredService<JobHeartbeats>();
        heartbeats.Beat("test-job", TimeSpan.FromSeconds(-1)); // should have woken a second ago
        var notReady = await client.GetAsync("/healthz/ready", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("test-job", await notReady.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live", Ct)).StatusCode);

        heartbeats.Beat("test-job", TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready", Ct)).StatusCode);
    }
}
