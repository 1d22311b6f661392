using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Ivr.Twilio;

namespace Ivr.Benchmarks.Samples;

/// <summary>
/// A realistic incoming-call webhook as Twilio posts it for a Dutch number (Twilio leaves city, state and zip empty
/// there), with the signature the official twilio npm package computes for it.
/// </summary>
internal static class IncomingCallForm
{
    public const string AuthToken = "2b6f4a1e9c0d47a38e5f1b2c3d4e5f60";

    /// <summary>A second token, as during a rotation: every check then costs twice the work.</summary>
    public const string SecondaryAuthToken = "9e8d7c6b5a4f43e2a1b0c9d8e7f6a5b4";

    public const string PublicBaseUrl = "https://ivr.example.com";

    public const string Path = "/api/voice/incoming";

    public const string Url = PublicBaseUrl + Path;

    public const string CallSid = "CA5d2c6f0e8b9a47c1b3d2e4f5a6b7c8d9";

    public const string Line = "+31201234567";

    public const string Caller = "+31698765432";

    /// <summary>
    /// From twilio 6.2.0, in the repository root:
    /// <c>node -e "console.log(require('twilio').getExpectedTwilioSignature(AuthToken, Url, Fields))"</c>.
    /// </summary>
    public const string OracleSignature = "TGAnUxnv6foPuoy4Wc4BaT5LWQA=";

    public static readonly IReadOnlyList<KeyValuePair<string, string>> Fields =
    [
        new("AccountSid", "AC3f2a9b7c1d4e5f60718293a4b5c6d7e8"),
        new("ApiVersion", "2010-04-01"),
        new("CallSid", CallSid),
        new("CallStatus", "ringing"),
        new("CallToken", "%7B%22parentCallInfoToken%22%3A%22eyJhbGciOiJFUzI1NiJ9.eyJjYWxsU2lkIjoiQ0E1ZDJjNmYwZThiOWE0N2MxYjNkMmU0ZjVhNmI3YzhkOSJ9.c2lnbmF0dXJl%22%7D"),
        new("Called", Line),
        new("CalledCity", string.Empty),
        new("CalledCountry", "NL"),
        new("CalledState", string.Empty),
        new("CalledZip", string.Empty),
        new("Caller", Caller),
        new("CallerCity", string.Empty),
        new("CallerCountry", "NL"),
        new("CallerState", string.Empty),
        new("CallerZip", string.Empty),
        new("Direction", "inbound"),
        new("From", Caller),
        new("FromCity", string.Empty),
        new("FromCountry", "NL"),
        new("FromState", string.Empty),
        new("FromZip", string.Empty),
        new("StirVerstat", "TN-Validation-Passed-A"),
        new("To", Line),
        new("ToCity", string.Empty),
        new("ToCountry", "NL"),
        new("ToState", string.Empty),
        new("ToZip", string.Empty),
    ];

    /// <summary>The form as the webhooks hold it once read (Ivr.Twilio.WebhookForm).</summary>
    public static IFormCollection Form() => WebhookForm.Parse(Body());

    /// <summary>The request body on the wire (application/x-www-form-urlencoded).</summary>
    public static byte[] Body() =>
        Encoding.UTF8.GetBytes(string.Join('&', Fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value))));

    /// <summary>A POST of this webhook with a fresh body stream, as Kestrel would hand it over.</summary>
    public static DefaultHttpContext Request(byte[] body, IServiceProvider? services = null)
    {
        var context = new DefaultHttpContext { RequestServices = services! };
        context.Request.Method = HttpMethods.Post;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1", 7071);
        context.Request.Path = Path;
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.ContentLength = body.Length;
        context.Request.Body = new MemoryStream(body, writable: false);
        context.Request.Headers["X-Twilio-Signature"] = OracleSignature;
        return context;
    }

    /// <summary>Fails fast if <see cref="Body"/> does not read back as <see cref="Fields"/> (so the benchmarks bind what they claim).</summary>
    public static void CheckBodyRoundTrips()
    {
        var parsed = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(Body()));
        if (parsed.Count != Fields.Count || Fields.Any(f => parsed[f.Key] != f.Value))
        {
            throw new InvalidOperationException("The sample form body does not read back as the sample fields.");
        }
    }
}
