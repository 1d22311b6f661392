namespace Ivr.Tests.Infrastructure;

/// <summary>Sends webhooks to Ivr the way Twilio does: form-encoded POSTs signed by the official twilio package.</summary>
internal sealed class TwilioWebhooks(HttpClient http, TwilioOracle oracle, string publicBaseUrl, string authToken = IvrProcess.AuthToken)
{
    /// <summary>The public URL tests configure as <c>Twilio__PublicBaseUrl</c>: deliberately not the loopback address.</summary>
    public const string PublicBaseUrl = "https://ivr.example.test";

    public async Task<HttpResponseMessage> PostAsync(string pathAndQuery, IReadOnlyList<KeyValuePair<string, string>> form) =>
        await PostWithSignatureAsync(pathAndQuery, form, await oracle.SignAsync(authToken, publicBaseUrl + pathAndQuery, form));

    /// <summary>
    /// Posts with Twilio's signature for this request with its first character changed: a forgery, and never the
    /// signature itself (a fixed replacement character is what a real signature begins with one time in 64).
    /// </summary>
    public async Task<HttpResponseMessage> PostForgedAsync(string pathAndQuery, IReadOnlyList<KeyValuePair<string, string>> form)
    {
        var signature = await oracle.SignAsync(authToken, publicBaseUrl + pathAndQuery, form);
        return await PostWithSignatureAsync(pathAndQuery, form, (signature[0] == 'A' ? "B" : "A") + signature[1..]);
    }

    /// <summary>Posts with exactly this signature header (none when null) and any extra headers.</summary>
    public async Task<HttpResponseMessage> PostWithSignatureAsync(
        string pathAndQuery,
        IReadOnlyList<KeyValuePair<string, string>> form,
        string? signature,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = new FormUrlEncodedContent(form) };
        if (signature is not null)
        {
            request.Headers.Add("X-Twilio-Signature", signature);
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.Add(name, value);
        }

        return await http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostUnsignedAsync(string pathAndQuery, IReadOnlyList<KeyValuePair<string, string>> form) =>
        PostWithSignatureAsync(pathAndQuery, form, signature: null);

    public static string? MediaType(HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType;
}
