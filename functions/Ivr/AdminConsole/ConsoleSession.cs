using System.Security.Cryptography;
using System.Text;
using Ivr.Security;

namespace Ivr.AdminConsole;

/// <summary>
/// The admin console's sign-in: an admin key, exchanged for a session cookie (<see cref="KeySessionCookie"/>), as the
/// dashboard's is. Because the cookie also opens the admin API (the console's script calls it), each change must carry
/// an antiforgery token derived from the same cookie: a page of another site can make the browser send the cookie, but
/// cannot read the token out of the console's page.
/// </summary>
internal sealed class ConsoleSession(ApiKeyRoles roles, TimeProvider time)
{
    public const string CookieName = "ivr_admin";

    /// <summary>The header the console's script sends the antiforgery token in.</summary>
    public const string AntiforgeryHeader = "X-Ivr-Antiforgery";

    /// <summary>The form field the sign-out form sends it in.</summary>
    public const string AntiforgeryField = "antiforgery";

    // The console's page lives under /admin and its script calls the admin API under /api/admin.
    private static readonly KeySessionCookie Cookie = new(CookieName, "/", "ivr-admin-console");

    private ApiKeySet Keys => roles.Find(ApiRoles.Admin)?.Keys ?? new ApiKeySet([]);

    /// <summary>Whether the request carries a console cookie at all, valid or not.</summary>
    public static bool Presented(HttpRequest request) => Cookie.Presented(request);

    /// <summary>The fingerprint of the admin key the request's cookie was made from, or null when it is not a live session.</summary>
    public string? SignedInAs(HttpRequest request) => Verify(request)?.Actor;

    /// <summary>The antiforgery token that goes with the request's session, or null without a live session.</summary>
    public string? AntiforgeryToken(HttpRequest request) =>
        Verify(request) is { } session ? KeySessionCookie.Base64Url(Token(session.KeyHash, request.Cookies[CookieName]!)) : null;

    /// <summary>Whether <paramref name="presented"/> is the antiforgery token of the request's live session.</summary>
    public bool IsAntiforgeryToken(HttpRequest request, string? presented)
    {
        if (string.IsNullOrEmpty(presented) || Verify(request) is not { } session || KeySessionCookie.FromBase64Url(presented) is not { } bytes)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(bytes, Token(session.KeyHash, request.Cookies[CookieName]!));
    }

    /// <summary>Signs in with <paramref name="key"/>: false (and no cookie) when it is not an admin key.</summary>
    public bool SignIn(HttpContext context, string key) => Cookie.SignIn(context, Keys, key, time.GetUtcNow());

    public static void SignOut(HttpContext context) => Cookie.SignOut(context);

    private (string Actor, byte[] KeyHash)? Verify(HttpRequest request) => Cookie.Verify(request, Keys, time.GetUtcNow());

    private static byte[] Token(byte[] keyHash, string cookie) =>
        HMACSHA256.HashData(keyHash, Encoding.UTF8.GetBytes("ivr-admin-antiforgery|" + cookie));
}
