using System.Globalization;
using System.Xml.Linq;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>
/// The call-routing flows end to end: a real Ivr process and real Azurite, lines created through the admin API,
/// and every step's TwiML fetched from the URL the previous TwiML named, signed as Twilio signs it.
/// </summary>
public sealed class RoutingFlowTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string A1 = "+31600000001";
    private const string A2 = "+31600000002";
    private const string B1 = "+31600000003";
    private const string C1 = "+31600000004";
    private const string OnCall = "+31600000009";

    [Fact]
    public async Task NobodyAnsweringOverflowsThroughSequentialSimultaneousAndSingleGroupsThenSaysGoodbye()
    {
        const string line = "+31201110001";
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(line, $$"""
            {
              "name": "Overflow",
              "timeZone": "Europe/Amsterdam",
              "ringGroups": [
                { "name": "A", "members": ["{{A1}}", "{{A2}}"], "strategy": "sequential", "ringTimeoutSeconds": 10 },
                { "name": "B", "members": ["{{B1}}", "client:bob"], "strategy": "simultaneous", "ringTimeoutSeconds": 12 },
                { "name": "C", "members": ["{{C1}}"] }
              ],
              "whenNobodyAnswers": { "action": "goodbye" }
            }
            """);
        var call = ivr.NewCall(line);

        var first = OnlyDial(await call.ArriveAsync());
        Assert.Equal([("Number", A1)], Nouns(first));
        Assert.Equal("10", first.Attribute("timeout")?.Value);
        Assert.Equal("true", first.Attribute("answerOnBridge")?.Value);
        Assert.Null(first.Attribute("callerId"));

        var second = OnlyDial(await call.DialEndsAsync("no-answer", bridged: false));
        Assert.Equal([("Number", A2)], Nouns(second));
        Assert.Equal("10", second.Attribute("timeout")?.Value);
        Assert.NotEqual(first.Attribute("action")!.Value, second.Attribute("action")!.Value);

        var third = OnlyDial(await call.DialEndsAsync("no-answer", bridged: false));
        Assert.Equal([("Number", B1), ("Client", "bob")], Nouns(third));
        Assert.Equal("12", third.Attribute("timeout")?.Value);
        Assert.All(third.Elements(), noun => Assert.StartsWith("/api/voice/leg-status?", noun.Attribute("statusCallback")?.Value, StringComparison.Ordinal));

        var fourth = OnlyDial(await call.DialEndsAsync("no-answer", bridged: false));
        Assert.Equal([("Number", C1)], Nouns(fourth));
        Assert.Equal("20", fourth.Attribute("timeout")?.Value); // The default ring timeout.

        var ending = await call.DialEndsAsync("no-answer", bridged: false);
        Assert.Equal(["Say", "Hangup"], Verbs(ending));
        Assert.False(string.IsNullOrWhiteSpace(ending.Root!.Element("Say")!.Value));

        var record = await ivr.Records.WaitForAsync(call.CallSid, r => r.GetString("DialStatus") is not null);
        Assert.Equal("no-answer", record.GetString("Outcome"));
        Assert.Equal("open", record.GetString("Route"));
        Assert.Null(record.GetString("AnsweredBy"));

        // Another call: the second person in group A answers, so the call is over.
        var answered = ivr.NewCall(line);
        await answered.ArriveAsync();
        Assert.Equal([("Number", A2)], Nouns(OnlyDial(await answered.DialEndsAsync("busy", bridged: false))));
        var afterAnswer = await answered.DialEndsAsync("completed", bridged: true);
        Assert.Equal(["Hangup"], Verbs(afterAnswer));
    }

    [Fact]
    public async Task TheMenuIsOfferedBeforeTheUsualDialAndADigitRingsItsGroupFirst()
    {
        const string line = "+31201110002";
        const string prompt = "For sales press 2, or stay on the line.";
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(line, MenuRules(prompt, vipCaller: null));
        var call = ivr.NewCall(line);

        var incoming = await call.ArriveAsync();

        Assert.Equal(["Gather", "Dial"], Verbs(incoming));
        var gather = incoming.Root!.Element("Gather")!;
        Assert.Equal("1", gather.Attribute("numDigits")?.Value);
        Assert.Equal("3", gather.Attribute("timeout")?.Value);
        Assert.StartsWith("/api/voice/menu?", gather.Attribute("action")?.Value, StringComparison.Ordinal);
        var say = Assert.Single(gather.Elements());
        Assert.Equal("Say", say.Name.LocalName);
        Assert.Equal(prompt, say.Value);
        // A caller who presses nothing falls through to the first group.
        var fallThrough = incoming.Root!.Element("Dial")!;
        Assert.Equal([("Number", A1)], Nouns(fallThrough));
        Assert.Equal("10", fallThrough.Attribute("timeout")?.Value);

        var chosen = OnlyDial(await call.PressAsync('2'));
        Assert.Equal([("Number", B1), ("Client", "bob")], Nouns(chosen));
        Assert.Equal("12", chosen.Attribute("timeout")?.Value);
        Assert.StartsWith("/api/voice/dial-ended?", chosen.Attribute("action")?.Value, StringComparison.Ordinal);

        var overflow = OnlyDial(await call.DialEndsAsync("no-answer", bridged: false));
        Assert.Equal([("Number", A1)], Nouns(overflow));
        Assert.Equal("10", overflow.Attribute("timeout")?.Value);

        // Both groups rang: the line's default ending, a voicemail.
        Assert.Equal(["Say", "Record"], Verbs(await call.DialEndsAsync("no-answer", bridged: false)));

        // A digit that is no option rings the usual order.
        var wrongDigit = ivr.NewCall(line);
        await wrongDigit.ArriveAsync();
        Assert.Equal([("Number", A1)], Nouns(OnlyDial(await wrongDigit.PressAsync('9'))));
    }

    [Fact]
    public async Task AVipCallerSkipsTheMenuAndRingsTheirGroupFirst()
    {
        const string line = "+31201110003";
        const string vip = "+31622223333";
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(line, MenuRules("For sales press 2.", vipCaller: vip));
        var vipCall = new SimulatedCall(ivr.Twilio, line, vip);
        var otherCall = new SimulatedCall(ivr.Twilio, line, "+31644445555");

        var vipTwiml = await vipCall.ArriveAsync();
        var otherTwiml = await otherCall.ArriveAsync();

        var dial = OnlyDial(vipTwiml);
        Assert.Equal([("Number", B1), ("Client", "bob")], Nouns(dial));
        Assert.Equal("12", dial.Attribute("timeout")?.Value);
        Assert.Equal(["Gather", "Dial"], Verbs(otherTwiml));
        Assert.Equal([("Number", A1)], Nouns(otherTwiml.Root!.Element("Dial")!));

        // The VIP's overflow continues with the remaining group.
        Assert.Equal([("Number", A1)], Nouns(OnlyDial(await vipCall.DialEndsAsync("no-answer", bridged: false))));
    }

    [Fact]
    public async Task DuringAClosureTheAfterHoursChoiceApplies()
    {
        const string forwardLine = "+31201110041";
        const string messageLine = "+31201110042";
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), zone).DateTime);
        var closure = $$"""{ "from": "{{Date(today.AddDays(-1))}}", "to": "{{Date(today.AddDays(1))}}", "name": "Renovation" }""";
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(forwardLine, $$"""
            {
              "timeZone": "Europe/Amsterdam",
              "closures": [{{closure}}],
              "ringGroups": [{ "name": "Office", "members": ["{{A1}}"] }],
              "afterHours": { "action": "forward", "forwardTo": "{{OnCall}}" }
            }
            """);
        await ivr.Admin.CreateLineAsync(messageLine, $$"""
            {
              "timeZone": "Europe/Amsterdam",
              "closures": [{{closure}}],
              "ringGroups": [{ "name": "Office", "members": ["{{A1}}"] }],
              "afterHours": { "action": "message", "message": "We are closed" }
            }
            """);
        var forwarded = ivr.NewCall(forwardLine);
        var toldClosed = ivr.NewCall(messageLine);

        var forwardTwiml = await forwarded.ArriveAsync();
        var messageTwiml = await toldClosed.ArriveAsync();

        var dial = OnlyDial(forwardTwiml);
        Assert.Equal([("Number", OnCall)], Nouns(dial));
        Assert.StartsWith("/api/voice/dial-ended?", dial.Attribute("action")?.Value, StringComparison.Ordinal);
        Assert.Equal(["Say", "Hangup"], Verbs(messageTwiml));
        Assert.Equal("We are closed", messageTwiml.Root!.Element("Say")!.Value);

        // Nobody on call answers: the line's default ending (voicemail), not the office group.
        Assert.Equal(["Say", "Record"], Verbs(await forwarded.DialEndsAsync("no-answer", bridged: false)));

        foreach (var call in new[] { forwarded, toldClosed })
        {
            var record = await ivr.Records.WaitForAsync(call.CallSid, r => r.GetString("Route") is not null);
            Assert.Equal("closed", record.GetString("Route"));
            Assert.Equal(call.Line, record.GetString("Line"));
        }
    }

    [Fact]
    public async Task AScreenedCallIsHandedOffOnlyWhenThePersonAcceptsAndShowsTheLineAsCallerId()
    {
        const string line = "+31201110005";
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(line, $$"""
            {
              "name": "Acme Support",
              "timeZone": "Europe/Amsterdam",
              "ringGroups": [{ "name": "Team", "members": ["{{A1}}", "{{A2}}"], "ringTimeoutSeconds": 15 }],
              "screening": true,
              "callerId": "line"
            }
            """);
        var call = ivr.NewCall(line);

        var dial = OnlyDial(await call.ArriveAsync());

        Assert.Equal(line, dial.Attribute("callerId")?.Value);
        Assert.Equal([("Number", A1), ("Number", A2)], Nouns(dial));
        Assert.All(dial.Elements(), noun =>
        {
            Assert.StartsWith("/api/voice/screen?", noun.Attribute("url")?.Value, StringComparison.Ordinal);
            Assert.StartsWith("/api/voice/leg-status?", noun.Attribute("statusCallback")?.Value, StringComparison.Ordinal);
        });

        // A1 picks up: the leg's status callback fires at once, before anyone accepted.
        var agent = dial.Elements().First();
        var legSid = SimulatedCall.NewSid("CA");
        await call.AnswerViaAsync(agent.Attribute("statusCallback")!.Value, A1);
        using var screenResponse = await call.PostOnLegAsync(agent.Attribute("url")!.Value, legSid, A1, ("CallStatus", "in-progress"));
        var screen = await SimulatedCall.ReadTwimlAsync(screenResponse);

        Assert.Equal(["Gather", "Hangup"], Verbs(screen));
        var gather = screen.Root!.Element("Gather")!;
        Assert.Equal("1", gather.Attribute("numDigits")?.Value);
        Assert.StartsWith("/api/voice/screen-accepted?", gather.Attribute("action")?.Value, StringComparison.Ordinal);
        var prompt = Assert.Single(gather.Elements());
        Assert.Equal("Say", prompt.Name.LocalName);
        Assert.Contains("Acme Support", prompt.Value, StringComparison.Ordinal);

        // Picking up is not a hand-off while the person has not accepted (it may be their phone's voicemail).
        await ivr.Records.WaitForAsync(call.CallSid, r => r.GetString("Route") is not null);
        await Task.Delay(1500);
        var beforeAccepting = (await ivr.Records.AllAsync()).Single(r => r.GetString("CallSid") == call.CallSid);
        Assert.Null(beforeAccepting.GetDateTimeOffset("AnsweredAt"));
        Assert.Null(beforeAccepting.GetString("AnsweredBy"));

        var acceptedFrom = TimeProvider.System.GetUtcNow().AddSeconds(-1);
        using var acceptResponse = await call.PostOnLegAsync(gather.Attribute("action")!.Value, legSid, A1, ("CallStatus", "in-progress"), ("Digits", "1"));
        var accepted = await SimulatedCall.ReadTwimlAsync(acceptResponse);

        Assert.Equal("Response", accepted.Root!.Name.LocalName);
        Assert.Empty(accepted.Root.Nodes());
        var record = await ivr.Records.WaitForAsync(call.CallSid, r => r.GetString("AnsweredBy") is not null);
        Assert.Equal(A1, record.GetString("AnsweredBy"));
        Assert.InRange(record.GetDateTimeOffset("AnsweredAt")!.Value, acceptedFrom, TimeProvider.System.GetUtcNow().AddSeconds(1));
        Assert.Equal("answered", record.GetString("Outcome"));
    }

    [Fact]
    public async Task AReturningCallerRingsWhoeverAnsweredThemLastFirst()
    {
        const string line = "+31201110006";
        const string caller = "+31655556666";
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(line, $$"""
            {
              "timeZone": "Europe/Amsterdam",
              "ringGroups": [{ "name": "Team", "members": ["{{A1}}", "client:alice"], "strategy": "simultaneous" }],
              "sticky": { "withinDays": 30, "ringTimeoutSeconds": 8 }
            }
            """);
        var firstCall = new SimulatedCall(ivr.Twilio, line, caller);
        var firstDial = OnlyDial(await firstCall.ArriveAsync());
        Assert.Equal([("Number", A1), ("Client", "alice")], Nouns(firstDial));

        var alice = firstDial.Elements().Single(e => e.Name.LocalName == "Client");
        await firstCall.AnswerViaAsync(alice.Attribute("statusCallback")!.Value, "client:alice");
        await firstCall.DialEndsAsync("completed", bridged: true);
        await firstCall.EndAsync();

        // Who answered is remembered in the background: call again until it shows (or give up after ~10 s).
        XElement? returningDial = null;
        SimulatedCall? returning = null;
        var deadline = Environment.TickCount64 + 10_000;
        while (Environment.TickCount64 < deadline)
        {
            returning = new SimulatedCall(ivr.Twilio, line, caller);
            returningDial = OnlyDial(await returning.ArriveAsync());
            if (returningDial.Elements().Count() == 1)
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.Equal([("Client", "alice")], Nouns(returningDial!));
        Assert.Equal("8", returningDial!.Attribute("timeout")?.Value);
        // Alice does not answer this time: the whole group rings next.
        var overflow = OnlyDial(await returning!.DialEndsAsync("no-answer", bridged: false));
        Assert.Equal([("Number", A1), ("Client", "alice")], Nouns(overflow));
        Assert.Equal("20", overflow.Attribute("timeout")?.Value);

        var stranger = new SimulatedCall(ivr.Twilio, line, "+31677778888");
        var strangerDial = OnlyDial(await stranger.ArriveAsync());
        Assert.Equal([("Number", A1), ("Client", "alice")], Nouns(strangerDial));
        Assert.Equal("20", strangerDial.Attribute("timeout")?.Value);
    }

    /// <summary>Group A rings one person, B two; pressing 2 picks B; optionally one VIP for B.</summary>
    private static string MenuRules(string prompt, string? vipCaller) => $$"""
        {
          "name": "Menu line",
          "timeZone": "Europe/Amsterdam",
          "ringGroups": [
            { "name": "A", "members": ["{{A1}}"], "ringTimeoutSeconds": 10 },
            { "name": "B", "members": ["{{B1}}", "client:bob"], "ringTimeoutSeconds": 12 }
          ],
          "menu": { "prompt": "{{prompt}}", "timeoutSeconds": 3, "options": { "2": "B" } },
          "vipCallers": [{{(vipCaller is null ? string.Empty : $$"""{ "number": "{{vipCaller}}", "ringGroup": "B" }""")}}]
        }
        """;

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string[] Verbs(XDocument twiml)
    {
        Assert.Equal("Response", twiml.Root!.Name.LocalName);
        return twiml.Root.Elements().Select(e => e.Name.LocalName).ToArray();
    }

    /// <summary>The response's only verb, which must be a Dial.</summary>
    private static XElement OnlyDial(XDocument twiml)
    {
        Assert.Equal(["Dial"], Verbs(twiml));
        return twiml.Root!.Element("Dial")!;
    }

    private static (string Kind, string Address)[] Nouns(XElement dial) =>
        dial.Elements().Select(e => (e.Name.LocalName, e.Value)).ToArray();
}
