using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ivr.Security;

namespace Ivr.AdminConsole;

/// <summary>
/// The admin console's sign-in: an admin key, exchanged for a cookie holding an expiry and an HMAC of it keyed by the
/// key's hash, as the dashboard's session does. The cookie never holds the key, works on every instance without shared
/// state, and stops working when it expires or its key leaves configuration. Because the cookie also opens the admin
/// API (the console's script calls it), each change must carry an antiforgery token derived from the same cookie: a
/// page of another site can make the browser send the cookie, but cannot read the token out of the console's page.
/// </summary>
internal sealed class ConsoleSession(ApiKeyRoles roles, TimeProvider time)
{
    public const string CookieName = "ivr_admin";

    /// <summary>The header the console's script sends the antiforgery token in.</summary>
    public const string AntiforgeryHeader = "X-Ivr-Antiforgery";

    /// <summary>The form field the sign-out form sends it in.</summary>
    public const string AntiforgeryField = "antiforgery";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private const string Version = "v1";

    private ApiKeySet Keys => roles.Find(ApiRoles.Admin)?.Keys ?? new ApiKeySet([]);

    /// <summary>Whether the request carries a console cookie at all, valid or not.</summary>
    public static bool Presented(HttpRequest request) => request.Cookies.ContainsKey(CookieName);

    /// <summary>The fingerprint of the admin key the request's cookie was made from, or null when it is not a live session.</summary>
    public string? SignedInAs(HttpRequest request) => Verify(request)?.Actor;

    /// <summary>The antiforgery token that goes with the request's session, or null without a live session.</summary>
    public string? AntiforgeryToken(HttpRequest request) =>
        Verify(request) is { } session ? Base64Url(Token(session.KeyHash, request.Cookies[CookieName]!)) : null;

    /// <summary>Whether <paramref name="presented"/> is the antiforgery token of the request's live session.</summary>
    public bool IsAntiforgeryToken(HttpRequest request, string? presented)
    {
        if (string.IsNullOrEmpty(presented) || Verify(request) is not { } session || FromBase64Url(presented) is not { } bytes)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(bytes, Token(session.KeyHash, request.Cookies[CookieName]!));
    }

    /// <summary>Signs in with <paramref name="key"/>: false (and no cookie) when it is not an admin key.</summary>
    public bool SignIn(HttpContext context, string key)
    {
        if (Keys.Match(key.Trim()) is null)
        {
            return false;
        }

        var expires = (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds();
        var mac = Base64Url(Mac(ApiKeySet.Hash(key.Trim()), expires));
        context.Response.Cookies.Append(CookieName, string.Create(CultureInfo.InvariantCulture, $"{Version}.{expires}.{mac}"), CookieOptions(context.Request, Lifetime));
        return true;
    }

    public static void SignOut(HttpContext context) =>
        context.Response.Cookies.Delete(CookieName, CookieOptions(context.Request, null));

    private (string Actor, byte[] KeyHash)? Verify(HttpRequest request)
    {
        var parts = (request.Cookies[CookieName] ?? string.Empty).Split('.');
        if (parts is not [Version, var expiresText, var macText]
            || !long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || expires < time.GetUtcNow().ToUnixTimeSeconds()
            || FromBase64Url(macText) is not { } presented)
        {
            return null;
        }

        (string, byte[])? found = null;
        foreach (var (keyHash, actor) in Keys.Hashes)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, Mac(keyHash, expires)))
            {
                found = (actor, keyHash);
            }
        }

        return found;
    }

    private static byte[] Mac(byte[] keyHash, long expires) =>
        HMACSHA256.HashData(keyHash, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"ivr-admin-console|{Version}|{expires}")));

    private static byte[] Token(byte[] keyHash, string cookie) =>
        HMACSHA256.HashData(keyHash, Encoding.UTF8.GetBytes("ivr-admin-antiforgery|" + cookie));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
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

    private static CookieOptions CookieOptions(HttpRequest request, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        // Behind the Functions host the handler sees plain HTTP; the host says what the browser used.
        Secure = request.IsHttps || string.Equals(request.Headers["X-Forwarded-Proto"], "https", StringComparison.OrdinalIgnoreCase),
        // The console's page lives under /admin and its script calls the admin API under /api/admin.
        Path = "/",
        MaxAge = maxAge,
    };
}
