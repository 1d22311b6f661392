namespace Ivr.Twilio.Twiml;

/// <summary>A TwiML voice document: the verbs Twilio runs, in order. Only the verbs Ivr uses are modelled.</summary>
internal sealed record VoiceResponse(IReadOnlyList<TwimlVerb> Verbs)
{
    public VoiceResponse(params TwimlVerb[] verbs)
        : this((IReadOnlyList<TwimlVerb>)verbs)
    {
    }
}

internal abstract record TwimlVerb;

/// <summary>Text to speech. <paramref name="Language"/> is a BCP-47 tag such as <c>nl-NL</c>.</summary>
internal sealed record Say(string Text, string? Language = null, string? Voice = null) : TwimlVerb;

/// <summary>Rings one or more parties; the first to answer is connected to the caller.</summary>
internal sealed record Dial(IReadOnlyList<DialNoun> Nouns) : TwimlVerb
{
    /// <summary>Where Twilio asks for the next TwiML once the dialled leg ends.</summary>
    public string? Action { get; init; }

    /// <summary>Seconds to ring before giving up (Twilio allows 5 to 600).</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>Caller hears real ringing and the call is only answered when a person picks up.</summary>
    public bool? AnswerOnBridge { get; init; }

    public string? CallerId { get; init; }
}

internal enum DialNounKind
{
    Number,
    Client,
    Sip,

    /// <summary>The caller waiting longest in the named queue (<see cref="DialNoun.Address"/> is the queue's name).</summary>
    Queue,
}

/// <summary>One party a <see cref="Dial"/> rings, with the callback that tells us it answered.</summary>
internal sealed record DialNoun(DialNounKind Kind, string Address)
{
    public string? StatusCallback { get; init; }

    /// <summary>Any of <c>initiated ringing answered completed</c>.</summary>
    public IReadOnlyList<string> StatusCallbackEvents { get; init; } = [];

    /// <summary>
    /// TwiML run for the person who picks up, before the caller is connected (call screening); on a queue, run for the
    /// waiting caller just before they are connected.
    /// </summary>
    public string? Url { get; init; }

    /// <summary>Answering machine detection on the dialled number (<c>Enable</c>): its <see cref="Url"/> then learns <c>AnsweredBy</c>.</summary>
    public string? MachineDetection { get; init; }
}

/// <summary>Collects key presses while the nested prompt plays; with no input the next verb runs.</summary>
internal sealed record Gather(Say? Prompt) : TwimlVerb
{
    public string? Action { get; init; }

    public int? NumDigits { get; init; }

    /// <summary>Seconds to wait for input after the prompt.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>The key that ends the input (Twilio's default <c>#</c>); empty makes every key, <c>#</c> too, a digit.</summary>
    public string? FinishOnKey { get; init; }

    /// <summary>More of what plays while keys are collected, after the prompt: <see cref="Say"/>, <see cref="Play"/> or <see cref="Pause"/>.</summary>
    public IReadOnlyList<TwimlVerb> Then { get; init; } = [];
}

/// <summary>Records a message (voicemail) and posts it to <see cref="Action"/>.</summary>
internal sealed record Record(string Action) : TwimlVerb
{
    public int? MaxLengthSeconds { get; init; }

    /// <summary>Seconds of silence that end the recording.</summary>
    public int? TimeoutSeconds { get; init; }

    public bool? PlayBeep { get; init; }
}

internal sealed record Hangup : TwimlVerb;

/// <summary>Puts the caller in a named queue; <see cref="WaitUrl"/> is what they hear meanwhile, and is asked again whenever it ends.</summary>
internal sealed record Enqueue(string QueueName) : TwimlVerb
{
    /// <summary>Where Twilio asks for the next TwiML once the caller left the queue (with <c>QueueResult</c>).</summary>
    public string? Action { get; init; }

    public string? WaitUrl { get; init; }
}

/// <summary>On a queue's wait URL: takes the caller out of the queue, on to the Enqueue's action.</summary>
internal sealed record Leave : TwimlVerb;

/// <summary>Plays the audio file at <paramref name="Url"/>.</summary>
internal sealed record Play(string Url) : TwimlVerb;

/// <summary>Silence for <paramref name="Seconds"/>.</summary>
internal sealed record Pause(int Seconds) : TwimlVerb;
