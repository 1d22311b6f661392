namespace Ivr.Rules;

/// <summary>Whether a line is open at an instant: within its opening hours, and not on a closure or public holiday.</summary>
internal static class LineHours
{
    public static bool IsOpen(LineRules rules, DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, rules.TimeZone).DateTime;
        var today = DateOnly.FromDateTime(local);
        return !rules.Closures.Any(c => c.Covers(today))
            && !rules.PublicHolidays.Any(set => set.HolidayOn(today) is not null)
            && (rules.OpeningHours is not { } hours || hours.Covering(local) is not null);
    }
}
