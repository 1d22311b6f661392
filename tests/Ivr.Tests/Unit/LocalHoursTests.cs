using Ivr.Analytics;

namespace Ivr.Tests.Unit;

/// <summary>
/// Rollups are per local hour of a line's zone, named by the hour's first instant with the offset then in force.
/// Expected hours are worked out from each zone's rules: Amsterdam +01:00/+02:00 (clocks change at 01:00 UTC),
/// Kolkata +05:30, St John's −03:30/−02:30 (clocks change at 02:00 local), Santiago −04:00/−03:00 and Havana
/// −05:00/−04:00 (clocks change at local midnight).
/// </summary>
public sealed class LocalHoursTests
{
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
    private static readonly TimeZoneInfo Kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
    private static readonly TimeZoneInfo StJohns = TimeZoneInfo.FindSystemTimeZoneById("America/St_Johns");
    private static readonly TimeZoneInfo Santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
    private static readonly TimeZoneInfo Havana = TimeZoneInfo.FindSystemTimeZoneById("America/Havana");

    public static TheoryData<string> Zones() => new()
    {
        "Europe/Amsterdam", "Asia/Kolkata", "America/St_Johns", "America/Santiago", "America/Havana", "Asia/Kathmandu",
        "America/New_York", "Australia/Sydney", "Pacific/Auckland", "Etc/UTC",
    };

    [Fact]
    public void TheNightTheClocksGoBackInAmsterdamHasTwoTwoOClockHoursWithTheirOwnOffsets()
    {
        // 25 October 2026: at 01:00 UTC, 03:00 CEST becomes 02:00 CET.
        var first = LocalHours.HourOf(Utc(2026, 10, 25, 0, 30), Amsterdam);
        var second = LocalHours.HourOf(Utc(2026, 10, 25, 1, 30), Amsterdam);

        AssertExactly(new DateTimeOffset(2026, 10, 25, 2, 0, 0, TimeSpan.FromHours(2)), first);
        AssertExactly(new DateTimeOffset(2026, 10, 25, 2, 0, 0, TimeSpan.FromHours(1)), second);
        Assert.NotEqual(first, second);
        Assert.Equal(first.Hour, second.Hour);
        Assert.Equal(TimeSpan.FromHours(1), second - first);

        // The last moment of the first 02:00 hour and the first of the second.
        AssertExactly(first, LocalHours.HourOf(Utc(2026, 10, 25, 0, 59).AddSeconds(59).AddMilliseconds(999), Amsterdam));
        AssertExactly(second, LocalHours.HourOf(Utc(2026, 10, 25, 1, 0), Amsterdam));
        AssertExactly(new DateTimeOffset(2026, 10, 25, 1, 0, 0, TimeSpan.FromHours(2)), LocalHours.HourOf(Utc(2026, 10, 24, 23, 59), Amsterdam));
        AssertExactly(new DateTimeOffset(2026, 10, 25, 3, 0, 0, TimeSpan.FromHours(1)), LocalHours.HourOf(Utc(2026, 10, 25, 2, 0), Amsterdam));
    }

