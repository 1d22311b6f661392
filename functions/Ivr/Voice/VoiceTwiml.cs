using Ivr.Handoffs;
using Ivr.Queue;
using Ivr.Routing;
using Ivr.Rules;
using Ivr.Twilio.Twiml;

namespace Ivr.Voice;

/// <summary>Turns route plans into TwiML.</summary>
internal static class VoiceTwiml
{
    /// <summary>Status callback events asked of each ringing party: the moment a person answers, and when their leg ends (they are free again).</summary>
    private static readonly string[] AnsweredAndCompleted = ["answered", "completed"];

    /// <summary>
    /// The answer to an incoming call: the greeting and menu when the line has them, then the first dial at once, so
    /// a caller who presses nothing still reaches a person without another round trip. <paramref name="key"/> is the
    /// call's record key, which the callback URLs carry.
    /// </summary>
    public static VoiceResponse ForIncoming(RoutePlan plan, HandoffKey? key, CallRoute route, Func<RingTarget, bool>? isFree = null)
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

        verbs.AddRange(Step(plan, key, first, urls, isFree).Verbs);
        return new VoiceResponse(verbs);
    }

    /// <summary>The dial for <paramref name="route"/>'s step, or the plan's ending once the steps ran out.</summary>
    public static VoiceResponse ForStep(RoutePlan plan, CallRoute route, HandoffKey? key, Func<RingTarget, bool>? isFree = null) =>
        Step(plan, key, route, CallbackUrls.For(key, route), isFree);

    /// <summary>
    /// The first step from <paramref name="route"/>'s on with someone free to ring (on an open line only those who are
    /// free ring: a busy or away person is left out, a step with nobody free is skipped), else the plan's ending.
    /// </summary>
    private static VoiceResponse Step(RoutePlan plan, HandoffKey? key, CallRoute route, CallbackUrls urls, Func<RingTarget, bool>? isFree)
    {
        for (var i = route.Step; i < plan.Steps.Count; i++)
        {
            var step = plan.Steps[i];
            var free = isFree is null || plan.Kind != RouteKind.Open ? step.Targets : FreeOf(step.Targets, isFree);
            if (free.Count > 0)
            {
                var stepUrls = i == route.Step ? urls : CallbackUrls.For(key, route with { Step = i });
                return new VoiceResponse(RingDial(plan, ReferenceEquals(free, step.Targets) ? step : step with { Targets = free }, stepUrls));
            }
        }

        return ForEnding(plan.Ending, plan.Line, urls);
    }

    private static IReadOnlyList<RingTarget> FreeOf(IReadOnlyList<RingTarget> targets, Func<RingTarget, bool> isFree)
    {
        for (var i = 0; i < targets.Count; i++)
        {
            if (!isFree(targets[i]))
            {
                return [.. targets.Where(isFree)];
            }
        }

        return targets; // Everyone free: the step as planned, without a copy.
    }

    /// <summary>How a call ends on <paramref name="line"/> (null: no rules) when nobody took it: the admin's words, else the line's own.</summary>
    public static VoiceResponse ForEnding(Ending ending, LineRules? line, CallbackUrls urls) => ending.Kind switch
    {
        EndingKind.Voicemail => new VoiceResponse(
            Spoken(ending.Message ?? TextsOf(line).LeaveAMessage, line),
            new Record(urls.Voicemail) { MaxLengthSeconds = VoicePrompts.MaxMessageSeconds, TimeoutSeconds = VoicePrompts.MessageSilenceSeconds, PlayBeep = true }),
        EndingKind.Queue when line?.Queue is not null => new VoiceResponse(new Enqueue(QueueName.For(line.Number))
        {
            Action = urls.QueueLeft,
            WaitUrl = urls.QueueWait,
        }),
        EndingKind.Queue => ForEnding(line?.WhenNobodyAnswers ?? Ending.Goodbye, line, urls),
        _ => new VoiceResponse(Spoken(ending.Message ?? TextsOf(line).Goodbye, line), new Hangup()),
    };

    /// <summary>Whether <paramref name="response"/> puts the caller in the queue.</summary>
    public static bool Enqueues(VoiceResponse response) => response.Verbs is [.., Enqueue];

    /// <summary>
    /// What a waiting caller hears, asked again each time it ends: now and then their place and a rough wait, then hold
    /// music (or a short silence, so the limit is checked often). Past the line's limit, out of the queue.
    /// </summary>
    /// <param name="callbackUrl">Where a key pressed for a callback goes, when the caller may ask for one now; null when not.</param>
    public static VoiceResponse ForWaiting(LineRules line, QueueRules queue, int position, int waitedSeconds, int averageWaitSeconds, string? callbackUrl = null)
    {
        if (waitedSeconds >= queue.MaxWaitSeconds)
        {
            return new VoiceResponse(new Leave());
        }

        var verbs = new List<TwimlVerb>(3);
        // The first time, then about once a minute: a caller who hears only their place every few seconds hears no music.
        var aboutOnceAMinute = waitedSeconds % 60 < VoicePrompts.QueueSilenceSeconds;
        if (queue.AnnouncePosition && position > 0 && aboutOnceAMinute)
        {
            verbs.Add(Spoken(TextsOf(line).QueueUpdate(position, averageWaitSeconds), line));
        }

        if (callbackUrl is not null && (aboutOnceAMinute || waitedSeconds - (int)queue.Callback!.OfferAfter.TotalSeconds < VoicePrompts.QueueSilenceSeconds))
        {
            verbs.Add(Spoken(TextsOf(line).CallbackOffer, line));
        }

        verbs.Add(queue.Music is { } music ? new Play(music) : new Pause(Math.Min(VoicePrompts.QueueSilenceSeconds, queue.MaxWaitSeconds - waitedSeconds)));
        if (callbackUrl is null)
        {
            return new VoiceResponse(verbs);
        }

        // The whole wait listens for the key, the music too; with no key it ends, and Twilio asks the wait URL again.
        return new VoiceResponse(new Gather(null) { Action = callbackUrl, NumDigits = 1, TimeoutSeconds = 1, FinishOnKey = "", Then = verbs });
    }

    /// <summary>The one sentence a caller who asked for a callback hears as they leave the queue.</summary>
    public static VoiceResponse ForCallbackConfirmed(LineRules? line) =>
        new(Spoken(TextsOf(line).CallbackConfirmed, line), new Hangup());

    /// <summary>
    /// What the person hears when a callback's turn comes: whom it is for and since when, and a key to press before Ivr
    /// dials the caller (a phone's voicemail presses nothing, and hangs up).
    /// </summary>
    public static VoiceResponse ForCallbackOffer(LineRules line, DateTimeOffset queuedAt, string acceptedUrl)
    {
        var since = TimeZoneInfo.ConvertTime(queuedAt, line.TimeZone).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        return new VoiceResponse(
            new Gather(Spoken(TextsOf(line).CallbackForLine(line.Name, since), line))
            {
                Action = acceptedUrl,
                NumDigits = 1,
                TimeoutSeconds = VoicePrompts.ScreeningTimeoutSeconds,
                FinishOnKey = "",
            },
            new Hangup());
    }

    /// <summary>
    /// The person pressed: Ivr dials the caller from the line's number, with answering machine detection, so that
    /// <paramref name="answeredUrl"/> learns who picked up before the two are connected.
    /// </summary>
    public static VoiceResponse ForCallingBack(LineRules line, string number, string answeredUrl, string dialedUrl) =>
        new(new Dial([new DialNoun(DialNounKind.Number, number) { Url = answeredUrl, MachineDetection = "Enable" }])
        {
            Action = dialedUrl,
            CallerId = line.Number,
            TimeoutSeconds = VoicePrompts.CallbackRingSeconds,
        });

    /// <summary>What the person hears when an attempt did not reach the caller: it is over for them, and they are free.</summary>
    public static VoiceResponse ForCallbackNotReached(LineRules? line, bool gaveUp) =>
        new(Spoken(gaveUp ? TextsOf(line).CallbackGivenUp : TextsOf(line).CallbackNotReached, line), new Hangup());

    /// <summary>
    /// What the person who picks up an offer hears. On a screening line: who the caller waits for, and a key to take
    /// them (a phone's voicemail presses nothing and hangs up). Otherwise the caller at once.
    /// </summary>
    public static VoiceResponse ForOffer(LineRules line, string acceptedUrl, string bridgedUrl) =>
        line.Screening
            ? new VoiceResponse(
                new Gather(Spoken(TextsOf(line).ScreeningFor(line.Name), line))
                {
                    Action = acceptedUrl,
                    NumDigits = 1,
                    TimeoutSeconds = VoicePrompts.ScreeningTimeoutSeconds,
                    FinishOnKey = "",
                },
                new Hangup())
            : ForTakingTheCaller(line, bridgedUrl);

    /// <summary>Connects the person to the caller who has waited longest in the line's queue.</summary>
    public static VoiceResponse ForTakingTheCaller(LineRules line, string bridgedUrl) =>
        new(new Dial([new DialNoun(DialNounKind.Queue, QueueName.For(line.Number)) { Url = bridgedUrl }]) { TimeoutSeconds = VoicePrompts.EmptyQueueSeconds });

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
                StatusCallbackEvents = AnsweredAndCompleted,
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
