using System.Globalization;
using System.Text;
using System.Web;
using System.Xml;
using System.Xml.Linq;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Hostile;

/// <summary>
/// Text from callers (their number, name, digits, speech, recording URL) and from admins (greeting, prompt, names,
/// messages) can never become TwiML markup: caller text leaves the answer's shape as it is with benign values, and
/// admin text is spoken exactly as written.
/// </summary>
public sealed class TwimlInjectionTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const int Seed = 777;
    private const string MenuLine = "+31201110001";
    private const string ScreenedLine = "+31201110002";
    private const string Arrived = "20261123T101502123Z";

    private static readonly string[] CallerPayloads =
    [
        "<Dial>+1</Dial>",
        "1</Gather><Dial>",
        "\"><Hangup/>",
        "'><Hangup/><x a='",
        "]]><Hangup/>",
        "<![CDATA[</Say><Hangup/>]]>",
        "<!-- --><Redirect>https://evil.example/twiml</Redirect>",
        "&lt;Hangup/&gt; &amp; &#60;Hangup/&#62;",
        "+31612345678</Number><Number>+19005550100",
        "</Response><Response><Dial>+19005550100</Dial>",
        "<?xml version=\"1.0\"?><Response><Hangup/></Response>",
        "\u0001\u001F<Hangup/>\uFFFE\uD800\u0085\u2028",
    ];

    private const string MenuRules = """
        {
          "name": "Menu line",
          "timeZone": "Europe/Amsterdam",
          "greeting": "Welcome.",
          "menu": { "prompt": "For sales press 1.", "options": { "1": "Sales" } },
          "ringGroups": [
            { "name": "Desk", "members": ["+31612345678"] },
            { "name": "Sales", "members": ["client:bob"] }
          ]
        }
        """;

    private const string ScreenedRules = """
        {
          "name": "Screened line",
          "timeZone": "Europe/Amsterdam",
          "screening": true,
          "ringGroups": [{ "name": "Desk", "members": ["+31612345678", "client:alice"] }]
        }
        """;

    /// <summary>A request Twilio could send, with the fields a caller controls named.</summary>
    private sealed record Scenario(string Name, string PathAndQuery, (string Field, string Benign)[] CallerFields, (string Name, string Value)[] Fixed);

    private static readonly Scenario[] Scenarios =
    [
        new("incoming, plain line", "/api/voice/incoming", CallerFieldsOf(), [("To", IvrWithStorage.SupportLine), ("CallStatus", "ringing")]),
        new("incoming, greeting and menu", "/api/voice/incoming", CallerFieldsOf(), [("To", MenuLine), ("CallStatus", "ringing")]),
        new("incoming, screened line", "/api/voice/incoming", CallerFieldsOf(), [("To", ScreenedLine), ("CallStatus", "ringing")]),
        new("incoming, unknown line", "/api/voice/incoming", CallerFieldsOf(), [("To", "+31209999999"), ("CallStatus", "ringing")]),
        new("menu choice", $"/api/voice/menu?line=%2B31201110001&arrived={Arrived}", CallerFieldsOf(("Digits", "x")), [("To", MenuLine), ("CallStatus", "in-progress")]),
        new("menu key pressed", $"/api/voice/menu?line=%2B31201110001&arrived={Arrived}", CallerFieldsOf(), [("To", MenuLine), ("CallStatus", "in-progress"), ("Digits", "1")]),
        new("dial ended, next group", $"/api/voice/dial-ended?line=%2B31201110001&arrived={Arrived}", CallerFieldsOf(),
            [("To", MenuLine), ("CallStatus", "in-progress"), ("DialCallStatus", "no-answer"), ("DialBridged", "false")]),
        new("dial ended, voicemail", $"/api/voice/dial-ended?line=%2B31201234567&arrived={Arrived}", CallerFieldsOf(),
            [("To", IvrWithStorage.SupportLine), ("CallStatus", "in-progress"), ("DialCallStatus", "no-answer"), ("DialBridged", "false")]),
        new("dial ended, goodbye", $"/api/voice/dial-ended?line=%2B31207654321&arrived={Arrived}", CallerFieldsOf(),
            [("To", IvrWithStorage.GoodbyeLine), ("CallStatus", "in-progress"), ("DialCallStatus", "busy")]),
        new("voicemail left", $"/api/voice/voicemail?line=%2B31201234567&arrived={Arrived}", CallerFieldsOf(("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1")),
            [("To", IvrWithStorage.SupportLine), ("CallStatus", "completed")]),
        new("screening prompt", $"/api/voice/screen?line=%2B31201110002&arrived={Arrived}&group=Desk", CallerFieldsOf(),
            [("To", "+31612345678"), ("CallStatus", "in-progress")]),
        new("screening accepted", $"/api/voice/screen-accepted?line=%2B31201110002&arrived={Arrived}&group=Desk", CallerFieldsOf(("Digits", "1")),
            [("To", "+31612345678"), ("CallStatus", "in-progress")]),
    ];

    /// <summary>The fields a caller controls, with benign values; <paramref name="extra"/> adds or overrides some.</summary>
    private static (string Field, string Benign)[] CallerFieldsOf(params (string Field, string Benign)[] extra)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["From"] = "+31611112222",
            ["Caller"] = "+31611112222",
            ["CallerName"] = "Jane Doe",
            ["SpeechResult"] = "sales please",
            ["FromCity"] = "Amsterdam",
            ["Digits"] = "x",
        };
        foreach (var (field, benign) in extra)
        {
            fields[field] = benign;
        }

        return fields.Select(f => (f.Key, f.Value)).ToArray();
    }

    [Fact]
    public async Task CallerControlledTextNeverChangesTheShapeOfTheTwiml()
    {
        await using var ivr = await env.StartInProcessAsync();
        await ivr.Admin.CreateLineAsync(MenuLine, MenuRules);
        await ivr.Admin.CreateLineAsync(ScreenedLine, ScreenedRules);
        var random = new Random(Seed);
        var failures = new List<string>();
        var compared = 0;

        foreach (var scenario in Scenarios)
        {
            var benign = await TwimlAsync(ivr, scenario, _ => null);
            Assert.True(benign.Document is not null, $"{scenario.Name} with benign values: {benign.Error}");
            var shape = Shape(benign.Document!.Root!);

            // Each payload in every caller field at once, then random hostile text.
            var variants = CallerPayloads.Select(p => (Func<string, string?>)(_ => p))
                .Concat(Enumerable.Range(0, 6).Select(_ => (Func<string, string?>)(_ => WithoutNul(HostileText.Mixed(random, random.Next(1, 60))))));
            foreach (var hostile in variants)
            {
                var answer = await TwimlAsync(ivr, scenario, hostile);
                compared++;
                if (answer.Document is null)
                {
                    failures.Add($"{scenario.Name}: {answer.Error}\nSent: {answer.Sent}");
                }
                else if (Shape(answer.Document.Root!) != shape)
                {
                    failures.Add($"{scenario.Name}: the TwiML changed shape.\nBenign:  {shape}\nHostile: {Shape(answer.Document.Root!)}\nSent: {answer.Sent}\nAnswer: {answer.Document}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {compared} answers (seed {Seed}):\n\n" + string.Join("\n\n", failures.Take(10)));
    }

    /// <summary>The answer to <paramref name="scenario"/> with each caller field set by <paramref name="hostile"/> (benign when it gives null).</summary>
    private async Task<(XDocument? Document, string? Error, string Sent)> TwimlAsync(RunningIvr ivr, Scenario scenario, Func<string, string?> hostile)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", "AC00000000000000000000000000000000"),
            new("CallSid", SimulatedCall.NewSid("CA")),
            new("ParentCallSid", SimulatedCall.NewSid("CA")),
        };
        fields.AddRange(scenario.Fixed.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        fields.AddRange(scenario.CallerFields.Select(f => new KeyValuePair<string, string>(f.Field, hostile(f.Field) ?? f.Benign)));
        var request = RawWebhook.Form(scenario.PathAndQuery, fields, scenario.Name);
        var answer = await RawWebhooks.SendSignedAsync(ivr.Http, env.Oracle, request);
        var sent = string.Join("&", fields.Select(f => f.Key + "=" + RawWebhooks.Visible(f.Value)));
        if (answer.Status != 200 || answer.MediaType != "text/xml")
        {
            return (null, $"answered {answer.Status} {answer.MediaType}: {answer.Body}", sent);
        }

        try
        {
            return (XDocument.Parse(answer.Body), null, sent);
        }
        catch (XmlException ex)
        {
            return (null, $"the TwiML does not parse ({ex.Message}): {answer.Body}", sent);
        }
    }

    /// <summary>
    /// ASP.NET Core's form reader refuses a NUL anywhere in a form (400 before Ivr runs; Twilio never sends one), so
    /// NUL is left out here: the shape of Ivr's answer is what is under test.
    /// </summary>
    private static string WithoutNul(string text) => text.Replace("\0", "", StringComparison.Ordinal);

    /// <summary>Element names, nesting and attribute names: everything but text and attribute values.</summary>
    private static string Shape(XElement element) =>
        element.Name.LocalName
        + "(" + string.Join(",", element.Attributes().Select(a => a.Name.LocalName).Order(StringComparer.Ordinal)) + ")"
        + "[" + string.Join(" ", element.Elements().Select(Shape)) + "]";

    // ---------------------------------------------------------------- admin-controlled text

    private const string Greeting = "Welcome to <Sales> & \"Support\" ]]> <![CDATA[x]]> <Hangup/> 'quoted' &amp; &#60;Dial&#62;";
    private const string Prompt = "Press 1 for <Dial>+19005550100</Dial> & more ]]> \"now\"";
    private const string FirstGroup = "R&D <Team> ]]>";
    private const string SecondGroup = "Sales\"><Hangup/>";
    private const string LineName = "A&B <Corp> ]]> \"Ltd\"";
    private const string Goodbye = "Bye ]]> <Hangup/> & <Redirect>https://evil.example</Redirect>";
    private const string ClosedMessage = "Closed & <Dial>+19005550100</Dial> ]]>";

    private static readonly string[] FirstMembers = ["+31612345678"];
    private static readonly string[] SecondMembers = ["client:bob"];
    private static readonly System.Text.CompositeFormat ScreeningPrompt = System.Text.CompositeFormat.Parse("Call for {0}. Press any key to accept.");

    private static string HostileRules(bool screening) => JsonSerializerString(new Dictionary<string, object?>
    {
        ["name"] = LineName,
        ["timeZone"] = "Europe/Amsterdam",
        ["greeting"] = Greeting,
        ["menu"] = new Dictionary<string, object> { ["prompt"] = Prompt, ["options"] = new Dictionary<string, string> { ["2"] = SecondGroup } },
        ["ringGroups"] = new[]
        {
            new Dictionary<string, object> { ["name"] = FirstGroup, ["members"] = FirstMembers },
            new Dictionary<string, object> { ["name"] = SecondGroup, ["members"] = SecondMembers },
        },
        ["whenNobodyAnswers"] = new Dictionary<string, string> { ["action"] = "goodbye", ["message"] = Goodbye },
        ["screening"] = screening,
    });

    private static string JsonSerializerString(object value) => System.Text.Json.JsonSerializer.Serialize(value);

    [Fact]
    public async Task AdminControlledTextIsEscapedAndSpokenExactlyAsWritten()
    {
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(MenuLine, HostileRules(screening: false));
        await ivr.Admin.CreateLineAsync(ScreenedLine, HostileRules(screening: true));
        const string ClosedLine = "+31201110003";
        await ivr.Admin.CreateLineAsync(ClosedLine, $$"""
            {
              "timeZone": "Europe/Amsterdam",
              "closures": [{ "from": "2000-01-01", "to": "2099-12-31", "name": {{JsonSerializerString(LineName)}} }],
              "afterHours": { "action": "message", "message": {{JsonSerializerString(ClosedMessage)}} },
              "ringGroups": [{ "name": {{JsonSerializerString(FirstGroup)}}, "members": ["+31612345678"] }]
            }
            """);

        // The incoming call: greeting, then the menu's prompt, then the first group's dial.
        var call = new SimulatedCall(ivr.Twilio, MenuLine);
        var twiml = await call.ArriveAsync();
        Assert.Equal(["Say", "Gather", "Dial"], twiml.Root!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(Greeting, twiml.Root.Element("Say")!.Value);
        Assert.Equal(Prompt, twiml.Root.Element("Gather")!.Element("Say")!.Value);
        Assert.Equal(FirstGroup, GroupIn(twiml.Root.Element("Dial")!.Elements().Single().Attribute("statusCallback")!.Value));

        // The menu: pressing 2 rings the second group first.
        var chosen = await call.PressAsync('2');
        var dial = chosen.Root!.Elements().Single();
        Assert.Equal("Dial", dial.Name.LocalName);
        Assert.Equal(SecondGroup, GroupIn(dial.Elements().Single().Attribute("statusCallback")!.Value));

        // Nobody answers either group: the goodbye message, verbatim.
        var afterFirst = await call.DialEndsAsync("no-answer", bridged: false);
        Assert.Equal("Dial", afterFirst.Root!.Elements().Single().Name.LocalName);
        var ending = await call.DialEndsAsync("no-answer", bridged: false);
        Assert.Equal(["Say", "Hangup"], ending.Root!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(Goodbye, ending.Root.Element("Say")!.Value);

        // Screening: the person who picks up hears the line's name, verbatim.
        var screened = new SimulatedCall(ivr.Twilio, ScreenedLine);
        var screenedTwiml = await screened.ArriveAsync();
        var party = screenedTwiml.Root!.Element("Dial")!.Elements().Single();
        using var prompt = await screened.PostOnLegAsync(party.Attribute("url")!.Value, SimulatedCall.NewSid("CA"), "+31612345678", ("CallStatus", "in-progress"));
        var promptTwiml = await SimulatedCall.ReadTwimlAsync(prompt);
        Assert.Equal(["Gather", "Hangup"], promptTwiml.Root!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(string.Format(CultureInfo.InvariantCulture, ScreeningPrompt, LineName), promptTwiml.Root.Element("Gather")!.Element("Say")!.Value);
        Assert.Equal(FirstGroup, GroupIn(promptTwiml.Root.Element("Gather")!.Attribute("action")!.Value));

        // After hours: the closed message, verbatim.
        var closed = await new SimulatedCall(ivr.Twilio, ClosedLine).ArriveAsync();
        Assert.Equal(["Say", "Hangup"], closed.Root!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(ClosedMessage, closed.Root.Element("Say")!.Value);

        // The dry run shows the same TwiML, as a string that parses.
        var dryRun = await ivr.Admin.DryRunAsync(MenuLine, """{ "from": "+31611112222", "digits": "2" }""");
        var predicted = XDocument.Parse(dryRun["twiml"]!.GetValue<string>());
        Assert.Equal(Greeting, predicted.Root!.Element("Say")!.Value);
        Assert.Equal(Prompt, predicted.Root.Element("Gather")!.Element("Say")!.Value);
        Assert.Equal(SecondGroup, GroupIn(XDocument.Parse(dryRun["afterMenuTwiml"]!.GetValue<string>()).Root!.Element("Dial")!.Elements().Single().Attribute("statusCallback")!.Value));

        // And the names read back exactly as written.
        using var read = await ivr.Admin.GetLineAsync(MenuLine);
        var stored = System.Text.Json.Nodes.JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
        Assert.Equal(LineName, stored["name"]!.GetValue<string>());
        Assert.Equal(FirstGroup, stored["ringGroups"]![0]!["name"]!.GetValue<string>());
    }

    /// <summary>The ring group a callback URL names (its <c>group</c> parameter, decoded).</summary>
    private static string? GroupIn(string url)
    {
        var query = url.Contains('?', StringComparison.Ordinal) ? url[(url.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";
        return HttpUtility.ParseQueryString(query, Encoding.UTF8)["group"];
    }
}
