using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Ivr.Security;

/// <summary>
/// ASP.NET Core authentication and authorization for the APIs: an <c>Authorization: Bearer &lt;key&gt;</c> scheme whose
/// keys open roles, and one authorization policy per role (<see cref="ApiRoles"/>), applied to route groups with
/// <c>RequireAuthorization</c>. No scheme is the default, so the voice webhooks, which Twilio's signature guards, never
/// run any of it.
/// </summary>
internal static class IvrAuthentication
{
    public const string ApiKeyScheme = "ApiKey";

    public static IServiceCollection AddIvrAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyScheme, configureOptions: null);
        services.AddAuthorization();
        services.AddSingleton<ApiKeyRoles>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, RefusedRequests>();
        return services;
    }

    /// <summary>
    /// Call after every other registration. <c>AddAuthentication</c> brings ASP.NET Core's data protection, whose hosted
    /// service reads a key ring, or on a new machine writes one to the home folder, at every start, before the first
    /// caller is answered. Nothing in Ivr uses it (its cookies are HMACs of its own: <see cref="KeySessionCookie"/>), so
    /// that service goes; anything that did use it would load the key ring on first use.
    /// </summary>
    public static IServiceCollection SkipDataProtectionKeyRingAtStart(this IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IHostedService) && services[i].ImplementationType?.Name == "DataProtectionHostedService")
            {
                services.RemoveAt(i);
            }
        }

        return services;
    }

    /// <summary>
    /// Registers a role opened by the keys in <typeparamref name="TOptions"/>, and its policy. <paramref name="refusedTitle"/>
    /// and <paramref name="refusedDetail"/> are what a request without such a key is told (401).
    /// </summary>
    public static IServiceCollection AddApiKeyRole<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        this IServiceCollection services, string name, string refusedTitle, string refusedDetail)
        where TOptions : class, IApiKeyOptions
    {
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<TOptions>>().Value;
            return new ApiKeyRole(name, new ApiKeySet(options.ApiKeys, options.ApiKeyHashes), refusedTitle, refusedDetail);
        });
        services.AddAuthorizationBuilder().AddPolicy(name, policy => policy.AddAuthenticationSchemes(ApiKeyScheme).RequireRole(name));
        return services;
    }
}
