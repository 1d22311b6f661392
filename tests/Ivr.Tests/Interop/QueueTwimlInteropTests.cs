using System.Text.Json.Nodes;
using System.Xml.Linq;
using Ivr.Handoffs;
using Ivr.Queue;
using Ivr.Routing;
using Ivr.Rules;
using Ivr.Tests.Infrastructure;
using Ivr.Twilio.Twiml;
using Ivr.Voice;
using TwilioHttp = global::Twilio.Http;
using TwilioTwiml = global::Twilio.TwiML;
using TwilioVoice = global::Twilio.TwiML.Voice;

namespace Ivr.Tests.Interop;

/// <summary>
/// Every TwiML document of a line's queue (the answer that enqueues, what a waiting caller hears, the way out at the
/// limit, the offer to a free person and the dial that takes the caller) against what both of Twilio's packages
/// render for the same verbs: the C# package (<c>Twilio</c> 8.2.0) in process, and the npm package through
/// <see cref="TwilioOracle"/>. Ivr's side comes from real rules through <see cref="VoiceTwiml"/>; Twilio's side is built
/// here from the rules' words, numbers and URLs, so each URL must also land on the right attribute. Compared as XML
/// trees (<see cref="TwimlTrees"/>).
/// </summary>
public sealed class QueueTwimlInteropTests(TwilioOracle oracle) : IClassFixture<TwilioOracle>
{
    private const string Line = "+31201130900";
    private const string Agent = "+31612345678";
    private const string Fallback = "+15005550006";
    private const string Language = "nl-NL";
    private const string Voice = "Google.nl-NL-Standard-A";
    private const string LineName = "Tom & Jerry's <Balie> \"NL\" 📞";
    private const string ScreeningText = "Wachtende beller voor {line}: druk op een toets <om> te nemen & 'dank'.";

    /// <summary>An https URL with an ampersand and quotes in it, as an admin may give one.</summary>
    private const string Music = "https://cdn.example.com/hold/jazz&blues.mp3?a=1&b='2'";

    private static readonly DateTimeOffset Arrived = new(2026, 1, 14, 10, 0, 0, TimeSpan.Zero);
    private static readonly HandoffKey Key = new(Line, Arrived, "CA0123456789abcdef0123456789abcdef");
    private static readonly CallbackUrls Urls = CallbackUrls.For(Key);

    /// <summary>Dutch, in a Google voice, with hold music; its offers are screened.</summary>
    private static readonly LineRules Queued = Rules(new()
    {
        Name = LineName,
        Language = Language,
        Voice = Voice,
        RingGroups = [new() { Name = "Balie", Members = [Agent, "client:alice"] }],
        Screening = true,
        Texts = new() { Screening = ScreeningText },
        Queue = new() { Enabled = true, MaxWaitSeconds = 600, Music = Music },
    });

    /// <summary>English, no music: waiting callers hear silence between their places.</summary>
    private static readonly LineRules Silent = Rules(new()
    {
        RingGroups = [new() { Name = "Desk", Members = [Agent] }],
        Queue = new() { Enabled = true, MaxWaitSeconds = 120 },
    });

    [Fact]
    public async Task TheAnswerThatPutsACallerWithNobodyFreeInTheQueueMatchesBothPackages()
    {
        var plan = Router.Plan(Queued, Line, new CallFacts("+31611112222", Arrived), Fallback);
        Assert.Equal(RouteKind.Open, plan.Kind);

        var ours = VoiceTwiml.ForIncoming(plan, Key, CallRoute.Start, isFree: _ => false);

        var queue = QueueName.For(Line);
        AssertSame(
            new TwilioTwiml.VoiceResponse().Enqueue(queue, action: Relative(Urls.QueueLeft), method: TwilioHttp.HttpMethod.Post, waitUrl: Relative(Urls.QueueWait), waitUrlMethod: TwilioHttp.HttpMethod.Post),
            ours);
        await AssertSameAsNpmAsync(
            ours,
            new JsonObject
            {
                ["verb"] = "enqueue",
                ["attrs"] = new JsonObject { ["action"] = Urls.QueueLeft, ["method"] = "POST", ["waitUrl"] = Urls.QueueWait, ["waitUrlMethod"] = "POST" },
                ["text"] = queue,
            });
    }

    [Fact]
    public async Task TheFirstWaitWithThePlaceInTheLinesVoiceAndHoldMusicMatchesBothPackages()
    {
        var ours = VoiceTwiml.ForWaiting(Queued, Queued.Queue!, position: 2, waitedSeconds: 0, averageWaitSeconds: 300);

        var said = Queued.Texts.QueueUpdate(2, 300);
        AssertSame(new TwilioTwiml.VoiceResponse().Say(said, voice: Voice, language: Language).Play(new Uri(Music)), ours);
        await AssertSameAsNpmAsync(
            ours,
            new JsonObject { ["verb"] = "say", ["attrs"] = new JsonObject { ["voice"] = Voice, ["language"] = Language }, ["text"] = said },
            new JsonObject { ["verb"] = "play", ["text"] = Music });
    }

