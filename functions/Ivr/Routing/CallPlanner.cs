using Ivr.Privacy;
using Ivr.Rules;
using Microsoft.Extensions.Options;

namespace Ivr.Routing;

/// <summary>
/// The edge around the pure <see cref="Router"/>: finds the line's rules in memory, looks up the facts a plan needs
/// (the sticky person), and hands the router the instant.
/// </summary>
internal sealed class CallPlanner(ILineDirectory lines, StickyMemory sticky, CallerHasher callerHasher, IOptions<IvrOptions> options)
{
    /// <summary>
    /// How long a call reaching a new instance waits for the first load of the rules: it normally takes milliseconds,
    /// and it lets the instance's first callers ring the line's people instead of the fallback number. A failed load
    /// (storage down) ends the wait at once; Twilio waits 15 s for an answer.
    /// </summary>
    private static readonly TimeSpan FirstLoadWait = TimeSpan.FromSeconds(2);

    public LineRules? Rules(string? line) => lines.Find(line);

    /// <summary>The line's rules for a call arriving now: on a new instance, once its rules have loaded (or could not).</summary>
    public async ValueTask<LineRules?> RulesForArrivalAsync(string? line, CancellationToken cancellationToken)
    {
        var loaded = lines.FirstLoad;
        if (!loaded.IsCompleted)
        {
            try
            {
                await loaded.WaitAsync(FirstLoadWait, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Storage is slow to answer: the caller gets the fallback number now rather than silence.
            }
        }

        return Rules(line);
    }

    /// <summary>
    /// The plan for a call arriving now under <paramref name="rules"/>, with the sticky lookup it may need, and the
    /// caller's keyed hash (computed once, for the record as well as the lookup). The plan carries its path through
    /// the rules only when <paramref name="explain"/> is set.
    /// </summary>
    public async ValueTask<(RoutePlan Plan, RingTarget? Sticky, string? CallerHash)> PlanArrivalAsync(
        LineRules? rules, string? calledNumber, string? caller, DateTimeOffset arrivedAt, bool explain, CancellationToken cancellationToken)
    {
        var callerHash = callerHasher.Hash(caller);
        RingTarget? lastAnsweredBy = null;
        if (rules?.Sticky is { } stickiness && callerHash is not null)
        {
            lastAnsweredBy = await sticky.LastAnsweredAsync(rules.Number, callerHash, arrivedAt.AddDays(-stickiness.WithinDays), cancellationToken);
        }

        return (Plan(rules, calledNumber, caller, arrivedAt, choice: null, lastAnsweredBy, explain), lastAnsweredBy, callerHash);
    }

    /// <summary>The same plan again, on a later callback, from the facts its URL carries (unexplained: callbacks log no path).</summary>
    public RoutePlan Replan(string? line, string? caller, DateTimeOffset arrivedAt, char? choice, RingTarget? lastAnsweredBy) =>
        Plan(lines.Find(line), line, caller, arrivedAt, choice, lastAnsweredBy, explain: false);

    /// <summary>The plan under the given rules (which may be a draft that is not saved).</summary>
    public RoutePlan Plan(LineRules? rules, string? line, string? caller, DateTimeOffset arrivedAt, char? choice, RingTarget? lastAnsweredBy, bool explain) =>
        Router.Plan(rules, line, new CallFacts(caller, arrivedAt) { MenuChoice = choice, LastAnsweredBy = lastAnsweredBy }, options.Value.FallbackNumber!, explain, options.Value.FallbackRingTimeoutSeconds);
}
