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
        var text = new StringBuilder(url);
        foreach (var (name, values) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var value in values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                text.Append(name).Append(value);
            }
        }

#pragma warning disable CA5350 // HMAC-SHA1 is what Twilio signs with; it is the protocol, not our choice.
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(text.ToString()));
#pragma warning restore CA5350
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

        var fields = parameters.ToList();
        var offered = Encoding.ASCII.GetBytes(signature);
        var valid = false;
        foreach (var token in authTokens)
        {
            foreach (var candidate in UrlVariants(url))
            {
                var expected = Encoding.ASCII.GetBytes(Compute(token, candidate, fields));
                // Keep checking after a match so timing says nothing about which token or URL matched.
                valid |= CryptographicOperations.FixedTimeEquals(expected, offered);
            }
        }

        return valid;
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
