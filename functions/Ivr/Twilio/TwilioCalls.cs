using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Ivr.Twilio;

/// <summary>A call Ivr asks Twilio to place: to a person, from a line, answered by Ivr's TwiML at <see cref="Url"/>.</summary>
internal sealed record OutgoingCall(string To, string From, string Url, string StatusCallback, int TimeoutSeconds);

/// <summary>Twilio refused to place a call: its HTTP status, and its error code and message when it gave them.</summary>
internal sealed class TwilioApiException(int status, int? code, string message)
    : Exception($"Twilio answered {status}{(code is null ? "" : $" (error {code})")}: {message}")
{
    public int Status => status;

    public int? Code => code;
}

/// <summary>
/// Places calls through Twilio's REST API (<c>POST /2010-04-01/Accounts/{AccountSid}/Calls.json</c>), with the form
/// fields the official package sends, authenticated with the auth token or an API key. A typed client: its pipeline
/// (<see cref="TwilioServiceCollectionExtensions"/>) tries again only what surely placed no call.
/// </summary>
internal sealed class TwilioCalls(HttpClient http, IOptions<TwilioOptions> options)
{
    /// <summary>Whether calls can be placed at all (<c>Twilio__AccountSid</c> is set).</summary>
    public bool Configured => !string.IsNullOrEmpty(options.Value.AccountSid);

    /// <summary>Places the call; returns its CallSid.</summary>
    public async Task<string> CreateAsync(OutgoingCall call, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!Configured)
        {
            throw new InvalidOperationException("Twilio__AccountSid is not set: Ivr cannot place calls.");
        }

        var form = new List<KeyValuePair<string, string>>
        {
            new("To", call.To),
            new("From", call.From),
            new("Url", call.Url),
            new("Method", "POST"),
            new("StatusCallback", call.StatusCallback),
            new("StatusCallbackMethod", "POST"),
            new("StatusCallbackEvent", "completed"),
            new("Timeout", call.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.ApiBaseUrl, $"/2010-04-01/Accounts/{settings.AccountSid}/Calls.json"))
        {
            Content = new FormUrlEncodedContent(form),
        };
        var (user, secret) = string.IsNullOrEmpty(settings.ApiKeySid) ? (settings.AccountSid!, settings.AuthToken) : (settings.ApiKeySid, settings.ApiKeySecret);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var json = TryParse(body);
        if (!response.IsSuccessStatusCode)
        {
            throw new TwilioApiException((int)response.StatusCode, Number(json, "code"), Text(json, "message") ?? response.ReasonPhrase ?? "no message");
        }

        return Text(json, "sid") ?? throw new TwilioApiException((int)response.StatusCode, null, "the answer named no call sid");
    }

    private static JsonElement? TryParse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement? json, string name) =>
        json?.TryGetProperty(name, out var value) == true && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Number(JsonElement? json, string name) =>
        json?.TryGetProperty(name, out var value) == true && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;
}
