using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Ivr.Handoffs;
using Ivr.Rules;
using Ivr.Tests.Infrastructure;
using Ivr.Twilio.Twiml;
using Ivr.Voice;
using TwilioHttp = global::Twilio.Http;
using TwilioTwiml = global::Twilio.TwiML;
using TwilioVoice = global::Twilio.TwiML.Voice;

namespace Ivr.Tests.Interop;

/// <summary>
/// Every TwiML document of a callback (the wait that offers it, the confirmation, the person's prompt, the dial of the
/// caller with machine detection, the words when the caller was not reached) against what both of Twilio's packages
/// render for the same verbs: the C# package in process and the npm package through <see cref="TwilioOracle"/>.
/// </summary>
public sealed class CallbackTwimlInteropTests(TwilioOracle oracle) : IClassFixture<TwilioOracle>
{
    private const string Line = "+31201130950";
    private const string Agent = "+31612345678";
    private const string Caller = "+31611112222";
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private const string Language = "nl-NL";
    private const string Voice = "Google.nl-NL-Standard-A";
    private const string LineName = "Tom & Jerry's <Balie>";
    private const string Music = "https://cdn.example.com/hold/jazz&blues.mp3?a=1";

    private static readonly DateTimeOffset Arrived = new(2026, 1, 14, 10, 0, 0, TimeSpan.Zero);
    private static readonly CallbackUrls Urls = CallbackUrls.For(new HandoffKey(Line, Arrived, CallSid));

    private static readonly LineRules Dutch = Rules(new()
    {
        Name = LineName,
        Language = Language,
        Voice = Voice,
        RingGroups = [new() { Name = "Balie", Members = [Agent] }],
        Queue = new() { Enabled = true, MaxWaitSeconds = 600, Music = Music, Callback = new() { Enabled = true, OfferAfterSeconds = 30 } },
    });

    [Fact]
    public async Task AWaitThatOffersACallbackListensForTheKeyThroughThePlaceTheOfferAndTheMusic()
    {
        var ours = VoiceTwiml.ForWaiting(Dutch, Dutch.Queue!, position: 3, waitedSeconds: 60, averageWaitSeconds: 120, Urls.CallbackRequest);

        var place = Dutch.Texts.QueueUpdate(3, 120);
        var offer = Dutch.Texts.CallbackOffer;
        Assert.StartsWith("Druk op 1", offer, StringComparison.Ordinal);
        var gather = new TwilioVoice.Gather(action: Relative(Urls.CallbackRequest), numDigits: 1, timeout: 1, finishOnKey: "");
        gather.Say(place, voice: Voice, language: Language).Say(offer, voice: Voice, language: Language).Play(new Uri(Music));
        AssertSame(new TwilioTwiml.VoiceResponse().Append(gather), ours);
        await AssertSameAsNpmAsync(
            ours,
            new JsonObject
            {
                ["verb"] = "gather",
                ["attrs"] = new JsonObject { ["action"] = Urls.CallbackRequest, ["numDigits"] = 1, ["timeout"] = 1, ["finishOnKey"] = "" },
                ["nouns"] = new JsonArray(
                    Said(place),
                    Said(offer),
                    new JsonObject { ["noun"] = "play", ["text"] = Music }),
            });
    }

    [Fact]
    public async Task TheConfirmationIsOneSentenceAndTheCallEnds()
    {
        var ours = VoiceTwiml.ForCallbackConfirmed(Dutch);

        var said = Dutch.Texts.CallbackConfirmed;
        AssertSame(new TwilioTwiml.VoiceResponse().Say(said, voice: Voice, language: Language).Hangup(), ours);
        await AssertSameAsNpmAsync(ours, Verb("say", said), new JsonObject { ["verb"] = "hangup" });
    }

