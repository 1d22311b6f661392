using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ivr.Tests.Infrastructure;

/// <summary>
/// A local stand-in for Twilio's REST API, on loopback: it speaks the Calls resource's contract
/// (<c>POST /2010-04-01/Accounts/{AccountSid}/Calls.json</c>, form fields, Basic auth, 201 with the call's JSON) and records
/// every call Ivr asks it to place. Ivr reaches it through <c>Twilio__ApiBaseUrl</c>, with its real REST client.
/// </summary>
internal sealed class TwilioRestStandIn : IAsyncDisposable
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";

    private readonly WebApplication app;
    private readonly ConcurrentQueue<PlacedCall> calls = new();
    private readonly ConcurrentQueue<(int Status, int Code, string Message)> failures = new();

    private TwilioRestStandIn(WebApplication app) => this.app = app;

    public Uri BaseAddress => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    private int requests;

    /// <summary>Every request to place a call, refused ones included.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>The calls Ivr placed, in the order it asked.</summary>
    public IReadOnlyList<PlacedCall> Calls => [.. calls];

    /// <summary>
    /// Raised for each call placed, once it is recorded and before Ivr gets its 201: for a test that plays Twilio's side
    /// of the call. Handlers must not block the reply (start the call's play on a task of its own).
    /// </summary>
    public event Action<PlacedCall>? Placed;

    /// <summary>Settings that make Ivr place its calls here.</summary>
    public void Configure(Dictionary<string, string?> settings)
    {
        settings["Twilio__AccountSid"] = AccountSid;
        settings["Twilio__ApiBaseUrl"] = BaseAddress.AbsoluteUri;
    }

    /// <summary>The next request is refused as Twilio refuses one (e.g. 429 with error 20429).</summary>
    public void FailNext(int status, int code, string message) => failures.Enqueue((status, code, message));

    public static async Task<TwilioRestStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var standIn = new TwilioRestStandIn(app);
        app.MapPost("/2010-04-01/Accounts/{account}/Calls.json", standIn.CreateCallAsync);
        await app.StartAsync();
        return standIn;
    }

    /// <summary>Waits until at least <paramref name="count"/> calls were placed; returns them all.</summary>
    public async Task<IReadOnlyList<PlacedCall>> WaitForCallsAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = Environment.TickCount64 + (long)(timeout ?? TimeSpan.FromSeconds(15)).TotalMilliseconds;
        while (calls.Count < count)
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"Ivr placed {calls.Count} calls; expected {count}.");
            }

            await Task.Delay(25);
        }

        return Calls;
    }

    private async Task<IResult> CreateCallAsync(string account, HttpRequest request)
    {
        Interlocked.Increment(ref requests);
        var received = Stopwatch.GetTimestamp();
        var form = await request.ReadFormAsync();
        var authorization = request.Headers.Authorization.ToString();
        var credentials = authorization.StartsWith("Basic ", StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..]))
            : "";
        if (failures.TryDequeue(out var failure))
        {
            return Results.Json(new { code = failure.Code, message = failure.Message, more_info = $"https://www.twilio.com/docs/errors/{failure.Code}", status = failure.Status }, statusCode: failure.Status);
        }

        if (account != AccountSid || !credentials.StartsWith(AccountSid + ":", StringComparison.Ordinal))
        {
            return Results.Json(new { code = 20003, message = "Authenticate", status = 401 }, statusCode: 401);
        }

        var sid = SimulatedCall.NewSid("CA");
        var placed = new PlacedCall(sid, credentials[(AccountSid.Length + 1)..], form.ToDictionary(f => f.Key, f => f.Value.ToArray())) { Timestamp = received };
        calls.Enqueue(placed);
        Placed?.Invoke(placed);
        return Results.Json(
            new { sid, account_sid = account, to = form["To"].ToString(), from = form["From"].ToString(), status = "queued", direction = "outbound-api" },
            statusCode: 201);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

/// <summary>One call Ivr asked Twilio to place: its sid, the secret it authenticated with, and its form fields.</summary>
internal sealed record PlacedCall(string Sid, string Secret, IReadOnlyDictionary<string, string?[]> Form)
{
    public string? Field(string name) => Form.TryGetValue(name, out var values) ? values.SingleOrDefault() : null;

    public string To => Field("To")!;

    /// <summary>When the request to place it reached the stand-in (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long Timestamp { get; init; }

    /// <summary>The path and query of one of its URLs under Ivr's public base URL, as Twilio would request it.</summary>
    public string PathOf(string field) => new Uri(Field(field)!).PathAndQuery;

    /// <summary>
    /// A request Twilio makes on this call (from the line to the person) to one of Ivr's URLs, with <paramref name="extra"/>
    /// fields; returns the TwiML (an empty <c>&lt;Response&gt;</c> for a callback answered without a body).
    /// </summary>
    public async Task<XDocument> PostAsync(TwilioWebhooks twilio, string pathAndQuery, params (string Name, string Value)[] extra)
    {
        using var response = await twilio.PostAsync(pathAndQuery,
        [
            new("AccountSid", TwilioRestStandIn.AccountSid),
            new("ApiVersion", "2010-04-01"),
            new("CallSid", Sid),
            new("Direction", "outbound-api"),
            new("From", Field("From")!),
            new("To", To),
            .. extra.Select(e => new KeyValuePair<string, string>(e.Name, e.Value)),
        ]);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Ivr answered {(int)response.StatusCode} to {pathAndQuery} on offer {Sid}: {await response.Content.ReadAsStringAsync()}");
        }

        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? new XDocument(new XElement("Response")) : XDocument.Parse(text);
    }
}
