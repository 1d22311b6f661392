using System.Text.Encodings.Web;
using Ivr.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Ivr.Dashboard;

/// <summary>Signs in a dashboard request by its session cookie (<see cref="DashboardSession"/>), as an analyst.</summary>
internal sealed class DashboardSessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    DashboardSession session,
    ClientWindows clients) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DashboardSession";

    private static readonly string[] AnalystOnly = [ApiRoles.Analyst];

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(!DashboardSession.Presented(Request)
            ? AuthenticateResult.NoResult()
            : PresentedCredential.Check(Context, clients, Scheme.Name, (session, Request), static state =>
                state.session.SignedInAs(state.Request) is { } actor ? (actor, AnalystOnly) : null));
}
