using Ivr.Rules;

namespace Ivr.Routing;

/// <summary>What the router knows about a call: who calls, when it arrived, and what happened so far.</summary>
internal sealed record CallFacts(string? Caller, DateTimeOffset ArrivedAt)
{
    /// <summary>The digit the caller pressed in the line's menu, if any.</summary>
    public char? MenuChoice { get; init; }

    /// <summary>Who last answered this caller on this line, within the sticky window (looked up at the edge).</summary>
    public RingTarget? LastAnsweredBy { get; init; }
}
