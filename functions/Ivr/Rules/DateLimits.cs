using System.Globalization;

namespace Ivr.Rules;

/// <summary>
/// The calendar Ivr takes dates and moments from, in the admin API (closures, the dry run's <c>at</c>), the analytics
/// API and the dashboard: the days 2000-01-01 to 2199-12-31. Input is checked against it before any date arithmetic,
/// so adding a day, an offset or a year of sticky memory can never run past the ends of <see cref="DateOnly"/> and
/// <see cref="DateTimeOffset"/> (0001-01-01, 9999-12-31): a date outside gets a 400 naming its field, not a 500.
/// </summary>
internal static class DateLimits
{
    public static readonly DateOnly FirstDay = new(2000, 1, 1);

    public static readonly DateOnly LastDay = new(2199, 12, 31);

    /// <summary>The first instant taken: the start of <see cref="FirstDay"/> in UTC.</summary>
    public static readonly DateTimeOffset FirstInstant = new(FirstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The first instant no longer taken: the end of <see cref="LastDay"/> in UTC.</summary>
    public static readonly DateTimeOffset EndInstant = new(LastDay.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The range of days as the errors and the docs write it.</summary>
    public static readonly string Days = string.Create(CultureInfo.InvariantCulture, $"{FirstDay:yyyy-MM-dd} to {LastDay:yyyy-MM-dd}");

    public static bool Contains(DateOnly day) => day >= FirstDay && day <= LastDay;

    public static bool Contains(DateTimeOffset instant) => instant >= FirstInstant && instant < EndInstant;
}
