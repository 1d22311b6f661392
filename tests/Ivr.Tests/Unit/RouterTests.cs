using Ivr.Routing;
using Ivr.Rules;

namespace Ivr.Tests.Unit;

/// <summary>
/// The router is a pure function of rules, call facts and an instant. Rules are built the way admins create them,
/// through <see cref="LineRulesReader"/>; instants are UTC and the local wall-clock time is worked out by hand in
/// the comments from the zones' known DST rules, never with the code under test.
/// </summary>
public sealed class RouterTests
{
    private const string Line = "+31201234567";
    private const string Fallback = "+15005550006";
    private const string Caller = "+31698765432";
    private const string Vip = "+31699999999";

    private const string A1 = "+31611111111";
    private const string A2 = "+31611111112";
    private const string B1 = "+31622222221";
    private const string B2 = "client:bob";
    private const string B3 = "sip:carol@example.sip.twilio.com";
    private const string C1 = "+31633333331";
    private const string Dave = "sips:dave@example.sip.twilio.com";
    private const string OnCall = "+31655555555";

    private const string NobodyMessage = "Nobody could take your call. Goodbye.";

    /// <summary>
    /// The usual chain: A sequential (2, 15 s), B simultaneous (3, 25 s), C sequential (1, 30 s). B's SIP address rings
    /// on its own right after B's others: Twilio allows a &lt;Sip&gt; only alone in a &lt;Dial&gt;.
    /// </summary>
    private static readonly string[] UsualOrder = [$"{A1} @15", $"{A2} @15", $"{B1} {B2} @25", $"{B3} @25", $"{C1} @30"];

    /// <summary>A weekday in January (CET, UTC+1, no DST nearby): Wednesday 14 January 2026, 11:00 local.</summary>
    private static readonly DateTimeOffset OpenInstant = new(2026, 1, 14, 10, 0, 0, TimeSpan.Zero);

    // ---------------------------------------------------------------------------------------------------------
    // Opening hours around DST
    // ---------------------------------------------------------------------------------------------------------

    [Theory]
    // Amsterdam, Sunday 29 March 2026: at 01:00 UTC the clocks go from 02:00 CET (UTC+1) to 03:00 CEST (UTC+2).
    [InlineData("Europe/Amsterdam", "01:00-04:00", 2026, 3, 28, 23, 59, false)] // Sun 00:59 CET
    [InlineData("Europe/Amsterdam", "01:00-04:00", 2026, 3, 29, 0, 0, true)] // Sun 01:00 CET
    [InlineData("Europe/Amsterdam", "01:00-04:00", 2026, 3, 29, 0, 59, true)] // Sun 01:59 CET, last minute before the gap
    [InlineData("Europe/Amsterdam", "01:00-04:00", 2026, 3, 29, 1, 0, true)] // Sun 03:00 CEST, first minute after the gap
    [InlineData("Europe/Amsterdam", "01:00-04:00", 2026, 3, 29, 1, 59, true)] // Sun 03:59 CEST
    [InlineData("Europe/Amsterdam", "01:00-04:00", 2026, 3, 29, 2, 0, false)] // Sun 04:00 CEST
    [InlineData("Europe/Amsterdam", "02:00-02:30", 2026, 3, 29, 0, 59, false)] // Sun 01:59 CET
    [InlineData("Europe/Amsterdam", "02:00-02:30", 2026, 3, 29, 1, 0, false)] // Sun 03:00 CEST
    [InlineData("Europe/Amsterdam", "02:00-02:30", 2026, 3, 29, 1, 15, false)] // Sun 03:15 CEST
    [InlineData("Europe/Amsterdam", "02:00-02:30", 2026, 3, 22, 1, 15, true)] // the Sunday before: 02:15 CET exists and is open
    // Amsterdam, Sunday 25 October 2026: at 01:00 UTC the clocks go from 03:00 CEST back to 02:00 CET, so 02:00-03:00 happens twice.
    [InlineData("Europe/Amsterdam", "02:00-03:00", 2026, 10, 24, 23, 59, false)] // Sun 01:59 CEST
    [InlineData("Europe/Amsterdam", "02:00-03:00", 2026, 10, 25, 0, 0, true)] // Sun 02:00 CEST, first pass
    [InlineData("Europe/Amsterdam", "02:00-03:00", 2026, 10, 25, 0, 30, true)] // Sun 02:30 CEST, first pass
    [InlineData("Europe/Amsterdam", "02:00-03:00", 2026, 10, 25, 0, 59, true)] // Sun 02:59 CEST, first pass
    [InlineData("Europe/Amsterdam", "02:00-03:00", 2026, 10, 25, 1, 0, true)] // Sun 02:00 CET, second pass
    [InlineData("Europe/Amsterdam", "02:00-03:00", 2026, 10, 25, 1, 30, true)] // Sun 02:30 CET, second pass
    [InlineData("Europe/Amsterdam", "02:00-03:00", 2026, 10, 25, 1, 59, true)] // Sun 02:59 CET, second pass
    [InlineData("Europe/Amsterdam", "02:00-03:00", 2026, 10, 25, 2, 0, false)] // Sun 03:00 CET
    [InlineData("Europe/Amsterdam", "02:15-02:45", 2026, 10, 25, 0, 30, true)] // Sun 02:30 CEST, first pass
    [InlineData("Europe/Amsterdam", "02:15-02:45", 2026, 10, 25, 1, 30, true)] // Sun 02:30 CET, second pass
    [InlineData("Europe/Amsterdam", "03:00-05:00", 2026, 10, 25, 0, 30, false)] // Sun 02:30 CEST, first pass
    [InlineData("Europe/Amsterdam", "03:00-05:00", 2026, 10, 25, 1, 30, false)] // Sun 02:30 CET, second pass
    [InlineData("Europe/Amsterdam", "03:00-05:00", 2026, 10, 25, 2, 0, true)] // Sun 03:00 CET
    [InlineData("Europe/Amsterdam", "00:00-02:00", 2026, 10, 24, 23, 30, true)] // Sun 01:30 CEST
    [InlineData("Europe/Amsterdam", "00:00-02:00", 2026, 10, 25, 0, 30, false)] // Sun 02:30 CEST, first pass
    [InlineData("Europe/Amsterdam", "00:00-02:00", 2026, 10, 25, 1, 30, false)] // Sun 02:30 CET, second pass
    // New York, Sunday 8 March 2026: at 07:00 UTC the clocks go from 02:00 EST (UTC-5) to 03:00 EDT (UTC-4).
    [InlineData("America/New_York", "01:00-04:00", 2026, 3, 8, 5, 59, false)] // Sun 00:59 EST
    [InlineData("America/New_York", "01:00-04:00", 2026, 3, 8, 6, 0, true)] // Sun 01:00 EST
    [InlineData("America/New_York", "01:00-04:00", 2026, 3, 8, 6, 59, true)] // Sun 01:59 EST, last minute before the gap
    [InlineData("America/New_York", "01:00-04:00", 2026, 3, 8, 7, 0, true)] // Sun 03:00 EDT, first minute after the gap
    [InlineData("America/New_York", "01:00-04:00", 2026, 3, 8, 7, 59, true)] // Sun 03:59 EDT
    [InlineData("America/New_York", "01:00-04:00", 2026, 3, 8, 8, 0, false)] // Sun 04:00 EDT
    [InlineData("America/New_York", "02:00-02:30", 2026, 3, 8, 6, 59, false)] // Sun 01:59 EST
    [InlineData("America/New_York", "02:00-02:30", 2026, 3, 8, 7, 0, false)] // Sun 03:00 EDT
    [InlineData("America/New_York", "02:00-02:30", 2026, 3, 8, 7, 15, false)] // Sun 03:15 EDT
    [InlineData("America/New_York", "02:00-02:30", 2026, 3, 1, 7, 15, true)] // the Sunday before: 02:15 EST exists and is open
    // New York, Sunday 1 November 2026: at 06:00 UTC the clocks go from 02:00 EDT back to 01:00 EST, so 01:00-02:00 happens twice.
    [InlineData("America/New_York", "01:00-02:00", 2026, 11, 1, 4, 59, false)] // Sun 00:59 EDT
    [InlineData("America/New_York", "01:00-02:00", 2026, 11, 1, 5, 0, true)] // Sun 01:00 EDT, first pass
    [InlineData("America/New_York", "01:00-02:00", 2026, 11, 1, 5, 30, true)] // Sun 01:30 EDT, first pass
    [InlineData("America/New_York", "01:00-02:00", 2026, 11, 1, 6, 0, true)] // Sun 01:00 EST, second pass
    [InlineData("America/New_York", "01:00-02:00", 2026, 11, 1, 6, 30, true)] // Sun 01:30 EST, second pass
    [InlineData("America/New_York", "01:00-02:00", 2026, 11, 1, 6, 59, true)] // Sun 01:59 EST, second pass
    [InlineData("America/New_York", "01:00-02:00", 2026, 11, 1, 7, 0, false)] // Sun 02:00 EST
    [InlineData("America/New_York", "02:00-03:00", 2026, 11, 1, 5, 30, false)] // Sun 01:30 EDT, first pass
    [InlineData("America/New_York", "02:00-03:00", 2026, 11, 1, 6, 30, false)] // Sun 01:30 EST, second pass
    [InlineData("America/New_York", "02:00-03:00", 2026, 11, 1, 7, 0, true)] // Sun 02:00 EST
    [InlineData("America/New_York", "02:00-03:00", 2026, 11, 1, 7, 59, true)] // Sun 02:59 EST
    [InlineData("America/New_York", "02:00-03:00", 2026, 11, 1, 8, 0, false)] // Sun 03:00 EST
    public void SundayHoursAroundTheDstChangesAreReadInWallClockTime(
        string zone, string sundayInterval, int year, int month, int day, int utcHour, int utcMinute, bool open)
    {
        var rules = Rules(new LineRulesDocument { TimeZone = zone, OpeningHours = new() { Sunday = [sundayInterval] }, RingGroups = Chain });

        var plan = Router.Plan(rules, Line, new CallFacts(Caller, Utc(year, month, day, utcHour, utcMinute)), Fallback);

        Assert.Equal(open ? RouteKind.Open : RouteKind.Closed, plan.Kind);
    }

