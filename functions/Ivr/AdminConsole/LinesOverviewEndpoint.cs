using Ivr.Hosting;
using Ivr.Presence;
using Ivr.Queue;
using Ivr.Routing;
using Ivr.Rules;

namespace Ivr.AdminConsole;

/// <summary>A line as the console lists it: open now or not, and how many of its people are free, busy or away.</summary>
internal sealed record LineOverview(
    string Number, string Name, int Version, DateTimeOffset ChangedAt, string ChangedBy, string Route, int Free, int Busy, int Away, int Waiting);

/// <summary>
/// Every line with what the console's list shows, in one request: asking the dry run and the people of each line
/// would cost two requests per line against the admin key's rate limit, so a long list could not be shown at all.
/// "Open now" is planned by the router from the rules in memory, as a call arriving now would be.
/// </summary>
internal static class LinesOverviewEndpoint
{
    public static async Task<JsonAnswer<IReadOnlyList<LineOverview>>> ListAsync(
        LineRulesStore store, ILineDirectory lines, CallPlanner planner, PresenceBoard presence, WaitingCallers waiting, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stored = await store.ListAsync(cancellationToken);
        IReadOnlyList<LineOverview> overview = stored
            .OrderBy(l => l.Number, StringComparer.Ordinal)
            .Select(l =>
            {
                var rules = lines.Find(l.Number);
                var route = planner.Plan(rules, l.Number, caller: null, now, choice: null, lastAnsweredBy: null, explain: false).Kind switch
                {
                    RouteKind.Open => "open",
                    RouteKind.Closed => "closed",
                    _ => "fallback",
                };
                var states = (rules?.RingGroups ?? [])
                    .SelectMany(g => g.Members.Select(m => m.ToString()))
                    .Distinct(StringComparer.Ordinal)
                    .Select(person => presence.Of(person).State(now))
                    .ToList();
                return new LineOverview(
                    l.Number, l.Document!.Name ?? l.Number, l.Version, l.ChangedAt, l.ChangedBy, route,
                    states.Count(s => s == "available"), states.Count(s => s is not ("available" or "away")), states.Count(s => s == "away"), waiting.Of(l.Number).Count);
            })
            .ToList();
        return new JsonAnswer<IReadOnlyList<LineOverview>>(overview, ConsoleJson.Plain.IReadOnlyListLineOverview);
    }
}
