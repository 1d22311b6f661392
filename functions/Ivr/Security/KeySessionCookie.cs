using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ivr.Security;

/// <summary>
/// A sign-in cookie made from an API key: an expiry and an HMAC of it keyed by the key's hash (<c>v1.expiry.mac</c>).
/// The cookie never holds the key, works on every instance without shared state, and stops working when it expires or
/// its key leaves configuration. <paramref name="purpose"/> goes into the HMAC, so one kind of session cookie is never
/// taken for another.
/// </summary>
internal sealed class KeySessionCookie(string name, string path, string purpose)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private const string Version = "v1";

    public string Name => name;

    /// <summary>Whether the request carries this cookie at all, valid or not.</summary>
    public bool Presented(HttpRequest request) => request.Cookies.ContainsKey(name);

    /// <summary>The fingerprint and hash of the key in <paramref name="keys"/> the request's cookie was made from, or null when it is not a live session.</summary>
    public (string Actor, byte[] KeyHash)? Verify(HttpRequest request, ApiKeySet keys, DateTimeOffset now)
    {
        var parts = (request.Cookies[name] ?? string.Empty).Split('.');
        if (parts is not [Version, var expiresText, var macText]
            || !long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || expires < now.ToUnixTimeSeconds()
            || FromBase64Url(macText) is not { } presented)
        {
            return null;
        }

        // Every key is compared, in constant time, whichever matches.
        (string, byte[])? found = null;
        foreach (var (keyHash, actor) in keys.Hashes)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, Mac(keyHash, expires)))
            {
                found = (actor, keyHash);
            }
        }

        return found;
    }

    /// <summary>Signs in with <paramref name="key"/>: false (and no cookie) when it is not one of <paramref name="keys"/>.</summary>
    public bool SignIn(HttpContext context, ApiKeySet keys, string key, DateTimeOffset now)
    {
        if (keys.Match(key.Trim()) is null)
        {
            return false;
        }

        var expires = (now + Lifetime).ToUnixTimeSeconds();
        var mac = Base64Url(Mac(ApiKeySet.Hash(key.Trim()), expires));
        context.Response.Cookies.Append(name, string.Create(CultureInfo.InvariantCulture, $"{Version}.{expires}.{mac}"), Options(context.Request, Lifetime));
        return true;
    }

    public void SignOut(HttpContext context) => context.Response.Cookies.Delete(name, Options(context.Request, null));

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[]? FromBase64Url(string text)
    {
        try
        {
            return Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private byte[] Mac(byte[] keyHash, long expires) =>
        HMACSHA256.HashData(keyHash, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{purpose}|{Version}|{expires}")));

    private CookieOptions Options(HttpRequest request, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        // Behind the Functions host the handler sees plain HTTP; the host says what the browser used.
        Secure = request.IsHttps || string.Equals(request.Headers["X-Forwarded-Proto"], "https", StringComparison.OrdinalIgnoreCase),
        Path = path,
        MaxAge = maxAge,
    };
}
