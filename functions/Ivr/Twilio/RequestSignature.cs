using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

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
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
        Sign(Encoding.UTF8.GetBytes(authToken), url, SignedFields(parameters), mac);
        return Convert.ToBase64String(mac);
    }

    /// <summary>
    /// True when <paramref name="signature"/> matches any token for the URL as given, without its port, or with
    /// the scheme's default port: Twilio signs voice webhooks over HTTPS without the port, and its SDKs accept both.
    /// </summary>
    public static bool IsValid(
        string? signature,
        string url,
        IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> parameters,
        IEnumerable<string> authTokens)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        // The fields' part of the signed text is the same for every token and URL variant: encode it once.
        var fields = SignedFields(parameters);
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
        Span<char> expected = stackalloc char[Base64Length];
        var valid = false;
        foreach (var token in authTokens)
        {
            var key = Encoding.UTF8.GetBytes(token);
            foreach (var candidate in UrlVariants(url))
            {
                Sign(key, candidate, fields, mac);
                Convert.TryToBase64Chars(mac, expected, out _);
                // Keep checking after a match so timing says nothing about which token or URL matched.
                valid |= CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expected), MemoryMarshal.AsBytes(signature.AsSpan()));
            }
        }

        return valid;
    }

    private const int Base64Length = (HMACSHA1.HashSizeInBytes + 2) / 3 * 4;

    /// <summary>The form fields as Twilio signs them, UTF-8: names in ordinal order, each followed by its value.</summary>
    private static byte[] SignedFields(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> parameters)
    {
        var text = new StringBuilder();
        foreach (var (name, values) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (values.Count == 1)
            {
                text.Append(name).Append(values[0]);
                continue;
            }

            foreach (var value in values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                text.Append(name).Append(value);
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Sign(byte[] key, string url, byte[] fields, Span<byte> mac)
    {
#pragma warning disable CA5350 // HMAC-SHA1 is what Twilio signs with; it is the protocol, not our choice.
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
#pragma warning restore CA5350
        hmac.AppendData(Encoding.UTF8.GetBytes(url));
        hmac.AppendData(fields);
        hmac.GetHashAndReset(mac);
    }

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
