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
    public LineRules? Rules(string? line) => lines.Find(line);

    /// <summary>The plan for a call arriving now, with the sticky lookup it may need.</summary>
    public async Task<(RoutePlan Plan, RingTarget? Sticky, string? CallerHash)> PlanArrivalAsync(
        LineRules? rules, string? calledNumber, string? caller, DateTimeOffset arrivedAt, CancellationToken cancellationToken)
    {
        string? callerHash = null;
        RingTarget? lastAnsweredBy = null;
        if (rules?.Sticky is { } stickiness && caller is not null)
        {
            callerHash = callerHasher.Hash(caller);
            lastAnsweredBy = await sticky.LastAnsweredAsync(rules.Number, callerHash!, arrivedAt.AddDays(-stickiness.WithinDays), cancellationToken);
        }

        var plan = Router.Plan(rules, calledNumber, new CallFacts(caller, arrivedAt) { LastAnsweredBy = lastAnsweredBy }, options.Value.FallbackNumber!);
        return (plan, lastAnsweredBy, callerHash);
    }

    /// <summary>The same plan again, on a later callback, from the facts its URL carries.</summary>
    public RoutePlan Replan(string? line, string? caller, DateTimeOffset arrivedAt, char? choice, RingTarget? lastAnsweredBy) =>
        Router.Plan(lines.Find(line), line, new CallFacts(caller, arrivedAt) { MenuChoice = choice, LastAnsweredBy = lastAnsweredBy }, options.Value.FallbackNumber!);
}
