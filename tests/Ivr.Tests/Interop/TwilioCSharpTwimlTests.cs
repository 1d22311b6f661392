using System.Xml.Linq;
using Ivr.Handoffs;
using Ivr.Rules;
using Ivr.Routing;
using Ivr.Tests.Infrastructure;
using Ivr.Twilio.Twiml;
using Ivr.Voice;
using TwilioTwiml = global::Twilio.TwiML;
using TwilioVoice = global::Twilio.TwiML.Voice;

namespace Ivr.Tests.Interop;

/// <summary>
/// Every TwiML shape Ivr answers, against what Twilio's C# package (<c>Twilio</c> 8.2.0) renders for the same verbs:
/// a second oracle beside the npm package, in process. Ivr's side comes from real rules through the router and
/// <see cref="VoiceTwiml"/>; Twilio's side is built here from the same rules' words, numbers and timeouts, with the
/// callback URLs Ivr hands out (<see cref="CallbackUrls"/>), so each URL must also land on the right attribute.
/// The words are hostile (markup, ampersands, quotes, emoji), so escaping is compared too.
/// </summary>
/// <remarks>
/// Where the C# package writes differently from the npm package, the trees are still the same: it writes
/// <c>encoding="utf-8"</c> where npm writes <c>UTF-8</c>, <c>&lt;Hangup&gt;&lt;/Hangup&gt;</c> and
/// <c>&lt;Record …&gt;&lt;/Record&gt;</c> where npm (and Ivr) write empty elements, attributes in its own order, and
/// URLs as the <see cref="Uri.OriginalString"/> it was given (no re-escaping, so relative URLs stay as they are).
/// </remarks>
public sealed class TwilioCSharpTwimlTests
{
    private const string Line = "+31201130100";
    private const string Agent = "+31612345678";
    private const string Colleague = "+31687654321";
    private const string Alice = "alice";
    private const string Bob = "bob.smith";
    /// <summary>As hostile as a SIP address a line may ring can be: an apostrophe, an ampersand, parameters and headers.</summary>
    private const string Desk = "sip:o'brien&co@desk.example.sip.twilio.com;transport=tls?X-Note=a%20b&X-Q=1";
    private const string Fallback = "+15005550006";
    private const string Language = "nl-NL";
    private const string Voice = "Google.nl-NL-Standard-A";

    private const string Sales = "Sales & <Support> \"NL\" 😀";
    private const string BackOffice = "Back office";
    private const string LineName = "Tom & Jerry's <Balie> \"NL\" 📞";
    private const string Greeting = "Welkom bij \"Tom & Jerry's\" <Balie> 😀, één moment.";
    private const string MenuPrompt = "Druk 1 voor <Verkoop> & 'Service' 📞.";
    private const string LeaveAMessage = "Laat een bericht achter ]]> na de toon & \"dank\" 👋.";
    private const string Goodbye = "Tot ziens & <bye/> 'later'.";
    private const string Thanks = "Dank & <tot ziens>!";
    private const string ScreeningText = "Gesprek voor {line}. Druk op een toets <om> te accepteren & 'dank'.";

    private static readonly DateTimeOffset Arrived = new(2026, 1, 14, 10, 0, 0, TimeSpan.Zero);
    private static readonly HandoffKey Key = new(Line, Arrived, "CA0123456789abcdef0123456789abcdef");
    private static readonly CallbackUrls Urls = CallbackUrls.For(Key);

    /// <summary>
    /// Open, in Dutch with a Google voice, a greeting and a menu, the line's own number as caller ID. Sales rings a
    /// number and a client together, then its SIP address alone (as Twilio requires); Back office rings its two one after another.
    /// </summary>
    private static readonly LineRules Open = Rules(new()
    {
        Name = LineName,
        Language = Language,
        Voice = Voice,
        Greeting = Greeting,
        Menu = new() { Prompt = MenuPrompt, TimeoutSeconds = 4, Options = new Dictionary<string, string> { ["1"] = Sales } },
        RingGroups =
        [
            new() { Name = Sales, Members = [Agent, "client:" + Alice, Desk], RingTimeoutSeconds = 25 },
            new() { Name = BackOffice, Members = [Colleague, "client:" + Bob], Strategy = "sequential", RingTimeoutSeconds = 10 },
        ],
        CallerId = "line",
        Texts = new() { LeaveAMessage = LeaveAMessage, Goodbye = Goodbye, ThanksForTheMessage = Thanks, Screening = ScreeningText },
    });

    /// <summary>Screens calls: each party gets the screening URL and the screened leg-status callback.</summary>
    private static readonly LineRules Screened = Rules(new()
    {
        Name = LineName,
        Language = Language,
        Voice = Voice,
        RingGroups = [new() { Name = Sales, Members = [Agent, "client:" + Alice], RingTimeoutSeconds = 30 }],
        Screening = true,
        Texts = new() { Screening = ScreeningText },
    });

