using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Ivr.Security;
using Microsoft.Extensions.Primitives;

namespace Ivr.Twilio;

/// <summary>
/// Twilio's X-Twilio-Signature: Base64(HMAC-SHA1(authToken, url + sorted name/value pairs)).
/// Repeated keys follow twilio-node and twilio-python: each distinct value once, values in ordinal order.
/// </summary>
internal static class RequestSignature
{
    /// <summary>Computes the signature Twilio would send for a request to <paramref name="url"/> with these form fields.</summary>
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> parameters)
    {
        using var fields = SignedFields.Of(AsFormFields(parameters));
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
        Sign(authToken, url, fields.Bytes, mac);
        return Convert.ToBase64String(mac);
    }

    /// <inheritdoc cref="IsValid(string?, string, IEnumerable{KeyValuePair{string, IReadOnlyList{string}}}, IEnumerable{string})"/>
    public static bool IsValid(string? signature, string url, IFormCollection form, IEnumerable<string> authTokens) =>
        Check(signature, url, form, authTokens);

    /// <summary>
    /// True when <paramref name="signature"/> matches any token for the URL as given, without its port, or with
    /// the scheme's default port: Twilio signs voice webhooks over HTTPS without the port, and its SDKs accept both.
    /// </summary>
    public static bool IsValid(
        string? signature,
        string url,
        IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> parameters,
        IEnumerable<string> authTokens) =>
        Check(signature, url, AsFormFields(parameters), authTokens);

    private static bool Check(string? signature, string url, IEnumerable<KeyValuePair<string, StringValues>> form, IEnumerable<string> authTokens)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        // The fields' part of the signed text is the same for every token and URL variant: encode it once. A form
        // Ivr read itself hands over its fields as sent.
        using var fields = form is WebhookForm read ? read.Signed() : SignedFields.Of(form);
        var tokens = authTokens as IReadOnlyList<string> ?? [.. authTokens];
        // The URL as given first: it is what Twilio signed whenever the public base URL is configured as Twilio
        // calls it, so a genuine webhook costs one HMAC and no URL parsing. Stopping at a match tells a sender
        // nothing it does not know (the answer is 200 rather than 403); the comparison itself stays constant-time.
        if (MatchesAny(signature, tokens, url, fields.Bytes))
        {
            return true;
        }

        foreach (var variant in UrlVariants(url).Skip(1)) // the first is the URL as given, tried above
        {
            if (MatchesAny(signature, tokens, variant, fields.Bytes))
            {
                return true;
            }
        }

        return false;
    }

    private const int Base64Length = (HMACSHA1.HashSizeInBytes + 2) / 3 * 4;

    private static bool MatchesAny(string signature, IReadOnlyList<string> tokens, string url, ReadOnlySpan<byte> fields)
    {
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
        Span<char> expected = stackalloc char[Base64Length];
        for (var i = 0; i < tokens.Count; i++)
        {
            Sign(tokens[i], url, fields, mac);
            Convert.TryToBase64Chars(mac, expected, out _);
            if (CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expected), MemoryMarshal.AsBytes(signature.AsSpan())))
            {
                return true;
            }
        }

        return false;
    }

    private static void Sign(string token, string url, ReadOnlySpan<byte> fields, Span<byte> mac) =>
        // HMAC-SHA1 is what Twilio signs with: the protocol, not our choice.
        KeyedHmac.Compute(HashAlgorithmName.SHA1, token, url, fields, mac);

    private static IEnumerable<KeyValuePair<string, StringValues>> AsFormFields(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> parameters) =>
        parameters.Select(p => new KeyValuePair<string, StringValues>(p.Key, p.Value as string[] ?? [.. p.Value]));

    /// <summary>The URL as given, without an explicit port, and with the scheme's default port.</summary>
    internal static IEnumerable<string> UrlVariants(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Authority.Length == 0)
        {
            return [url];
        }

        // Rebuild from the original string so the path and query keep their exact encoding.
        var authorityStart = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }

        var host = StripPort(url[authorityStart..authorityEnd]);
        var defaultPort = uri.Scheme == Uri.UriSchemeHttps ? 443 : uri.Scheme == Uri.UriSchemeHttp ? 80 : -1;

        string With(string newHostAndPort) => string.Concat(url.AsSpan(0, authorityStart), newHostAndPort, url.AsSpan(authorityEnd));

        var variants = new List<string> { url, With(host) };
        if (defaultPort > 0)
        {
            variants.Add(With($"{host}:{defaultPort}"));
        }

        return variants.Distinct(StringComparer.Ordinal);
    }

    private static string StripPort(string hostAndPort)
    {
        // An IPv6 literal keeps its colons inside brackets.
        var closingBracket = hostAndPort.LastIndexOf(']');
        var colon = hostAndPort.LastIndexOf(':');
        return colon > closingBracket ? hostAndPort[..colon] : hostAndPort;
    }
}
