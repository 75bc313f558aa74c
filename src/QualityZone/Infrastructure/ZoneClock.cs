namespace QualityZone.Infrastructure;

/// <summary>"Today" in the zone's time zone (Asia/Shanghai unless <c>Zone:TimeZone</c> says otherwise).</summary>
public sealed class ZoneClock(TimeProvider clock, IConfiguration configuration)
{
    private readonly TimeZoneInfo timeZone = TimeZoneInfo.FindSystemTimeZoneById(configuration["Zone:TimeZone"] ?? "Asia/Shanghai");

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), timeZone).DateTime);

    /// <summary>Midnight of a day in the zone, as an instant: where a period of days begins.</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, timeZone.GetUtcOffset(local));
    }

    public DateTimeOffset ToZoneTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, timeZone);

    /// <summary>
    /// The instant itself when it falls in the zone's working day (Monday to Friday, 08:30–17:30), otherwise the end of the
    /// last working day before it: when people at desks last did something.
    /// </summary>
    public DateTimeOffset LastWorkingMoment(DateTimeOffset instant)
    {
        static bool Weekday(DateTime day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        var local = ToZoneTime(instant).DateTime;
        if (Weekday(local) && local.TimeOfDay >= new TimeSpan(8, 30, 0) && local.TimeOfDay <= new TimeSpan(17, 30, 0)) return instant;
        var end = local.Date.AddHours(17.5);
        while (end > local || !Weekday(end)) end = end.AddDays(-1);
        return new DateTimeOffset(end, timeZone.GetUtcOffset(end));
    }

    /// <summary>An instant as the zone reads it ("2026-11-26 22:31"), or "—" when there is none.</summary>
    public string Format(DateTimeOffset? instant, string format = "yyyy-MM-dd HH:mm") =>
        instant is { } i ? ToZoneTime(i).ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "—";
}
