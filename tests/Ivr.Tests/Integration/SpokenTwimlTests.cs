using System.Globalization;
using System.Text;
using System.Web;
using System.Xml.Linq;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>
/// TwiML that real Twilio accepts and callers understand, over signed webhooks against a real Ivr and Azurite: SIP
/// addresses ring alone, built-in words in the line's language and voice, any key accepts a screened call, and
/// forward dials ring for an explicit time.
/// </summary>
public sealed class SpokenTwimlTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string A1 = "+31600000101";
    private const string C1 = "+31600000104";
    private const string OnCall = "+31600000109";
    private const string Carol = "sip:carol@example.sip.twilio.com";
    private const string Dave = "sip:dave@example.sip.twilio.com";

    [Fact]
    public async Task SipAddressesOfASimultaneousGroupRingEachOnTheirOwnRightAfterTheOthersAndCountForTheGroup()
    {
        const string line = "+31201120001";
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(line, $$"""
            {
              "timeZone": "Europe/Amsterdam",
              "ringGroups": [
                { "name": "Desk", "members": ["{{Carol}}", "{{A1}}", "client:bob", "{{Dave}}"], "ringTimeoutSeconds": 12 },
                { "name": "Next", "members": ["{{C1}}"] }
              ]
            }
            """);
        var call = ivr.NewCall(line);

        var together = OnlyDial(await call.ArriveAsync());
        var carol = OnlyDial(await call.DialEndsAsync("no-answer", bridged: false));
        var dave = OnlyDial(await call.DialEndsAsync("no-answer", bridged: false));
        var next = OnlyDial(await call.DialEndsAsync("no-answer", bridged: false));

        Assert.Equal([("Number", A1), ("Client", "bob")], Nouns(together));
        Assert.Equal([("Sip", Carol)], Nouns(carol));
        Assert.Equal([("Sip", Dave)], Nouns(dave));
        Assert.Equal([("Number", C1)], Nouns(next));
        Assert.All([together, carol, dave], dial => Assert.Equal("12", dial.Attribute("timeout")?.Value));
        Assert.All([together, carol, dave], dial => Assert.All(dial.Elements(), noun => Assert.Equal("Desk", GroupIn(noun.Attribute("statusCallback")!.Value))));

        // Dave answers his own dial: the hand-off counts for his ring group.
        var answered = ivr.NewCall(line);
        await answered.ArriveAsync();
        await answered.DialEndsAsync("no-answer", bridged: false);
        var daveDial = OnlyDial(await answered.DialEndsAsync("no-answer", bridged: false));
        await answered.AnswerViaAsync(daveDial.Elements().Single().Attribute("statusCallback")!.Value, Dave);
        var record = await ivr.Records.WaitForAsync(answered.CallSid, r => r.GetString("AnsweredBy") is not null);
        Assert.Equal(Dave, record.GetString("AnsweredBy"));
        Assert.Equal("Desk", record.GetString("AnsweredGroup"));

        // The dry run lists the same dials and says why the SIP addresses ring apart.
        var steps = (await ivr.Admin.DryRunAsync(line, "{}"))["steps"]!.AsArray();
        Assert.Equal(
            [[A1, "client:bob"], [Carol], [Dave], [C1]],
            steps.Select(s => s!["ring"]!.AsArray().Select(r => r!.GetValue<string>()).ToArray()));
        Assert.Contains("SIP", steps[0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("on its own", steps[1]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADutchLineSpeaksItsBuiltInWordsInDutchInItsVoice()
    {
        const string line = "+31201120002";
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(line, $$"""
            {
              "name": "Klantenservice",
              "timeZone": "Europe/Amsterdam",
              "language": "nl-NL",
              "voice": "Polly.Lotte",
              "ringGroups": [{ "name": "Balie", "members": ["{{A1}}"] }],
              "screening": true
            }
            """);
        var call = ivr.NewCall(line);
        var dial = OnlyDial(await call.ArriveAsync());

        using var screenResponse = await call.PostOnLegAsync(dial.Elements().Single().Attribute("url")!.Value, SimulatedCall.NewSid("CA"), A1, ("CallStatus", "in-progress"));
        var screening = (await SimulatedCall.ReadTwimlAsync(screenResponse)).Root!.Element("Gather")!.Element("Say")!;
        var voicemail = await call.DialEndsAsync("no-answer", bridged: false);
        var thanks = await call.LeaveVoicemailAsync(voicemail.Root!.Element("Record")!.Attribute("action")!.Value);

        AssertSays("Gesprek voor Klantenservice. Druk op een toets om het gesprek aan te nemen.", screening);
        AssertSays("Er is op dit moment helaas niemand beschikbaar. Spreek na de toon een bericht in.", voicemail.Root!.Element("Say")!);
        AssertSays("Bedankt voor uw bericht. Tot ziens.", thanks.Root!.Element("Say")!);

        // The dry run shows the words callers and people hear on this line.
        var texts = (await ivr.Admin.DryRunAsync(line, "{}"))["texts"]!;
        Assert.Equal("Er is op dit moment helaas niemand beschikbaar. Spreek na de toon een bericht in.", texts["leaveAMessage"]!.GetValue<string>());
        Assert.Equal("Gesprek voor Klantenservice. Druk op een toets om het gesprek aan te nemen.", texts["screening"]!.GetValue<string>());

        static void AssertSays(string words, XElement say)
        {
            Assert.Equal(words, say.Value);
            Assert.Equal("nl-NL", say.Attribute("language")?.Value);
            Assert.Equal("Polly.Lotte", say.Attribute("voice")?.Value);
        }
    }

    [Fact]
    public async Task AGermanLineSpeaksGermanAndAnAdminsOwnWordsReplaceTheBuiltInOnes()
    {
        const string closedLine = "+31201120003";
        const string ownWordsLine = "+31201120004";
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(closedLine, $$"""
            {
              "timeZone": "Europe/Berlin",
              "language": "de-DE",
              "closures": [{ "from": "2000-01-01", "to": "2099-12-31" }],
              "afterHours": { "action": "message" },
              "ringGroups": [{ "name": "Zentrale", "members": ["{{A1}}"] }]
            }
            """);
        await ivr.Admin.CreateLineAsync(ownWordsLine, $$"""
            {
              "name": "Technik",
              "timeZone": "Europe/Berlin",
              "language": "de-DE",
              "ringGroups": [{ "name": "Zentrale", "members": ["{{A1}}"] }],
              "whenNobodyAnswers": { "action": "goodbye" },
              "screening": true,
              "texts": { "goodbye": "Heute ist leider niemand mehr da. Tschüss!", "screening": "Kunde für {line} – Taste drücken." }
            }
            """);

        var closed = await ivr.NewCall(closedLine).ArriveAsync();
        var call = ivr.NewCall(ownWordsLine);
        var dial = OnlyDial(await call.ArriveAsync());
        using var screenResponse = await call.PostOnLegAsync(dial.Elements().Single().Attribute("url")!.Value, SimulatedCall.NewSid("CA"), A1, ("CallStatus", "in-progress"));
        var screening = await SimulatedCall.ReadTwimlAsync(screenResponse);
        var goodbye = await call.DialEndsAsync("no-answer", bridged: false);

        Assert.Equal(
            "Leider haben wir gerade geschlossen. Bitte rufen Sie uns während unserer Öffnungszeiten wieder an. Auf Wiederhören.",
            closed.Root!.Element("Say")!.Value);
        Assert.Equal("de-DE", closed.Root.Element("Say")!.Attribute("language")?.Value);
        Assert.Null(closed.Root.Element("Say")!.Attribute("voice"));
        Assert.Equal("Kunde für Technik – Taste drücken.", screening.Root!.Element("Gather")!.Element("Say")!.Value);
        Assert.Equal(["Say", "Hangup"], goodbye.Root!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("Heute ist leider niemand mehr da. Tschüss!", goodbye.Root.Element("Say")!.Value);
    }

    [Fact]
    public async Task AScreenedPersonWhoPressesTheHashKeyAcceptsTheCall()
    {
        const string line = "+31201120005";
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(line, $$"""
            {
              "name": "Acme",
              "timeZone": "Europe/Amsterdam",
              "ringGroups": [{ "name": "Team", "members": ["{{A1}}"] }],
              "screening": true
            }
            """);
        var call = ivr.NewCall(line);
        var party = OnlyDial(await call.ArriveAsync()).Elements().Single();
        var legSid = SimulatedCall.NewSid("CA");
        using var screenResponse = await call.PostOnLegAsync(party.Attribute("url")!.Value, legSid, A1, ("CallStatus", "in-progress"));
        var gather = (await SimulatedCall.ReadTwimlAsync(screenResponse)).Root!.Element("Gather")!;

        // Twilio's default finishOnKey is '#', which would end the Gather with no digits: it must be switched off.
        Assert.Equal("", gather.Attribute("finishOnKey")?.Value);
        Assert.Equal("1", gather.Attribute("numDigits")?.Value);

        using var acceptResponse = await call.PostOnLegAsync(gather.Attribute("action")!.Value, legSid, A1, ("CallStatus", "in-progress"), ("Digits", "#"));
        var accepted = await SimulatedCall.ReadTwimlAsync(acceptResponse);

        Assert.Empty(accepted.Root!.Nodes());
        var record = await ivr.Records.WaitForAsync(call.CallSid, r => r.GetString("AnsweredBy") is not null);
        Assert.Equal(A1, record.GetString("AnsweredBy"));
        Assert.Equal("answered", record.GetString("Outcome"));
    }

    [Fact]
    public async Task AnAfterHoursForwardRingsForItsTimeoutAndIsScreenedWhenTheLineScreens()
    {
        const string screenedLine = "+31201120006";
        const string longerLine = "+31201120007";
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(screenedLine, ForwardRules(screening: true, ringTimeout: null));
        await ivr.Admin.CreateLineAsync(longerLine, ForwardRules(screening: false, ringTimeout: 40));
        var call = ivr.NewCall(screenedLine);

        var forward = OnlyDial(await call.ArriveAsync());
        var longer = OnlyDial(await ivr.NewCall(longerLine).ArriveAsync());

        Assert.Equal("20", forward.Attribute("timeout")?.Value);
        Assert.Equal("40", longer.Attribute("timeout")?.Value);
        var onCall = forward.Elements().Single();
        Assert.Equal(("Number", OnCall), (onCall.Name.LocalName, onCall.Value));
        Assert.StartsWith("/api/voice/screen?", onCall.Attribute("url")?.Value, StringComparison.Ordinal);
        Assert.Contains("screened=1", onCall.Attribute("statusCallback")?.Value, StringComparison.Ordinal);
        Assert.Null(longer.Elements().Single().Attribute("url"));

        // Picking up is no hand-off; pressing a key is, and it counts for the after-hours forward.
        var legSid = SimulatedCall.NewSid("CA");
        await call.AnswerViaAsync(onCall.Attribute("statusCallback")!.Value, OnCall);
        using var screenResponse = await call.PostOnLegAsync(onCall.Attribute("url")!.Value, legSid, OnCall, ("CallStatus", "in-progress"));
        var gather = (await SimulatedCall.ReadTwimlAsync(screenResponse)).Root!.Element("Gather")!;
        using var acceptResponse = await call.PostOnLegAsync(gather.Attribute("action")!.Value, legSid, OnCall, ("CallStatus", "in-progress"), ("Digits", "5"));
        await SimulatedCall.ReadTwimlAsync(acceptResponse);
        var record = await ivr.Records.WaitForAsync(call.CallSid, r => r.GetString("AnsweredBy") is not null);
        Assert.Equal(OnCall, record.GetString("AnsweredBy"));
        Assert.Equal("(after hours)", record.GetString("AnsweredGroup"));
    }

    private static string ForwardRules(bool screening, int? ringTimeout) => $$"""
        {
          "timeZone": "Europe/Amsterdam",
          "closures": [{ "from": "2000-01-01", "to": "2099-12-31" }],
          "ringGroups": [{ "name": "Office", "members": ["{{A1}}"] }],
          "afterHours": { "action": "forward", "forwardTo": "{{OnCall}}"{{(ringTimeout is { } seconds ? ", \"ringTimeoutSeconds\": " + seconds.ToString(CultureInfo.InvariantCulture) : "")}} },
          "screening": {{(screening ? "true" : "false")}}
        }
        """;

    /// <summary>The response's only verb, which must be a Dial.</summary>
    private static XElement OnlyDial(XDocument twiml)
    {
        Assert.Equal(["Dial"], twiml.Root!.Elements().Select(e => e.Name.LocalName));
        return twiml.Root.Element("Dial")!;
    }

    private static (string Kind, string Address)[] Nouns(XElement dial) =>
        dial.Elements().Select(e => (e.Name.LocalName, e.Value)).ToArray();

    /// <summary>The ring group a callback URL names (its <c>group</c> parameter, decoded).</summary>
    private static string? GroupIn(string url) =>
        HttpUtility.ParseQueryString(url.Contains('?', StringComparison.Ordinal) ? url[(url.IndexOf('?', StringComparison.Ordinal) + 1)..] : "", Encoding.UTF8)["group"];
}
