using System.Xml.Linq;
using Ivr.Tests.Infrastructure;

namespace Ivr.Tests.Integration;

/// <summary>
/// TwiML that real Twilio accepts and callers understand, over signed webhooks against a real Ivr and Azurite: SIP
/// addresses ring alone, built-in words in the line's language and voice, any key accepts a screened call, and
/// forward dials ring for an explicit time.
/// </summary>
[Collection(IvrWithStorageTests.Name)]
public sealed class SpokenTwimlTests(IvrWithStorage env)
{
    private const string A1 = "+31600000101";

    [Fact]
    public async Task AScreenedPersonWhoPressesTheHashKeyAcceptsTheCall()
    {
        const string line = "+31201120005";
        await using var ivr = await env.StartIvrAsync(seedLines: false);
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

    /// <summary>The response's only verb, which must be a Dial.</summary>
    private static XElement OnlyDial(XDocument twiml)
    {
        Assert.Equal(["Dial"], twiml.Root!.Elements().Select(e => e.Name.LocalName));
        return twiml.Root.Element("Dial")!;
    }
}
