using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace QualityZone.Infrastructure.Telemetry;

/// <summary>
/// OTLP over HTTP with the JSON encoding (OTLP specification 1.x, "OTLP/HTTP JSON"): spans to {endpoint}/v1/traces
/// and metrics to {endpoint}/v1/metrics, which the OpenTelemetry Collector, Jaeger, Tempo and most vendors accept.
/// Written here because the OTLP exporter package is not served to this build; the SDK does sampling, batching and
/// aggregation, this class only encodes and posts. A failed post is dropped (telemetry never blocks the platform).
/// </summary>
public sealed class OtlpJsonExporter(Uri endpoint, string serviceName)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly JsonObject resource = new() { ["attributes"] = new JsonArray(Attribute("service.name", serviceName), Attribute("service.instance.id", Jobs.JobLeases.Instance)) };

    public BaseExporter<Activity> Traces() => new TraceExporter(this);
    public BaseExporter<Metric> Metrics() => new MetricExporter(this);

    private bool Post(string path, JsonObject body)
    {
        try
        {
            using var response = Http.PostAsJsonAsync(new Uri(endpoint, path), body).GetAwaiter().GetResult();
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { return false; }
    }

    private sealed class TraceExporter(OtlpJsonExporter owner) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            var spans = new JsonArray();
            foreach (var activity in batch)
            {
                var attributes = new JsonArray();
                foreach (var tag in activity.TagObjects) attributes.Add(Attribute(tag.Key, tag.Value));
                spans.Add(new JsonObject
                {
                    ["traceId"] = activity.TraceId.ToHexString(),
                    ["spanId"] = activity.SpanId.ToHexString(),
                    ["parentSpanId"] = activity.ParentSpanId == default ? "" : activity.ParentSpanId.ToHexString(),
                    ["name"] = activity.DisplayName,
                    ["kind"] = (int)activity.Kind + 1, // OTLP: 1 internal, 2 server, 3 client, 4 producer, 5 consumer
                    ["startTimeUnixNano"] = Nanos(activity.StartTimeUtc),
                    ["endTimeUnixNano"] = Nanos(activity.StartTimeUtc + activity.Duration),
                    ["attributes"] = attributes,
                    ["status"] = new JsonObject { ["code"] = activity.Status switch { ActivityStatusCode.Ok => 1, ActivityStatusCode.Error => 2, _ => 0 } },
                });
            }
            var body = new JsonObject
            {
                ["resourceSpans"] = new JsonArray(new JsonObject
                {
                    ["resource"] = owner.resource.DeepClone(),
                    ["scopeSpans"] = new JsonArray(new JsonObject { ["scope"] = new JsonObject { ["name"] = AppMetrics.Name }, ["spans"] = spans }),
                }),
            };
            return owner.Post("v1/traces", body) ? ExportResult.Success : ExportResult.Failure;
        }
    }

    private sealed class MetricExporter(OtlpJsonExporter owner) : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch)
        {
            var metrics = new JsonArray();
            foreach (var metric in batch)
            {
                var points = new JsonArray();
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    var attributes = new JsonArray();
                    foreach (var tag in point.Tags) attributes.Add(Attribute(tag.Key, tag.Value));
                    var data = new JsonObject { ["attributes"] = attributes, ["startTimeUnixNano"] = Nanos(point.StartTime.UtcDateTime), ["timeUnixNano"] = Nanos(point.EndTime.UtcDateTime) };
                    switch (metric.MetricType)
                    {
                        case MetricType.LongSum or MetricType.LongSumNonMonotonic: data["asInt"] = point.GetSumLong().ToString(CultureInfo.InvariantCulture); break;
                        case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic: data["asDouble"] = point.GetSumDouble(); break;
                        case MetricType.LongGauge: data["asInt"] = point.GetGaugeLastValueLong().ToString(CultureInfo.InvariantCulture); break;
                        case MetricType.DoubleGauge: data["asDouble"] = point.GetGaugeLastValueDouble(); break;
                        case MetricType.Histogram:
                            var counts = new JsonArray();
                            var bounds = new JsonArray();
                            foreach (var bucket in point.GetHistogramBuckets())
                            {
                                counts.Add(bucket.BucketCount.ToString(CultureInfo.InvariantCulture));
                                if (!double.IsPositiveInfinity(bucket.ExplicitBound)) bounds.Add(bucket.ExplicitBound);
                            }
                            (data["count"], data["sum"], data["bucketCounts"], data["explicitBounds"]) =
                                (point.GetHistogramCount().ToString(CultureInfo.InvariantCulture), point.GetHistogramSum(), counts, bounds);
                            break;
                        default: continue;
                    }
                    points.Add(data);
                }
                var entry = new JsonObject { ["name"] = metric.Name, ["unit"] = metric.Unit ?? "", ["description"] = metric.Description ?? "" };
                // Cumulative (2) for every sum and histogram: the reader keeps running totals.
                switch (metric.MetricType)
                {
                    case MetricType.Histogram: entry["histogram"] = new JsonObject { ["dataPoints"] = points, ["aggregationTemporality"] = 2 }; break;
                    case MetricType.LongGauge or MetricType.DoubleGauge: entry["gauge"] = new JsonObject { ["dataPoints"] = points }; break;
                    case MetricType.ExponentialHistogram: continue;
                    default:
                        entry["sum"] = new JsonObject { ["dataPoints"] = points, ["aggregationTemporality"] = 2, ["isMonotonic"] = metric.MetricType is MetricType.LongSum or MetricType.DoubleSum };
                        break;
                }
                metrics.Add(entry);
            }
            var body = new JsonObject
            {
                ["resourceMetrics"] = new JsonArray(new JsonObject
                {
                    ["resource"] = owner.resource.DeepClone(),
                    ["scopeMetrics"] = new JsonArray(new JsonObject { ["scope"] = new JsonObject { ["name"] = AppMetrics.Name }, ["metrics"] = metrics }),
                }),
            };
            return owner.Post("v1/metrics", body) ? ExportResult.Success : ExportResult.Failure;
        }
    }

    private static string Nanos(DateTime utc) => ((utc.Ticks - DateTime.UnixEpoch.Ticks) * 100).ToString(CultureInfo.InvariantCulture);

    private static JsonObject Attribute(string key, object? value) => new()
    {
        ["key"] = key,
        ["value"] = value switch
        {
            bool b => new JsonObject { ["boolValue"] = b },
            int or long or short => new JsonObject { ["intValue"] = Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) },
            double or float => new JsonObject { ["doubleValue"] = Convert.ToDouble(value, CultureInfo.InvariantCulture) },
            _ => new JsonObject { ["stringValue"] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "" },
        },
    };
}
