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
}

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
}

/// <summary>How a call ends when no person took it; <see cref="Message"/> replaces the built-in words.</summary>
internal sealed record Ending(EndingKind Kind, string? Message = null)
{
    public static readonly Ending Voicemail = new(EndingKind.Voicemail);
    public static readonly Ending Goodbye = new(EndingKind.Goodbye);
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