    [Fact]
    public async Task ThePersonHearsWhomItIsForAndSinceWhenInTheLinesTimeZoneAndPressesAKey()
    {
        var accepted = CallbackUrls.CallbackAccepted(Line, CallSid);

        var ours = VoiceTwiml.ForCallbackOffer(Dutch, Arrived, accepted);

        // 10:00 UTC in January is 11:00 in Amsterdam.
        var said = Dutch.Texts.CallbackFor.Replace("{line}", LineName, StringComparison.Ordinal).Replace("{time}", "11:00", StringComparison.Ordinal);
        var gather = new TwilioVoice.Gather(action: Relative(accepted), numDigits: 1, timeout: VoicePrompts.ScreeningTimeoutSeconds, finishOnKey: "");
        gather.Say(said, voice: Voice, language: Language);
        AssertSame(new TwilioTwiml.VoiceResponse().Append(gather).Hangup(), ours);
        await AssertSameAsNpmAsync(
            ours,
            new JsonObject
            {
                ["verb"] = "gather",
                ["attrs"] = new JsonObject { ["action"] = accepted, ["numDigits"] = 1, ["timeout"] = VoicePrompts.ScreeningTimeoutSeconds, ["finishOnKey"] = "" },
                ["nouns"] = new JsonArray(Said(said)),
            },
            new JsonObject { ["verb"] = "hangup" });
    }

    [Fact]
    public async Task TheDialOfTheCallerIsFromTheLinesNumberWithMachineDetection()
    {
        var answered = CallbackUrls.CallbackAnswered(Line, CallSid, Agent);
        var dialed = CallbackUrls.CallbackDialed(Line, CallSid, Agent);

        var ours = VoiceTwiml.ForCallingBack(Dutch, Caller, answered, dialed);

        var dial = new TwilioVoice.Dial(action: Relative(dialed), timeout: VoicePrompts.CallbackRingSeconds, callerId: Line);
        dial.Number(new global::Twilio.Types.PhoneNumber(Caller), url: Relative(answered), machineDetection: "Enable");
        AssertSame(new TwilioTwiml.VoiceResponse().Append(dial), ours);
        await AssertSameAsNpmAsync(
            ours,
            new JsonObject
            {
                ["verb"] = "dial",
                ["attrs"] = new JsonObject { ["action"] = dialed, ["timeout"] = VoicePrompts.CallbackRingSeconds, ["callerId"] = Line },
                ["nouns"] = new JsonArray(new JsonObject { ["noun"] = "number", ["attrs"] = new JsonObject { ["url"] = answered, ["machineDetection"] = "Enable" }, ["text"] = Caller }),
            });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ThePersonIsToldWhenTheCallerWasNotReached(bool gaveUp)
    {
        var ours = VoiceTwiml.ForCallbackNotReached(Dutch, gaveUp);

        var said = gaveUp ? Dutch.Texts.CallbackGivenUp : Dutch.Texts.CallbackNotReached;
        AssertSame(new TwilioTwiml.VoiceResponse().Say(said, voice: Voice, language: Language).Hangup(), ours);
        await AssertSameAsNpmAsync(ours, Verb("say", said), new JsonObject { ["verb"] = "hangup" });
    }

    private static JsonObject Said(string text) =>
        new() { ["noun"] = "say", ["attrs"] = new JsonObject { ["voice"] = Voice, ["language"] = Language }, ["text"] = text };

    private static JsonObject Verb(string verb, string text) =>
        new() { ["verb"] = verb, ["attrs"] = new JsonObject { ["voice"] = Voice, ["language"] = Language }, ["text"] = text };

    private static LineRules Rules(LineRulesDocument document)
    {
        var (rules, errors) = LineRulesReader.Read(Line, document with { TimeZone = "Europe/Amsterdam" });
        Assert.Empty(errors);
        return rules!;
    }

    private static Uri Relative(string url) => new(url, UriKind.Relative);

    private static void AssertSame(TwilioTwiml.VoiceResponse twilio, VoiceResponse ours) => TwimlTrees.AssertSame(twilio, ours);

    private Task AssertSameAsNpmAsync(VoiceResponse ours, params JsonObject[] verbs) => TwimlTrees.AssertSameAsNpmAsync(oracle, ours, verbs);
}
