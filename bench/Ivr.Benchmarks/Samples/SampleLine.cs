using Ivr.Routing;
using Ivr.Rules;

namespace Ivr.Benchmarks.Samples;

/// <summary>
/// A typical business line: weekday hours with a lunch break and Saturday mornings, Dutch public holidays plus two
/// closures, and two ring groups (the front desk rings everyone at once, then support one by one).
/// </summary>
internal static class SampleLine
{
    public const string FallbackNumber = "+15005550006";

    /// <summary>Wednesday 14 January 2026, 11:00 in Amsterdam (CET): open, first interval of the day.</summary>
    public static readonly DateTimeOffset OpenInstant = new(2026, 1, 14, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Monday 27 April 2026 (King's Day), 11:00 in Amsterdam (CEST): closed for the holiday.</summary>
    public static readonly DateTimeOffset HolidayInstant = new(2026, 4, 27, 9, 0, 0, TimeSpan.Zero);

    public static LineRules Rules { get; } = Create();

    private static LineRules Create()
    {
        IReadOnlyList<OpeningInterval> weekday = [new(new TimeOnly(8, 30), new TimeOnly(12, 30)), new(new TimeOnly(13, 30), new TimeOnly(17, 30))];
        IReadOnlyList<OpeningInterval> saturday = [new(new TimeOnly(10, 0), new TimeOnly(14, 0))];
        var hours = new Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>>
        {
            [DayOfWeek.Monday] = weekday,
            [DayOfWeek.Tuesday] = weekday,
            [DayOfWeek.Wednesday] = weekday,
            [DayOfWeek.Thursday] = weekday,
            [DayOfWeek.Friday] = weekday,
            [DayOfWeek.Saturday] = saturday,
        };

        return new LineRules
        {
            Number = IncomingCallForm.Line,
            Name = "Support",
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam"),
            Language = "nl-NL",
            OpeningHours = new WeeklyHours(hours),
            Closures =
            [
                new Closure(new DateOnly(2026, 8, 3), new DateOnly(2026, 8, 14), Yearly: false, "Summer break"),
                new Closure(new DateOnly(2000, 12, 24), new DateOnly(2000, 12, 31), Yearly: true, "Christmas week"),
            ],
            PublicHolidays = [PublicHolidaySet.Netherlands],
            RingGroups =
            [
                new RingGroup("Front desk", [Number("+31611111111"), new RingTarget(RingTargetKind.Client, "bob"), new RingTarget(RingTargetKind.Sip, "sip:carol@example.sip.twilio.com")], RingStrategy.Simultaneous, 20),
                new RingGroup("Support", [Number("+31622222221"), Number("+31622222222")], RingStrategy.Sequential, 15),
            ],
            WhenNobodyAnswers = Ending.Voicemail,
            AfterHours = AfterHours.Voicemail,
            CallerId = CallerIdShown.Line,
        };
    }

    private static RingTarget Number(string e164) => new(RingTargetKind.Number, e164);
}
