using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ivr.Security;

namespace Ivr.Dashboard;

/// <summary>
/// The dashboard's sign-in: an analyst key, exchanged for a cookie that holds an expiry and an HMAC of it keyed by the
/// key's hash. The cookie never holds the key; it works on every instance without shared state, stops working when
/// it expires or its key is removed from configuration, and cannot be used on the analytics API.
/// </summary>
internal sealed class DashboardSession(ApiKeyRoles roles, TimeProvider time)
{
    public const string CookieName = "ivr_dashboard";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private const string Version = "v1";

    private ApiKeySet Keys => roles.Find(ApiRoles.Analyst)?.Keys ?? new ApiKeySet([]);

    /// <summary>Whether the request carries a session cookie at all, valid or not.</summary>
    public static bool Presented(HttpRequest request) => request.Cookies.ContainsKey(CookieName);

    /// <summary>The fingerprint of the analyst key the request's cookie was made from, or null when it is not a live session.</summary>
    public string? SignedInAs(HttpRequest request)
    {
        var parts = (request.Cookies[CookieName] ?? string.Empty).Split('.');
        if (parts is not [Version, var expiresText, var macText]
            || !long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || expires < time.GetUtcNow().ToUnixTimeSeconds())
        {
            return null;
        }

        byte[] presented;
        try
        {
            presented = Convert.FromBase64String(macText.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (macText.Length % 4)) % 4));
        }
        catch (FormatException)
        {
            return null;
        }

        string? actor = null;
        foreach (var (keyHash, keyActor) in Keys.Hashes)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, Mac(keyHash, expires)))
            {
                actor = keyActor;
            }
        }

        return actor;
    }

    /// <summary>Signs in with <paramref name="key"/>: false (and no cookie) when it is not an analyst key.</summary>
    public bool SignIn(HttpContext context, string key)
    {
        if (Keys.Match(key.Trim()) is null)
        {
            return false;
        }

        var expires = (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds();
        var mac = Convert.ToBase64String(Mac(ApiKeySet.Hash(key.Trim()), expires)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        context.Response.Cookies.Append(CookieName, string.Create(CultureInfo.InvariantCulture, $"{Version}.{expires}.{mac}"), CookieOptions(context.Request, Lifetime));
        return true;
    }

    public static void SignOut(HttpContext context) =>
        context.Response.Cookies.Delete(CookieName, CookieOptions(context.Request, null));

    private static byte[] Mac(byte[] keyHash, long expires) =>
        HMACSHA256.HashData(keyHash, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"ivr-dashboard|{Version}|{expires}")));

    private static CookieOptions CookieOptions(HttpRequest request, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        // Behind the Functions host the handler sees plain HTTP; the host says what the browser used.
        Secure = request.IsHttps || string.Equals(request.Headers["X-Forwarded-Proto"], "https", StringComparison.OrdinalIgnoreCase),
        Path = DashboardEndpoints.Path,
        MaxAge = maxAge,
    };
}
