namespace Ivr.Routing;

/// <summary>
/// The routing decision as a pure function: the same rules, call and instant always give the same answer.
/// No I/O and no clock reads here; callers pass the instant in.
/// </summary>
internal static class Router
{
    /// <summary>Who rings for a call to <paramref name="calledNumber"/> at <paramref name="now"/>.</summary>
    public static RouteDecision Decide(LineRule? line, string? calledNumber, DateTimeOffset now, string fallbackNumber)
    {
        _ = now; // Opening hours and holidays (their own issue) depend on it.
        if (line is null)
        {
            return new RingFallback(fallbackNumber, $"no rule for line {calledNumber ?? "(none)"}");
        }

        return line.Ring.Count == 0
            ? new RingFallback(fallbackNumber, $"line {line.Number} has nobody to ring")
            : new RingPeople(line, $"line {line.Number} rings {line.Ring.Count} at once");
    }

    /// <summary>What the caller hears after the dial ended with Twilio's <c>DialCallStatus</c>.</summary>
    public static AfterDial AfterDialEnded(LineRule? line, string? dialCallStatus, bool? bridged)
    {
        if (bridged == true || dialCallStatus is "completed" or "answered")
        {
            return AfterDial.HangUp;
        }

        // A call that went to the fallback number has no line whose voicemail anyone reads.
        return line is null || line.WhenNobodyAnswers == WhenNobodyAnswers.Goodbye ? AfterDial.SayGoodbye : AfterDial.TakeVoicemail;
    }
}
