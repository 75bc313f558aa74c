using Microsoft.EntityFrameworkCore;
using QualityZone.Tests.Infrastructure;

namespace QualityZone.Tests.Features.Structure;

/// <summary>
/// Issue 21: a believable demo zone. Every instant the demo records as having happened (created, submitted, reviewed,
/// signed…) is in the past, the steps of a record come in their order (submitted before reviewed), and what people did
/// by hand (submitting, reviewing, deciding, signing) happened during the zone's working day. Read over every table of
/// the model, so a new module's demo data is checked without being listed here.
/// </summary>
[Collection(DemoZoneCollection.Name)]
public sealed class DemoTimelineTests(DemoZoneFactory factory)
{
    /// <summary>Instants that are plans or limits, which may lie ahead: a session's start and end, a deadline, an expiry.</summary>
    private static readonly string[] Ahead = ["Starts", "Ends", "Expires", "Due", "Deadline", "Until", "Next", "Scheduled", "Remind", "Lockout", "Planned", "Opens", "Closes"];

    /// <summary>The steps of a record in the order they happen; a record's step may be missing, never out of order.</summary>
    private static readonly string[][] Order =
    [
        ["CreatedAt", "AppliedAt", "RequestedAt"],
        ["SubmittedAt"],
        ["ReviewedAt", "DecidedAt", "VerifiedAt", "AcceptedAt", "ApprovedAt", "SignedAt", "IssuedAt", "ClosedAt", "CompletedAt", "RejectedAt"],
    ];

    /// <summary>What a person does at a desk: in the zone's working day (08:00–19:00 Beijing time).</summary>
    private static readonly string[] ByHand = ["SubmittedAt", "ReviewedAt", "DecidedAt", "VerifiedAt", "ApprovedAt", "SignedAt"];

    [Fact]
    public async Task Every_recorded_instant_is_past_in_order_and_by_hand_in_working_hours()
    {
        var ct = TestContext.Current.CancellationToken;
        var now = DateTimeOffset.UtcNow.AddMinutes(1).UtcTicks;
        var seeded = factory.SeededAt.UtcTicks;
        var failures = await factory.WithDbAsync(async db =>
        {
            var found = new List<string>();
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync(ct);
            async Task<(long Count, string? Example)> CountAsync(string table, string where, string example)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT COUNT(*), MIN({example}) FROM \"{table}\" WHERE {where}";
                await using var reader = await command.ExecuteReaderAsync(ct);
                await reader.ReadAsync(ct);
                return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetValue(1).ToString());
            }
            static string Zone(long ticks) => new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm");
            var checkedColumns = 0;
            foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null && !e.IsOwned()))
            {
                var table = entity.GetTableName()!;
                var instants = entity.GetProperties().Where(p => p.ClrType == typeof(DateTimeOffset) || p.ClrType == typeof(DateTimeOffset?))
                    .Select(p => (p.Name, Column: p.GetColumnName())).DistinctBy(p => p.Column).ToList();
                foreach (var (name, column) in instants.Where(i => !Ahead.Any(a => i.Name.Contains(a, StringComparison.Ordinal))))
                {
                    checkedColumns++;
                    var (future, first) = await CountAsync(table, $"\"{column}\" > {now}", $"\"{column}\"");
                    if (future > 0) found.Add($"{table}.{name}: {future} in the future (first {Zone(long.Parse(first!))})");
                    if (!ByHand.Contains(name)) continue;
                    // Ticks to the hour of the day in Beijing time (UTC+8): 36,000,000,000 ticks an hour.
                    var hour = $"(((\"{column}\" / 36000000000) + 8) % 24)";
                    // Only what the demo's people did: the tests beside this one work at whatever hour CI runs.
                    var (late, odd) = await CountAsync(table, $"\"{column}\" <= {seeded} AND ({hour} < 8 OR {hour} >= 19)", $"\"{column}\"");
                    if (late > 0) found.Add($"{table}.{name}: {late} outside working hours (e.g. {Zone(long.Parse(odd!))})");
                }
                var byName = instants.ToDictionary(i => i.Name, i => i.Column);
                for (var step = 0; step + 1 < Order.Length; step++)
                    foreach (var before in Order[step].Where(byName.ContainsKey))
                        foreach (var after in Order.Skip(step + 1).SelectMany(s => s).Where(byName.ContainsKey))
                        {
                            var (wrong, _) = await CountAsync(table, $"\"{byName[before]}\" > \"{byName[after]}\"", "1");
                            if (wrong > 0) found.Add($"{table}: {wrong} with {before} after {after}");
                        }
            }
            Assert.True(checkedColumns > 50, $"only {checkedColumns} instants checked");
            return found;
        });
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>The lab's steps in the order a testing request runs through them.</summary>
    private static readonly string[][] TestingSteps =
        [["提交委托", "下达监督抽检"], ["收样", "上传样品照片"], ["录入结果", "复检结果", "上传原始记录"], ["送审"], ["审核通过，签发报告", "开具整改"], ["交付报告"]];

    [Fact]
    public async Task A_testing_requests_history_runs_through_the_labs_steps_over_days()
    {
        var ct = TestContext.Current.CancellationToken;
        var issued = await factory.WithDbAsync(db => db.TestRequests.AsNoTracking().Include(r => r.History).Where(r => r.IssuedAt != null).ToListAsync(ct));
        var older = issued.Where(r => r.RequestedAt < factory.SeededAt.AddDays(-30)).ToList();
        Assert.NotEmpty(older);
        int Step(string action) => Array.FindIndex(TestingSteps, s => s.Contains(action));
        foreach (var request in older)
        {
            // Events at the same instant are taken in their steps' order; what may not happen is a later step before an earlier one.
            var events = request.History.Where(h => Step(h.Action) >= 0).OrderBy(h => h.At).ThenBy(h => Step(h.Action)).ToList();
            Assert.True(events.Zip(events.Skip(1)).All(p => Step(p.First.Action) <= Step(p.Second.Action)),
                $"{request.Number}: {string.Join(" → ", events.Select(e => $"{e.Action} {e.At:yyyy-MM-dd HH:mm}"))}");
            Assert.Equal(request.IssuedAt, request.History.Single(h => h.Action == "审核通过，签发报告").At);
            Assert.True(events[^1].At - events[0].At >= TimeSpan.FromDays(7), $"{request.Number}: its whole history within {events[^1].At - events[0].At}");
        }
    }
}
