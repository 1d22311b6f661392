using Ivr.Routing;
using Ivr.Twilio.Twiml;

namespace Ivr.Voice;

/// <summary>Turns routing decisions into TwiML.</summary>
internal static class VoiceTwiml
{
    /// <summary>Status callback events asked of each ringing party: only the moment a person answers matters.</summary>
    private static readonly string[] AnsweredOnly = ["answered"];

    public static VoiceResponse ForIncoming(RouteDecision decision, CallbackUrls urls)
    {
        return decision switch
        {
            RingPeople ring => ring.Line.Greeting is { } greeting
                ? new VoiceResponse(new Say(greeting, ring.Line.Language), RingDial(ring.Line.Ring, ring.Line.RingTimeoutSeconds, urls))
                : new VoiceResponse(RingDial(ring.Line.Ring, ring.Line.RingTimeoutSeconds, urls)),
            RingFallback fallback => ForFallback(fallback.Number, urls),
            _ => throw new ArgumentOutOfRangeException(nameof(decision), decision.GetType().Name, "Unknown route decision."),
        };
    }

    /// <summary>Rings the fallback number; with <paramref name="urls"/> the call is still recorded.</summary>
    public static VoiceResponse ForFallback(string fallbackNumber, CallbackUrls? urls) =>
        new(RingDial([new RingTarget(RingTargetKind.Number, fallbackNumber)], timeoutSeconds: null, urls));

    public static VoiceResponse AfterDial(AfterDial next, LineRule? line, CallbackUrls urls) => next switch
    {
        Routing.AfterDial.HangUp => new VoiceResponse(new Hangup()),
        Routing.AfterDial.TakeVoicemail => new VoiceResponse(
            new Say(VoicePrompts.LeaveAMessage, line?.Language),
            new Record(urls.Voicemail) { MaxLengthSeconds = VoicePrompts.MaxMessageSeconds, TimeoutSeconds = VoicePrompts.MessageSilenceSeconds, PlayBeep = true }),
        _ => new VoiceResponse(new Say(VoicePrompts.Goodbye, line?.Language), new Hangup()),
    };

    public static VoiceResponse AfterVoicemail(LineRule? line) =>
        new(new Say(VoicePrompts.ThanksForTheMessage, line?.Language), new Hangup());

    private static Dial RingDial(IEnumerable<RingTarget> targets, int? timeoutSeconds, CallbackUrls? urls) =>
        new(targets.Select(t => new DialNoun(NounKind(t.Kind), t.Address)
        {
            StatusCallback = urls?.LegStatus,
            StatusCallbackEvents = urls is null ? [] : AnsweredOnly,
        }).ToList())
        {
            Action = urls?.DialEnded,
            TimeoutSeconds = timeoutSeconds,
            AnswerOnBridge = true,
        };

    private static DialNounKind NounKind(RingTargetKind kind) => kind switch
    {
        RingTargetKind.Client => DialNounKind.Client,
        RingTargetKind.Sip => DialNounKind.Sip,
        _ => DialNounKind.Number,
    };
}
