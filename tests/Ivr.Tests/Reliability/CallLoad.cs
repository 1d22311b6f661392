using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Xml;
using System.Xml.Linq;
using Ivr.Tests.Infrastructure;
using Ivr.Twilio;

namespace Ivr.Tests.Reliability;

/// <summary>How a simulated call goes: a person answers it, or the caller hangs up while it rings.</summary>
internal enum CallKind
{
    Answered,
    Abandoned,
}

/// <summary>
/// One call of a load run and what Ivr acknowledged (answered 2xx) for it, with when (ms on the load's clock): an
/// acknowledged webhook is a promise that its facts reach the call's record.
/// </summary>
internal sealed class LoadCall(string line, CallKind kind, string? callSid = null)
{
    public string CallSid { get; } = callSid ?? NewSid("CA");

    public string Line { get; } = line;

    public string Caller { get; } = "+3161" + RandomNumberGenerator.GetInt32(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public CallKind Kind { get; } = kind;

    /// <summary>The <c>&lt;Dial action&gt;</c> of the incoming TwiML (carries the record key).</summary>
    public string? DialAction { get; set; }

    /// <summary>The first dialled party's status callback URL, and who it is.</summary>
    public string? LegStatusCallback { get; set; }

    public string? FirstParty { get; set; }

    public double? ArrivedAck { get; set; }

    public double? AnsweredAck { get; set; }

    public double? DialEndedAck { get; set; }

    public double? EndedAck { get; set; }

    /// <summary>Every webhook of its lifecycle was acknowledged.</summary>
    public bool Complete => ArrivedAck is not null && EndedAck is not null && (Kind == CallKind.Abandoned || (AnsweredAck is not null && DialEndedAck is not null));

    /// <summary>The same call, counting only what its dial-ended and call-status callbacks acknowledged.</summary>
    public LoadCall OnlyLaterCallbacks() => new(Line, Kind, CallSid) { DialEndedAck = DialEndedAck, EndedAck = EndedAck };

    public static string NewSid(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

/// <summary>One incoming webhook as the load saw it.</summary>
internal sealed record IncomingSample(double StartedAtMs, double LatencyMs, int Status, bool DialsPerson, bool DialsFallback, string? Error);

/// <summary>What Ivr answered to one webhook; status 0 when no answer came (connection refused or dropped).</summary>
internal sealed record WebhookReply(int Status, string Body, string? MediaType, double LatencyMs, string? Error)
{
    public bool Acknowledged => Status is >= 200 and < 300;
}

/// <summary>
/// Drives many calls at once against running Ivr processes, each webhook signed exactly as Twilio signs it (with Ivr's
/// own <see cref="RequestSignature"/>, which the interop tests prove equal to the official twilio package's), over
/// real HTTP through one shared connection pool. Records the latency and TwiML of every incoming webhook.
/// </summary>
internal sealed class CallLoad : IDisposable
{
    private const string AccountSid = "AC00000000000000000000000000000000";

    private readonly HttpClient http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 64,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<IncomingSample> incoming = new();
    private long requests;
    private long refused;
    private long callsStarted;

    /// <summary>Milliseconds since this load was created: the clock of every acknowledgement and sample.</summary>
    public double NowMs => clock.Elapsed.TotalMilliseconds;

    public IReadOnlyCollection<IncomingSample> Incoming => incoming;

    public long Requests => Interlocked.Read(ref requests);

    /// <summary>Requests that got no HTTP answer at all (the process was gone or stopping).</summary>
    public long Refused => Interlocked.Read(ref refused);

    public HttpClient Http => http;

    /// <summary>Calls started by <see cref="RunAsync"/> so far, over every run of this load.</summary>
    public long CallsStarted => Interlocked.Read(ref callsStarted);

    /// <summary>
    /// Starts <paramref name="callsPerSecond"/> calls a second for <paramref name="duration"/>, each running
    /// <paramref name="lifecycle"/>, and waits for every lifecycle to finish. <paramref name="lineOf"/> and
    /// <paramref name="kindOf"/> pick each call's line and kind from its index.
    /// </summary>
    public async Task<List<LoadCall>> RunAsync(
        int callsPerSecond,
        TimeSpan duration,
        Func<LoadCall, Task> lifecycle,
        Func<int, string>? lineOf = null,
        Func<int, CallKind>? kindOf = null,
        CancellationToken stop = default)
    {
        lineOf ??= i => i % 2 == 0 ? IvrWithStorage.SupportLine : IvrWithStorage.GoodbyeLine;
        kindOf ??= i => i % 10 == 9 ? CallKind.Abandoned : CallKind.Answered;
        var total = (int)(callsPerSecond * duration.TotalSeconds);
        var calls = new List<LoadCall>(total);
        var running = new List<Task>(total);
        var started = Stopwatch.StartNew();
        while (calls.Count < total && !stop.IsCancellationRequested)
        {
            var due = Math.Min(total, (int)(started.Elapsed.TotalSeconds * callsPerSecond) + 1);
            while (calls.Count < due)
            {
                var call = new LoadCall(lineOf(calls.Count), kindOf(calls.Count));
                calls.Add(call);
                Interlocked.Increment(ref callsStarted);
                running.Add(Task.Run(() => lifecycle(call), CancellationToken.None));
            }

            await Task.Delay(5, CancellationToken.None);
        }

        await Task.WhenAll(running);
        return calls;
    }

    /// <summary>
    /// A whole call as Twilio drives it, spread over about half a second: incoming, then (answered calls) the first
    /// party picks up, the dial ends bridged, the call ends; (abandoned calls) the caller hangs up while it rings.
    /// </summary>
    public async Task FullLifecycleAsync(Uri ivr, LoadCall call, CancellationToken stop = default)
    {
        if (!await ArriveAsync(ivr, call) || stop.IsCancellationRequested)
        {
            return;
        }

        await Task.Delay(RandomNumberGenerator.GetInt32(100, 300), CancellationToken.None);
        if (call.Kind == CallKind.Answered)
        {
            if (stop.IsCancellationRequested || !await AnswerAsync(ivr, call))
            {
                return;
            }

            await Task.Delay(RandomNumberGenerator.GetInt32(50, 200), CancellationToken.None);
            if (stop.IsCancellationRequested || !await DialEndsAsync(ivr, call))
            {
                return;
            }

            await Task.Delay(20, CancellationToken.None);
        }

        if (!stop.IsCancellationRequested)
        {
            await EndAsync(ivr, call);
        }
    }

    /// <summary>The incoming webhook; true when it was answered with TwiML that dials a person (and was sampled).</summary>
    public async Task<bool> ArriveAsync(Uri ivr, LoadCall call)
    {
        var started = NowMs;
        var reply = await PostAsync(ivr, "/api/voice/incoming", Fields(call, ("CallStatus", "ringing"), ("Direction", "inbound")));
        var (dialsPerson, dialsFallback) = (false, false);
        if (reply.Status == 200 && reply.MediaType == "text/xml")
        {
            (dialsPerson, dialsFallback) = ReadDial(reply.Body, call);
        }

        if (reply.Status != 0)
        {
            incoming.Enqueue(new IncomingSample(started, reply.LatencyMs, reply.Status, dialsPerson, dialsFallback, reply.Error));
        }

        if (reply.Acknowledged)
        {
            call.ArrivedAck = NowMs;
        }

        return reply.Acknowledged && dialsPerson;
    }

    /// <summary>The first dialled party picks up (its <c>answered</c> status callback).</summary>
    public async Task<bool> AnswerAsync(Uri ivr, LoadCall call)
    {
        if (call.LegStatusCallback is null)
        {
            return false;
        }

        var reply = await PostAsync(ivr, call.LegStatusCallback,
        [
            new("AccountSid", AccountSid),
            new("CallSid", LoadCall.NewSid("CA")),
            new("ParentCallSid", call.CallSid),
            new("CallStatus", "in-progress"),
            new("Direction", "outbound-dial"),
            new("From", call.Line),
            new("To", call.FirstParty ?? "unknown"),
            new("CallbackSource", "call-progress-events"),
            new("SequenceNumber", "0"),
        ]);
        if (reply.Acknowledged)
        {
            call.AnsweredAck ??= NowMs;
        }

        return reply.Acknowledged;
    }

    /// <summary>The <c>&lt;Dial action&gt;</c>: the dial ended, bridged to the person who answered.</summary>
    public async Task<bool> DialEndsAsync(Uri ivr, LoadCall call)
    {
        if (call.DialAction is null)
        {
            return false;
        }

        var reply = await PostAsync(ivr, call.DialAction, Fields(call,
            ("CallStatus", "in-progress"), ("DialCallStatus", "completed"), ("DialBridged", "true"), ("DialCallSid", LoadCall.NewSid("CA"))));
        if (reply.Acknowledged)
        {
            call.DialEndedAck ??= NowMs;
        }

        return reply.Acknowledged;
    }

    /// <summary>The number's call status callback (no record key in its URL): the call is over.</summary>
    public async Task<bool> EndAsync(Uri ivr, LoadCall call)
    {
        var reply = await PostAsync(ivr, "/api/voice/call-status", Fields(call, ("CallStatus", "completed"), ("CallDuration", "3")));
        if (reply.Acknowledged)
        {
            call.EndedAck ??= NowMs;
        }

        return reply.Acknowledged;
    }

    /// <summary>Posts a form signed for <see cref="TwilioWebhooks.PublicBaseUrl"/> + <paramref name="pathAndQuery"/>.</summary>
    public async Task<WebhookReply> PostAsync(Uri ivr, string pathAndQuery, List<KeyValuePair<string, string>> form)
    {
        var signature = RequestSignature.Compute(
            IvrProcess.AuthToken,
            TwilioWebhooks.PublicBaseUrl + pathAndQuery,
            form.GroupBy(f => f.Key, StringComparer.Ordinal).Select(g => new KeyValuePair<string, IReadOnlyList<string>>(g.Key, g.Select(f => f.Value).ToList())));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(ivr, pathAndQuery)) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signature);
        Interlocked.Increment(ref requests);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return new WebhookReply((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType, Stopwatch.GetElapsedTime(started).TotalMilliseconds, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            Interlocked.Increment(ref refused);
            return new WebhookReply(0, string.Empty, null, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex.Message);
        }
    }

    /// <summary>The incoming samples started in [<paramref name="fromMs"/>, <paramref name="toMs"/>) on the load's clock.</summary>
    public List<IncomingSample> IncomingBetween(double fromMs, double toMs) =>
        incoming.Where(s => s.StartedAtMs >= fromMs && s.StartedAtMs < toMs).ToList();

    public void Dispose() => http.Dispose();

    /// <summary>Whether the TwiML dials a person (a &lt;Number&gt;, &lt;Client&gt; or &lt;Sip&gt;); notes its callback URLs on the call.</summary>
    private static (bool DialsPerson, bool DialsFallback) ReadDial(string body, LoadCall call)
    {
        XDocument twiml;
        try
        {
            twiml = XDocument.Parse(body);
        }
        catch (XmlException)
        {
            return (false, false);
        }

        var dial = twiml.Root is { Name.LocalName: "Response" } root ? root.Element("Dial") : null;
        var parties = dial?.Elements().Where(e => e.Name.LocalName is "Number" or "Client" or "Sip" && !string.IsNullOrWhiteSpace(e.Value)).ToList() ?? [];
        if (parties.Count == 0)
        {
            return (false, false);
        }

        call.DialAction = dial!.Attribute("action")?.Value;
        call.LegStatusCallback = parties[0].Attribute("statusCallback")?.Value;
        call.FirstParty = parties[0].Value.Trim();
        return (true, parties.Any(p => p.Value.Trim() == IvrProcess.FallbackNumber));
    }

    private static List<KeyValuePair<string, string>> Fields(LoadCall call, params (string Name, string Value)[] extra) =>
    [
        new("AccountSid", AccountSid),
        new("ApiVersion", "2010-04-01"),
        new("CallSid", call.CallSid),
        new("From", call.Caller),
        new("To", call.Line),
        new("Caller", call.Caller),
        new("Called", call.Line),
        .. extra.Select(e => new KeyValuePair<string, string>(e.Name, e.Value)),
    ];
}
