using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Ivr.Tests.Infrastructure;
using Ivr.Twilio;

namespace Ivr.Tests.Interop;

/// <summary>Ivr against the official twilio npm package: its signatures, its validator and its TwiML.</summary>
public sealed class TwilioPackageInteropTests(IvrWithStorage env) : IClassFixture<IvrWithStorage>
{
    private const string Token = "abcdef0123456789abcdef0123456789";

    public static TheoryData<string, string> SignedRequests() => new()
    {
        { "https://handoff.example.net/api/voice/incoming", "CallSid=CA11111111111111111111111111111111&To=%2B31201234567&From=%2B31612345678" },
        { "https://handoff.example.net:443/api/voice/incoming", "CallSid=CA1&To=%2B3120" },
        { "http://localhost:7071/api/voice/incoming?tenant=acme", "CallSid=CA1" },
        { "https://x.example/y?team=sales%20nl&x=a+b", "b=1&B=2&a=3&A=4&_x=5&1=6" },
        { "https://x.example/hook", "MediaUrl=https%3A%2F%2Fb.example%2F2.jpg&MediaUrl=https%3A%2F%2Fa.example%2F1.jpg&Zeta=2&Zeta=10&Zeta=1&Zeta=1" },
        { "https://x.example/gather", "SpeechResult=Ik+wil+graag+een+medewerker+spreken%2C+%C3%A9%C3%A9n+moment&Empty=&Emoji=%F0%9F%93%9E" },
        { "https://x.example/status?CallSid=CA1&CallStatus=completed", "" },
    };

    [Theory]
    [MemberData(nameof(SignedRequests))]
    public async Task SignaturesMadeByTheTwilioPackageAreAcceptedAndTamperedOnesAreNot(string url, string body)
    {
        var form = FormFields.Parse(body);
        var signature = await env.Oracle.SignAsync(Token, url, form);

        Assert.True(RequestSignature.IsValid(signature, url, FormFields.Grouped(form), [Token]));
        Assert.Equal(signature, RequestSignature.Compute(Token, url, FormFields.Grouped(form)));
        Assert.False(RequestSignature.IsValid(signature, url + "x", FormFields.Grouped(form), [Token]));
        Assert.False(RequestSignature.IsValid(signature, url, FormFields.Grouped([.. form, new("Extra", "1")]), [Token]));
        Assert.False(RequestSignature.IsValid(signature, url, FormFields.Grouped(form), ["another-token"]));
    }

    [Theory]
    [MemberData(nameof(SignedRequests))]
    public async Task TheTwilioPackageAcceptsSignaturesIvrComputes(string url, string body)
    {
        var form = FormFields.Parse(body);

        var ours = RequestSignature.Compute(Token, url, FormFields.Grouped(form));

        Assert.True(await env.Oracle.ValidateAsync(Token, ours, url, form));
    }

