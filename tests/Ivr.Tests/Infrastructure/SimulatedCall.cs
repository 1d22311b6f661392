using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;

namespace Ivr.Tests.Infrastructure;

/// <summary>
/// One inbound call as Twilio would drive it: the incoming webhook, then the callbacks its TwiML asks for. Given a
/// <paramref name="callSid"/>, the callbacks of a call already recorded (seeded) rather than a new one.
/// </summary>
internal sealed class SimulatedCall(TwilioWebhooks twilio, string line, string caller = "+31611112222", string? callSid = null)
{
    public string CallSid { get; } = callSid ?? NewSid("CA");

    public string Line => line;

    public string Caller => caller;

    public XDocument? Twiml { get; private set; }

    /// <summary>The dialled legs a person picked up and that have not ended yet: Twilio reports each one's end.</summary>
    private readonly List<(string StatusCallback, string LegSid, string Person)> answeredLegs = [];

    /// <summary>The <c>&lt;Dial action&gt;</c> URL of the incoming call's TwiML.</summary>
    public string DialAction => Twiml!.Root!.Element("Dial")!.Attribute("action")!.Value;

    /// <summary>The status callback URL Ivr gave each dialled party.</summary>
    public string LegStatusCallback => Twiml!.Root!.Element("Dial")!.Elements().First().Attribute("statusCallback")!.Value;

    public static string NewSid(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The form Twilio posts to the incoming-call webhook for this call.</summary>
    public List<KeyValuePair<string, string>> IncomingForm() => Fields(("CallStatus", "ringing"), ("Direction", "inbound"));

    public async Task<XDocument> ArriveAsync()
    {
        using var response = await twilio.PostAsync("/api/voice/incoming", IncomingForm());
        Twiml = await ReadTwimlAsync(response);
        return Twiml;
    }

    /// <summary>The dialled party <paramref name="person"/> picks up; returns their leg's CallSid.</summary>
    public async Task<string> AnswerAsync(string person, DateTimeOffset? twilioTimestamp = null)
    {
        var legSid = NewSid("CA");
        var fields = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", AccountSid),
            new("CallSid", legSid),
            new("ParentCallSid", CallSid),
            new("CallStatus", "in-progress"),
            new("Direction", "outbound-dial"),
            new("From", line),
            new("To", person),
            new("CallbackSource", "call-progress-events"),
            new("SequenceNumber", "0"),
        };
        if (twilioTimestamp is { } at)
        {
            fields.Add(new("Timestamp", at.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)));
        }

