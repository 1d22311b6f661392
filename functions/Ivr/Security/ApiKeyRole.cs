namespace Ivr.Security;

/// <summary>
/// A role, the keys that open it, and what a request refused for want of one is told (naming the setting to use).
/// Each feature registers its own role with <see cref="IvrAuthentication.AddApiKeyRole"/>.
/// </summary>
internal sealed record ApiKeyRole(string Name, ApiKeySet Keys, string RefusedTitle, string RefusedDetail);

/// <summary>Every registered role, by name.</summary>
internal sealed class ApiKeyRoles(IEnumerable<ApiKeyRole> roles)
{
    private readonly ApiKeyRole[] all = [.. roles];

    public IReadOnlyList<ApiKeyRole> All => all;

    public ApiKeyRole? Find(string name) => Array.Find(all, role => role.Name == name);
}
