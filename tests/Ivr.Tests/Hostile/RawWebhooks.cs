using System.IO.Pipelines;
using System.Text;
using System.Text.RegularExpressions;
using Ivr.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Ivr.Tests.Hostile;

/// <summary>A webhook request as bytes on the wire, whatever they are; <see cref="Description"/> is printed when it fails.</summary>
internal sealed record RawWebhook(string PathAndQuery, byte[] Body, string? ContentType, string Description)
{
    public const string FormType = "application/x-www-form-urlencoded";

    public static RawWebhook Form(string pathAndQuery, IEnumerable<KeyValuePair<string, string>> fields, string description) =>
        new(pathAndQuery, Encoding.ASCII.GetBytes(RawWebhooks.Encode(fields)), FormType, description);

    /// <summary>Enough of the request to reproduce it, with long bodies cut.</summary>
    public override string ToString()
    {
        var body = Encoding.Latin1.GetString(Body, 0, Math.Min(Body.Length, 600));
        return $"{Description}: POST {PathAndQuery} (Content-Type: {ContentType ?? "(none)"}, {Body.Length} bytes) body: {RawWebhooks.Visible(body)}{(Body.Length > 600 ? "…" : "")}";
    }
}

/// <summary>The answer to a raw webhook, read in full.</summary>
internal sealed record RawAnswer(int Status, string? MediaType, string Body);

/// <summary>
/// Sends <see cref="RawWebhook"/>s signed as Twilio would sign the form the server reads from them: the body is parsed
/// here exactly as ASP.NET Core parses it (same reader, same decoding), and the official twilio package signs the result.
/// So a malformed body still carries a valid signature and reaches the webhook binding, as a buggy proxy's would.
/// </summary>
internal static partial class RawWebhooks
{
    /// <summary>Bodies above this are sent with <c>Expect: 100-continue</c>.</summary>
    public const int LargeBody = 128 * 1024;

    /// <summary>application/x-www-form-urlencoded as browsers write it: UTF-8 bytes, unreserved kept, space as +.</summary>
    public static string Encode(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join('&', fields.Select(f => Escape(f.Key) + "=" + Escape(f.Value)));

    private const string HexDigits = "0123456789ABCDEF";

    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                escaped.Append((char)b);
            }
            else if (b == (byte)' ')
            {
                escaped.Append('+');
            }
            else
            {
                escaped.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
            }
        }

        return escaped.ToString();
    }

    /// <summary>
    /// The form the server reads from this body: empty unless the content type is a urlencoded form; null when
    /// the server cannot read it at all (it then answers 400 or 413 before any signature check).
    /// </summary>
    public static async Task<Dictionary<string, StringValues>?> ParseLikeServerAsync(byte[] body, string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        }

        if (mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return null; // Only malformed multipart bodies are sent; the server refuses them before the signature check.
        }

        if (!mediaType.MediaType.Equals(RawWebhook.FormType, StringComparison.OrdinalIgnoreCase))
        {
            return new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        }

        var encoding = mediaType.Encoding is { CodePage: not 65000 } declared ? declared : Encoding.UTF8;
        try
        {
            var reader = new FormPipeReader(PipeReader.Create(new MemoryStream(body)), encoding)
            {
                ValueCountLimit = int.MaxValue,
                KeyLengthLimit = int.MaxValue,
                ValueLengthLimit = int.MaxValue,
            };
            return await reader.ReadFormAsync();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The form's fields one by one, repeated keys as repeated fields, as the signature sees them.</summary>
    public static List<KeyValuePair<string, string>> Fields(IDictionary<string, StringValues> form) =>
        form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? string.Empty))).ToList();

    /// <summary>Signs what the server will read from <paramref name="request"/>, with the official twilio package.</summary>
    public static async Task<string> SignAsync(TwilioOracle oracle, RawWebhook request, string authToken = IvrProcess.AuthToken, string publicBaseUrl = TwilioWebhooks.PublicBaseUrl)
    {
        var form = await ParseLikeServerAsync(request.Body, request.ContentType) ?? [];
        return await oracle.SignAsync(authToken, publicBaseUrl + request.PathAndQuery, Fields(form));
    }

    public static async Task<RawAnswer> SendAsync(HttpClient http, RawWebhook request, string? signature, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, request.PathAndQuery) { Content = new ByteArrayContent(request.Body) };
        if (request.ContentType is not null && !message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType))
        {
            throw new InvalidOperationException("Could not set Content-Type " + request.ContentType);
        }

        // A server refusing a large body answers before reading it and closes the connection; a client still writing
        // the body then sees the connection drop instead of the answer. Asking first (as large uploads should) shows the answer.
        message.Headers.ExpectContinue = request.Body.Length > LargeBody ? true : null;
        if (signature is not null)
        {
            message.Headers.TryAddWithoutValidation("X-Twilio-Signature", signature);
        }

        foreach (var (name, value) in headers ?? [])
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(message);
        return new RawAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Signs and sends in one go.</summary>
    public static async Task<RawAnswer> SendSignedAsync(HttpClient http, TwilioOracle oracle, RawWebhook request) =>
        await SendAsync(http, request, await SignAsync(oracle, request));

    /// <summary>Every CallSid-shaped token anywhere in the request (body bytes or URL), whatever its encoding.</summary>
    public static IEnumerable<string> CallSidsIn(RawWebhook request) =>
        CallSidToken().Matches(Encoding.Latin1.GetString(request.Body) + " " + request.PathAndQuery).Select(m => m.Value);

    /// <summary>Control characters and non-ASCII shown as escapes, so a failure message is readable and exact.</summary>
    public static string Visible(string text)
    {
        var shown = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is >= ' ' and <= '~')
            {
                shown.Append(c);
            }
            else
            {
                shown.Append(@"\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return shown.ToString();
    }

    [GeneratedRegex("CA[0-9a-fA-F]{32}")]
    private static partial Regex CallSidToken();
}
