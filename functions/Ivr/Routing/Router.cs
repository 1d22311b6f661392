using System.Globalization;
using System.Runtime.CompilerServices;
using Ivr.Rules;

namespace Ivr.Routing;

/// <summary>
/// Routing as a pure function: the same rules, call facts and instant always give the same plan. No I/O and no
/// clock reads here; the edges pass the instant and any looked-up facts in.
/// </summary>
internal static class Router
{
    private static readonly IReadOnlyList<string> Unexplained = [];

    /// <param name="explain">
    /// Whether the plan carries its <see cref="RoutePlan.Path"/>: the explanation costs more string formatting than the
    /// decision itself, so calls whose explanation nobody reads leave it empty.
    /// </param>
    /// <param name="fallbackRingTimeoutSeconds">How long the fallback number rings when there is no rule (<c>Ivr__FallbackRingTimeoutSeconds</c>).</param>
    public static RoutePlan Plan(
        LineRules? rules, string? calledNumber, CallFacts call, string fallbackNumber, bool explain = true, int fallbackRingTimeoutSeconds = IvrOptions.DefaultFallbackRingTimeoutSeconds)
    {
        if (rules is null)
        {
            // Unscreened: without rules there is no line name to announce, and the fallback must reach someone whatever happens.
            return new RoutePlan(
                RouteKind.Fallback,
                [new RingStep([new RingTarget(RingTargetKind.Number, fallbackNumber)], fallbackRingTimeoutSeconds, $"the fallback number {fallbackNumber}")],
                Ending.Goodbye,
                explain ? [$"No rule for line {calledNumber ?? "(none)"}: ringing the fallback number."] : []);
        }

        var local = TimeZoneInfo.ConvertTime(call.ArrivedAt, rules.TimeZone).DateTime;
        // Null when not explaining: each path?.Add(...) then skips formatting its argument too.
        var path = explain ? new List<string>() : null;
        path?.Add(string.Create(CultureInfo.InvariantCulture, $"Local time {local:dddd yyyy-MM-dd HH:mm} in {rules.TimeZone.Id}."));
        if (LineHours.ClosedBecause(rules, local) is { } closed)
        {
            path?.Add(closed);
            return AfterHoursPlan(rules, path);
        }

        path?.Add(OpenBecause(rules, local));
        return OpenPlan(rules, call, path);
    }

    /// <summary>What follows once the dial for step <paramref name="index"/> ended with Twilio's <c>DialCallStatus</c>.</summary>
    public static NextStep AfterDial(RoutePlan plan, int index, string? dialCallStatus, bool? bridged)
    {
        // Answered, or the caller hung up while it rang: either way nobody is left to route. A "completed" leg that
        // was never bridged is a screened person (or their phone's voicemail) who did not accept: ring on.
        if (bridged == true || (bridged is null && dialCallStatus is "completed") || dialCallStatus is "answered" or "canceled")
        {
            return new HangUp();
        }

        var next = index + 1;
        return next >= 0 && next < plan.Steps.Count ? new RingNext(next, plan.Steps[next]) : new EndCall(plan.Ending);
    }

    private static string OpenBecause(LineRules rules, DateTime local) =>
        rules.OpeningHours?.Covering(local) is var (day, interval) ? $"Open: {day} {interval}." : "Open: the line has no opening hours, so it is always open.";

    private static RoutePlan AfterHoursPlan(LineRules rules, List<string>? path)
    {
        var afterHours = rules.AfterHours;
        switch (afterHours.Action)
        {
            case AfterHoursAction.Forward:
                path?.Add($"After hours: forwarding to {afterHours.ForwardTo}; if nobody answers, {Describe(rules.WhenNobodyAnswers)}.");
                var forward = new RingStep([afterHours.ForwardTo!], afterHours.RingTimeoutSeconds, $"the on-call number {afterHours.ForwardTo}") { Group = RingStepGroups.AfterHours };
                return new RoutePlan(RouteKind.Closed, [forward], rules.WhenNobodyAnswers, path ?? Unexplained) { Line = rules };
            case AfterHoursAction.Message:
                path?.Add("After hours: a message, then goodbye.");
                return new RoutePlan(RouteKind.Closed, [], new Ending(EndingKind.Goodbye, afterHours.Message ?? rules.Texts.Closed), path ?? Unexplained) { Line = rules };
            default:
                path?.Add("After hours: voicemail.");
                return new RoutePlan(RouteKind.Closed, [], new Ending(EndingKind.Voicemail, afterHours.Message), path ?? Unexplained) { Line = rules };
        }
    }

