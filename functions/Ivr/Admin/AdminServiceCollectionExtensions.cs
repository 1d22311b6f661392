using Ivr.Security;
using Microsoft.Extensions.Options;

namespace Ivr.Admin;

internal static class AdminServiceCollectionExtensions
{
    public static IServiceCollection AddAdminApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdminOptions>()
            .Configure(options =>
            {
                configuration.GetSection(AdminOptions.Section).GetSection(nameof(AdminOptions.ApiKeys)).Bind(options.ApiKeys);
                configuration.GetSection(AdminOptions.Section).GetSection(nameof(AdminOptions.ApiKeyHashes)).Bind(options.ApiKeyHashes);
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        services.AddApiKeyRole<AdminOptions>(
            ApiRoles.Admin,
            "An admin API key is required.",
            "Send one of the keys configured as Admin__ApiKeys__N in an 'Authorization: Bearer <key>' header.");
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(AdminJson.Default));
        return services;
    }
}
