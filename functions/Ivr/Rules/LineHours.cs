namespace Ivr.Rules;

/// <summary>Whether a line is open at an instant: within its opening hours, and not on a closure or public holiday.</summary>
internal static class LineHours
{
    public static bool IsOpen(LineRules rules, DateTimeOffset instant) =>
        ClosedBecause(rules, TimeZoneInfo.ConvertTime(instant, rules.TimeZone).DateTime) is null;

    /// <summary>Why the line is closed at <paramref name="local"/> (its own time zone's clock), or null when it is open.</summary>
    public static string? ClosedBecause(LineRules rules, DateTime local)
    {
        var today = DateOnly.FromDateTime(local);
        foreach (var closure in rules.Closures)
        {
            if (closure.Covers(today))
            {
                return $"Closed: closure {closure.Describe()}.";
            }
        }

        foreach (var set in rules.PublicHolidays)
        {
            if (set.HolidayOn(today) is { } holiday)
            {
                return $"Closed: public holiday {holiday} ({set.Code}).";
            }
        }

        return rules.OpeningHours is { } hours && hours.Covering(local) is null ? "Closed: outside opening hours." : null;
    }
}
