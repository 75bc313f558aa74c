using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using QualityZone.Infrastructure.Auth;

namespace QualityZone.Infrastructure.Telemetry;

/// <summary>
/// Metrics and traces with the OpenTelemetry SDK. Metrics: the platform's own (<see cref="AppMetrics"/>), ASP.NET
/// Core's, Kestrel's, the HTTP client's, the runtime's, EF Core's and Npgsql's, aggregated by the SDK and served in
/// Prometheus text at <c>/metrics</c> to the operator (an administrator, or a scraper with <c>Telemetry:MetricsKey</c>).
/// With <c>Telemetry:OtlpEndpoint</c> set, metrics and traces (requests, outgoing HTTP, PostgreSQL commands, jobs,
/// imports) also go over OTLP/HTTP JSON to a collector (<see cref="OtlpJsonExporter"/>).
/// </summary>
public static class Telemetry
{
    private static readonly string[] Meters =
    [
        AppMetrics.Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.Authentication", "System.Net.Http", "System.Runtime", "Microsoft.EntityFrameworkCore", "Npgsql",
    ];

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var exporter = new PrometheusTextExporter();
        services.AddSingleton(exporter);
        var otlp = configuration["Telemetry:OtlpEndpoint"] is { Length: > 0 } endpoint
            ? new OtlpJsonExporter(new Uri(endpoint.TrimEnd('/') + "/"), configuration["Telemetry:ServiceName"] ?? "qualityzone")
            : null;
        services.AddSingleton(_ =>
        {
            var meters = Sdk.CreateMeterProviderBuilder().AddMeter(Meters).AddReader(new BaseExportingMetricReader(exporter));
            if (otlp is not null)
                meters.AddReader(new PeriodicExportingMetricReader(otlp.Metrics(), configuration.GetValue("Telemetry:MetricsIntervalMs", 60_000)));
            return meters.Build();
        });
        if (otlp is not null)
        {
            var ratio = configuration.GetValue("Telemetry:TraceSampleRatio", 1.0);
            services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
                .AddSource(AppMetrics.Name, "Microsoft.AspNetCore", "System.Net.Http", "Npgsql")
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)))
                .AddProcessor(new BatchActivityExportProcessor(otlp.Traces()))
                .Build());
        }
        services.AddHostedService<TelemetryStarter>();
        return services;
    }

    /// <summary>GET /metrics: Prometheus text exposition format 0.0.4.</summary>
    public static void MapMetrics(this WebApplication app)
    {
        app.MapGet("/metrics", (HttpContext context, PrometheusTextExporter exporter, IConfiguration configuration) =>
            {
                // Not public: an administrator signed in, or the scraper's key. Anyone else learns nothing (404).
                var key = configuration["Telemetry:MetricsKey"];
                var presented = context.Request.Headers.Authorization.ToString();
                var keyMatches = !string.IsNullOrEmpty(key) && presented.StartsWith("Bearer ", StringComparison.Ordinal)
                    && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented[7..].Trim()), Encoding.UTF8.GetBytes(key));
                if (!keyMatches && !PermissionCatalog.IsGranted(context.User, SystemPermissions.Metrics)) return Results.NotFound();
                return Results.Text(exporter.Scrape(), "text/plain; version=0.0.4; charset=utf-8");
            })
            .RequirePermission(SystemPermissions.Public)
            .ExcludeFromDescription();
    }

    /// <summary>The providers are built when the host starts, so listening begins before the first request.</summary>
    private sealed class TelemetryStarter(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<MeterProvider>();
            services.GetService<TracerProvider>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>
/// A pull exporter: the reader hands it the SDK's cumulative aggregates when <see cref="Scrape"/> asks, and it writes
/// them as Prometheus text (counters as _total, histograms as _bucket/_sum/_count with "le", units as suffixes).
/// </summary>
[ExportModes(ExportModes.Pull)]
public sealed class PrometheusTextExporter : BaseExporter<Metric>, IPullMetricExporter
{
    private readonly Lock gate = new();
    private StringBuilder? output;

    public Func<int, bool>? Collect { get; set; }

    public string Scrape()
    {
        lock (gate)
        {
            output = new StringBuilder();
            Collect?.Invoke(5_000);
            var text = output.ToString();
            output = null;
            return text;
        }
    }

    public override ExportResult Export(in Batch<Metric> batch)
    {
        if (output is null) return ExportResult.Success;
        foreach (var metric in batch) Write(output, metric);
        return ExportResult.Success;
    }

    private static void Write(StringBuilder text, Metric metric)
    {
        var name = Name(metric);
        var (type, suffix) = metric.MetricType switch
        {
            MetricType.LongSum or MetricType.DoubleSum => ("counter", "_total"),
            MetricType.Histogram => ("histogram", ""),
            _ => ("gauge", ""),
        };
        if (metric.MetricType is MetricType.ExponentialHistogram) return;
        text.Append("# HELP ").Append(name).Append(suffix).Append(' ').Append(Escape(metric.Description ?? "", help: true)).Append('\n');
        text.Append("# TYPE ").Append(name).Append(suffix).Append(' ').Append(type).Append('\n');
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var labels = Labels(point.Tags);
            switch (metric.MetricType)
            {
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    Sample(text, name + suffix, labels, null, point.GetSumLong().ToString(CultureInfo.InvariantCulture)); break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    Sample(text, name + suffix, labels, null, Number(point.GetSumDouble())); break;
                case MetricType.LongGauge:
                    Sample(text, name, labels, null, point.GetGaugeLastValueLong().ToString(CultureInfo.InvariantCulture)); break;
                case MetricType.DoubleGauge:
                    Sample(text, name, labels, null, Number(point.GetGaugeLastValueDouble())); break;
                case MetricType.Histogram:
                    long cumulative = 0;
                    foreach (var bucket in point.GetHistogramBuckets())
                    {
                        cumulative += bucket.BucketCount;
                        Sample(text, name + "_bucket", labels, double.IsPositiveInfinity(bucket.ExplicitBound) ? "+Inf" : Number(bucket.ExplicitBound), cumulative.ToString(CultureInfo.InvariantCulture));
                    }
                    Sample(text, name + "_sum", labels, null, Number(point.GetHistogramSum()));
                    Sample(text, name + "_count", labels, null, point.GetHistogramCount().ToString(CultureInfo.InvariantCulture));
                    break;
            }
        }
    }

    private static void Sample(StringBuilder text, string name, string labels, string? le, string value)
    {
        text.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            text.Append('{').Append(labels);
            if (le is not null) text.Append(labels.Length > 0 ? "," : "").Append("le=\"").Append(le).Append('"');
            text.Append('}');
        }
        text.Append(' ').Append(value).Append('\n');
    }

    private static string Labels(ReadOnlyTagCollection tags)
    {
        var parts = new List<string>();
        foreach (var tag in tags) parts.Add($"{Sanitize(tag.Key)}=\"{Escape(Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "", help: false)}\"");
        return string.Join(",", parts);
    }

    /// <summary>http.server.request.duration in s → http_server_request_duration_seconds (OpenTelemetry's Prometheus naming).</summary>
    private static string Name(Metric metric)
    {
        var name = Sanitize(metric.Name);
        var unit = metric.Unit switch { "s" => "seconds", "ms" => "milliseconds", "By" => "bytes", _ => null };
        return unit is null || name.EndsWith("_" + unit, StringComparison.Ordinal) ? name : name + "_" + unit;
    }

    private static string Sanitize(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
        return char.IsAsciiDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
    }

    private static string Escape(string value, bool help) =>
        help ? value.Replace("\\", "\\\\").Replace("\n", "\\n") : value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);
}
