using QualityZone.Infrastructure;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QualityZone.Features.Settings;
using QualityZone.Features.ZoneTasks;
using QualityZone.Infrastructure.Data;

/// <summary>
/// The tracker's read, in process: TaskProgress.ListAsync through EF Core against the same rows
/// read by one hand-written SQL query with Microsoft.Data.Sqlite (the floor).
/// </summary>
static class QueryBench
{
    public static async Task RunAsync(string dataDirectory, int iterations)
    {
        var services = InProcess.Services(dataDirectory, null, s => s
            .AddSingleton<ReadCache>()
            .AddScoped<ZoneSettings>()
            .AddSingleton<ZoneClock>()
            .AddScoped<TaskProgress>());

        async Task<int> ViaEf()
        {
            await using var scope = services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<TaskProgress>().ListAsync()).Sum(t => t.Measures.Count);
        }

        var connectionString = DatabaseSetup.GetConnectionString(services.GetRequiredService<IConfiguration>(), DatabaseProvider.Sqlite);
        async Task<int> ViaSql()
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT t.Number, t.NameZh, t.StartMonth, t.EndMonth, m.Number, m.TextZh, m.Status,
                       (SELECT COUNT(*) FROM zone_task_evidence e WHERE e.MeasureId = m.Id AND NOT e.IsDeleted),
                       (SELECT group_concat(d.Code || ':' || td.Role || ':' || td.Position) FROM zone_task_departments td
                          JOIN departments d ON d.Id = td.DepartmentId WHERE td.TaskNumber = t.Number)
                FROM zone_tasks t JOIN zone_task_measures m ON m.TaskNumber = t.Number
                ORDER BY t.Number, m.Number
                """;
            var rows = 0;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows++;
            return rows;
        }

        async Task<int> EfCount()
        {
            await using var scope = services.CreateAsyncScope();
            return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>().ZoneTasks);
        }
        async Task<int> SqlCount()
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM zone_tasks";
            return Convert.ToInt32(await command.ExecuteScalarAsync());
        }

        foreach (var (name, run) in new (string, Func<Task<int>>)[] {  ("EF Core: TaskProgress.ListAsync (23 tasks, 48 measures)", ViaEf), ("raw SQL, one query, same rows (floor)", ViaSql), ("EF Core: COUNT(*) of tasks", EfCount), ("raw SQL: COUNT(*) of tasks", SqlCount) })
        {
            var times = await Timing.MeasureAsync(run, 50, iterations);
            Console.WriteLine($"| {name} | n={iterations} | median {times[times.Count / 2]:0.000} ms | p95 {times[(int)(times.Count * 0.95)]:0.000} ms |");
        }
    }
}

/// <summary>Runs an operation a number of times after warming up; the sorted durations in ms.</summary>
static class Timing
{
    public static async Task<List<double>> MeasureAsync(Func<Task<int>> run, int warmups, int iterations)
    {
        for (var i = 0; i < warmups; i++) await run();
        var times = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await run();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        times.Sort();
        return times;
    }
}
