using System.Globalization;

namespace Ivr.Rules;

/// <summary>
/// One opening interval on a weekday, in wall-clock time. An interval whose end is not after its start runs past
/// midnight into the next day (22:00–02:00).
/// </summary>
internal readonly record struct OpeningInterval(TimeOnly From, TimeOnly To)
{
    public bool PastMidnight => To <= From;

    /// <summary>Start and end in minutes from the start of its own day; the end may pass 1440.</summary>
    public (int Start, int End) Minutes => ((int)From.ToTimeSpan().TotalMinutes, (int)To.ToTimeSpan().TotalMinutes + (PastMidnight ? MinutesPerDay : 0));

    public const int MinutesPerDay = 24 * 60;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{From:HH:mm}-{To:HH:mm}");
}

/// <summary>
/// Weekly opening hours. Read in wall-clock time, which is what DST-safe means for a shop's hours: on the day the
/// clocks go forward an interval through the missing hour simply has less of it, and in the repeated hour both
/// passes are open or both closed.
/// </summary>
internal sealed class WeeklyHours(IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningInterval>> days)
{
    public IReadOnlyList<OpeningInterval> On(DayOfWeek day) => days.TryGetValue(day, out var intervals) ? intervals : [];

    /// <summary>The interval that covers <paramref name="local"/>, with the weekday it belongs to, if any.</summary>
    public (DayOfWeek Day, OpeningInterval Interval)? Covering(DateTime local)
    {
        var minute = (int)local.TimeOfDay.TotalMinutes;
        foreach (var interval in On(local.DayOfWeek))
        {
            var (start, end) = interval.Minutes;
            if (minute >= start && minute < end)
            {
                return (local.DayOfWeek, interval);
            }
        }

        // Yesterday's intervals that run past midnight cover the small hours.
        var yesterday = (DayOfWeek)(((int)local.DayOfWeek + 6) % 7);
        foreach (var interval in On(yesterday).Where(i => i.PastMidnight))
        {
            if (minute + OpeningInterval.MinutesPerDay < interval.Minutes.End)
            {
                return (yesterday, interval);
            }
        }

        return null;
    }
}
