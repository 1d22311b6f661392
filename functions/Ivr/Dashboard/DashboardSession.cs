using Ivr.Security;

namespace Ivr.Dashboard;

/// <summary>
/// The dashboard's sign-in: an analyst key, exchanged for a session cookie (<see cref="KeySessionCookie"/>) that holds
/// neither the key nor anything the analytics API accepts.
/// </summary>
internal sealed class DashboardSession(ApiKeyRoles roles, TimeProvider time)
{
    public const string CookieName = "ivr_dashboard";

    private static readonly KeySessionCookie Cookie = new(CookieName, DashboardEndpoints.Path, "ivr-dashboard");

    private ApiKeySet Keys => roles.Find(ApiRoles.Analyst)?.Keys ?? new ApiKeySet([]);

    /// <summary>Whether the request carries a session cookie at all, valid or not.</summary>
    public static bool Presented(HttpRequest request) => Cookie.Presented(request);

    /// <summary>The fingerprint of the analyst key the request's cookie was made from, or null when it is not a live session.</summary>
    public string? SignedInAs(HttpRequest request) => Cookie.Verify(request, Keys, time.GetUtcNow())?.Actor;

    /// <summary>Signs in with <paramref name="key"/>: false (and no cookie) when it is not an analyst key.</summary>
    public bool SignIn(HttpContext context, string key) => Cookie.SignIn(context, Keys, key, time.GetUtcNow());

    public static void SignOut(HttpContext context) => Cookie.SignOut(context);
}