    [Theory]
    // Local Sunday 29 March 2026 in Amsterdam runs from 23:00 UTC (00:00 CET) for 23 hours to 22:00 UTC (24:00 CEST).
    [InlineData("Europe/Amsterdam", 2026, 3, 28, 23)]
    // Local Sunday 8 March 2026 in New York runs from 05:00 UTC (00:00 EST) for 23 hours to 04:00 UTC (24:00 EDT).
    [InlineData("America/New_York", 2026, 3, 8, 5)]
    public void AnIntervalInsideTheMissingHourIsNeverOpenThatDay(string zone, int year, int month, int day, int utcHour)
    {
        var rules = Rules(new LineRulesDocument { TimeZone = zone, OpeningHours = new() { Sunday = ["02:00-02:30"] }, RingGroups = Chain });
        var start = Utc(year, month, day, utcHour, 0);

        for (var minute = 0; minute < 23 * 60; minute++)
        {
            var plan = Router.Plan(rules, Line, new CallFacts(Caller, start.AddMinutes(minute)), Fallback);
            Assert.Equal(RouteKind.Closed, plan.Kind);
        }
    }

    [Fact]
    public void ThePlanNamesTheLocalTimeAfterTheClocksWentForward()
    {
        var rules = Rules(new LineRulesDocument { TimeZone = "Europe/Amsterdam", RingGroups = Chain });

        // 01:00 UTC on 29 March 2026 is the first instant of CEST: 03:00 local.
        var plan = Router.Plan(rules, Line, new CallFacts(Caller, Utc(2026, 3, 29, 1, 0)), Fallback);

        Assert.Equal("Local time Sunday 2026-03-29 03:00 in Europe/Amsterdam.", plan.Path[0]);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Intervals past midnight
    // ---------------------------------------------------------------------------------------------------------

    [Theory]
    // Amsterdam in January is CET, UTC+1. Friday 9, Saturday 10, Sunday 11, Monday 12 January 2026.
    [InlineData(DayOfWeek.Friday, "22:00-02:00", 2026, 1, 9, 0, 30, false)] // Fri 01:30: Thursday has no interval
    [InlineData(DayOfWeek.Friday, "22:00-02:00", 2026, 1, 9, 20, 59, false)] // Fri 21:59
    [InlineData(DayOfWeek.Friday, "22:00-02:00", 2026, 1, 9, 21, 0, true)] // Fri 22:00
    [InlineData(DayOfWeek.Friday, "22:00-02:00", 2026, 1, 9, 22, 59, true)] // Fri 23:59
    [InlineData(DayOfWeek.Friday, "22:00-02:00", 2026, 1, 9, 23, 0, true)] // Sat 00:00
    [InlineData(DayOfWeek.Friday, "22:00-02:00", 2026, 1, 10, 0, 30, true)] // Sat 01:30
    [InlineData(DayOfWeek.Friday, "22:00-02:00", 2026, 1, 10, 0, 59, true)] // Sat 01:59
    [InlineData(DayOfWeek.Friday, "22:00-02:00", 2026, 1, 10, 1, 0, false)] // Sat 02:00
    [InlineData(DayOfWeek.Friday, "22:00-02:00", 2026, 1, 10, 21, 30, false)] // Sat 22:30: only Friday night
    [InlineData(DayOfWeek.Friday, "22:00-02:00", 2026, 1, 11, 0, 30, false)] // Sun 01:30
    [InlineData(DayOfWeek.Sunday, "22:00-02:00", 2026, 1, 11, 20, 59, false)] // Sun 21:59
    [InlineData(DayOfWeek.Sunday, "22:00-02:00", 2026, 1, 11, 21, 0, true)] // Sun 22:00
    [InlineData(DayOfWeek.Sunday, "22:00-02:00", 2026, 1, 11, 23, 0, true)] // Mon 00:00
    [InlineData(DayOfWeek.Sunday, "22:00-02:00", 2026, 1, 12, 0, 59, true)] // Mon 01:59
    [InlineData(DayOfWeek.Sunday, "22:00-02:00", 2026, 1, 12, 1, 0, false)] // Mon 02:00
    [InlineData(DayOfWeek.Sunday, "22:00-02:00", 2026, 1, 11, 0, 0, false)] // Sun 01:00: Saturday has no interval
    [InlineData(DayOfWeek.Sunday, "20:00-24:00", 2026, 1, 11, 22, 59, true)] // Sun 23:59
    [InlineData(DayOfWeek.Sunday, "20:00-24:00", 2026, 1, 11, 23, 0, false)] // Mon 00:00: 24:00 ends the day
    [InlineData(DayOfWeek.Monday, "00:00-24:00", 2026, 1, 11, 23, 0, true)] // Mon 00:00
    [InlineData(DayOfWeek.Monday, "00:00-24:00", 2026, 1, 12, 22, 59, true)] // Mon 23:59
    [InlineData(DayOfWeek.Monday, "00:00-24:00", 2026, 1, 12, 23, 0, false)] // Tue 00:00
    [InlineData(DayOfWeek.Monday, "00:00-24:00", 2026, 1, 13, 0, 30, false)] // Tue 01:30: an all-day interval does not run on
    // Saturday night into the Sunday the clocks go forward: Sat 28 March 22:00 CET to Sun 29 March 04:00 CEST.
    [InlineData(DayOfWeek.Saturday, "22:00-04:00", 2026, 3, 29, 0, 59, true)] // Sun 01:59 CET
    [InlineData(DayOfWeek.Saturday, "22:00-04:00", 2026, 3, 29, 1, 30, true)] // Sun 03:30 CEST
    [InlineData(DayOfWeek.Saturday, "22:00-04:00", 2026, 3, 29, 2, 0, false)] // Sun 04:00 CEST
    public void IntervalsPastMidnightRunIntoTheNextDay(DayOfWeek day, string interval, int year, int month, int dayOfMonth, int utcHour, int utcMinute, bool open)
    {
        var rules = Rules(new LineRulesDocument { TimeZone = "Europe/Amsterdam", OpeningHours = HoursOn(day, interval), RingGroups = Chain });

        var plan = Router.Plan(rules, Line, new CallFacts(Caller, Utc(year, month, dayOfMonth, utcHour, utcMinute)), Fallback);

        Assert.Equal(open ? RouteKind.Open : RouteKind.Closed, plan.Kind);
    }

    [Fact]
    public void ALineWithoutOpeningHoursIsAlwaysOpen()
    {
        var rules = Rules(new LineRulesDocument { TimeZone = "Europe/Amsterdam", RingGroups = Chain });

        // Sunday 29 March 2026, 03:00 CEST; Saturday 10 January 2026, 04:00 CET.
        Assert.Equal(RouteKind.Open, Router.Plan(rules, Line, new CallFacts(Caller, Utc(2026, 3, 29, 1, 0)), Fallback).Kind);
        var plan = Router.Plan(rules, Line, new CallFacts(Caller, Utc(2026, 1, 10, 3, 0)), Fallback);
        Assert.Equal(RouteKind.Open, plan.Kind);
        Assert.Contains(plan.Path, p => p.Contains("no opening hours", StringComparison.Ordinal));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Closures
    // ---------------------------------------------------------------------------------------------------------

    [Theory]
    // Instants are at 12:00 UTC, 13:00 or 14:00 in Amsterdam: the same date either way.
    [InlineData("2026-06-15", null, false, 2026, 6, 15, false)]
    [InlineData("2026-06-15", null, false, 2026, 6, 14, true)]
    [InlineData("2026-06-15", null, false, 2026, 6, 16, true)]
    [InlineData("2026-06-15", null, false, 2027, 6, 15, true)] // not yearly
    [InlineData("2026-07-20", "2026-07-31", false, 2026, 7, 19, true)]
    [InlineData("2026-07-20", "2026-07-31", false, 2026, 7, 20, false)]
    [InlineData("2026-07-20", "2026-07-31", false, 2026, 7, 25, false)]
    [InlineData("2026-07-20", "2026-07-31", false, 2026, 7, 31, false)]
    [InlineData("2026-07-20", "2026-07-31", false, 2026, 8, 1, true)]
    [InlineData("2026-07-20", "2026-07-31", false, 2027, 7, 25, true)] // not yearly
    [InlineData("2020-08-01", "2020-08-15", true, 2026, 8, 1, false)]
    [InlineData("2020-08-01", "2020-08-15", true, 2026, 8, 10, false)]
    [InlineData("2020-08-01", "2020-08-15", true, 2026, 8, 15, false)]
    [InlineData("2020-08-01", "2020-08-15", true, 2026, 8, 16, true)]
    [InlineData("2020-08-01", "2020-08-15", true, 2026, 7, 31, true)]
    [InlineData("2020-08-01", "2020-08-15", true, 2019, 8, 10, false)] // yearly also covers years before the rule's own
    [InlineData("2025-12-24", "2026-01-02", true, 2027, 12, 23, true)]
    [InlineData("2025-12-24", "2026-01-02", true, 2027, 12, 24, false)]
    [InlineData("2025-12-24", "2026-01-02", true, 2027, 12, 31, false)]
    [InlineData("2025-12-24", "2026-01-02", true, 2028, 1, 1, false)]
    [InlineData("2025-12-24", "2026-01-02", true, 2028, 1, 2, false)]
    [InlineData("2025-12-24", "2026-01-02", true, 2028, 1, 3, true)]
    [InlineData("2025-12-24", "2026-01-02", true, 2028, 6, 15, true)]
    [InlineData("2026-12-24", "2026-01-02", true, 2030, 12, 28, false)] // yearly, written with "to" before "from"
    [InlineData("2026-12-24", "2026-01-02", true, 2030, 1, 1, false)]
    [InlineData("2026-12-24", "2026-01-02", true, 2030, 1, 3, true)]
    [InlineData("2026-12-25", null, true, 2031, 12, 25, false)]
    [InlineData("2026-12-25", null, true, 2031, 12, 26, true)]
    public void ClosuresCloseWholeLocalDays(string from, string? to, bool yearly, int year, int month, int day, bool open)
    {
        var rules = Rules(new LineRulesDocument
        {
            TimeZone = "Europe/Amsterdam",
            Closures = [new() { From = from, To = to, Yearly = yearly, Name = "Holiday" }],
            RingGroups = Chain,
        });

        var plan = Router.Plan(rules, Line, new CallFacts(Caller, Utc(year, month, day, 12, 0)), Fallback);

        Assert.Equal(open ? RouteKind.Open : RouteKind.Closed, plan.Kind);
        if (!open)
        {
            Assert.Contains(plan.Path, p => p.Contains("closure Holiday", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(2026, 6, 14, 21, 59, true)] // Sun 14 June 23:59 CEST
    [InlineData(2026, 6, 14, 22, 0, false)] // Mon 15 June 00:00 CEST, still 14 June in UTC
    [InlineData(2026, 6, 15, 21, 59, false)] // Mon 15 June 23:59 CEST
    [InlineData(2026, 6, 15, 22, 0, true)] // Tue 16 June 00:00 CEST, still 15 June in UTC
    public void AClosureFollowsTheLinesLocalDateNotTheUtcDate(int year, int month, int day, int utcHour, int utcMinute, bool open)
    {
        var rules = Rules(new LineRulesDocument { TimeZone = "Europe/Amsterdam", Closures = [new() { From = "2026-06-15" }], RingGroups = Chain });

        var plan = Router.Plan(rules, Line, new CallFacts(Caller, Utc(year, month, day, utcHour, utcMinute)), Fallback);

        Assert.Equal(open ? RouteKind.Open : RouteKind.Closed, plan.Kind);
    }

    [Fact]
    public void AClosureClosesEvenWithinOpeningHours()
    {
        var rules = Rules(new LineRulesDocument
        {
            TimeZone = "Europe/Amsterdam",
            OpeningHours = Weekdays("09:00-17:00"),
            Closures = [new() { From = "2026-01-14" }],
            RingGroups = Chain,
        });

        // Wednesday 14 January 2026, 11:00 CET.
        Assert.Equal(RouteKind.Closed, Router.Plan(rules, Line, new CallFacts(Caller, OpenInstant), Fallback).Kind);
        // Thursday 15 January 2026, 11:00 CET.
        Assert.Equal(RouteKind.Open, Router.Plan(rules, Line, new CallFacts(Caller, Utc(2026, 1, 15, 10, 0)), Fallback).Kind);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Public holidays
    // ---------------------------------------------------------------------------------------------------------

    [Theory]
    // Lines are always open except on holidays; instants at 12:00 UTC are 13:00/14:00 local, the same date.
    [InlineData("NL", 2025, 4, 26, false)] // Koningsdag: 27 April 2025 is a Sunday, so Saturday 26 April
    [InlineData("NL", 2025, 4, 27, true)] // the Sunday itself is an ordinary day
    [InlineData("NL", 2026, 4, 27, false)] // Koningsdag on a Monday
    [InlineData("NL", 2026, 4, 26, true)]
    [InlineData("NL", 2025, 5, 5, false)] // Bevrijdingsdag in a lustrum year
    [InlineData("NL", 2026, 5, 5, true)] // not in 2026
    [InlineData("NL", 2030, 5, 5, false)]
    [InlineData("NL", 2026, 4, 3, true)] // Good Friday is not in the NL set
    [InlineData("NL", 2026, 4, 5, false)] // Eerste Paasdag
    [InlineData("NL", 2026, 4, 6, false)] // Tweede Paasdag
    [InlineData("NL", 2026, 5, 13, true)]
    [InlineData("NL", 2026, 5, 14, false)] // Hemelvaartsdag, Easter + 39
    [InlineData("NL", 2026, 5, 24, false)] // Eerste Pinksterdag
    [InlineData("NL", 2026, 5, 25, false)] // Tweede Pinksterdag
    [InlineData("NL", 2026, 1, 1, false)]
    [InlineData("NL", 2026, 12, 24, true)]
    [InlineData("NL", 2026, 12, 25, false)]
    [InlineData("NL", 2026, 12, 26, false)]
    [InlineData("DE", 2026, 4, 2, true)]
    [InlineData("DE", 2026, 4, 3, false)] // Karfreitag, Easter − 2
    [InlineData("DE", 2026, 4, 6, false)] // Ostermontag
    [InlineData("DE", 2026, 5, 1, false)]
    [InlineData("DE", 2026, 5, 14, false)] // Christi Himmelfahrt
    [InlineData("DE", 2026, 5, 25, false)] // Pfingstmontag
    [InlineData("DE", 2026, 5, 5, true)] // Dutch Liberation Day is not German
    [InlineData("DE", 2025, 4, 26, true)]
    [InlineData("DE", 2026, 10, 3, false)]
    public void PublicHolidaysCloseTheLine(string set, int year, int month, int day, bool open)
    {
        var rules = Rules(new LineRulesDocument { TimeZone = "Europe/Berlin", PublicHolidays = [set], RingGroups = Chain });

        var plan = Router.Plan(rules, Line, new CallFacts(Caller, Utc(year, month, day, 12, 0)), Fallback);

        Assert.Equal(open ? RouteKind.Open : RouteKind.Closed, plan.Kind);
    }

    [Fact]
    public void AHolidayMovedOntoASaturdayClosesALineThatIsOpenOnSaturdays()
    {
        var document = new LineRulesDocument { TimeZone = "Europe/Amsterdam", OpeningHours = new() { Saturday = ["09:00-17:00"] }, RingGroups = Chain };
        var withHolidays = Rules(document with { PublicHolidays = ["NL"] });
        var withoutHolidays = Rules(document);

        // Saturday 26 April 2025, 10:00 CEST: King's Day, moved from Sunday 27 April.
        var kingsDay = Utc(2025, 4, 26, 8, 0);
        // Saturday 19 April 2025, 10:00 CEST: an ordinary Saturday.
        var ordinarySaturday = Utc(2025, 4, 19, 8, 0);

        var closed = Router.Plan(withHolidays, Line, new CallFacts(Caller, kingsDay), Fallback);
        Assert.Equal(RouteKind.Closed, closed.Kind);
        Assert.Contains(closed.Path, p => p.Contains("Koningsdag", StringComparison.Ordinal));
        Assert.Equal(RouteKind.Open, Router.Plan(withHolidays, Line, new CallFacts(Caller, ordinarySaturday), Fallback).Kind);
        Assert.Equal(RouteKind.Open, Router.Plan(withoutHolidays, Line, new CallFacts(Caller, kingsDay), Fallback).Kind);
    }

    [Theory]
    [InlineData(2026, 4, 26, 21, 59, true)] // Sun 26 April 23:59 CEST
    [InlineData(2026, 4, 26, 22, 0, false)] // Mon 27 April 00:00 CEST: King's Day, still 26 April in UTC
    [InlineData(2026, 4, 27, 21, 59, false)] // Mon 27 April 23:59 CEST
    [InlineData(2026, 4, 27, 22, 0, true)] // Tue 28 April 00:00 CEST
    public void AHolidayFollowsTheLinesLocalDate(int year, int month, int day, int utcHour, int utcMinute, bool open)
    {
        var rules = Rules(new LineRulesDocument { TimeZone = "Europe/Amsterdam", PublicHolidays = ["NL"], RingGroups = Chain });

        var plan = Router.Plan(rules, Line, new CallFacts(Caller, Utc(year, month, day, utcHour, utcMinute)), Fallback);

        Assert.Equal(open ? RouteKind.Open : RouteKind.Closed, plan.Kind);
    }

    [Fact]
    public void AGermanHolidayClosesAWeekdayLineInBerlin()
    {
        var rules = Rules(new LineRulesDocument { TimeZone = "Europe/Berlin", OpeningHours = Weekdays("09:00-17:00"), PublicHolidays = ["DE"], RingGroups = Chain });

        // Friday 3 April 2026 (Karfreitag), 10:00 CEST; Thursday 2 April, 10:00 CEST.
        Assert.Equal(RouteKind.Closed, Router.Plan(rules, Line, new CallFacts(Caller, Utc(2026, 4, 3, 8, 0)), Fallback).Kind);
        Assert.Equal(RouteKind.Open, Router.Plan(rules, Line, new CallFacts(Caller, Utc(2026, 4, 2, 8, 0)), Fallback).Kind);
    }

    // ---------------------------------------------------------------------------------------------------------
    // After hours
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void AfterHoursVoicemailIsTheDefault()
    {
        var plan = ClosedPlan(afterHours: null);

        Assert.Equal(RouteKind.Closed, plan.Kind);
        Assert.Empty(plan.Steps);
        Assert.Equal(new Ending(EndingKind.Voicemail), plan.Ending);
        Assert.Null(plan.Menu);
        Assert.Null(plan.Greeting);
    }

    [Fact]
    public void AfterHoursVoicemailCarriesItsMessage()
    {
        var plan = ClosedPlan(new() { Action = "voicemail", Message = "We are closed; leave a message." });

        Assert.Equal(RouteKind.Closed, plan.Kind);
        Assert.Empty(plan.Steps);
        Assert.Equal(new Ending(EndingKind.Voicemail, "We are closed; leave a message."), plan.Ending);
    }

    [Fact]
    public void AfterHoursForwardRingsTheOnCallNumberThenEndsAsWhenNobodyAnswers()
    {
        var plan = ClosedPlan(new() { Action = "forward", ForwardTo = OnCall });

        Assert.Equal(RouteKind.Closed, plan.Kind);
        var step = Assert.Single(plan.Steps);
        Assert.Equal([new RingTarget(RingTargetKind.Number, OnCall)], step.Targets);
        Assert.Equal(20, step.TimeoutSeconds); // Not Twilio's 30 s default, after which a mobile's own voicemail answers.
        Assert.Equal("(after hours)", step.Group);
        Assert.Equal(new Ending(EndingKind.Goodbye, NobodyMessage), plan.Ending);
        Assert.Null(plan.Menu);

        Assert.Equal(new EndCall(new Ending(EndingKind.Goodbye, NobodyMessage)), Router.AfterDial(plan, 0, "no-answer", null));
        Assert.IsType<HangUp>(Router.AfterDial(plan, 0, "completed", true));
    }

    [Fact]
    public void AnAfterHoursForwardRingsForItsOwnRingTimeout()
    {
        var plan = ClosedPlan(new() { Action = "forward", ForwardTo = OnCall, RingTimeoutSeconds = 45 });

        Assert.Equal(45, Assert.Single(plan.Steps).TimeoutSeconds);
    }

    [Fact]
    public void AfterHoursMessageSaysItThenGoodbye()
    {
        var plan = ClosedPlan(new() { Action = "message", Message = "Closed for the day. Goodbye." });

        Assert.Equal(RouteKind.Closed, plan.Kind);
        Assert.Empty(plan.Steps);
        Assert.Equal(new Ending(EndingKind.Goodbye, "Closed for the day. Goodbye."), plan.Ending);
        Assert.Equal(new EndCall(plan.Ending), Router.AfterDial(plan, -1, null, null));
    }

    [Fact]
    public void AfterHoursMessageWithoutWordsUsesTheBuiltInClosedMessage()
    {
        var plan = ClosedPlan(new() { Action = "message" });

        Assert.Empty(plan.Steps);
        Assert.Equal(new Ending(EndingKind.Goodbye, "Sorry, we are closed right now. Please call again during our opening hours. Goodbye."), plan.Ending);
    }

    [Theory]
    [InlineData("nl-NL", null, null, "We zijn op dit moment gesloten. Bel gerust terug tijdens onze openingstijden. Tot ziens.")]
    [InlineData("nl-BE", null, null, "We zijn op dit moment gesloten. Bel gerust terug tijdens onze openingstijden. Tot ziens.")]
    [InlineData("de-DE", null, null, "Leider haben wir gerade geschlossen. Bitte rufen Sie uns während unserer Öffnungszeiten wieder an. Auf Wiederhören.")]
    [InlineData("de", null, null, "Leider haben wir gerade geschlossen. Bitte rufen Sie uns während unserer Öffnungszeiten wieder an. Auf Wiederhören.")]
    [InlineData("fr-FR", null, null, "Sorry, we are closed right now. Please call again during our opening hours. Goodbye.")]
    [InlineData("nl-NL", "Vandaag gesloten.", null, "Vandaag gesloten.")]
    [InlineData("nl-NL", "Vandaag gesloten.", "Wegens verbouwing gesloten.", "Wegens verbouwing gesloten.")]
    public void TheClosedMessageIsInTheLinesLanguageUnlessTheAdminGaveTheirOwnWords(string language, string? ownClosedText, string? afterHoursMessage, string expected)
    {
        var rules = Rules(ChainDocument() with
        {
            Language = language,
            OpeningHours = Weekdays("09:00-17:00"),
            AfterHours = new() { Action = "message", Message = afterHoursMessage },
            Texts = ownClosedText is null ? null : new() { Closed = ownClosedText },
        });

        // Saturday 10 January 2026, 13:00 CET.
        var plan = Router.Plan(rules, Line, new CallFacts(Caller, Utc(2026, 1, 10, 12, 0)), Fallback);

        Assert.Equal(new Ending(EndingKind.Goodbye, expected), plan.Ending);
    }

    [Fact]
    public void AClosedLineIgnoresMenuVipAndSticky()
    {
        var rules = Rules(ChainDocument() with
        {
            OpeningHours = Weekdays("09:00-17:00"),
            Menu = new() { Prompt = "Press 2 for B.", Options = new Dictionary<string, string> { ["2"] = "B" } },
            VipCallers = [new() { Number = Vip, RingGroup = "C" }],
            Sticky = new() { RingTimeoutSeconds = 12 },
        });

        // Saturday 10 January 2026, 13:00 CET.
        var plan = Router.Plan(rules, Line, new CallFacts(Vip, Utc(2026, 1, 10, 12, 0)) { MenuChoice = '2', LastAnsweredBy = Target(B2) }, Fallback);

        Assert.Equal(RouteKind.Closed, plan.Kind);
        Assert.Empty(plan.Steps);
        Assert.Null(plan.Menu);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The overflow chain and what follows each dial
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void AnOpenLineRingsItsGroupsInChainOrderExpandingSequentialGroups()
    {
        var plan = Router.Plan(Rules(ChainDocument()), Line, new CallFacts(Caller, OpenInstant), Fallback);

        Assert.Equal(RouteKind.Open, plan.Kind);
        Assert.Equal(UsualOrder, Shape(plan));
        Assert.Equal(new Ending(EndingKind.Goodbye, NobodyMessage), plan.Ending);
        Assert.Null(plan.Menu);
        Assert.NotNull(plan.Line);
    }

    [Fact]
    public void ASimultaneousGroupRingsItsSipAddressesEachOnTheirOwnRightAfterItsOtherPeople()
    {
        var rules = Rules(ChainDocument() with
        {
            RingGroups = [new() { Name = "Mixed", Members = [B3, A1, B2, Dave], RingTimeoutSeconds = 18 }],
        });

        var plan = Router.Plan(rules, Line, new CallFacts(Caller, OpenInstant), Fallback);

        Assert.Equal([$"{A1} {B2} @18", $"{B3} @18", $"{Dave} @18"], Shape(plan));
        Assert.All(plan.Steps, step => Assert.Equal("Mixed", step.Group));
        Assert.Equal(
            ["'Mixed', all at once but its SIP addresses, which Twilio rings only alone", $"'Mixed', SIP address 1 of 2 on its own: {B3}", $"'Mixed', SIP address 2 of 2 on its own: {Dave}"],
            plan.Steps.Select(step => step.Description));
    }

    [Theory]
    [InlineData("simultaneous", new[] { $"{B3} @20", $"{Dave} @20" })]
    [InlineData("sequential", new[] { $"{B3} @20", $"{Dave} @20" })]
    public void AGroupOfOnlySipAddressesRingsThemOneAfterAnother(string strategy, string[] expected)
    {
        var rules = Rules(ChainDocument() with { RingGroups = [new() { Name = "Phones", Members = [B3, Dave], Strategy = strategy }] });

        var plan = Router.Plan(rules, Line, new CallFacts(Caller, OpenInstant), Fallback);

        Assert.Equal(expected, Shape(plan));
    }

    [Fact]
    public void ASimultaneousGroupOfOneSipAddressIsOneDial()
    {
        var rules = Rules(ChainDocument() with { RingGroups = [new() { Name = "Phone", Members = [B3] }] });

        var step = Assert.Single(Router.Plan(rules, Line, new CallFacts(Caller, OpenInstant), Fallback).Steps);

        Assert.Equal([B3], step.Targets.Select(t => t.ToString()));
        Assert.Equal("'Phone', all at once", step.Description);
    }

    [Fact]
    public void NoDialEverRingsASipAddressBesideAnotherParty()
    {
        var rules = Rules(MenuDocument() with
        {
            RingGroups = [.. Chain, new() { Name = "D", Members = [Dave, B3, C1] }],
            Sticky = new(),
            VipCallers = [new() { Number = Vip, RingGroup = "D" }],
        });
        CallFacts[] calls =
        [
            new(Caller, OpenInstant),
            new(Vip, OpenInstant),
            new(Caller, OpenInstant) { MenuChoice = '2', LastAnsweredBy = Target(Dave) },
            new(Caller, OpenInstant) { MenuChoice = '3', LastAnsweredBy = Target(B1) },
        ];

        foreach (var call in calls)
        {
            var plan = Router.Plan(rules, Line, call, Fallback);
            Assert.All(plan.Steps, step => Assert.True(
                step.Targets.Count == 1 || step.Targets.All(t => t.Kind != RingTargetKind.Sip),
                $"a dial rings {string.Join(", ", step.Targets)} together"));
            Assert.Contains(plan.Steps, step => step.Targets.Any(t => t.Kind == RingTargetKind.Sip));
        }
    }

    [Fact]
    public void NoAnswerWalksThroughEveryStepThenEndsAsWhenNobodyAnswers()
    {
        var plan = Router.Plan(Rules(ChainDocument()), Line, new CallFacts(Caller, OpenInstant), Fallback);

        for (var i = 0; i < plan.Steps.Count - 1; i++)
        {
            var next = Assert.IsType<RingNext>(Router.AfterDial(plan, i, "no-answer", null));
            Assert.Equal(i + 1, next.Index);
            Assert.Same(plan.Steps[i + 1], next.Step);
        }

        Assert.Equal(new EndCall(new Ending(EndingKind.Goodbye, NobodyMessage)), Router.AfterDial(plan, plan.Steps.Count - 1, "no-answer", null));
    }

    [Theory]
    [InlineData("no-answer", null)]
    [InlineData("no-answer", false)]
    [InlineData("busy", null)]
    [InlineData("failed", null)]
    [InlineData(null, null)]
    public void ADialNobodyTookMovesToTheNextStep(string? status, bool? bridged)
    {
        var plan = Router.Plan(Rules(ChainDocument()), Line, new CallFacts(Caller, OpenInstant), Fallback);

        var next = Assert.IsType<RingNext>(Router.AfterDial(plan, 1, status, bridged));

        Assert.Equal(2, next.Index);
        Assert.Equal([B1, B2], next.Step.Targets.Select(t => t.ToString()));
    }

    [Theory]
    [InlineData("completed", null)]
    [InlineData("answered", null)]
    [InlineData("canceled", null)]
    [InlineData("completed", true)]
    [InlineData("no-answer", true)]
    [InlineData(null, true)]
    public void AnAnsweredOrAbandonedDialHangsUp(string? status, bool? bridged)
    {
        var plan = Router.Plan(Rules(ChainDocument()), Line, new CallFacts(Caller, OpenInstant), Fallback);

        Assert.IsType<HangUp>(Router.AfterDial(plan, 0, status, bridged));
        Assert.IsType<HangUp>(Router.AfterDial(plan, plan.Steps.Count - 1, status, bridged));
    }

    [Fact]
    public void WhenNobodyAnswersDefaultsToVoicemail()
    {
        var plan = Router.Plan(Rules(ChainDocument() with { WhenNobodyAnswers = null }), Line, new CallFacts(Caller, OpenInstant), Fallback);

        Assert.Equal(Ending.Voicemail, plan.Ending);
        Assert.Equal(new EndCall(Ending.Voicemail), Router.AfterDial(plan, 4, "no-answer", null));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Menu, VIP, sticky
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void ACallerWhoHasNotChosenIsOfferedTheMenuWithTheUsualOrderBehindIt()
    {
        var plan = Router.Plan(Rules(MenuDocument()), Line, new CallFacts(Caller, OpenInstant), Fallback);

        Assert.NotNull(plan.Menu);
        Assert.Equal("For B press 2, for C press 3.", plan.Menu.Prompt);
        Assert.Equal(4, plan.Menu.TimeoutSeconds);
        Assert.Equal(UsualOrder, Shape(plan));
    }

    [Theory]
    [InlineData('2', new[] { $"{B1} {B2} @25", $"{B3} @25", $"{A1} @15", $"{A2} @15", $"{C1} @30" })]
    [InlineData('3', new[] { $"{C1} @30", $"{A1} @15", $"{A2} @15", $"{B1} {B2} @25", $"{B3} @25" })]
    [InlineData('1', new[] { $"{A1} @15", $"{A2} @15", $"{B1} {B2} @25", $"{B3} @25", $"{C1} @30" })] // not an option
    [InlineData('9', new[] { $"{A1} @15", $"{A2} @15", $"{B1} {B2} @25", $"{B3} @25", $"{C1} @30" })] // not an option
    [InlineData('#', new[] { $"{A1} @15", $"{A2} @15", $"{B1} {B2} @25", $"{B3} @25", $"{C1} @30" })] // not a digit at all
    public void AMenuChoiceRingsTheChosenGroupFirstThenTheOthersInChainOrder(char choice, string[] expected)
    {
        var plan = Router.Plan(Rules(MenuDocument()), Line, new CallFacts(Caller, OpenInstant) { MenuChoice = choice }, Fallback);

        Assert.Equal(RouteKind.Open, plan.Kind);
        Assert.Null(plan.Menu);
        Assert.Equal(expected, Shape(plan));
    }

    [Fact]
    public void AfterAMenuChoiceTheDialsFollowTheReorderedPlan()
    {
        var plan = Router.Plan(Rules(MenuDocument()), Line, new CallFacts(Caller, OpenInstant) { MenuChoice = '2' }, Fallback);

        var next = Assert.IsType<RingNext>(Router.AfterDial(plan, 1, "no-answer", null));
        Assert.Equal([A1], next.Step.Targets.Select(t => t.ToString()));
        Assert.IsType<RingNext>(Router.AfterDial(plan, 3, "no-answer", null));
        Assert.IsType<EndCall>(Router.AfterDial(plan, 4, "no-answer", null));
    }

    [Fact]
    public void AMenuChoiceIsIgnoredWhenTheLineHasNoMenu()
    {
        var plan = Router.Plan(Rules(ChainDocument()), Line, new CallFacts(Caller, OpenInstant) { MenuChoice = '2' }, Fallback);

        Assert.Null(plan.Menu);
        Assert.Equal(UsualOrder, Shape(plan));
    }

    [Theory]
    [InlineData(null)]
    [InlineData('2')]
    public void AVipCallerSkipsTheMenuAndRingsTheirGroupFirst(char? choice)
    {
        var rules = Rules(MenuDocument() with { VipCallers = [new() { Number = Vip, RingGroup = "C" }] });

        var plan = Router.Plan(rules, Line, new CallFacts(Vip, OpenInstant) { MenuChoice = choice }, Fallback);

        Assert.Null(plan.Menu);
        Assert.Equal([$"{C1} @30", $"{A1} @15", $"{A2} @15", $"{B1} {B2} @25", $"{B3} @25"], Shape(plan));
    }

    [Fact]
    public void AnotherCallerOnAVipLineStillGetsTheMenu()
    {
        var rules = Rules(MenuDocument() with { VipCallers = [new() { Number = Vip, RingGroup = "C" }] });

        var plan = Router.Plan(rules, Line, new CallFacts(Caller, OpenInstant), Fallback);

        Assert.NotNull(plan.Menu);
        Assert.Equal(UsualOrder, Shape(plan));
    }

    [Fact]
    public void AnAnonymousCallerIsNoVip()
    {
        var rules = Rules(ChainDocument() with { VipCallers = [new() { Number = Vip, RingGroup = "C" }] });

        var plan = Router.Plan(rules, Line, new CallFacts(null, OpenInstant), Fallback);

        Assert.Equal(UsualOrder, Shape(plan));
    }

    // Whether the last answer is recent enough (sticky.withinDays) is decided where it is looked up, by the `since`
    // bound of the sticky memory; the router only sees LastAnsweredBy when it is within the window.
    [Theory]
    [InlineData(B2)]
    [InlineData(A2)]
    [InlineData(C1)]
    public void AReturningCallerRingsWhoeverAnsweredThemLastFirst(string lastAnsweredBy)
    {
        var rules = Rules(ChainDocument() with { Sticky = new() { WithinDays = 30, RingTimeoutSeconds = 12 } });

        var plan = Router.Plan(rules, Line, new CallFacts(Caller, OpenInstant) { LastAnsweredBy = Target(lastAnsweredBy) }, Fallback);

        Assert.Equal([$"{lastAnsweredBy} @12", .. UsualOrder], Shape(plan));
    }

    [Fact]
    public void APersonNoLongerInAnyGroupGetsNoStickyStep()
    {
        var rules = Rules(ChainDocument() with { Sticky = new() { WithinDays = 30, RingTimeoutSeconds = 12 } });

        var plan = Router.Plan(rules, Line, new CallFacts(Caller, OpenInstant) { LastAnsweredBy = Target("+31688888888") }, Fallback);

        Assert.Equal(UsualOrder, Shape(plan));
    }

    [Fact]
    public void WithoutStickyRoutingTheLastAnswererIsIgnored()
    {
        var plan = Router.Plan(Rules(ChainDocument()), Line, new CallFacts(Caller, OpenInstant) { LastAnsweredBy = Target(B2) }, Fallback);

        Assert.Equal(UsualOrder, Shape(plan));
    }

    [Fact]
    public void StickyRingTimeoutDefaultsToFifteenSeconds()
    {
        var rules = Rules(ChainDocument() with { Sticky = new() });

        var plan = Router.Plan(rules, Line, new CallFacts(Caller, OpenInstant) { LastAnsweredBy = Target(A1) }, Fallback);

        Assert.Equal($"{A1} @15", Shape(plan)[0]);
    }

    [Fact]
    public void StickyComesBeforeTheVipGroupAndTheMenuChoice()
    {
        var rules = Rules(MenuDocument() with
        {
            VipCallers = [new() { Number = Vip, RingGroup = "C" }],
            Sticky = new() { RingTimeoutSeconds = 12 },
        });

        var vip = Router.Plan(rules, Line, new CallFacts(Vip, OpenInstant) { LastAnsweredBy = Target(B1) }, Fallback);
        var chose = Router.Plan(rules, Line, new CallFacts(Caller, OpenInstant) { MenuChoice = '3', LastAnsweredBy = Target(B1) }, Fallback);

        Assert.Equal([$"{B1} @12", $"{C1} @30", $"{A1} @15", $"{A2} @15", $"{B1} {B2} @25", $"{B3} @25"], Shape(vip));
        Assert.Equal(Shape(vip), Shape(chose));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Plan properties and the fallback
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void ThePlanCarriesGreetingLanguageScreeningAndTheLinesCallerId()
    {
        var rules = Rules(ChainDocument() with { Greeting = "Welcome to Example.", Language = "nl-NL", Screening = true, CallerId = "line" });

        var plan = Router.Plan(rules, Line, new CallFacts(Caller, OpenInstant), Fallback);

        Assert.Equal("Welcome to Example.", plan.Greeting);
        Assert.Equal("nl-NL", plan.Language);
        Assert.True(plan.Screening);
        Assert.Equal(Line, plan.CallerId);
        Assert.Same(rules, plan.Line);
    }

    [Fact]
    public void ByDefaultThereIsNoGreetingNoScreeningAndThePeopleSeeTheCaller()
    {
        var plan = Router.Plan(Rules(ChainDocument()), Line, new CallFacts(Caller, OpenInstant), Fallback);

        Assert.Null(plan.Greeting);
        Assert.Null(plan.Language);
        Assert.False(plan.Screening);
        Assert.Null(plan.CallerId);
    }

    [Fact]
    public void CallerIdCallerKeepsTheCallersNumber()
    {
        var plan = Router.Plan(Rules(ChainDocument() with { CallerId = "caller" }), Line, new CallFacts(Caller, OpenInstant), Fallback);

        Assert.Null(plan.CallerId);
    }

    [Fact]
    public void AClosedPlanKeepsScreeningAndCallerIdForTheForward()
    {
        var rules = Rules(ChainDocument() with
        {
            OpeningHours = Weekdays("09:00-17:00"),
            AfterHours = new() { Action = "forward", ForwardTo = OnCall },
            Greeting = "Welcome.",
            Screening = true,
            CallerId = "line",
        });

        // Saturday 10 January 2026, 13:00 CET.
        var plan = Router.Plan(rules, Line, new CallFacts(Caller, Utc(2026, 1, 10, 12, 0)), Fallback);

        Assert.Equal(RouteKind.Closed, plan.Kind);
        Assert.True(plan.Screening);
        Assert.Equal(Line, plan.CallerId);
        Assert.Null(plan.Greeting);
    }

    [Theory]
    [InlineData(Line)]
    [InlineData(null)]
    public void WithoutRulesTheFallbackNumberRings(string? calledNumber)
    {
        var plan = Router.Plan(null, calledNumber, new CallFacts(Caller, OpenInstant) { MenuChoice = '2', LastAnsweredBy = Target(B2) }, Fallback);

        Assert.Equal(RouteKind.Fallback, plan.Kind);
        var step = Assert.Single(plan.Steps);
        Assert.Equal([new RingTarget(RingTargetKind.Number, Fallback)], step.Targets);
        Assert.Equal(20, step.TimeoutSeconds);
        Assert.Equal(Ending.Goodbye, plan.Ending);
        Assert.Null(plan.Line);
        Assert.Null(plan.Menu);
        Assert.Null(plan.Greeting);
        Assert.Null(plan.Language);
        Assert.Null(plan.CallerId);
        Assert.False(plan.Screening);
        Assert.NotEmpty(plan.Path);

        Assert.Equal(new EndCall(Ending.Goodbye), Router.AfterDial(plan, 0, "no-answer", null));
        Assert.IsType<HangUp>(Router.AfterDial(plan, 0, "completed", null));
    }

    [Fact]
    public void TheFallbackNumberRingsForTheGivenTimeout()
    {
        var plan = Router.Plan(null, Line, new CallFacts(Caller, OpenInstant), Fallback, fallbackRingTimeoutSeconds: 35);

        Assert.Equal(35, Assert.Single(plan.Steps).TimeoutSeconds);
    }

    [Fact]
    public void ThePlanIsTheSameForTheSameInputs()
    {
        var rules = Rules(MenuDocument() with { Sticky = new() });
        var call = new CallFacts(Caller, OpenInstant) { MenuChoice = '3', LastAnsweredBy = Target(A1) };

        var first = Router.Plan(rules, Line, call, Fallback);
        var second = Router.Plan(rules, Line, call, Fallback);

        Assert.Equal(Shape(first), Shape(second));
        Assert.Equal(first.Path, second.Path);
        Assert.Equal(first.Ending, second.Ending);
    }

    [Fact]
    public void AnUnexplainedPlanDecidesTheSameAndOnlyLeavesOutThePath()
    {
        LineRules?[] lines =
        [
            null,
            Rules(MenuDocument() with { Sticky = new(), OpeningHours = Weekdays("09:00-17:00"), PublicHolidays = ["NL"], Greeting = "Welcome." }),
            Rules(ChainDocument() with { OpeningHours = Weekdays("08:00-12:00"), AfterHours = new() { Action = "forward", ForwardTo = OnCall }, Screening = true }),
            Rules(ChainDocument() with { OpeningHours = Weekdays("09:00-17:00"), AfterHours = new() { Action = "message", Message = "Closed." } }),
            Rules(ChainDocument() with { OpeningHours = Weekdays("09:00-17:00"), Closures = [new() { From = "2026-01-14" }] }),
        ];
        var checkedPlans = 0;
        foreach (var rules in lines)
        {
            // Every 97 minutes over nine days: open and closed hours, weekdays, the weekend and the closure.
            for (var at = Utc(2026, 1, 8, 0, 0); at < Utc(2026, 1, 17, 0, 0); at = at.AddMinutes(97))
            {
                foreach (var call in new[] { new CallFacts(Caller, at), new CallFacts(Caller, at) { MenuChoice = '2', LastAnsweredBy = Target(B2) } })
                {
                    var explained = Router.Plan(rules, Line, call, Fallback);
                    var unexplained = Router.Plan(rules, Line, call, Fallback, explain: false);

                    Assert.NotEmpty(explained.Path);
                    Assert.Empty(unexplained.Path);
                    Assert.Equal(explained.Kind, unexplained.Kind);
                    Assert.Equal(Shape(explained), Shape(unexplained));
                    Assert.Equal(explained.Steps.Select(step => (step.Group, step.Description)), unexplained.Steps.Select(step => (step.Group, step.Description)));
                    Assert.Equal(explained.Ending, unexplained.Ending);
                    Assert.Equal(explained.Menu, unexplained.Menu);
                    Assert.Equal((explained.Greeting, explained.CallerId, explained.Screening), (unexplained.Greeting, unexplained.CallerId, unexplained.Screening));
                    checkedPlans++;
                }
            }
        }

        Assert.True(checkedPlans > 1_000, $"only {checkedPlans} plans compared");
    }

    // ---------------------------------------------------------------------------------------------------------

    private static IReadOnlyList<RingGroupDocument> Chain =>
    [
        new() { Name = "A", Members = [A1, A2], Strategy = "sequential", RingTimeoutSeconds = 15 },
        new() { Name = "B", Members = [B1, B2, B3], Strategy = "simultaneous", RingTimeoutSeconds = 25 },
        new() { Name = "C", Members = [C1], Strategy = "sequential", RingTimeoutSeconds = 30 },
    ];

    private static LineRulesDocument ChainDocument() => new()
    {
        Name = "Example support",
        TimeZone = "Europe/Amsterdam",
        RingGroups = Chain,
        WhenNobodyAnswers = new() { Action = "goodbye", Message = NobodyMessage },
    };

    private static LineRulesDocument MenuDocument() => ChainDocument() with
    {
        Menu = new()
        {
            Prompt = "For B press 2, for C press 3.",
            TimeoutSeconds = 4,
            Options = new Dictionary<string, string> { ["2"] = "B", ["3"] = "C" },
        },
    };

    private static RoutePlan ClosedPlan(AfterHoursDocument? afterHours)
    {
        var rules = Rules(ChainDocument() with
        {
            OpeningHours = Weekdays("09:00-17:00"),
            AfterHours = afterHours,
            Greeting = "Welcome.",
        });

        // Saturday 10 January 2026, 13:00 CET: the line is open on weekdays only.
        return Router.Plan(rules, Line, new CallFacts(Caller, Utc(2026, 1, 10, 12, 0)), Fallback);
    }

    private static LineRules Rules(LineRulesDocument document)
    {
        var (rules, errors) = LineRulesReader.Read(Line, document);
        Assert.Empty(errors);
        Assert.NotNull(rules);
        return rules;
    }

    private static WeeklyHoursDocument Weekdays(string interval) => new()
    {
        Monday = [interval],
        Tuesday = [interval],
        Wednesday = [interval],
        Thursday = [interval],
        Friday = [interval],
    };

    private static WeeklyHoursDocument HoursOn(DayOfWeek day, string interval) => day switch
    {
        DayOfWeek.Monday => new() { Monday = [interval] },
        DayOfWeek.Tuesday => new() { Tuesday = [interval] },
        DayOfWeek.Wednesday => new() { Wednesday = [interval] },
        DayOfWeek.Thursday => new() { Thursday = [interval] },
        DayOfWeek.Friday => new() { Friday = [interval] },
        DayOfWeek.Saturday => new() { Saturday = [interval] },
        _ => new() { Sunday = [interval] },
    };

    private static RingTarget Target(string text)
    {
        Assert.True(RingTarget.TryParse(text, out var target));
        return target;
    }

    /// <summary>Each dial as "target target … @timeout", in order.</summary>
    private static string[] Shape(RoutePlan plan) =>
        [.. plan.Steps.Select(s => string.Join(' ', s.Targets) + " @" + s.TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
