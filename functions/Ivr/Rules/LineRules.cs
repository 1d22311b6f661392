namespace Ivr.Rules;

/// <summary>How one business line (its E.164 number) hands callers to people: validated, ready for the router.</summary>
internal sealed record LineRules
{
    public required string Number { get; init; }

    public required string Name { get; init; }

    /// <summary>Opening hours, closures and holidays are read in this zone's wall-clock time.</summary>
    public required TimeZoneInfo TimeZone { get; init; }

    /// <summary>Language of spoken text, e.g. <c>nl-NL</c>; Twilio's default when absent.</summary>
    public string? Language { get; init; }

    /// <summary>Twilio's name of the voice every spoken text uses (<c>Polly.Lotte</c>, <c>Google.de-DE-Standard-A</c>); Twilio's default when absent.</summary>
    public string? Voice { get; init; }

    /// <summary>The words Ivr itself speaks on this line: the built-in ones in its language, or the admin's own.</summary>
    public SpokenTexts Texts { get; init; } = BuiltInTexts.English;

    /// <summary>When people take calls; null means always.</summary>
    public WeeklyHours? OpeningHours { get; init; }

    public IReadOnlyList<Closure> Closures { get; init; } = [];

    public IReadOnlyList<PublicHolidaySet> PublicHolidays { get; init; } = [];

    /// <summary>The overflow chain: when a group is not answered the next one rings.</summary>
    public required IReadOnlyList<RingGroup> RingGroups { get; init; }

    /// <summary>What the caller gets once every group rang unanswered.</summary>
    public Ending WhenNobodyAnswers { get; init; } = Ending.Voicemail;

    public AfterHours AfterHours { get; init; } = AfterHours.Voicemail;

    /// <summary>Spoken before ringing. Off by default: every second of speech delays the human.</summary>
    public string? Greeting { get; init; }

    public Menu? Menu { get; init; }

    /// <summary>Callers who skip the menu and ring a given group first.</summary>
    public IReadOnlyList<VipCaller> VipCallers { get; init; } = [];

    public StickyRouting? Sticky { get; init; }

    /// <summary>The person who picks up presses a key to accept, so a phone's own voicemail cannot take the call.</summary>
    public bool Screening { get; init; }

    public CallerIdShown CallerId { get; init; } = CallerIdShown.Caller;

    /// <summary>After-call work: a person who ends a call is left out of ringing for this long.</summary>
    public int WrapUpSeconds { get; init; }

    /// <summary>Callers nobody could take wait here for the next free person; null when the line has no queue.</summary>
    public QueueRules? Queue { get; init; }
}

/// <summary>
/// The line's queue: a caller whose people are all busy, or who rang through the whole chain unanswered, waits in it
/// and is given to the next person who is free, longest-waiting first.
/// </summary>
/// <param name="MaxWaitSeconds">After this long in the queue the caller gets <see cref="LineRules.WhenNobodyAnswers"/>.</param>
/// <param name="AnnouncePosition">Whether waiting callers hear their place in line and a rough wait.</param>
/// <param name="Music">An https URL of audio played while waiting; silence when null.</param>
internal sealed record QueueRules(int MaxWaitSeconds, bool AnnouncePosition, string? Music)
{
    /// <summary>Whether and when waiting callers are offered a callback; null when they are not.</summary>
    public CallbackRules? Callback { get; init; }
}

/// <summary>
/// A waiting caller may press 1 to be called back after <paramref name="OfferAfter"/> in the queue. The callback keeps
/// their place; it is tried up to <paramref name="Attempts"/> times, <paramref name="RetryAfter"/> apart, and dropped
/// (with the number) once <paramref name="ExpiresAfter"/> has passed since the caller came in.
/// </summary>
internal sealed record CallbackRules(TimeSpan OfferAfter, TimeSpan ExpiresAfter, int Attempts, TimeSpan RetryAfter);

internal enum RingStrategy
{
    /// <summary>Every member rings at once; the first to pick up gets the caller.</summary>
    Simultaneous,

    /// <summary>Members ring one after another, each for the group's ring timeout.</summary>
    Sequential,
}

internal sealed record RingGroup(string Name, IReadOnlyList<RingTarget> Members, RingStrategy Strategy, int RingTimeoutSeconds);

internal enum EndingKind
{
    /// <summary>Take a message.</summary>
    Voicemail,

    /// <summary>Say a short message, then hang up.</summary>
    Goodbye,

    /// <summary>Wait in the line's queue for the next free person (<see cref="QueueRules"/>).</summary>
    Queue,
}

/// <summary>How a call ends when no person took it; <see cref="Message"/> replaces the built-in words.</summary>
internal sealed record Ending(EndingKind Kind, string? Message = null)
{
    public static readonly Ending Voicemail = new(EndingKind.Voicemail);
    public static readonly Ending Goodbye = new(EndingKind.Goodbye);
    public static readonly Ending Queue = new(EndingKind.Queue);
}

internal enum AfterHoursAction
{
    Voicemail,
    Forward,
    Message,
}

/// <summary>What callers get while the line is closed.</summary>
internal sealed record AfterHours(AfterHoursAction Action, RingTarget? ForwardTo = null, string? Message = null)
{
    public static readonly AfterHours Voicemail = new(AfterHoursAction.Voicemail);

    /// <summary>How long the forward rings: explicit, so Twilio's 30 s default never lets a mobile's own voicemail answer.</summary>
    public int RingTimeoutSeconds { get; init; } = RuleLimits.DefaultRingTimeoutSeconds;
}

/// <summary>A one-digit menu; a caller who presses nothing within <see cref="TimeoutSeconds"/> rings the chain as usual.</summary>
internal sealed record Menu(string Prompt, int TimeoutSeconds, IReadOnlyDictionary<char, string> Options)
{
    /// <summary>The menu key in <paramref name="text"/>: exactly one digit 0-9, else null.</summary>
    public static char? Digit(string? text) => text is [var digit] && char.IsAsciiDigit(digit) ? digit : null;
}

internal sealed record VipCaller(string Number, string RingGroup);

/// <summary>A returning caller first rings whoever last answered them, if that was within <see cref="WithinDays"/>.</summary>
internal sealed record StickyRouting(int WithinDays, int RingTimeoutSeconds);

internal enum CallerIdShown
{
    /// <summary>The people ringing see the caller's number.</summary>
    Caller,

    /// <summary>The people ringing see the business line's number, so they know it is a business call.</summary>
    Line,
}
