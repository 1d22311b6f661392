namespace Ivr.Rules;

/// <summary>Bounds every rule must keep; most are Twilio's own.</summary>
internal static class RuleLimits
{
    /// <summary>Twilio's range for a Dial timeout.</summary>
    public const int MinRingTimeoutSeconds = 5;
    public const int MaxRingTimeoutSeconds = 600;
    public const int DefaultRingTimeoutSeconds = 20;

    /// <summary>Twilio rings at most ten parties in one Dial.</summary>
    public const int MaxGroupMembers = 10;

    /// <summary>A longer chain keeps a caller ringing for longer than anyone waits.</summary>
    public const int MaxRingGroups = 10;

    public const int MaxNameLength = 100;

    /// <summary>Spoken text is kept short: every second of speech delays the human.</summary>
    public const int MaxSpokenLength = 500;

    public const int MinMenuTimeoutSeconds = 1;
    public const int MaxMenuTimeoutSeconds = 10;
    public const int DefaultMenuTimeoutSeconds = 3;

    public const int MaxVipCallers = 500;
    public const int MaxClosures = 500;

    public const int MinStickyDays = 1;
    public const int MaxStickyDays = 365;
    public const int DefaultStickyDays = 30;
    public const int DefaultStickyRingTimeoutSeconds = 15;
}
