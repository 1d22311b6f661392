using Ivr.Routing;
using Ivr.Rules;

namespace Ivr.Voice;

/// <summary>
/// The values of <c>ivr.decision</c>: what a webhook chose for the caller. The first five answer an incoming call, so
/// their sum counts calls; the rest are later steps of the same calls.
/// </summary>
internal static class CallDecisions
{
    /// <summary>Open: a ring group rings first.</summary>
    public const string RingGroup = "ring_group";

    /// <summary>Open: the person who answered this caller last rings first (sticky routing).</summary>
    public const string Sticky = "sticky";

    /// <summary>Open: the menu is offered (its first group rings if the caller presses nothing).</summary>
    public const string Menu = "menu";

    /// <summary>Closed (hours, a closure or a holiday): the after-hours choice applies.</summary>
    public const string AfterHours = "after_hours";

    /// <summary>No usable rule for the line: the fallback number rings.</summary>
    public const string NoRule = "no_rule";

    /// <summary>The caller pressed a menu digit.</summary>
    public const string MenuChoice = "menu_choice";

    /// <summary>Nobody answered the last dial: the next step rings.</summary>
    public const string RingNext = "ring_next";

    /// <summary>Nobody answered anywhere: voicemail.</summary>
    public const string Voicemail = "voicemail";

    /// <summary>Nobody answered anywhere: a goodbye message.</summary>
    public const string Goodbye = "goodbye";

    /// <summary>Nobody answered anywhere: the line's queue, to wait for the next free person.</summary>
    public const string Queue = "queue";

    /// <summary>The dial ended because a person took the call or the caller left.</summary>
    public const string HangUp = "hang_up";

    /// <summary>Answering failed inside Ivr: the fallback number rings (see <c>FallbackOnFailureFilter</c>).</summary>
    public const string FailureFallback = "failure_fallback";

    /// <summary>What an incoming call gets first under <paramref name="plan"/>.</summary>
    public static string ForArrival(RoutePlan plan) => plan.Kind switch
    {
        RouteKind.Fallback => NoRule,
        RouteKind.Closed => AfterHours,
        _ when plan.Menu is not null => Menu,
        _ when plan.Steps is [{ Group: RingStepGroups.Sticky }, ..] => Sticky,
        _ => RingGroup,
    };

    /// <summary>What follows a dial that ended, as the router decided it.</summary>
    public static string AfterDial(NextStep next) => next switch
    {
        Routing.RingNext => RingNext,
        EndCall { Ending.Kind: EndingKind.Voicemail } => Voicemail,
        EndCall { Ending.Kind: EndingKind.Queue } => Queue,
        EndCall => Goodbye,
        _ => HangUp,
    };
}