    [Fact]
    public void AnIncomingCallWithAGreetingAMenuAndItsFirstDialMatchesTwiliosCSharpPackage()
    {
        var ours = VoiceTwiml.ForIncoming(Plan(Open), Key, CallRoute.Start);

        var sales = Urls.InGroup(Sales);
        var twilio = new TwilioTwiml.VoiceResponse();
        twilio.Say(Greeting, voice: Voice, language: Language);
        var menu = new TwilioVoice.Gather(action: Relative(Urls.Menu), numDigits: 1, timeout: 4);
        menu.Say(MenuPrompt, voice: Voice, language: Language);
        twilio.Append(menu);
        var dial = new TwilioVoice.Dial(action: Relative(Urls.DialEnded), timeout: 25, answerOnBridge: true, callerId: Line);
        dial.Number(Agent, statusCallback: Relative(sales.LegStatus), statusCallbackEvent: [TwilioVoice.Number.EventEnum.Answered, TwilioVoice.Number.EventEnum.Completed]);
        dial.Client(Alice, statusCallback: Relative(sales.LegStatus), statusCallbackEvent: [TwilioVoice.Client.EventEnum.Answered, TwilioVoice.Client.EventEnum.Completed]);
        twilio.Append(dial);
        AssertSame(twilio, ours);
    }

    [Fact]
    public void ASipAddressRingingAloneMatchesTwiliosCSharpPackage()
    {
        var route = CallRoute.Start with { Step = 1 };

        var ours = VoiceTwiml.ForStep(Plan(Open), route, Key);

        var urls = CallbackUrls.For(Key, route);
        var twilio = new TwilioTwiml.VoiceResponse();
        var dial = new TwilioVoice.Dial(action: Relative(urls.DialEnded), timeout: 25, answerOnBridge: true, callerId: Line);
        // The C# package takes a SIP address as a Uri (npm: a string) and writes back the OriginalString it was given,
        // so even this one arrives unchanged.
        dial.Sip(new Uri(Desk), statusCallback: Relative(urls.InGroup(Sales).LegStatus), statusCallbackEvent: [TwilioVoice.Sip.EventEnum.Answered, TwilioVoice.Sip.EventEnum.Completed]);
        twilio.Append(dial);
        AssertSame(twilio, ours);
    }

    [Fact]
    public void ASequentialGroupsDialsRingingOneNumberThenOneClientMatchTwiliosCSharpPackage()
    {
        var numberRoute = CallRoute.Start with { Step = 2 };
        var clientRoute = CallRoute.Start with { Step = 3, Choice = '1' };

        var number = VoiceTwiml.ForStep(Plan(Open), numberRoute, Key);
        var client = VoiceTwiml.ForStep(Plan(Open, menuChoice: '1'), clientRoute, Key);

        var numberUrls = CallbackUrls.For(Key, numberRoute);
        var numberDial = new TwilioVoice.Dial(action: Relative(numberUrls.DialEnded), timeout: 10, answerOnBridge: true, callerId: Line);
        numberDial.Number(Colleague, statusCallback: Relative(numberUrls.InGroup(BackOffice).LegStatus), statusCallbackEvent: [TwilioVoice.Number.EventEnum.Answered, TwilioVoice.Number.EventEnum.Completed]);
        var clientUrls = CallbackUrls.For(Key, clientRoute);
        var clientDial = new TwilioVoice.Dial(action: Relative(clientUrls.DialEnded), timeout: 10, answerOnBridge: true, callerId: Line);
        clientDial.Client(Bob, statusCallback: Relative(clientUrls.InGroup(BackOffice).LegStatus), statusCallbackEvent: [TwilioVoice.Client.EventEnum.Answered, TwilioVoice.Client.EventEnum.Completed]);
        AssertSame(new TwilioTwiml.VoiceResponse().Append(numberDial), number);
        AssertSame(new TwilioTwiml.VoiceResponse().Append(clientDial), client);
    }

    [Fact]
    public void AScreenedDialWithAUrlAndCallbacksOnEachPartyMatchesTwiliosCSharpPackage()
    {
        var ours = VoiceTwiml.ForIncoming(Plan(Screened), Key, CallRoute.Start);

        var sales = Urls.InGroup(Sales);
        var dial = new TwilioVoice.Dial(action: Relative(Urls.DialEnded), timeout: 30, answerOnBridge: true);
        dial.Number(Agent, url: Relative(sales.Screen), statusCallback: Relative(sales.ScreenedLegStatus), statusCallbackEvent: [TwilioVoice.Number.EventEnum.Answered, TwilioVoice.Number.EventEnum.Completed]);
        dial.Client(Alice, url: Relative(sales.Screen), statusCallback: Relative(sales.ScreenedLegStatus), statusCallbackEvent: [TwilioVoice.Client.EventEnum.Answered, TwilioVoice.Client.EventEnum.Completed]);
        AssertSame(new TwilioTwiml.VoiceResponse().Append(dial), ours);
    }

