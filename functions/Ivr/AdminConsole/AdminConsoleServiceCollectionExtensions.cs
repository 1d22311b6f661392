using Ivr.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Ivr.AdminConsole;

internal static class AdminConsoleServiceCollectionExtensions
{
    /// <summary>
    /// The console page's policy: it signs a request in by the console's cookie and lets every request through, since
    /// the page answers a request that is not signed in with the sign-in form.
    /// </summary>
    public const string PagePolicy = "admin-console";

    /// <summary>Call after the admin API is added: the admin role's policy learns to accept the console's cookie too.</summary>
    public static IServiceCollection AddAdminConsole(this IServiceCollection services)
    {
        services.AddSingleton<ConsoleSession>();
        services.AddSingleton<ConsoleAssets>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ConsoleSessionAuthenticationHandler>(ConsoleSessionAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddAuthorizationBuilder().AddPolicy(PagePolicy, policy => policy
            .AddAuthenticationSchemes(ConsoleSessionAuthenticationHandler.SchemeName)
            .RequireAssertion(static _ => true));
        services.Configure<AuthorizationOptions>(options =>
        {
            var admin = options.GetPolicy(ApiRoles.Admin)
                ?? throw new InvalidOperationException("AddAdminConsole must come after AddAdminApi: the admin role's policy is missing.");
            options.AddPolicy(ApiRoles.Admin, new AuthorizationPolicyBuilder(admin).AddAuthenticationSchemes(ConsoleSessionAuthenticationHandler.SchemeName).Build());
        });
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(ConsoleJson.Default));
        return services;
    }
}
