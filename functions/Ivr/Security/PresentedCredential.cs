using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Ivr.Security;

/// <summary>A client address refused for too many failed authentications, and when it may try again.</summary>
internal sealed record AuthenticationThrottled(TimeSpan RetryAfter);

/// <summary>
/// Checks a credential a request presented (a key, a session cookie), counting failures per client address. Once an
/// address used up its failures for the minute, what it presents is refused unchecked: a right guess then fails too,
/// so guessing keys stays slow. The refusal is noted on the request (<see cref="AuthenticationThrottled"/>) so that it
/// is answered 429 rather than 401.
/// </summary>
internal static class PresentedCredential
{
    /// <param name="verify">The actor and roles the credential stands for, or null when it matches nothing.</param>
    public static AuthenticateResult Check<TState>(
        HttpContext context, ClientWindows clients, string scheme, TState state, Func<TState, (string Actor, IReadOnlyList<string> Roles)?> verify)
    {
        var address = ClientAddress.Of(context);
        if (clients.IsBlocked(address))
        {
            context.Features.Set(new AuthenticationThrottled(clients.RetryAfter(address)));
            return AuthenticateResult.Fail("Too many failed authentications from this client address.");
        }

        if (verify(state) is not var (actor, roles))
        {
            clients.Failed(address);
            return AuthenticateResult.Fail("The credential matches no key.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(ApiRoles.Principal(scheme, actor, roles), scheme));
    }

    /// <summary>Whether this request was refused unchecked, and until when.</summary>
    public static AuthenticationThrottled? Throttled(HttpContext context) => context.Features.Get<AuthenticationThrottled>();
}