    private static RoutePlan OpenPlan(LineRules rules, CallFacts call, List<string>? path)
    {
        var first = FirstGroup(rules, call, path, out var offerMenu);
        var steps = new List<RingStep>(rules.RingGroups.Count + 1);
        if (rules.Sticky is { } sticky && call.LastAnsweredBy is { } person)
        {
            if (InAnyGroup(rules, person))
            {
                path?.Add($"Returning caller: {person} answered them last, so rings first.");
                steps.Add(new RingStep([person], sticky.RingTimeoutSeconds, $"{person}, who answered this caller last") { Group = RingStepGroups.Sticky });
            }
            else
            {
                path?.Add($"Returning caller: {person} answered them last but is no longer in a ring group.");
            }
        }

        var groups = first is null ? rules.RingGroups : FirstThenTheRest(rules, first);
        for (var i = 0; i < groups.Count; i++)
        {
            steps.AddRange(Steps(groups[i]));
        }

        var ending = rules.Queue is null ? rules.WhenNobodyAnswers : Ending.Queue;
        path?.Add(rules.Queue is null
            ? $"Rings {string.Join(", then ", groups.Select(g => $"'{g.Name}'"))}; if nobody answers, {Describe(ending)}."
            : $"Rings {string.Join(", then ", groups.Select(g => $"'{g.Name}'"))}, only people who are free; if nobody answers or nobody is free, the queue (at most {rules.Queue.MaxWaitSeconds} s, then {Describe(rules.WhenNobodyAnswers)}).");
        return new RoutePlan(RouteKind.Open, steps, ending, path ?? Unexplained)
        {
            Line = rules,
            Greeting = rules.Greeting,
            Menu = offerMenu ? rules.Menu : null,
        };
    }

    // Lambdas in methods of their own: capturing OpenPlan's locals would make their closure on every call, not only when they run.
    private static bool InAnyGroup(LineRules rules, RingTarget person) => rules.RingGroups.Any(g => g.Members.Contains(person));

    private static RingGroup[] FirstThenTheRest(LineRules rules, RingGroup first) => [first, .. rules.RingGroups.Where(g => g != first)];

    private static RingGroup? FirstGroup(LineRules rules, CallFacts call, List<string>? path, out bool offerMenu)
    {
        offerMenu = false;
        if (VipEntry(rules, call.Caller) is { } vip)
        {
            path?.Add($"VIP caller: skips the menu and rings '{vip.RingGroup}' first.");
            return GroupNamed(rules, vip.RingGroup);
        }

        if (rules.Menu is not { } menu)
        {
            return null;
        }

        if (call.MenuChoice is not { } digit)
        {
            offerMenu = true;
            path?.Add($"Menu offered; a caller who presses nothing within {menu.TimeoutSeconds} s rings the usual order.");
            return null;
        }

        if (menu.Options.TryGetValue(digit, out var chosen))
        {
            path?.Add($"Caller pressed {digit}: rings '{chosen}' first.");
            return GroupNamed(rules, chosen);
        }

        path?.Add($"Caller pressed {digit}, which is not an option: rings the usual order.");
        return null;
    }

    // Loops rather than LINQ over captured arguments: every call to every line asks, and a lambda's closure is an object per call.
    private static VipCaller? VipEntry(LineRules rules, string? caller)
    {
        for (var i = 0; i < rules.VipCallers.Count; i++)
        {
            if (rules.VipCallers[i].Number == caller)
            {
                return rules.VipCallers[i];
            }
        }

        return null;
    }

    private static RingGroup? GroupNamed(LineRules rules, string name)
    {
        for (var i = 0; i < rules.RingGroups.Count; i++)
        {
            if (rules.RingGroups[i].Name == name)
            {
                return rules.RingGroups[i];
            }
        }

        return null;
    }

    /// <summary>The steps a group rings in, made once per group: every call to the line rings the same ones.</summary>
    private static RingStep[] Steps(RingGroup group) => ExpandedGroups.GetValue(group, static g => [.. Expand(g)]);

    private static readonly ConditionalWeakTable<RingGroup, RingStep[]> ExpandedGroups = new();

    private static IEnumerable<RingStep> Expand(RingGroup group)
    {
        if (group.Strategy == RingStrategy.Simultaneous)
        {
            // Twilio allows a <Sip> only alone in its <Dial> (without Enhanced Programmable SIP): the group's other
            // people ring together, then each SIP address on its own, each for the group's ring timeout.
            var sip = group.Members.Where(m => m.Kind == RingTargetKind.Sip).ToList();
            if (sip.Count == 0 || group.Members.Count == 1)
            {
                yield return new RingStep(group.Members, group.RingTimeoutSeconds, $"'{group.Name}', all at once") { Group = group.Name };
                yield break;
            }

            var together = group.Members.Where(m => m.Kind != RingTargetKind.Sip).ToList();
            if (together.Count > 0)
            {
                yield return new RingStep(together, group.RingTimeoutSeconds, $"'{group.Name}', all at once but its SIP addresses, which Twilio rings only alone") { Group = group.Name };
            }

            for (var i = 0; i < sip.Count; i++)
            {
                yield return new RingStep([sip[i]], group.RingTimeoutSeconds, $"'{group.Name}', SIP address {i + 1} of {sip.Count} on its own: {sip[i]}") { Group = group.Name };
            }

            yield break;
        }

        for (var i = 0; i < group.Members.Count; i++)
        {
            yield return new RingStep([group.Members[i]], group.RingTimeoutSeconds, $"'{group.Name}', {i + 1} of {group.Members.Count}: {group.Members[i]}") { Group = group.Name };
        }
    }

    private static string Describe(Ending ending) => ending.Kind switch
    {
        EndingKind.Voicemail => "voicemail",
        EndingKind.Queue => "the queue",
        _ => "a goodbye message",
    };
}