    [Fact]
    public void TheNightTheClocksGoForwardInAmsterdamHasNoTwoOClockHour()
    {
        // 29 March 2026: at 01:00 UTC, 02:00 CET becomes 03:00 CEST.
        AssertExactly(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.FromHours(1)), LocalHours.HourOf(Utc(2026, 3, 29, 0, 59), Amsterdam));
        AssertExactly(new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2)), LocalHours.HourOf(Utc(2026, 3, 29, 1, 0), Amsterdam));

        var hours = Enumerable.Range(0, 6 * 60).Select(m => LocalHours.HourOf(Utc(2026, 3, 28, 22, 0).AddMinutes(m), Amsterdam)).Distinct().ToList();
        Assert.Equal("23 0 1 3 4 5", string.Join(' ', hours.Select(h => h.Hour)));
    }

    [Fact]
    public void KolkataHoursStartHalfPastTheUtcHour()
    {
        // 10:15 UTC is 15:45 IST; the hour began at 15:00 IST, which is 09:30 UTC.
        var hour = LocalHours.HourOf(Utc(2026, 11, 23, 10, 15), Kolkata);

        AssertExactly(new DateTimeOffset(2026, 11, 23, 15, 0, 0, new TimeSpan(5, 30, 0)), hour);
        Assert.Equal(new DateTime(2026, 11, 23, 9, 30, 0, DateTimeKind.Utc), hour.UtcDateTime);
        AssertExactly(hour, LocalHours.HourOf(Utc(2026, 11, 23, 9, 30), Kolkata));
        AssertExactly(hour, LocalHours.HourOf(Utc(2026, 11, 23, 10, 29).AddSeconds(59).AddMilliseconds(999), Kolkata));
        AssertExactly(hour.AddHours(1), LocalHours.HourOf(Utc(2026, 11, 23, 10, 30), Kolkata));
        AssertExactly(hour.AddHours(-1), LocalHours.HourOf(Utc(2026, 11, 23, 9, 29), Kolkata));
    }

    [Fact]
    public void StJohnsHoursStartHalfPastTheUtcHourAndItsClocksChangeAtTwoLocal()
    {
        // 23 November 2026, NST (−03:30): 10:15 UTC is 06:45, in the hour from 06:00 (09:30 UTC).
        var hour = LocalHours.HourOf(Utc(2026, 11, 23, 10, 15), StJohns);
        AssertExactly(new DateTimeOffset(2026, 11, 23, 6, 0, 0, new TimeSpan(-3, -30, 0)), hour);
        Assert.Equal(new DateTime(2026, 11, 23, 9, 30, 0, DateTimeKind.Utc), hour.UtcDateTime);

        // 1 November 2026: 02:00 NDT (−02:30, 04:30 UTC) becomes 01:00 NST (−03:30): two 01:00 hours.
        AssertExactly(new DateTimeOffset(2026, 11, 1, 1, 0, 0, new TimeSpan(-2, -30, 0)), LocalHours.HourOf(Utc(2026, 11, 1, 4, 0), StJohns));
        AssertExactly(new DateTimeOffset(2026, 11, 1, 1, 0, 0, new TimeSpan(-3, -30, 0)), LocalHours.HourOf(Utc(2026, 11, 1, 5, 0), StJohns));

        // 8 March 2026: 02:00 NST (05:30 UTC) becomes 03:00 NDT.
        AssertExactly(new DateTimeOffset(2026, 3, 8, 1, 0, 0, new TimeSpan(-3, -30, 0)), LocalHours.HourOf(Utc(2026, 3, 8, 5, 29), StJohns));
        AssertExactly(new DateTimeOffset(2026, 3, 8, 3, 0, 0, new TimeSpan(-2, -30, 0)), LocalHours.HourOf(Utc(2026, 3, 8, 5, 30), StJohns));
    }

    [Fact]
    public void TheHourDoesNotDependOnTheOffsetTheInstantCameWith()
    {
        var utc = new DateTimeOffset(2026, 10, 25, 1, 12, 34, 567, TimeSpan.Zero);

        var expected = LocalHours.HourOf(utc, Amsterdam);

        AssertExactly(expected, LocalHours.HourOf(utc.ToOffset(TimeSpan.FromHours(9)), Amsterdam));
        AssertExactly(expected, LocalHours.HourOf(utc.ToOffset(new TimeSpan(-3, -30, 0)), Amsterdam));
        AssertExactly(new DateTimeOffset(2026, 10, 25, 2, 0, 0, TimeSpan.FromHours(1)), expected);
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void EveryInstantFallsInTheLocalHourItIsNamedBy(string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var random = new Random(zoneId.Length * 7919);
        var start = Utc(2026, 1, 1, 0, 0);
        var instants = Enumerable.Range(0, 5_000)
            .Select(_ => start.AddTicks(random.NextInt64(0, TimeSpan.TicksPerDay * 365)))
            .Concat(Transitions(zone, 2026).SelectMany(t => new[] { t.AddTicks(-1), t, t.AddMinutes(30), t.AddMinutes(-30) }));

        foreach (var instant in instants)
        {
            var hour = LocalHours.HourOf(instant, zone);
            var local = TimeZoneInfo.ConvertTime(instant, zone);

            Assert.True(hour <= instant && instant < hour.AddHours(1), $"{instant:O} in {hour:O}");
            Assert.Equal(0, hour.Ticks % TimeSpan.TicksPerHour); // a whole hour on the local clock
            Assert.Equal(local.Offset, hour.Offset);
            Assert.Equal(local.Date, hour.Date);
            Assert.Equal(local.Hour, hour.Hour);
            Assert.Equal(zone.GetUtcOffset(hour), hour.Offset); // the hour's start is a real instant of the zone
            AssertExactly(hour, LocalHours.HourOf(hour, zone));
            Assert.Equal(DateOnly.FromDateTime(local.DateTime), LocalHours.DayOf(hour));
        }
    }

    [Fact]
    public void AnOrdinaryDayStartsAtLocalMidnight()
    {
        AssertExactly(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(1)), LocalHours.StartOfDay(new DateOnly(2026, 11, 23), Amsterdam));
        AssertExactly(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.FromHours(2)), LocalHours.StartOfDay(new DateOnly(2026, 7, 1), Amsterdam));
        AssertExactly(new DateTimeOffset(2026, 11, 23, 0, 0, 0, new TimeSpan(5, 30, 0)), LocalHours.StartOfDay(new DateOnly(2026, 11, 23), Kolkata));
        Assert.Equal(new DateTime(2026, 11, 22, 18, 30, 0, DateTimeKind.Utc), LocalHours.StartOfDay(new DateOnly(2026, 11, 23), Kolkata).UtcDateTime);

        // The days the clocks change in Amsterdam still start at midnight; they last 23 and 25 hours.
        AssertExactly(new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.FromHours(1)), LocalHours.StartOfDay(new DateOnly(2026, 3, 29), Amsterdam));
        AssertExactly(new DateTimeOffset(2026, 10, 25, 0, 0, 0, TimeSpan.FromHours(2)), LocalHours.StartOfDay(new DateOnly(2026, 10, 25), Amsterdam));
        Assert.Equal(TimeSpan.FromHours(23), DayLength(new DateOnly(2026, 3, 29), Amsterdam));
        Assert.Equal(TimeSpan.FromHours(25), DayLength(new DateOnly(2026, 10, 25), Amsterdam));
    }

    [Fact]
    public void WhenTheClocksSkipMidnightInSantiagoTheDayStartsAtOneOClock()
    {
        // 6 September 2026: at 04:00 UTC, midnight CLT (−04:00) becomes 01:00 CLST (−03:00).
        var day = new DateOnly(2026, 9, 6);
        Assert.True(Santiago.IsInvalidTime(new DateTime(2026, 9, 6, 0, 0, 0)), "this machine's zone data skips midnight");

        var start = LocalHours.StartOfDay(day, Santiago);

        AssertExactly(new DateTimeOffset(2026, 9, 6, 1, 0, 0, TimeSpan.FromHours(-3)), start);
        AssertFirstInstantOf(day, start, Santiago);
        Assert.Equal(TimeSpan.FromHours(23), DayLength(day, Santiago));
        Assert.Equal(TimeSpan.FromHours(24), DayLength(day.AddDays(-1), Santiago));
    }

    [Fact]
    public void WhenTheClocksSkipMidnightInHavanaTheDayStartsAtOneOClock()
    {
        // 8 March 2026: at 05:00 UTC, midnight CST (−05:00) becomes 01:00 CDT (−04:00).
        var day = new DateOnly(2026, 3, 8);
        Assert.True(Havana.IsInvalidTime(new DateTime(2026, 3, 8, 0, 0, 0)), "this machine's zone data skips midnight");

        var start = LocalHours.StartOfDay(day, Havana);

        AssertExactly(new DateTimeOffset(2026, 3, 8, 1, 0, 0, TimeSpan.FromHours(-4)), start);
        AssertFirstInstantOf(day, start, Havana);
    }

    [Fact]
    public void WhenMidnightHappensTwiceTheDayStartsAtTheFirst()
    {
        // 1 November 2026 in Havana: at 05:00 UTC, 01:00 CDT (−04:00) becomes 00:00 CST (−05:00).
        var day = new DateOnly(2026, 11, 1);
        Assert.True(Havana.IsAmbiguousTime(new DateTime(2026, 11, 1, 0, 0, 0)), "this machine's zone data repeats midnight");

        var start = LocalHours.StartOfDay(day, Havana);

        AssertExactly(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(-4)), start);
        AssertFirstInstantOf(day, start, Havana);
        Assert.Equal(TimeSpan.FromHours(25), DayLength(day, Havana));
    }

    [Fact]
    public void WhenTheClocksGoBackJustBeforeMidnightTheDayBeforeIsLonger()
    {
        // 5 April 2026 in Santiago: at 03:00 UTC, midnight CLST (−03:00) becomes 23:00 CLT (−04:00) on the 4th.
        AssertExactly(new DateTimeOffset(2026, 4, 5, 0, 0, 0, TimeSpan.FromHours(-4)), LocalHours.StartOfDay(new DateOnly(2026, 4, 5), Santiago));
        Assert.Equal(TimeSpan.FromHours(25), DayLength(new DateOnly(2026, 4, 4), Santiago));
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void EveryDayOfTheYearStartsAtItsFirstInstant(string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        for (var day = new DateOnly(2026, 1, 1); day.Year == 2026; day = day.AddDays(1))
        {
            var start = LocalHours.StartOfDay(day, zone);

            AssertFirstInstantOf(day, start, zone);
            Assert.Equal(zone.GetUtcOffset(start), start.Offset);
            Assert.Equal(day, LocalHours.DayOf(LocalHours.HourOf(start, zone)));
            Assert.InRange(DayLength(day, zone), TimeSpan.FromHours(23), TimeSpan.FromHours(25));
        }
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static TimeSpan DayLength(DateOnly day, TimeZoneInfo zone) => LocalHours.StartOfDay(day.AddDays(1), zone) - LocalHours.StartOfDay(day, zone);

    /// <summary>The start is on the day, and a tick earlier is still the day before: no earlier instant belongs to it.</summary>
    private static void AssertFirstInstantOf(DateOnly day, DateTimeOffset start, TimeZoneInfo zone)
    {
        Assert.Equal(day, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, zone).DateTime));
        Assert.Equal(day.AddDays(-1), DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start.AddTicks(-1), zone).DateTime));
        Assert.Equal(TimeZoneInfo.ConvertTime(start, zone).Offset, start.Offset);
    }

    /// <summary>The instants in <paramref name="year"/> at which the zone's offset changes, found minute by minute.</summary>
    private static IEnumerable<DateTimeOffset> Transitions(TimeZoneInfo zone, int year)
    {
        var at = Utc(year, 1, 1, 0, 0);
        var offset = zone.GetUtcOffset(at);
        for (var next = at.AddMinutes(15); next.Year == year; next = next.AddMinutes(15))
        {
            var nextOffset = zone.GetUtcOffset(next);
            if (nextOffset != offset)
            {
                yield return next;
                offset = nextOffset;
            }
        }
    }

    /// <summary>The same instant with the same offset (DateTimeOffset equality alone ignores the offset).</summary>
    private static void AssertExactly(DateTimeOffset expected, DateTimeOffset actual) =>
        Assert.True(expected.EqualsExact(actual), $"expected {expected:O}, got {actual:O}");
}
