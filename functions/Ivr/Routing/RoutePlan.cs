using Ivr.Rules;

namespace Ivr.Routing;

internal enum RouteKind
{
    /// <summary>The line is open: its people ring.</summary>
    Open,

    /// <summary>Closed (outside opening hours, a closure or a public holiday): the after-hours choice applies.</summary>
    Closed,

    /// <summary>No usable rule: the configured fallback number rings so the caller still reaches someone.</summary>
    Fallback,
}

/// <summary>
/// One <c>&lt;Dial&gt;</c>: who rings together, and for how long. Always an explicit time: Twilio's 30 s default lets a
/// mobile's own voicemail answer, and it would count as a person.
/// </summary>
internal sealed record RingStep(IReadOnlyList<RingTarget> Targets, int TimeoutSeconds, string Description)
{
    /// <summary>Who a person answering this step answers for, in analytics: the ring group's name, or a label in brackets.</summary>
    public string Group { get; init; } = RingStepGroups.Fallback;
}

/// <summary>Analytics labels for steps that are not one of the line's ring groups.</summary>
internal static class RingStepGroups
{
    public const string Fallback = "(fallback)";
    public const string Sticky = "(sticky)";
    public const string AfterHours = "(after hours)";
}

/// <summary>
/// Everything a call will get, worked out up front: the dials in order, how it ends if nobody answers, and the path
/// through the rules that led here (for logs and dry runs; empty when the plan was made without its explanation).
/// </summary>
internal sealed record RoutePlan(RouteKind Kind, IReadOnlyList<RingStep> Steps, Ending Ending, IReadOnlyList<string> Path)
{
    /// <summary>The rules behind the plan; null for the fallback.</summary>
    public LineRules? Line { get; init; }

    /// <summary>Offered before the first dial; pressing nothing lets that dial ring.</summary>
    public Menu? Menu { get; init; }

    /// <summary>Spoken before anything else.</summary>
    public string? Greeting { get; init; }

    public string? Language => Line?.Language;

    public bool Screening => Line?.Screening == true && Kind != RouteKind.Fallback;

    /// <summary>The caller ID the people ringing see; null keeps the caller's own number.</summary>
    public string? CallerId => Line?.CallerId == CallerIdShown.Line ? Line.Number : null;
}

/// <summary>What follows when a dial ended.</summary>
internal abstract record NextStep;

/// <summary>A person took the call, or the caller left: the call is over.</summary>
internal sealed record HangUp : NextStep;

/// <summary>Ring the plan's step with this index.</summary>
internal sealed record RingNext(int Index, RingStep Step) : NextStep;

/// <summary>Nobody answered anywhere.</summary>
internal sealed record EndCall(Ending Ending) : NextStep;
