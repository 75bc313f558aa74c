namespace QualityZone.Infrastructure;

/// <summary>
/// The system clock, which one flow of work can run behind. The demo seeder uses it so that what its people did "now"
/// is stamped at the end of the zone's last working day when it runs at night or at a weekend (issue 21: a believable
/// demo zone). Only the async flow that set the delay, and the work it starts, sees it; every other request reads the
/// system time.
/// </summary>
public sealed class AppTime : TimeProvider
{
    public static readonly AppTime Instance = new();

    private static readonly AsyncLocal<TimeSpan> Behind = new();

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() - Behind.Value;

    /// <summary>Runs the calling flow's clock <paramref name="delay"/> behind the system's until disposed.</summary>
    public static IDisposable RunBehind(TimeSpan delay)
    {
        var before = Behind.Value;
        Behind.Value = delay;
        return new Restore(before);
    }

    private sealed class Restore(TimeSpan before) : IDisposable
    {
        public void Dispose() => Behind.Value = before;
    }
}
