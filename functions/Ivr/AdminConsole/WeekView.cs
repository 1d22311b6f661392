using System.Globalization;
using Ivr.Routing;
using Ivr.Rules;

namespace Ivr.AdminConsole;

/// <summary>One hour of a week: open, closed or partly open, why, and who rings first (for a caller nobody knows).</summary>
internal sealed record WeekHour(int Hour, string Route, IReadOnlyList<string> Why, string? FirstStep, IReadOnlyList<string> RingsFirst);

/// <summary>One day of a week, in the line's time zone.</summary>
internal sealed record WeekDay(string Date, string Weekday, IReadOnlyList<WeekHour> Hours);

/// <summary>A day the line is closed all day: a closure of its own or a public holiday.</summary>
internal sealed record DayOff(string Date, string Name, string Kind);

/// <summary>"Who rings when": a week of a line's rules, hour by hour, and its next days off.</summary>
internal sealed record WeekPlan(string Line, string TimeZone, string WeekOf, IReadOnlyList<WeekDay> Days, IReadOnlyList<DayOff> DaysOff);

/// <summary>
/// Plans a week of calls with the router itself (the same code an incoming call runs), so the week view cannot
/// disagree with what callers get. Each hour is planned at :00, :15, :30 and :45 local time, for an unknown caller
/// and with everyone free, as the dry run does.
/// </summary>
internal static class WeekView
{
    /// <summary>How far ahead the days off are listed.</summary>
    public const int DaysOffAhead = 120;

    private static readonly int[] Samples = [0, 15, 30, 45];

    public static WeekPlan Build(CallPlanner planner, LineRules rules, DateOnly monday)
    {
        var days = new List<WeekDay>(7);
        for (var d = 0; d < 7; d++)
        {
            var date = monday.AddDays(d);
            var hours = new List<WeekHour>(24);
            for (var hour = 0; hour < 24; hour++)
            {
                hours.Add(Hour(planner, rules, date, hour));
            }

            days.Add(new WeekDay(Text(date), date.DayOfWeek.ToString(), hours));
        }

        return new WeekPlan(rules.Number, rules.TimeZone.Id, Text(monday), days, DaysOff(rules, monday));
    }

    /// <summary>The Monday of the week holding <paramref name="date"/>.</summary>
    public static DateOnly MondayOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    private static WeekHour Hour(CallPlanner planner, LineRules rules, DateOnly date, int hour)
    {
        var plans = new List<RoutePlan>(Samples.Length);
        foreach (var minute in Samples)
        {
            var local = date.ToDateTime(new TimeOnly(hour, minute));
            if (rules.TimeZone.IsInvalidTime(local))
            {
                continue; // the clocks skip this time: nobody can call then
            }

            var at = new DateTimeOffset(local, rules.TimeZone.GetUtcOffset(local));
            plans.Add(planner.Plan(rules, rules.Number, caller: null, at, choice: null, lastAnsweredBy: null, explain: true));
        }

        if (plans.Count == 0)
        {
            return new WeekHour(hour, "skipped", ["The clocks skip this hour."], null, []);
        }

        var open = plans.Count(p => p.Kind == RouteKind.Open);
        var route = open == plans.Count ? "open" : open == 0 ? "closed" : "partly";
        var steps = (plans.Find(p => p.Kind == RouteKind.Open) ?? plans[0]).Steps;
        var first = steps.Count > 0 ? steps[0] : null;
        IReadOnlyList<string> why = plans.Select(p => p.Path.Count > 1 ? p.Path[1] : string.Join(" ", p.Path)).Distinct().ToList();
        return new WeekHour(hour, route, why, first?.Description, first?.Targets.Select(t => t.ToString()).ToList() ?? []);
    }

    private static List<DayOff> DaysOff(LineRules rules, DateOnly from)
    {
        var found = new List<DayOff>();
        for (var date = from; date < from.AddDays(DaysOffAhead); date = date.AddDays(1))
        {
            foreach (var closure in rules.Closures.Where(c => c.Covers(date)))
            {
                found.Add(new DayOff(Text(date), closure.Name ?? "Closed", "closure"));
            }

            foreach (var set in rules.PublicHolidays)
            {
                if (set.HolidayOn(date) is { } name)
                {
                    found.Add(new DayOff(Text(date), $"{name} ({set.Code})", "holiday"));
                }
            }
        }

        return found;
    }

    private static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
