using System.Xml.Linq;
using Ivr.Rules;
using Ivr.Twilio.Twiml;
using Ivr.Voice;

namespace Ivr.Tests.Unit;

/// <summary>The TwiML a line's words and voice turn into. Rules are built the way admins write them.</summary>
public sealed class VoiceTwimlTests
{
    private const string Line = "+31201234567";

    private static readonly CallbackUrls Urls = CallbackUrls.For(null);

    [Fact]
    public void ALineWithoutALanguageSaysExactlyTheEnglishWordsItAlwaysSaid()
    {
        var line = Rules(new() { Name = "Acme" });

        var voicemail = Render(VoiceTwiml.ForEnding(Ending.Voicemail, line, Urls));
        var goodbye = Render(VoiceTwiml.ForEnding(Ending.Goodbye, line, Urls));
        var thanks = Render(VoiceTwiml.AfterVoicemail(line));
        var screening = Render(VoiceTwiml.ForScreening(line, line.Name, Urls));

        Assert.Equal("<Say>Sorry, nobody can take your call right now. Please leave a message after the tone.</Say>", voicemail.Elements().First().ToString());
        Assert.Equal("<Say>Sorry, nobody can take your call right now. Please try again later. Goodbye.</Say>", goodbye.Elements().First().ToString());
        Assert.Equal("<Say>Thank you for your message. Goodbye.</Say>", thanks.Elements().First().ToString());
        Assert.Equal("<Say>Call for Acme. Press any key to accept.</Say>", screening.Element("Gather")!.Elements().Single().ToString());
    }

    [Fact]
    public void EverySayOnALineWithAVoiceUsesItWithTheLinesLanguage()
    {
        var line = Rules(new()
        {
            Language = "de-DE",
            Voice = "Polly.Marlene",
            Greeting = "Willkommen.",
            Menu = new() { Prompt = "Für Technik drücken Sie die 1.", Options = new Dictionary<string, string> { ["1"] = "Technik" } },
            Screening = true,
        });
        var plan = Ivr.Routing.Router.Plan(line, Line, new Ivr.Routing.CallFacts("+31611112222", new DateTimeOffset(2026, 1, 14, 10, 0, 0, TimeSpan.Zero)), "+15005550006");

        XElement[] documents =
        [
            Render(VoiceTwiml.ForIncoming(plan, null, CallRoute.Start)),
            Render(VoiceTwiml.ForEnding(Ending.Voicemail, line, Urls)),
            Render(VoiceTwiml.ForEnding(Ending.Goodbye, line, Urls)),
            Render(VoiceTwiml.AfterVoicemail(line)),
            Render(VoiceTwiml.ForScreening(line, line.Name, Urls)),
        ];

        var says = documents.SelectMany(d => d.Descendants("Say")).ToList();
        Assert.Equal(6, says.Count); // greeting, menu prompt, leave-a-message, goodbye, thanks, screening
        Assert.All(says, say => Assert.Equal(("Polly.Marlene", "de-DE"), (say.Attribute("voice")?.Value, say.Attribute("language")?.Value)));
    }

    [Fact]
    public void TheScreeningPromptTakesAnyKeyIncludingHashAndStar()
    {
        var gather = Render(VoiceTwiml.ForScreening(Rules(new()), "Acme", Urls)).Element("Gather")!;

        Assert.Equal("", gather.Attribute("finishOnKey")?.Value);
        Assert.Equal("1", gather.Attribute("numDigits")?.Value);
    }

    [Fact]
    public void TheFallbackDialRingsForItsTimeout()
    {
        var dial = Render(VoiceTwiml.ForFallback("+15005550006", 35)).Element("Dial")!;

        Assert.Equal("35", dial.Attribute("timeout")?.Value);
        Assert.Equal("+15005550006", dial.Elements().Single().Value);
    }

    private static LineRules Rules(LineRulesDocument document)
    {
        var (rules, errors) = LineRulesReader.Read(Line, document with
        {
            TimeZone = "Europe/Amsterdam",
            RingGroups = [new() { Name = "Technik", Members = ["+31612345678"] }],
        });
        Assert.Empty(errors);
        return rules!;
    }

    private static XElement Render(VoiceResponse response) => XDocument.Parse(TwimlWriter.ToXml(response)).Root!;
}
