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
    private static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>("qz.job.duration", "s", "Background job run time");
    private static readonly Counter<long> ImportRows = Meter.CreateCounter<long>("qz.import.rows", "{row}", "Rows read by imports, by import and outcome (imported, refused)");
    private static readonly Histogram<double> ImportDuration = Meter.CreateHistogram<double>("qz.import.duration", "s", "Import run time");

    public static void JobRun(string job, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "job", job }, { "outcome", outcome } };
        JobRuns.Add(1, tags);
        if (outcome != "skipped") JobDuration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>One import: its kind (trace-lots, returns, customs, enterprises, notices…), how many rows, whether it was taken.</summary>
    public static void Import(string kind, long rows, bool imported, TimeSpan elapsed)
    {
        var tags = new TagList { { "import", kind }, { "outcome", imported ? "imported" : "refused" } };
        ImportRows.Add(rows, tags);
        ImportDuration.Record(elapsed.TotalSeconds, tags);
    }
}
