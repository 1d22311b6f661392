using Ivr.Handoffs;
using Ivr.Routing;
using Ivr.Rules;
using Ivr.Twilio.Twiml;

namespace Ivr.Voice;

/// <summary>Turns route plans into TwiML.</summary>
internal static class VoiceTwiml
{
    /// <summary>Status callback events asked of each ringing party: only the moment a person answers matters.</summary>
    private static readonly string[] AnsweredOnly = ["answered"];

    /// <summary>
    /// The answer to an incoming call: the greeting and menu when the line has them, then the first dial at once, so
    /// a caller who presses nothing still reaches a person without another round trip. <paramref name="key"/> is the
    /// call's record key, which the callback URLs carry.
    /// </summary>
    public static VoiceResponse ForIncoming(RoutePlan plan, HandoffKey? key, CallRoute route)
    {
        var first = route.Step == 0 ? route : route with { Step = 0 };
        var urls = CallbackUrls.For(key, first);
        var verbs = new List<TwimlVerb>(4);
        if (plan.Greeting is { } greeting)
        {
            verbs.Add(Spoken(greeting, plan.Line));
        }

        if (plan.Menu is { } menu)
        {
            verbs.Add(new Gather(Spoken(menu.Prompt, plan.Line))
            {
                Action = urls.Menu,
                NumDigits = 1,
                TimeoutSeconds = menu.TimeoutSeconds,
            });
        }

        verbs.AddRange(Step(plan, first.Step, urls).Verbs);
        return new VoiceResponse(verbs);
    }

    /// <summary>The dial for <paramref name="route"/>'s step, or the plan's ending once the steps ran out.</summary>
    public static VoiceResponse ForStep(RoutePlan plan, CallRoute route, HandoffKey? key) =>
        Step(plan, route.Step, CallbackUrls.For(key, route));

    private static VoiceResponse Step(RoutePlan plan, int step, CallbackUrls urls) =>
        step < plan.Steps.Count
            ? new VoiceResponse(RingDial(plan, plan.Steps[step], urls))
            : ForEnding(plan.Ending, plan.Line, urls);

    /// <summary>How a call ends on <paramref name="line"/> (null: no rules) when nobody took it: the admin's words, else the line's own.</summary>
    public static VoiceResponse ForEnding(Ending ending, LineRules? line, CallbackUrls urls) => ending.Kind switch
    {
        EndingKind.Voicemail => new VoiceResponse(
            Spoken(ending.Message ?? TextsOf(line).LeaveAMessage, line),
            new Record(urls.Voicemail) { MaxLengthSeconds = VoicePrompts.MaxMessageSeconds, TimeoutSeconds = VoicePrompts.MessageSilenceSeconds, PlayBeep = true }),
        _ => new VoiceResponse(Spoken(ending.Message ?? TextsOf(line).Goodbye, line), new Hangup()),
    };

    /// <summary>
    /// Rings the fallback number with no callbacks: used when answering failed and nothing else can be trusted. For an
    /// explicit time, as every dial, so the phone's own voicemail does not answer first.
    /// </summary>
    public static VoiceResponse ForFallback(string fallbackNumber, int ringTimeoutSeconds) =>
        new(new Dial([new DialNoun(DialNounKind.Number, fallbackNumber)]) { TimeoutSeconds = ringTimeoutSeconds, AnswerOnBridge = true });

    public static VoiceResponse AfterVoicemail(LineRules? line) =>
        new(Spoken(TextsOf(line).ThanksForTheMessage, line), new Hangup());

    /// <summary>
    /// What the person who picks up a screened call hears: who it is for, and a key to accept. Every key accepts:
    /// Twilio's default <c>finishOnKey</c> would make <c>#</c> end the Gather with no digits, and hang up.
    /// </summary>
    public static VoiceResponse ForScreening(LineRules? line, string lineName, CallbackUrls urls) =>
        new(
            new Gather(Spoken(TextsOf(line).ScreeningFor(lineName), line))
            {
                Action = urls.ScreenAccepted,
                NumDigits = 1,
                TimeoutSeconds = VoicePrompts.ScreeningTimeoutSeconds,
                FinishOnKey = "",
            },
            new Hangup());

    /// <summary>Words spoken on <paramref name="line"/>: in its language (which picks the voice's accent, never translates) and voice.</summary>
    private static Say Spoken(string text, LineRules? line) => new(text, line?.Language, line?.Voice);

    private static SpokenTexts TextsOf(LineRules? line) => line?.Texts ?? BuiltInTexts.English;

    private static Dial RingDial(RoutePlan plan, RingStep step, CallbackUrls urls)
    {
        var people = urls.InGroup(step.Group);
        var statusCallback = plan.Screening ? people.ScreenedLegStatus : people.LegStatus;
        var screen = plan.Screening ? people.Screen : null;
        var nouns = new DialNoun[step.Targets.Count];
        for (var i = 0; i < nouns.Length; i++)
        {
            var target = step.Targets[i];
            nouns[i] = new DialNoun(NounKind(target.Kind), target.Address)
            {
                StatusCallback = statusCallback,
                StatusCallbackEvents = AnsweredOnly,
                Url = screen,
            };
        }

        return new(nouns)
        {
            Action = urls.DialEnded,
            TimeoutSeconds = step.TimeoutSeconds,
            AnswerOnBridge = true,
            CallerId = plan.CallerId,
        };
    }

    private static DialNounKind NounKind(RingTargetKind kind) => kind switch
    {
        RingTargetKind.Client => DialNounKind.Client,
        RingTargetKind.Sip => DialNounKind.Sip,
        _ => DialNounKind.Number,
    };
}
