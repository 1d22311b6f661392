using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Ivr.Security;

/// <summary>
/// Signs in a request by its <c>Authorization: Bearer &lt;key&gt;</c>: the principal holds every role whose keys include
/// it. The key is hashed once and compared with every role's hashes in constant time.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRoles roles,
    ClientWindows clients) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ApiKeySet.BearerKey(Request.Headers.Authorization) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(PresentedCredential.Check(Context, clients, Scheme.Name, (roles.All, key), static state =>
        {
            var hash = ApiKeySet.Hash(state.key);
            string? actor = null;
            var granted = new List<string>(1);
            foreach (var role in state.All)
            {
                if (role.Keys.MatchHash(hash) is { } match)
                {
                    actor = match;
                    granted.Add(role.Name);
                }
            }

            return actor is null ? null : (actor, granted);
        }));
    }
}