    [Fact]
    public async Task ARequestSignedByTheTwilioPackageIsAcceptedOverHttpAndTamperingIsRefused()
    {
        await using var ivr = await env.StartInProcessAsync();
        var call = ivr.NewCall();
        var form = new List<KeyValuePair<string, string>> { new("CallSid", call.CallSid), new("To", IvrWithStorage.SupportLine), new("From", "+31611112222") };

        using var signed = await ivr.Twilio.PostAsync("/api/voice/incoming", form);
        var signature = await env.Oracle.SignAsync(IvrProcess.AuthToken, TwilioWebhooks.PublicBaseUrl + "/api/voice/incoming", form);
        using var tampered = await ivr.Twilio.PostWithSignatureAsync("/api/voice/incoming", [.. form[..2], new("From", "+31600000000")], signature);
        using var otherPath = await ivr.Twilio.PostWithSignatureAsync("/api/voice/dial-ended", form, signature);

        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherPath.StatusCode);
    }

    [Fact]
    public async Task WithoutAPublicBaseUrlTheForwardedHostIsWhatIsChecked()
    {
        await using var ivr = await env.StartInProcessAsync(settings => settings.Remove("Twilio__PublicBaseUrl"));
        var form = new List<KeyValuePair<string, string>> { new("CallSid", SimulatedCall.NewSid("CA")), new("To", IvrWithStorage.SupportLine) };
        var signature = await env.Oracle.SignAsync(IvrProcess.AuthToken, "https://ivr-prod.azurewebsites.net/api/voice/incoming", form);

        using var accepted = await ivr.Twilio.PostWithSignatureAsync("/api/voice/incoming", form, signature,
            [new("X-Forwarded-Host", "ivr-prod.azurewebsites.net"), new("X-Forwarded-Proto", "https")]);
        using var direct = await ivr.Twilio.PostWithSignatureAsync("/api/voice/incoming", form, signature);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, direct.StatusCode);
    }

    [Fact]
    public async Task TheSecondaryAuthTokenIsAcceptedDuringRotation()
    {
        const string next = "e4b8d2f6a1c9370b5d8e2f4a6c1b9d37";
        await using var ivr = await env.StartInProcessAsync(settings => settings["Twilio__SecondaryAuthToken"] = next);
        var rotated = new TwilioWebhooks(ivr.Http, env.Oracle, TwilioWebhooks.PublicBaseUrl, next);
        var call = new SimulatedCall(rotated, IvrWithStorage.SupportLine);

        var twiml = await call.ArriveAsync();

        Assert.NotNull(twiml.Root!.Element("Dial"));
    }

    [Fact]
    public async Task IvrsDialTwimlMatchesWhatTheTwilioPackageRendersForTheSameDial()
    {
        await using var ivr = await env.StartInProcessAsync();
        var call = ivr.NewCall();

        var ours = await call.ArriveAsync();

        var dial = ours.Root!.Element("Dial")!;
        var callback = dial.Elements().First().Attribute("statusCallback")!.Value;
        var reference = await env.Oracle.TwimlAsync(new JsonArray(new JsonObject
        {
            ["verb"] = "dial",
            ["attrs"] = new JsonObject { ["action"] = dial.Attribute("action")!.Value, ["timeout"] = 15, ["answerOnBridge"] = true },
            ["nouns"] = new JsonArray(
                Noun("number", IvrWithStorage.SupportAgent, callback),
                Noun("client", IvrWithStorage.SupportClient, callback)),
        }));
        TwimlTrees.AssertSame(reference, ours);
    }

    [Fact]
    public async Task IvrsVoicemailAndGoodbyeTwimlMatchTheTwilioPackage()
    {
        await using var ivr = await env.StartInProcessAsync();
        var voicemailCall = ivr.NewCall();
        await voicemailCall.ArriveAsync();
        var goodbyeCall = ivr.NewCall(IvrWithStorage.GoodbyeLine);
        await goodbyeCall.ArriveAsync();

        var voicemail = await voicemailCall.DialEndsAsync("no-answer", bridged: false);
        var goodbye = await goodbyeCall.DialEndsAsync("busy", bridged: false);

        var say = voicemail.Root!.Element("Say")!.Value;
        var record = voicemail.Root!.Element("Record")!;
        var voicemailReference = await env.Oracle.TwimlAsync(new JsonArray(
            new JsonObject { ["verb"] = "say", ["text"] = say },
            new JsonObject
            {
                ["verb"] = "record",
                ["attrs"] = new JsonObject { ["action"] = record.Attribute("action")!.Value, ["maxLength"] = 120, ["timeout"] = 5, ["playBeep"] = true },
            }));
        var goodbyeReference = await env.Oracle.TwimlAsync(new JsonArray(
            new JsonObject { ["verb"] = "say", ["text"] = goodbye.Root!.Element("Say")!.Value },
            new JsonObject { ["verb"] = "hangup" }));
        TwimlTrees.AssertSame(voicemailReference, voicemail);
        TwimlTrees.AssertSame(goodbyeReference, goodbye);
    }

    [Fact]
    public async Task IvrsScreeningPromptInTheLinesVoiceMatchesWhatTheTwilioPackageRenders()
    {
        const string line = "+31201130001";
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(line, $$"""
            {
              "name": "Balie",
              "timeZone": "Europe/Amsterdam",
              "language": "nl-NL",
              "voice": "Google.nl-NL-Standard-A",
              "ringGroups": [{ "name": "Balie", "members": ["{{IvrWithStorage.SupportAgent}}"] }],
              "screening": true
            }
            """);
        var call = ivr.NewCall(line);
        var party = (await call.ArriveAsync()).Root!.Element("Dial")!.Elements().Single();

        using var response = await call.PostOnLegAsync(party.Attribute("url")!.Value, SimulatedCall.NewSid("CA"), IvrWithStorage.SupportAgent, ("CallStatus", "in-progress"));
        var ours = await SimulatedCall.ReadTwimlAsync(response);

        var gather = ours.Root!.Element("Gather")!;
        var reference = await env.Oracle.TwimlAsync(new JsonArray(
            new JsonObject
            {
                ["verb"] = "gather",
                ["attrs"] = new JsonObject { ["action"] = gather.Attribute("action")!.Value, ["numDigits"] = 1, ["timeout"] = 5, ["finishOnKey"] = "" },
                ["nouns"] = new JsonArray(new JsonObject
                {
                    ["noun"] = "say",
                    ["attrs"] = new JsonObject { ["voice"] = "Google.nl-NL-Standard-A", ["language"] = "nl-NL" },
                    ["text"] = gather.Element("Say")!.Value,
                }),
            },
            new JsonObject { ["verb"] = "hangup" }));
        TwimlTrees.AssertSame(reference, ours);
    }

    [Fact]
    public async Task IvrsScreenedAfterHoursForwardMatchesWhatTheTwilioPackageRenders()
    {
        const string line = "+31201130002";
        const string onCall = "+31600000209";
        await using var ivr = await env.StartInProcessAsync(seedLines: false);
        await ivr.Admin.CreateLineAsync(line, $$"""
            {
              "timeZone": "Europe/Amsterdam",
              "closures": [{ "from": "2000-01-01", "to": "2099-12-31" }],
              "ringGroups": [{ "name": "Office", "members": ["{{IvrWithStorage.SupportAgent}}"] }],
              "afterHours": { "action": "forward", "forwardTo": "{{onCall}}", "ringTimeoutSeconds": 25 },
              "screening": true
            }
            """);

        var ours = await ivr.NewCall(line).ArriveAsync();

        var dial = ours.Root!.Element("Dial")!;
        var number = dial.Elements().Single();
        var reference = await env.Oracle.TwimlAsync(new JsonArray(new JsonObject
        {
            ["verb"] = "dial",
            ["attrs"] = new JsonObject { ["action"] = dial.Attribute("action")!.Value, ["timeout"] = 25, ["answerOnBridge"] = true },
            ["nouns"] = new JsonArray(new JsonObject
            {
                ["noun"] = "number",
                ["attrs"] = new JsonObject
                {
                    ["url"] = number.Attribute("url")!.Value,
                    ["statusCallback"] = number.Attribute("statusCallback")!.Value,
                    ["statusCallbackEvent"] = new JsonArray("answered", "completed"),
                },
                ["text"] = onCall,
            }),
        }));
        TwimlTrees.AssertSame(reference, ours);
    }

    private static JsonObject Noun(string noun, string address, string callback) => new()
    {
        ["noun"] = noun,
        ["attrs"] = new JsonObject { ["statusCallback"] = callback, ["statusCallbackEvent"] = new JsonArray("answered", "completed") },
        ["text"] = address,
    };
}
