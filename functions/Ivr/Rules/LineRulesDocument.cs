namespace Ivr.Rules;

/// <summary>
/// A line's rules as admins write them (JSON, camelCase). Everything is optional here so that the reader can name
/// each missing or bad field; <see cref="LineRulesReader"/> turns a valid document into <see cref="LineRules"/>.
/// </summary>
internal sealed record LineRulesDocument
{
    /// <summary>Optional in a body: the URL names the line. When present it must agree.</summary>
    public string? Number { get; init; }

    public string? Name { get; init; }

    /// <summary>An IANA time zone such as <c>Europe/Amsterdam</c>.</summary>
    public string? TimeZone { get; init; }

    public string? Language { get; init; }

    /// <summary>Twilio's voice name, such as <c>Polly.Lotte</c> or <c>Google.nl-NL-Standard-A</c>.</summary>
    public string? Voice { get; init; }

    /// <summary>The admin's own words in place of built-in ones.</summary>
    public SpokenTextsDocument? Texts { get; init; }

    public WeeklyHoursDocument? OpeningHours { get; init; }

    public IReadOnlyList<ClosureDocument>? Closures { get; init; }

    public IReadOnlyList<string>? PublicHolidays { get; init; }

    public IReadOnlyList<RingGroupDocument>? RingGroups { get; init; }

    public EndingDocument? WhenNobodyAnswers { get; init; }

    public AfterHoursDocument? AfterHours { get; init; }

    public string? Greeting { get; init; }

    public MenuDocument? Menu { get; init; }

    public IReadOnlyList<VipCallerDocument>? VipCallers { get; init; }

    public StickyDocument? Sticky { get; init; }

    public bool? Screening { get; init; }

    /// <summary><c>caller</c> (default) or <c>line</c>.</summary>
    public string? CallerId { get; init; }

    /// <summary>Seconds of after-call work (default 0).</summary>
    public int? WrapUpSeconds { get; init; }

    public QueueDocument? Queue { get; init; }
}

internal sealed record QueueDocument
{
    /// <summary>Off unless true.</summary>
    public bool? Enabled { get; init; }

    public int? MaxWaitSeconds { get; init; }

    /// <summary>On unless false.</summary>
    public bool? AnnouncePosition { get; init; }

    /// <summary>An https URL of hold music.</summary>
    public string? Music { get; init; }

    public CallbackDocument? Callback { get; init; }
}

/// <summary>"Press 1 to be called back": a waiting caller may leave the queue and keep their place.</summary>
internal sealed record CallbackDocument
{
    /// <summary>Off unless true.</summary>
    public bool? Enabled { get; init; }

    public int? OfferAfterSeconds { get; init; }

    public int? ExpiresAfterHours { get; init; }

    public int? Attempts { get; init; }

    public int? RetryAfterMinutes { get; init; }
}

/// <summary>Intervals such as <c>"09:00-17:30"</c> per weekday; <c>"22:00-02:00"</c> runs past midnight.</summary>
internal sealed record WeeklyHoursDocument
{
    public IReadOnlyList<string>? Monday { get; init; }

    public IReadOnlyList<string>? Tuesday { get; init; }

    public IReadOnlyList<string>? Wednesday { get; init; }

    public IReadOnlyList<string>? Thursday { get; init; }

    public IReadOnlyList<string>? Friday { get; init; }

    public IReadOnlyList<string>? Saturday { get; init; }

    public IReadOnlyList<string>? Sunday { get; init; }

    public IEnumerable<(DayOfWeek Day, string Field, IReadOnlyList<string>? Intervals)> Days()
    {
        yield return (DayOfWeek.Monday, "monday", Monday);
        yield return (DayOfWeek.Tuesday, "tuesday", Tuesday);
        yield return (DayOfWeek.Wednesday, "wednesday", Wednesday);
        yield return (DayOfWeek.Thursday, "thursday", Thursday);
        yield return (DayOfWeek.Friday, "friday", Friday);
        yield return (DayOfWeek.Saturday, "saturday", Saturday);
        yield return (DayOfWeek.Sunday, "sunday", Sunday);
    }
}

/// <summary>A closed date (<c>from</c>) or range (<c>from</c>–<c>to</c>, inclusive), <c>yyyy-MM-dd</c>.</summary>
internal sealed record ClosureDocument
{
    public string? From { get; init; }

    public string? To { get; init; }

    public bool? Yearly { get; init; }

    public string? Name { get; init; }
}

internal sealed record RingGroupDocument
{
    public string? Name { get; init; }

    /// <summary>E.164 numbers, <c>client:identity</c> or <c>sip:</c> addresses.</summary>
    public IReadOnlyList<string>? Members { get; init; }

    /// <summary><c>simultaneous</c> (default) or <c>sequential</c>.</summary>
    public string? Strategy { get; init; }

    public int? RingTimeoutSeconds { get; init; }
}

internal sealed record EndingDocument
{
    /// <summary><c>voicemail</c> (default) or <c>goodbye</c>.</summary>
    public string? Action { get; init; }

    public string? Message { get; init; }
}

internal sealed record AfterHoursDocument
{
    /// <summary><c>voicemail</c> (default), <c>forward</c> or <c>message</c>.</summary>
    public string? Action { get; init; }

    public string? ForwardTo { get; init; }

    public string? Message { get; init; }

    /// <summary>How long the forward rings.</summary>
    public int? RingTimeoutSeconds { get; init; }
}

/// <summary>Each optional: what is left out keeps the built-in words in the line's language.</summary>
internal sealed record SpokenTextsDocument
{
    public string? LeaveAMessage { get; init; }

    public string? Goodbye { get; init; }

    public string? ThanksForTheMessage { get; init; }

    public string? Closed { get; init; }

    /// <summary>Heard by the person who picks up a screened call; must name the line with <c>{line}</c>.</summary>
    public string? Screening { get; init; }
}

internal sealed record MenuDocument
{
    public string? Prompt { get; init; }

    public int? TimeoutSeconds { get; init; }

    /// <summary>Digit to ring group name, e.g. <c>{"1": "Sales"}</c>.</summary>
    public IReadOnlyDictionary<string, string>? Options { get; init; }
}

internal sealed record VipCallerDocument
{
    public string? Number { get; init; }

    public string? RingGroup { get; init; }
}

internal sealed record StickyDocument
{
    public int? WithinDays { get; init; }

    public int? RingTimeoutSeconds { get; init; }
}
