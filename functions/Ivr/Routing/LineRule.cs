namespace Ivr.Routing;

/// <summary>What happens after nobody picked up.</summary>
internal enum WhenNobodyAnswers
{
    Voicemail,
    Goodbye,
}

/// <summary>How one business line (its E.164 number) hands callers to people.</summary>
internal sealed record LineRule
{
    public required string Number { get; init; }

    public required string Name { get; init; }

    /// <summary>The people rung, all at once.</summary>
    public required IReadOnlyList<RingTarget> Ring { get; init; }

    public int RingTimeoutSeconds { get; init; } = LineDefaults.RingTimeoutSeconds;

    /// <summary>Spoken before ringing. Off by default: every second of speech delays the human.</summary>
    public string? Greeting { get; init; }

    /// <summary>Language of spoken text, e.g. <c>nl-NL</c>; Twilio's default when absent.</summary>
    public string? Language { get; init; }

    public WhenNobodyAnswers WhenNobodyAnswers { get; init; } = WhenNobodyAnswers.Voicemail;
}

internal static class LineDefaults
{
    public const int RingTimeoutSeconds = 20;

    /// <summary>Twilio's limits for a Dial timeout.</summary>
    public const int MinRingTimeoutSeconds = 5;
    public const int MaxRingTimeoutSeconds = 600;

    /// <summary>Twilio rings at most ten numbers in one Dial.</summary>
    public const int MaxRingTargets = 10;
}
