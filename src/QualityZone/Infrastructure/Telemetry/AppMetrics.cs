using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace QualityZone.Infrastructure.Telemetry;

/// <summary>
/// The platform's own instruments (System.Diagnostics, the API OpenTelemetry builds on): background job runs and
/// imports with their row counts. ASP.NET Core, HttpClient and the raw-SQL helper report through theirs;
/// the metrics endpoint serves all of them to the operator in Prometheus text.
/// </summary>
public static class AppMetrics
{
    public const string Name = "QualityZone";
    public static readonly Meter Meter = new(Name, "1.0");
    public static readonly ActivitySource Activities = new(Name, "1.0");

    private static readonly Counter<long> JobRuns = Meter.CreateCounter<long>("qz.job.runs", "{run}", "Background job runs by job and outcome (succeeded, failed, skipped: another instance holds the lease)");
    // Seconds, from a fast job tick to a long import (OpenTelemetry's default buckets are for milliseconds).
    private static readonly InstrumentAdvice<double> Seconds = new() { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] };
    private static readonly Histogram<double> JobDuration = Meter.CreateHistogram("qz.job.duration", "s", "Background job run time", tags: null, advice: Seconds);
    private static readonly Counter<long> ImportRows = Meter.CreateCounter<long>("qz.import.rows", "{row}", "Rows read by imports, by import and outcome (imported, refused)");
    private static readonly Histogram<double> ImportDuration = Meter.CreateHistogram("qz.import.duration", "s", "Import run time", tags: null, advice: Seconds);

    public static void JobRun(string job, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "job", job }, { "outcome", outcome } };
        JobRuns.Add(1, tags);
        if (outcome != "skipped") JobDuration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>
    /// Runs an import inside a span and records it: rows read (known before, or taken from the result), whether it
    /// was taken, how long it took.
    /// </summary>
    public static async Task<T> MeasureImportAsync<T>(string kind, int? rows, Func<Task<T>> run, Func<T, bool> imported, Func<T, int>? rowsOf = null)
    {
        using var activity = Activities.StartActivity("import " + kind);
        var started = Stopwatch.GetTimestamp();
        var result = await run();
        var ok = imported(result);
        var count = rows ?? (rowsOf is null ? 0 : rowsOf(result));
        activity?.SetTag("qz.import.rows", count);
        activity?.SetTag("qz.import.outcome", ok ? "imported" : "refused");
        Import(kind, count, ok, Stopwatch.GetElapsedTime(started));
        return result;
    }

    /// <summary>One import: its kind (trace-lots, returns, customs, enterprises, notices…), how many rows, whether it was taken.</summary>
    public static void Import(string kind, long rows, bool imported, TimeSpan elapsed)
    {
        var tags = new TagList { { "import", kind }, { "outcome", imported ? "imported" : "refused" } };
        ImportRows.Add(rows, tags);
        ImportDuration.Record(elapsed.TotalSeconds, tags);
    }
}
