using QualityZone.Infrastructure.Data;
using QualityZone.Infrastructure.Files;
using QualityZone.Infrastructure.Jobs;

namespace QualityZone.Infrastructure.Web;

/// <summary>Whether this instance can do its work: database, data directory, background jobs. 200 "Healthy" or 503 with what failed.</summary>
public static class Readiness
{
    public static async Task<IResult> CheckAsync(RawSql sql, FileStore files, JobHeartbeats jobs, ILoggerFactory loggers, CancellationToken ct)
    {
        var problems = new List<string>();
        // A query, not only a connection: the database answers, and the migrated schema is there (start-up ran before listening).
        try
        {
            await using var connection = await sql.OpenAsync(ct);
            await using var command = sql.Command(connection, """SELECT COUNT(*) FROM "__ef_migrations" """, []);
            if (Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0) problems.Add("database: not migrated");
        }
        catch (Exception ex) when (ex is not OperationCanceledException) { problems.Add("database: " + ex.GetType().Name); }
        if (!files.IsWritable()) problems.Add("files: the directory does not take files");
        if (jobs.Overdue() is { Count: > 0 } overdue) problems.Add("jobs: overdue " + string.Join(", ", overdue));
        if (problems.Count == 0) return Results.Text("Healthy");
        loggers.CreateLogger("QualityZone.Readiness").LogWarning("Not ready: {Problems}", string.Join("; ", problems));
        return Results.Text("Unhealthy\n" + string.Join("\n", problems), statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
