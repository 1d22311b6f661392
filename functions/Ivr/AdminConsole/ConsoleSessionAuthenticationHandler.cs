using System.Text.Encodings.Web;
using Ivr.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Ivr.AdminConsole;

/// <summary>Signs in a request by the console's session cookie (<see cref="ConsoleSession"/>), as an admin.</summary>
internal sealed class ConsoleSessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ConsoleSession session,
    ClientWindows clients) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AdminConsoleSession";

    private static readonly string[] AdminOnly = [ApiRoles.Admin];

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(!ConsoleSession.Presented(Request)
            ? AuthenticateResult.NoResult()
            : PresentedCredential.Check(Context, clients, Scheme.Name, (session, Request), static state =>
                state.session.SignedInAs(state.Request) is { } actor ? (actor, AdminOnly) : null));
}
