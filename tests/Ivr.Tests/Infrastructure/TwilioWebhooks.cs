using System.Net.Http.Headers;

namespace Ivr.Tests.Infrastructure;

/// <summary>Sends webhooks to Ivr the way Twilio does: form-encoded POSTs signed by the official twilio package.</summary>
internal sealed class TwilioWebhooks(HttpClient http, TwilioOracle oracle, string publicBaseUrl, string authToken = IvrProcess.AuthToken)
{
    /// <summary>The public URL tests configure as <c>Twilio__PublicBaseUrl</c>: deliberately not the loopback address.</summary>
    public const string PublicBaseUrl = "https://ivr.example.test";

    public async Task<HttpResponseMessage> PostAsync(string pathAndQuery, IReadOnlyList<KeyValuePair<string, string>> form, Func<string, string>? tamperSignature = null)
    {
        var signature = await oracle.SignAsync(authToken, publicBaseUrl + pathAndQuery, form);
        using var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", tamperSignature is null ? signature : tamperSignature(signature));
        return await http.SendAsync(request);
    }

    /// <summary>Posts without any signature header.</summary>
    public async Task<HttpResponseMessage> PostUnsignedAsync(string pathAndQuery, IReadOnlyList<KeyValuePair<string, string>> form)
    {
        using var content = new FormUrlEncodedContent(form);
        return await http.PostAsync(new Uri(pathAndQuery, UriKind.Relative), content);
    }

    public static string? MediaType(HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType;

    public static MediaTypeHeaderValue? ContentType(HttpResponseMessage response) => response.Content.Headers.ContentType;
}