    [Fact]
    public void TheScreeningPromptThatTakesAnyKeyMatchesTwiliosCSharpPackage()
    {
        var urls = Urls.InGroup(Sales);

        var ours = VoiceTwiml.ForScreening(Screened, Screened.Name, urls);

        // finishOnKey="" must be written, not left out (Twilio's default '#' would end the Gather with no digit): the
        // C# package writes an empty string as an empty attribute, as the npm package does.
        var gather = new TwilioVoice.Gather(action: Relative(urls.ScreenAccepted), numDigits: 1, timeout: 5, finishOnKey: "");
        gather.Say(ScreeningText.Replace("{line}", LineName, StringComparison.Ordinal), voice: Voice, language: Language);
        AssertSame(new TwilioTwiml.VoiceResponse().Append(gather).Hangup(), ours);
    }

    [Fact]
    public void TheVoicemailPromptAndRecordingMatchTwiliosCSharpPackage()
    {
        var ours = VoiceTwiml.ForEnding(Ending.Voicemail, Open, Urls);

        var twilio = new TwilioTwiml.VoiceResponse()
            .Say(LeaveAMessage, voice: Voice, language: Language)
            .Record(action: Relative(Urls.Voicemail), maxLength: 120, timeout: 5, playBeep: true);
        AssertSame(twilio, ours);
    }

    [Fact]
    public void GoodbyesAndThanksEndingInAHangupMatchTwiliosCSharpPackage()
    {
        var goodbye = VoiceTwiml.ForEnding(Ending.Goodbye, Open, Urls);
        var thanks = VoiceTwiml.AfterVoicemail(Open);
        var ownWords = VoiceTwiml.ForEnding(new Ending(EndingKind.Goodbye, Greeting), Open, Urls);
        var withoutRules = VoiceTwiml.AfterVoicemail(line: null);

        AssertSame(new TwilioTwiml.VoiceResponse().Say(Goodbye, voice: Voice, language: Language).Hangup(), goodbye);
        AssertSame(new TwilioTwiml.VoiceResponse().Say(Thanks, voice: Voice, language: Language).Hangup(), thanks);
        AssertSame(new TwilioTwiml.VoiceResponse().Say(Greeting, voice: Voice, language: Language).Hangup(), ownWords);
        // No line: the built-in English words, in Twilio's default voice and language (no attributes at all).
        AssertSame(new TwilioTwiml.VoiceResponse().Say(BuiltInTexts.English.ThanksForTheMessage).Hangup(), withoutRules);
    }

    [Fact]
    public void AHangupAloneAndAnEmptyResponseMatchTwiliosCSharpPackage()
    {
        // What the dial-ended and screen-accepted webhooks answer: a bare hang-up, and nothing (which connects the screened call).
        var hangup = new VoiceResponse(new Hangup());
        var empty = new VoiceResponse();

        AssertSame(new TwilioTwiml.VoiceResponse().Hangup(), hangup);
        AssertSame(new TwilioTwiml.VoiceResponse(), empty);
    }

    [Fact]
    public void ACallToALineWithoutRulesRingingTheFallbackNumberMatchesTwiliosCSharpPackage()
    {
        var plan = Router.Plan(null, Line, Facts, Fallback, fallbackRingTimeoutSeconds: 40);

        var ours = VoiceTwiml.ForIncoming(plan, Key, CallRoute.Start);

        var dial = new TwilioVoice.Dial(action: Relative(Urls.DialEnded), timeout: 40, answerOnBridge: true);
        dial.Number(Fallback, statusCallback: Relative(Urls.InGroup(RingStepGroups.Fallback).LegStatus), statusCallbackEvent: [TwilioVoice.Number.EventEnum.Answered, TwilioVoice.Number.EventEnum.Completed]);
        AssertSame(new TwilioTwiml.VoiceResponse().Append(dial), ours);
    }

    [Fact]
    public void TheFallbackDialAfterAFailureMatchesTwiliosCSharpPackage()
    {
        var ours = VoiceTwiml.ForFallback(Fallback, 35);

        var dial = new TwilioVoice.Dial(timeout: 35, answerOnBridge: true).Number(Fallback);
        AssertSame(new TwilioTwiml.VoiceResponse().Append(dial), ours);
    }

    private static CallFacts Facts => new("+31611112222", Arrived);

    private static RoutePlan Plan(LineRules line, char? menuChoice = null)
    {
        var plan = Router.Plan(line, Line, Facts with { MenuChoice = menuChoice }, Fallback);
        Assert.Equal(RouteKind.Open, plan.Kind);
        return plan;
    }

    private static LineRules Rules(LineRulesDocument document)
    {
        var (rules, errors) = LineRulesReader.Read(Line, document with { TimeZone = "Europe/Amsterdam" });
        Assert.Empty(errors);
        return rules!;
    }

    /// <summary>Ivr's callback URLs are root-relative (Twilio resolves them against the URL it called).</summary>
    private static Uri Relative(string url) => new(url, UriKind.Relative);

    private static void AssertSame(TwilioTwiml.VoiceResponse twilio, VoiceResponse ours) => TwimlTrees.AssertSame(twilio, ours);
}
