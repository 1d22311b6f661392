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

    /// <summary>After-call work: a person is left out of ringing this long after a call ends.</summary>
    public const int MaxWrapUpSeconds = 600;

    /// <summary>How long a caller may wait in a line's queue; Twilio keeps a caller queued for up to four hours.</summary>
    public const int MinQueueWaitSeconds = 30;
    public const int MaxQueueWaitSeconds = 3600;
    public const int DefaultQueueWaitSeconds = 600;

    public const int DefaultCallbackOfferAfterSeconds = 30;
    public const int DefaultCallbackExpiresAfterHours = 24;
    public const int MaxCallbackExpiresAfterHours = 168;
    public const int DefaultCallbackAttempts = 3;
    public const int MaxCallbackAttempts = 10;
    public const int DefaultCallbackRetryAfterMinutes = 5;
    public const int MaxCallbackRetryAfterMinutes = 240;

    /// <summary>Hold music is fetched by Twilio, so it is an https URL of a reasonable length.</summary>
    public const int MaxMusicUrlLength = 1000;
}
