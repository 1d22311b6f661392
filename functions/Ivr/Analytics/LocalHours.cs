namespace Ivr.Analytics;

/// <summary>
/// Hours and days on a line's wall clock. Rollups are per local hour, identified by the hour's first instant, so
/// lines in zones half an hour off UTC (India, Newfoundland) still get whole local hours, and the hour the clocks go
/// back is two hours, each with its own offset.
/// </summary>
internal static class LocalHours
{
    /// <summary>How a local hour is written (rollup rows, CSV): its start with the offset in force, e.g. <c>2026-10-25T02:00+01:00</c>.</summary>
    public const string HourFormat = "yyyy-MM-dd'T'HH:mmzzz";

    /// <summary>The start of the local hour holding <paramref name="instant"/>, with the offset in force then.</summary>
    public static DateTimeOffset HourOf(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return local.AddTicks(-(local.Ticks % TimeSpan.TicksPerHour));
    }

    /// <summary>The instant a local day begins: midnight, or the first moment after it when the clocks skip midnight.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        while (zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(15);
        }

        // On an ambiguous midnight the earlier instant (the larger offset) starts the day.
        var offset = zone.IsAmbiguousTime(midnight) ? zone.GetAmbiguousTimeOffsets(midnight).Max() : zone.GetUtcOffset(midnight);
        return new DateTimeOffset(midnight, offset);
    }

    public static DateOnly DayOf(DateTimeOffset localHour) => DateOnly.FromDateTime(localHour.DateTime);
}