    [Fact]
    public async Task ASilentWaitShortenedToWhatIsLeftMatchesBothPackages()
    {
        const int waited = 110;

        var ours = VoiceTwiml.ForWaiting(Silent, Silent.Queue!, position: 1, waited, averageWaitSeconds: 30);

        var left = Silent.Queue!.MaxWaitSeconds - waited;
        AssertSame(new TwilioTwiml.VoiceResponse().Pause(length: left), ours);
        await AssertSameAsNpmAsync(ours, new JsonObject { ["verb"] = "pause", ["attrs"] = new JsonObject { ["length"] = left } });
    }

    [Fact]
    public async Task TheWayOutOfTheQueueAtTheLimitMatchesBothPackages()
    {
        var ours = VoiceTwiml.ForWaiting(Silent, Silent.Queue!, position: 1, Silent.Queue!.MaxWaitSeconds, averageWaitSeconds: 30);

        AssertSame(new TwilioTwiml.VoiceResponse().Leave(), ours);
        await AssertSameAsNpmAsync(ours, new JsonObject { ["verb"] = "leave" });
    }

    [Fact]
    public async Task AScreenedOfferThatTakesAnyKeyMatchesBothPackages()
    {
        var accepted = CallbackUrls.OfferAccepted(Line);

        var ours = VoiceTwiml.ForOffer(Queued, accepted, CallbackUrls.QueueBridged(Line, Agent));

        var said = ScreeningText.Replace("{line}", LineName, StringComparison.Ordinal);
        var gather = new TwilioVoice.Gather(action: Relative(accepted), numDigits: 1, timeout: VoicePrompts.ScreeningTimeoutSeconds, finishOnKey: "");
        gather.Say(said, voice: Voice, language: Language);
        AssertSame(new TwilioTwiml.VoiceResponse().Append(gather).Hangup(), ours);
        await AssertSameAsNpmAsync(
            ours,
            new JsonObject
            {
                ["verb"] = "gather",
                ["attrs"] = new JsonObject { ["action"] = accepted, ["numDigits"] = 1, ["timeout"] = VoicePrompts.ScreeningTimeoutSeconds, ["finishOnKey"] = "" },
                ["nouns"] = new JsonArray(new JsonObject { ["noun"] = "say", ["attrs"] = new JsonObject { ["voice"] = Voice, ["language"] = Language }, ["text"] = said }),
            },
            new JsonObject { ["verb"] = "hangup" });
    }

    [Theory]
    [InlineData(Agent)]
    [InlineData("client:alice")]
    [InlineData("sip:o'brien&co@desk.example.sip.twilio.com")]
    public async Task TheDialThatTakesTheLongestWaitingCallerMatchesBothPackages(string person)
    {
        var bridged = CallbackUrls.QueueBridged(Line, person);

        var unscreened = VoiceTwiml.ForOffer(Silent, CallbackUrls.OfferAccepted(Line), bridged);
        var afterAccepting = VoiceTwiml.ForTakingTheCaller(Queued, bridged);

        var silentQueue = QueueName.For(Silent.Number);
        var queue = QueueName.For(Line);
        AssertSame(new TwilioTwiml.VoiceResponse().Append(new TwilioVoice.Dial(timeout: VoicePrompts.EmptyQueueSeconds).Queue(silentQueue, url: Relative(bridged))), unscreened);
        AssertSame(new TwilioTwiml.VoiceResponse().Append(new TwilioVoice.Dial(timeout: VoicePrompts.EmptyQueueSeconds).Queue(queue, url: Relative(bridged))), afterAccepting);
        await AssertSameAsNpmAsync(unscreened, Dial(silentQueue, bridged));
        await AssertSameAsNpmAsync(afterAccepting, Dial(queue, bridged));
    }

    private static JsonObject Dial(string queue, string url) => new()
    {
        ["verb"] = "dial",
        ["attrs"] = new JsonObject { ["timeout"] = VoicePrompts.EmptyQueueSeconds },
        ["nouns"] = new JsonArray(new JsonObject { ["noun"] = "queue", ["attrs"] = new JsonObject { ["url"] = url }, ["text"] = queue }),
    };

    private static LineRules Rules(LineRulesDocument document)
    {
        var (rules, errors) = LineRulesReader.Read(Line, document with { TimeZone = "Europe/Amsterdam" });
        Assert.Empty(errors);
        return rules!;
    }

    /// <summary>Ivr's callback URLs are root-relative (Twilio resolves them against the URL it called).</summary>
    private static Uri Relative(string url) => new(url, UriKind.Relative);

    private static void AssertSame(TwilioTwiml.VoiceResponse twilio, VoiceResponse ours) => TwimlTrees.AssertSame(twilio, ours);

    private Task AssertSameAsNpmAsync(VoiceResponse ours, params JsonObject[] verbs) => TwimlTrees.AssertSameAsNpmAsync(oracle, ours, verbs);
}