        using var response = await twilio.PostAsync(LegStatusCallback, fields);
        EnsureSuccess(response);
        answeredLegs.Add((LegStatusCallback, legSid, person));
        return legSid;
    }

    /// <summary>
    /// Twilio's status callback for each answered leg that has not ended: the person hung up (<c>completed</c>). Sent when
    /// a bridged dial ends and when the call ends, as Twilio does.
    /// </summary>
    public async Task AnsweredLegsEndAsync()
    {
        foreach (var (statusCallback, legSid, person) in answeredLegs)
        {
            using var response = await PostOnLegAsync(statusCallback, legSid, person,
                ("CallStatus", "completed"), ("CallbackSource", "call-progress-events"), ("SequenceNumber", "1"), ("CallDuration", "3"));
            EnsureSuccess(response);
        }

        answeredLegs.Clear();
    }

    /// <summary>The dial ends with Twilio's DialCallStatus; returns the TwiML Ivr answers with.</summary>
    public async Task<XDocument> DialEndsAsync(string dialCallStatus, bool bridged, string callStatus = "in-progress")
    {
        if (bridged)
        {
            await AnsweredLegsEndAsync();
        }

        using var response = await twilio.PostAsync(DialAction, Fields(
            ("CallStatus", callStatus), ("DialCallStatus", dialCallStatus), ("DialBridged", bridged ? "true" : "false"), ("DialCallSid", NewSid("CA"))));
        return FollowDial(await ReadTwimlAsync(response));
    }

    /// <summary>Posts this call's fields plus <paramref name="extra"/> to a URL Ivr handed out; returns the TwiML.</summary>
    public async Task<XDocument> PostAsync(string pathAndQuery, params (string Name, string Value)[] extra)
    {
        using var response = await twilio.PostAsync(pathAndQuery, Fields(extra));
        return await ReadTwimlAsync(response);
    }

    /// <summary>The caller presses <paramref name="digit"/> during the current TwiML's <c>&lt;Gather&gt;</c>.</summary>
    public async Task<XDocument> PressAsync(char digit)
    {
        var action = Twiml!.Root!.Element("Gather")!.Attribute("action")!.Value;
        return FollowDial(await PostAsync(action, ("CallStatus", "in-progress"), ("Digits", digit.ToString())));
    }

    /// <summary>
    /// A request on a dialled party's own leg (child call <paramref name="legSid"/>, from the line to
    /// <paramref name="person"/>), such as the screening URL or its Gather action; returns the response.
    /// </summary>
    public Task<HttpResponseMessage> PostOnLegAsync(string pathAndQuery, string legSid, string person, params (string Name, string Value)[] extra) =>
        twilio.PostAsync(pathAndQuery,
        [
            new("AccountSid", AccountSid),
            new("ApiVersion", "2010-04-01"),
            new("CallSid", legSid),
            new("ParentCallSid", CallSid),
            new("Direction", "outbound-dial"),
            new("From", line),
            new("To", person),
            new("Caller", line),
            new("Called", person),
            .. extra.Select(e => new KeyValuePair<string, string>(e.Name, e.Value)),
        ]);

    /// <summary>A dialled party's status callback at <paramref name="statusCallback"/>: <paramref name="person"/> picked up.</summary>
    public async Task AnswerViaAsync(string statusCallback, string person)
    {
        var legSid = NewSid("CA");
        using var response = await PostOnLegAsync(statusCallback, legSid, person,
            ("CallStatus", "in-progress"), ("CallbackSource", "call-progress-events"), ("SequenceNumber", "0"));
        EnsureSuccess(response);
        answeredLegs.Add((statusCallback, legSid, person));
    }

    /// <summary>When Ivr answers with another dial, it becomes the current TwiML, so the next dial-ended goes to its action.</summary>
    private XDocument FollowDial(XDocument twiml)
    {
        if (twiml.Root?.Element("Dial") is not null)
        {
            Twiml = twiml;
        }

        return twiml;
    }

    public async Task<XDocument> LeaveVoicemailAsync(string recordAction)
    {
        using var response = await twilio.PostAsync(recordAction, Fields(
            ("CallStatus", "in-progress"), ("RecordingUrl", $"https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Recordings/{NewSid("RE")}"), ("RecordingDuration", "7")));
        return await ReadTwimlAsync(response);
    }

    /// <summary>The number's call status callback: the call is over.</summary>
    public async Task EndAsync(string callStatus = "completed")
    {
        await AnsweredLegsEndAsync();
        using var response = await twilio.PostAsync("/api/voice/call-status", Fields(("CallStatus", callStatus), ("CallDuration", "3")));
        EnsureSuccess(response);
    }

    public static async Task<XDocument> ReadTwimlAsync(HttpResponseMessage response)
    {
        EnsureSuccess(response);
        Assert.Equal("text/xml", TwilioWebhooks.MediaType(response));
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private const string AccountSid = "AC00000000000000000000000000000000";

    private List<KeyValuePair<string, string>> Fields(params (string Name, string Value)[] extra) =>
    [
        new("AccountSid", AccountSid),
        new("ApiVersion", "2010-04-01"),
        new("CallSid", CallSid),
        new("From", caller),
        new("To", line),
        new("Caller", caller),
        new("Called", line),
        .. extra.Select(e => new KeyValuePair<string, string>(e.Name, e.Value)),
    ];

    private static void EnsureSuccess(HttpResponseMessage response)
    {
        if (response.StatusCode is < HttpStatusCode.OK or >= HttpStatusCode.MultipleChoices)
        {
            throw new InvalidOperationException($"Ivr answered {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().Result}");
        }
    }
}
