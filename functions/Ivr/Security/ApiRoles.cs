using System.Security.Claims;

namespace Ivr.Security;

/// <summary>
/// Who may do what: each role is opened by its own keys, and each role is an authorization policy of the same name.
/// A principal's name is a short fingerprint of the key it presented (never the key), for audit trails.
/// </summary>
internal static class ApiRoles
{
    /// <summary>Changes line rules, runs dry runs and the self-test (<c>Admin__ApiKeys__N</c>).</summary>
    public const string Admin = "admin";

    /// <summary>Reads analytics and the dashboard (<c>Analytics__ApiKeys__N</c>).</summary>
    public const string Analyst = "analyst";

    /// <summary>The fingerprint of the key behind <paramref name="user"/>, e.g. <c>key 1a2b3c4d</c>.</summary>
    public static string ActorOf(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    /// <summary>A principal for <paramref name="actor"/> holding <paramref name="roles"/>, signed in by <paramref name="scheme"/>.</summary>
    public static ClaimsPrincipal Principal(string scheme, string actor, IEnumerable<string> roles) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, actor), .. roles.Select(role => new Claim(ClaimTypes.Role, role))],
            scheme));
}
