using Ivr.Security;
using Microsoft.AspNetCore.Authentication;

namespace Ivr.Dashboard;

internal static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// The dashboard's policy: it signs a request in by its session cookie or an analyst key, and lets every request
    /// through, since the page itself answers a request that is not signed in with the sign-in form.
    /// </summary>
    public const string Policy = "dashboard";

    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddSingleton<DashboardSession>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, DashboardSessionAuthenticationHandler>(DashboardSessionAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(DashboardSessionAuthenticationHandler.SchemeName, IvrAuthentication.ApiKeyScheme)
            .RequireAssertion(static _ => true));
        return services;
    }
}
